"""Rules for a year's policy: the edition and its measures."""

from __future__ import annotations

from collections.abc import Iterator

from .. import suggest
from ..codes import CODES
from ..diagnostics import Diagnostic
from ..layout import edition_path, measures_folder, notices_folder
from ..model import OUTCOME_ELSEWHERE, OUTCOME_HERE, Edition, Measure, Notice
from . import collection_rule, file_rule
from .context import RuleContext


@file_rule("edition")
def edition_placement(edition: Edition, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An edition sits in the folder of its year (G002)."""
    place = ctx.repo.files[edition.path].place
    if place.year != edition.year:
        yield ctx.diag("G002", edition.path, ("year",), what="年度", found=edition.year, expected=place.year)


@file_rule("edition")
def edition_issuer(edition: Edition, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The issuer of an edition is a department of the registry (P002)."""
    if ctx.registry.department_named(edition.issuer, edition.year) is None:
        yield ctx.diag("P002", edition.path, ("issuer",), name=edition.issuer, year=edition.year,
                       hint=_closest_department(ctx, edition.issuer, edition.year))


@file_rule("edition")
def milestones_in_steps(edition: Edition, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A milestone's step is one of the programme's steps (P008)."""
    if not ctx.programme.readable:
        return  # the programme's own findings say what is wrong with it
    labels = ctx.programme.step_labels
    for i, m in enumerate(edition.milestones):
        if m.step is not None and m.step not in labels:
            yield ctx.diag("P008", edition.path, ("milestones", i, "step"), id=m.id, step=m.step,
                           steps="、".join(labels))


@file_rule("edition")
def milestones_ordered(edition: Edition, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Milestone ids are unique (P004), `after` names an earlier milestone (P005), and dated
    milestones are listed in date order (P003)."""
    seen: dict[str, int] = {}
    previous = None
    for i, m in enumerate(edition.milestones):
        if m.id in seen:
            yield ctx.diag("P004", edition.path, ("milestones", i, "id"), id=m.id,
                           other=f"第 {seen[m.id] + 1} 个时间节点的编号")
        if m.after is not None and m.after not in seen:
            yield ctx.diag("P005", edition.path, ("milestones", i, "after"), id=m.id, ref=m.after)
        seen.setdefault(m.id, i)
        if m.due is not None:
            if previous is not None and m.due < previous.due:
                yield ctx.diag("P003", edition.path, ("milestones", i, "due"), id=m.id, date=m.due,
                               prev=previous.id, prev_date=previous.due)
            previous = m


@file_rule("measure")
def measure_placement(measure: Measure, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A measure file is named by its two-digit number (G002)."""
    place = ctx.repo.files[measure.path].place
    if place.number != measure.number:
        yield ctx.diag("G002", measure.path, ("number",), what="措施编号", found=measure.number,
                       expected=f"文件名 {place.stem}.yaml" if place.number is None else place.number)


@file_rule("measure")
def measure_quotes(measure: Measure, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The eligible-levels wording and the incentive clause are quoted from the measure's own
    text, and a title taken from the notice is the text's first sentence (P006)."""
    if measure.title_from_notice and not measure.text.startswith(measure.title + "。"):
        first = measure.text.partition("。")[0]
        yield ctx.diag("P006", measure.path, ("title",), field="title", value=measure.title,
                       problem=f"不是措施原文的第一句（原文以“{first[:40]}”开头；原文没有标题的，"
                               "另拟标题并写 title_from_notice: false）")
    for field, value in ((("eligible", "text"), measure.eligible_text),
                         (("incentives", "clause"), measure.incentive_clause)):
        if value not in measure.text:
            yield ctx.diag("P006", measure.path, field, field=".".join(field), value=value,
                           problem="不是措施原文中的文字")


@file_rule("measure")
def measure_units(measure: Measure, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Every lead and cooperating unit resolves to a department valid in the year (P002)."""
    for field, units in (("lead_units", measure.lead_units), ("cooperating_units", measure.cooperating_units)):
        for i, name in enumerate(units):
            if ctx.registry.department_named(name, measure.year) is None:
                yield ctx.diag("P002", measure.path, (field, i), name=name, year=measure.year,
                               hint=_closest_department(ctx, name, measure.year))


@collection_rule("edition", "measure", per_year=True)
def measures_numbered(ctx: RuleContext, years) -> Iterator[Diagnostic]:
    """A year's measures are numbered 1..measure_count, each exactly once (P001)."""
    for year in sorted(years or ()):
        edition_file = edition_path(year)
        edition = ctx.edition(year)
        numbers: dict[int, str] = {}
        for source in ctx.repo.in_folder(measures_folder(year)):
            rec = ctx.record(source.path)
            if not isinstance(rec, Measure):
                # an unreadable measure file still holds its number's place
                if source.place.kind == "measure" and source.place.number is not None:
                    numbers.setdefault(source.place.number, source.path)
                continue
            if rec.number in numbers:
                yield ctx.diag("P001", rec.path, ("number",),
                               problem=f"第 {rec.number} 项措施重复（另见 {ctx.display(numbers[rec.number])}）")
            else:
                numbers[rec.number] = rec.path
        if edition is None:
            continue
        missing = [n for n in range(1, edition.measure_count + 1) if n not in numbers]
        extra = sorted(n for n in numbers if n > edition.measure_count)
        if missing:
            yield ctx.diag("P001", edition_file, ("measure_count",),
                           problem=f"版次共 {edition.measure_count} 项措施，缺少第 {'、'.join(map(str, missing))} 项的文件")
        for n in extra:
            yield ctx.diag("P001", numbers[n], ("number",),
                           problem=f"第 {n} 项超出版次声明的措施数 {edition.measure_count}")


@collection_rule("edition", "notice", per_year=True)
def closure_has_its_notice(ctx: RuleContext, years) -> Iterator[Diagnostic]:
    """An edition closed as published here (`closure.outcome: published-here`) has a published
    notice of its year in this repository (P011). Sample notices (examples/) do not count for a
    real edition: the sample round is not how the real one ended."""
    for year in sorted(years or ()):
        edition = ctx.edition(year)
        if edition is None or edition.closure is None or edition.closure.outcome != OUTCOME_HERE:
            continue
        sample = ctx.repo.files[edition.path].demo
        if not any(source.demo == sample and isinstance(rec := ctx.record(source.path), Notice) and rec.published
                   for source in ctx.repo.in_folder(notices_folder(year))):
            yield ctx.diag("P011", edition.path, ("closure", "outcome"), year=year, outcome=OUTCOME_HERE,
                           folder=notices_folder(year) + "/", elsewhere=OUTCOME_ELSEWHERE)


def _closest_department(ctx: RuleContext, name: str, year: int) -> str | None:
    """P002's hint with the departments `name` was probably meant to be, if any is close."""
    owner: dict[str, str] = {}
    for d in ctx.registry.departments.values():
        if d.valid_in(year):
            for n in d.names_in(year):
                owner.setdefault(n, d.id)
    guesses: list[str] = []
    for guess in suggest.closest(name, owner, limit=6):  # one name per department, the closest
        if owner[guess] not in {owner[g] for g in guesses}:
            guesses.append(guess)
    guesses = guesses[:3]
    if not guesses:
        return None
    return f"{CODES['P002'].hint}；是不是：{suggest.either(guesses)}？"
