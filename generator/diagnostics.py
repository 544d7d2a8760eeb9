"""Diagnostics: one finding about one place in one file, and the ways they are printed.

Every message a user sees comes from the catalogue in `codes.py`; this module only carries
and formats them, so the plain, GitHub and JSON outputs can never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from .codes import CODES


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    path: str  # repository-relative, forward slashes
    line: int  # 1-based
    col: int  # 1-based
    message: str  # Simplified Chinese, complete sentence
    hint: str | None = None
    source: str | None = None  # where the rule comes from (document number, clause)
    severity: str = "error"  # "error" or "warning"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)


def make(code: str, path: str, pos: tuple[int, int], *, source: str | None = None,
         hint: str | None = None, **params: Any) -> Diagnostic:
    """Build a diagnostic from the catalogue entry for `code`."""
    entry = CODES[code]
    message = entry.message.format(**params)
    if hint is None and entry.hint:
        hint = entry.hint.format(**params)
    return Diagnostic(
        code=code,
        path=path,
        line=pos[0],
        col=pos[1],
        message=message,
        hint=hint,
        source=source or entry.source,
        severity=entry.severity,
    )


def format_text(d: Diagnostic) -> str:
    text = f"{d.path}:{d.line}:{d.col}: {d.severity} [{d.code}] {d.message}"
    if d.source:
        text += f"（依据：{d.source}）"
    if d.hint:
        text += f" 提示：{d.hint}"
    return text


def _escape_github(value: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape ':' and ','.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(d: Diagnostic) -> str:
    kind = "error" if d.severity == "error" else "warning"
    body = f"[{d.code}] {d.message}"
    if d.source:
        body += f"（依据：{d.source}）"
    if d.hint:
        body += f"\n提示：{d.hint}"
    return (
        f"::{kind} file={_escape_github(d.path, prop=True)},line={d.line},col={d.col},"
        f"title={_escape_github(d.code + ' ' + CODES[d.code].title, prop=True)}::{_escape_github(body)}"
    )


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"已检查 {files} 个文件，全部通过。"
    return f"已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告。"
