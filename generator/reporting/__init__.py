"""The one place diagnostics are printed: a Report, and one reporter per output format.

Every front-end (`jili validate`, `authorize`, `codeowners`, `render`, `build` and the mkdocs
plugin) builds a `Report` and hands it to `emit`; the reporters decide nothing about the data,
they only order and print. The same `--format` choices (the keys of `REPORTERS`) exist on every
command, and the streams are the same everywhere: findings go to standard output, the one-line
summary to standard error (so `--format json` output can be piped as it is).

Modelled on check-jsonschema's reporter registry (`REPORTER_BY_NAME`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class Report:
    """What one command found.

    diagnostics: every finding, in any order (reporters order them).
    summary: one Chinese sentence for the end of the output ("已检查 12 个文件，全部通过。").
    changed: display paths the change under review touches; their findings come first.
    causes: for a file the change did not touch, the changed files that made the run look at
        it (a knock-on error in a notice names the recommendation list that caused it).
    command: the command that made the report ("validate", "authorize", ...), for formats
        that name the tool's run.
    """

    diagnostics: tuple[Diagnostic, ...]
    summary: str
    changed: frozenset[str] = frozenset()
    causes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    command: str = "validate"

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def ordered(self) -> list[Diagnostic]:
        """Findings in files the change touched first, then the others; each group by place."""
        return sorted(self.diagnostics, key=lambda d: (d.path not in self.changed if self.changed else False,
                                                      *d.sort_key()))

    def cause_of(self, d: Diagnostic) -> tuple[str, ...]:
        """The changed files behind a finding in a file the change did not touch (else ())."""
        if not self.changed or d.path in self.changed:
            return ()
        return tuple(self.causes.get(d.path, ()))


def cause_note(causes: tuple[str, ...]) -> str:
    """How every format words a knock-on finding."""
    return "（此文件未改动，因本次改动的 " + "、".join(causes) + " 而受检查）" if causes else ""


Reporter = Callable[[Report, TextIO, TextIO], None]

#: Output formats by name, in the order `--help` lists them.
REPORTERS: dict[str, Reporter] = {}
#: The Chinese description of each format, for `--help`.
DESCRIPTIONS: dict[str, str] = {}


def reporter(name: str, description: str) -> Callable[[Reporter], Reporter]:
    """Register a reporter under `name` (a `--format` choice)."""

    def register(fn: Reporter) -> Reporter:
        REPORTERS[name] = fn
        DESCRIPTIONS[name] = description
        return fn

    return register


def emit(report: Report, fmt: str = "text", *, out: TextIO | None = None, err: TextIO | None = None) -> None:
    """Print `report` in format `fmt`: findings to `out` (stdout), the summary to `err` (stderr)."""
    REPORTERS[fmt](report, out or sys.stdout, err or sys.stderr)


def render(report: Report, fmt: str = "text") -> str:
    """`report` printed in `fmt` as one string (findings, then the summary), for front-ends such as
    the mkdocs plugin that must hand text to another program rather than print it."""
    import io

    buffer = io.StringIO()
    emit(report, fmt, out=buffer, err=buffer)
    return buffer.getvalue()


def counts_summary(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], files: int) -> str:
    """The summary of a check: "已检查 N 个文件，全部通过。" or its counts of errors and warnings."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"已检查 {files} 个文件，全部通过。"
    return f"已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告。"


# Importing the modules registers the formats.
from . import github, gitlab, json_format, sarif, text  # noqa: F401
