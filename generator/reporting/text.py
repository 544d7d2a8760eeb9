"""Plain text: one line per finding, as compilers print them (`path:line:col: error [CODE] …`)."""

from __future__ import annotations

from typing import TextIO

from ..diagnostics import Diagnostic
from . import Report, cause_note, reporter


def line(d: Diagnostic, causes: tuple[str, ...] = ()) -> str:
    """One finding as a line of text."""
    text = f"{d.path}:{d.line}:{d.col}: {d.severity} [{d.code}] {d.message}"
    if d.source:
        text += f"（依据：{d.source}）"
    text += cause_note(causes)
    if d.hint:
        text += f" 提示：{d.hint}"
    return text


@reporter("text", "文字（默认），每条一行：路径:行:列: 级别 [代码] 说明")
def text_reporter(report: Report, out: TextIO, err: TextIO) -> None:
    out.writelines(line(d, report.cause_of(d)) + "\n" for d in report.ordered())
    err.write(report.summary + "\n")
