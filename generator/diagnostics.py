"""Diagnostics: one finding about one place in one file.

Every message a user sees comes from the catalogue in `codes.py`; this module only carries
them. `generator.reporting` prints them, in every format, for every command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
         hint: str | None = None, terms: Mapping[str, str] | None = None, **params: Any) -> Diagnostic:
    """Build a diagnostic from the catalogue entry for `code`.

    `terms`: the programme's words (`Programme.terms`: supervision, applicant_kinds, subunit,
    guide …) that templates may use by name; without them the plain words of no particular
    programme are used (every front-end passes its programme's; tests/test_cli.py checks)."""
    entry = CODES[code]
    if terms is None:
        from .programme import FALLBACK

        terms = FALLBACK.terms
    values = {**terms, **params}
    message = entry.message.format(**values)
    if hint is None and entry.hint:
        hint = entry.hint.format(**values)
    if source is None and entry.source:
        source = entry.source.format(**values)
    return Diagnostic(
        code=code,
        path=path,
        line=pos[0],
        col=pos[1],
        message=message,
        hint=hint,
        source=source,
        severity=entry.severity,
    )
