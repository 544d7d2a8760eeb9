"""GitHub Actions: findings as annotations on the pull request's changed lines, and the complete
list as a table in the job summary.

GitHub shows at most ten error and ten warning annotations per step and drops the rest
without a word, so the order matters: findings in files the pull request changed are
annotated first. Findings past the limit are still printed as plain log lines, a notice says
how many were not annotated, and every finding goes to the job summary
(`GITHUB_STEP_SUMMARY`), which has no such limit.
"""

from __future__ import annotations

import os
from typing import TextIO

from ..codes import CODES
from ..diagnostics import Diagnostic
from . import Report, cause_note, reporter
from .text import line

#: Annotations GitHub shows per step, for each severity.
ANNOTATION_LIMIT = 10
LEVEL = {"error": "错误", "warning": "警告"}


def _escape(value: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape ':' and ','.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def annotation(d: Diagnostic, causes: tuple[str, ...] = ()) -> str:
    """One finding as a workflow command that GitHub turns into an annotation."""
    kind = "error" if d.severity == "error" else "warning"
    body = f"[{d.code}] {d.message}"
    if d.source:
        body += f"（依据：{d.source}）"
    body += cause_note(causes)
    if d.hint:
        body += f"\n提示：{d.hint}"
    title = d.code + " " + CODES[d.code].title if d.code in CODES else d.code
    return (f"::{kind} file={_escape(d.path, prop=True)},line={d.line},col={d.col},"
            f"title={_escape(title, prop=True)}::{_escape(body)}")


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary_table(report: Report) -> str:
    """The job summary: every finding as a Markdown table row, changed files first."""
    head = f"### jili {report.command}\n\n{report.summary}\n"
    if not report.diagnostics:
        return head
    rows = ["| 级别 | 代码 | 位置 | 说明 | 提示 |", "| --- | --- | --- | --- | --- |"]
    for d in report.ordered():
        message = d.message + (f"（依据：{d.source}）" if d.source else "") + cause_note(report.cause_of(d))
        rows.append(f"| {LEVEL.get(d.severity, d.severity)} | {d.code} | `{_cell(d.path)}:{d.line}:{d.col}` "
                    f"| {_cell(message)} | {_cell(d.hint or '')} |")
    return head + "\n" + "\n".join(rows) + "\n"


@reporter("github", "GitHub Actions 注释（前十条标注到文件行上，完整列表写入作业摘要）")
def github_reporter(report: Report, out: TextIO, err: TextIO) -> None:
    shown = {"error": 0, "warning": 0}
    unannotated = {"error": 0, "warning": 0}
    for d in report.ordered():
        kind = "error" if d.severity == "error" else "warning"
        causes = report.cause_of(d)
        if shown[kind] < ANNOTATION_LIMIT:
            shown[kind] += 1
            out.write(annotation(d, causes) + "\n")
        else:
            unannotated[kind] += 1
            out.write(line(d, causes) + "\n")
    for kind, count in unannotated.items():
        if count:
            out.write(f"::notice title={_escape('未标注的' + LEVEL[kind], prop=True)}::"
                      + _escape(f"另有 {count} 个{LEVEL[kind]}没有标注到文件行上（GitHub 每个步骤只显示前 "
                                f"{ANNOTATION_LIMIT} 个），完整列表见本次运行的摘要（Summary）和上面的日志")
                      + "\n")
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(summary_table(report) + "\n")
    err.write(report.summary + "\n")
