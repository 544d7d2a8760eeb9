"""Deadlines: a file is judged by when the check runs on the pull request, not by a typed date."""

from __future__ import annotations

from collections.abc import Iterator

from .. import clock
from ..diagnostics import Diagnostic
from ..model import Application, Recommendation
from ..repository import SourceFile
from . import file_rule, other_rule
from .context import RuleContext

KIND_LABEL = {"application": "申报材料报送", "recommendation": "激励推荐名单报送"}


def _late(path: str, year: int, ctx: RuleContext, file_kind: str) -> Iterator[Diagnostic]:
    if not ctx.is_judged(path):
        return
    edition = ctx.edition(year)
    milestone = edition.milestone_for(file_kind) if edition else None
    if milestone is None or milestone.due is None:
        return
    if clock.is_late(ctx.options.now, milestone.due):
        yield ctx.diag(
            "T001", path, (),
            kind=KIND_LABEL[file_kind], deadline=clock.show_deadline(milestone.due),
            now=clock.show(ctx.options.now), basis=ctx.options.basis or "当前时间",
            source=f"{edition.document_number} {milestone.clause_ref or ''}：“{milestone.clause}”".replace(" ：", "："),
        )


@file_rule("application", uses_clock=True)
def application_deadline(record: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An application added or changed after the edition's application deadline is rejected (T001)."""
    yield from _late(record.path, record.year, ctx, "application")


@file_rule("recommendation", uses_clock=True)
def recommendation_deadline(record: Recommendation, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A recommendation list added or changed after its deadline is rejected (T001)."""
    yield from _late(record.path, record.year, ctx, "recommendation")


@other_rule("attachment", uses_clock=True)
def attachment_deadline(source: SourceFile, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An attachment added or changed after the application deadline is rejected exactly as its
    application would be (T001): evidence cannot be replaced once filing has closed."""
    yield from _late(source.path, source.place.year, ctx, "application")
