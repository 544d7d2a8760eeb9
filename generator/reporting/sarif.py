"""SARIF 2.1.0: the static-analysis log that GitHub code scanning, GitLab and most review tools read.

One run per report. Each finding is a `result` whose rule is its diagnostic code; the rules
(title, hint) come from the catalogue in `codes.py`, so a tool can show the code's Chinese title
beside every finding. Messages stay in Chinese (`run.language` says so) and keep the file,
line and column exactly as the text format prints them.

Shapes (OASIS SARIF 2.1.0, the schema kept in tests/vendor/):
- `physicalLocation.artifactLocation.uri` is the repository path, percent-encoded (a URI
  reference may not hold Chinese characters as they are), relative to `%SRCROOT%`;
- columns count Unicode code points, as the YAML reader does (`run.columnKind`);
- a knock-on finding (in a file the change did not touch) names the changed files behind it
  as `relatedLocations`, as well as in its message;
- `partialFingerprints` identify a finding across runs without its line, so a reviewing tool
  does not report a finding as fixed and new again when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TextIO
from urllib.parse import quote

from .. import __version__
from ..codes import CODES
from ..diagnostics import Diagnostic
from . import Report, cause_note, reporter

VERSION = "2.1.0"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVEL = {"error": "error", "warning": "warning"}


def artifact_uri(path: str) -> str:
    """A repository path as a relative URI reference (UTF-8 percent-encoded, slashes kept)."""
    return quote(path, safe="/")


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """A stable identity per finding: code, file and message, numbered among equal ones.

    Lines are left out on purpose (an edit above a finding must not make it "new"); the
    number keeps two equal findings in one file apart.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in diagnostics:
        key = (d.code, d.path, d.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        out.append(digest[:32])
    return out


def _rule(code: str) -> dict:
    entry = CODES.get(code)
    rule: dict = {"id": code}
    if entry is None:
        return rule
    rule["shortDescription"] = {"text": entry.title}
    # A hint with placeholders is worded per finding (it is in the result's message);
    # only a hint that reads the same for every finding is the rule's help.
    if entry.hint and "{" not in entry.hint:
        rule["help"] = {"text": entry.hint}
    rule["defaultConfiguration"] = {"level": LEVEL.get(entry.severity, "error")}
    if entry.source:
        rule["properties"] = {"source": entry.source}
    return rule


def message_text(d: Diagnostic, causes: tuple[str, ...]) -> str:
    """The finding as one Chinese sentence: message, clause, cause and hint (as the text format words it)."""
    text = d.message
    if d.source:
        text += f"（依据：{d.source}）"
    text += cause_note(causes)
    if d.hint:
        text += f" 提示：{d.hint}"
    return text


def _location(path: str, line: int | None = None, col: int | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(path), "uriBaseId": SRCROOT}}
    if line is not None:
        physical["region"] = {"startLine": max(line, 1), "startColumn": max(col or 1, 1)}
    return {"physicalLocation": physical}


def log(report: Report) -> dict:
    """The whole SARIF log of `report` as a JSON-ready dict."""
    ordered = report.ordered()
    codes = sorted({d.code for d in ordered})
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d, fingerprint in zip(ordered, fingerprints(ordered)):
        causes = report.cause_of(d)
        result: dict = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVEL.get(d.severity, "error"),
            "message": {"text": message_text(d, causes)},
            "locations": [_location(d.path, d.line, d.col)],
            "partialFingerprints": {"jiliFinding/v1": fingerprint},
        }
        if causes:
            result["relatedLocations"] = [
                {"id": i, **_location(path), "message": {"text": "本次改动的文件"}}
                for i, path in enumerate(causes, start=1)
            ]
        properties = {k: v for k, v in (("hint", d.hint), ("source", d.source)) if v}
        if causes:
            properties["causedBy"] = list(causes)
        if properties:
            result["properties"] = properties
        results.append(result)
    run = {
        "tool": {"driver": {"name": "jili", "version": __version__, "semanticVersion": __version__,
                            "rules": [_rule(code) for code in codes]}},
        # GitHub code scanning keeps one analysis per category: validate and authorize apart.
        "automationDetails": {"id": f"jili/{report.command}/"},
        "language": "zh-CN",
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "数据仓库的根目录"}}},
        "invocations": [{"executionSuccessful": True}],
        "results": results,
        "properties": {"summary": report.summary},
    }
    return {"$schema": SCHEMA_URI, "version": VERSION, "runs": [run]}


@reporter("sarif", "SARIF 2.1.0 日志（GitHub 代码扫描、GitLab 和多数审查工具都能读取）")
def sarif_reporter(report: Report, out: TextIO, err: TextIO) -> None:
    out.write(json.dumps(log(report), ensure_ascii=False, indent=2) + "\n")
    err.write(report.summary + "\n")
