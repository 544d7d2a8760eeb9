"""GitLab Code Quality: the report GitLab shows in the merge request and beside the changed lines.

A JSON array of issues (`artifacts:reports:codequality` in .gitlab-ci.yml). GitLab reads only
these fields of each issue (GitLab documentation, "Code Quality report format"):

    description            what is wrong, in Chinese: message, clause, cause and hint
    check_name             the diagnostic code (T001 …)
    fingerprint            a stable identity of the finding; equal fingerprints show once
    severity               info | minor | major | critical | blocker
    location.path          the repository path, as it appears in the merge request's diff
    location.positions.begin.line / .column   where the mistake is (1-based)

An error stops the merge request from being merged, so it is a `blocker`; a warning is
`minor`. The fingerprint leaves the line out (see `sarif.fingerprints`), so GitLab does not
report a finding as resolved and new again when lines above it move. GitLab refuses a byte
order mark, and `json.dumps` writes none.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..codes import CODES
from . import Report, reporter
from .sarif import fingerprints, message_text

SEVERITY = {"error": "blocker", "warning": "minor"}


def issues(report: Report) -> list[dict]:
    """The Code Quality issues of `report`, changed files first."""
    ordered = report.ordered()
    out = []
    for d, fingerprint in zip(ordered, fingerprints(ordered)):
        title = CODES[d.code].title if d.code in CODES else d.code
        position = {"line": max(d.line, 1), "column": max(d.col, 1)}
        out.append({
            "check_name": d.code,
            "description": f"[{d.code} {title}] {message_text(d, report.cause_of(d))}",
            "fingerprint": fingerprint,
            "severity": SEVERITY.get(d.severity, "blocker"),
            "location": {"path": d.path, "positions": {"begin": position, "end": position}},
        })
    return out


@reporter("gitlab", "GitLab 代码质量报告（Code Quality，显示在合并请求和改动的行旁）")
def gitlab_reporter(report: Report, out: TextIO, err: TextIO) -> None:
    out.write(json.dumps(issues(report), ensure_ascii=False, indent=2) + "\n")
    err.write(report.summary + "\n")
