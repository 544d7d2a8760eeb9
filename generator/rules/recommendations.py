"""Rules for recommendation lists (部门推荐): sent by a lead unit, listing valid applications."""

from __future__ import annotations

from collections.abc import Iterator

from ..derived import counted_nominee, nominee_of, recommended_pairs
from ..diagnostics import Diagnostic
from ..layout import applicant_folder, application_path
from ..model import Recommendation
from . import cite_measure, file_rule, townships
from .applications import unit_label
from .context import RuleContext
from .names import suspicious_characters


@file_rule("recommendation")
def placement(rec: Recommendation, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A list sits in the folder of its measure and is named by its sender (G002)."""
    place = ctx.repo.files[rec.path].place
    if place.number != rec.measure:
        yield ctx.diag("G002", rec.path, ("measure",), what="措施", found=rec.measure,
                       expected=f"目录 {place.folder}/" if place.number is None else place.number)
    if place.stem != rec.sender:
        yield ctx.diag("G002", rec.path, ("sender",), what="推荐单位", found=rec.sender,
                       expected=f"{place.stem}（文件名）")


@file_rule("recommendation")
def sender_leads(rec: Recommendation, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The measure exists (M001, M002) and the sender is one of its lead units (C001)."""
    edition = ctx.edition(rec.year)
    if edition is None:
        yield ctx.diag("M002", rec.path, ("measure",), year=rec.year)
        return
    measure = ctx.measure(rec.year, rec.measure)
    if measure is None:
        yield ctx.diag("M001", rec.path, ("measure",), year=rec.year, number=rec.measure,
                       count=edition.measure_count)
        return
    leads = [ctx.registry.department_named(name, rec.year) for name in measure.lead_units]
    if rec.sender not in {d.id for d in leads if d is not None}:
        dept = ctx.registry.departments.get(rec.sender)
        yield ctx.diag("C001", rec.path, ("sender",), sender=dept.name if dept else rec.sender,
                       number=measure.number, leads="、".join(measure.lead_units),
                       source=cite_measure(ctx, edition, measure.number))


@file_rule("recommendation")
def entries_valid(rec: Recommendation, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Categories are levels the measure names (C008), each once (C007); every entry points to
    an existing (C002), valid (C003) application to this measure and to one of its nominees of
    the category's level (C004); no entry twice (C005); ranks, where given, run 1..n (C006)."""
    measure = ctx.measure(rec.year, rec.measure)
    seen_levels: set[str] = set()
    seen: set[tuple[str, str | None]] = set()
    for ci, category in enumerate(rec.categories):
        cat = ("categories", ci)
        if category.level in seen_levels:
            yield ctx.diag("C007", rec.path, (*cat, "level"), level=category.level)
        seen_levels.add(category.level)
        if measure is not None and category.level not in measure.levels:
            yield ctx.diag("C008", rec.path, (*cat, "level"), number=rec.measure, level=category.level,
                           levels_text=measure.eligible_text, levels="、".join(measure.levels))
            continue  # its entries cannot be judged against a level the measure does not name
        ranks = [e.rank for e in category.entries if e.rank is not None]
        if ranks and sorted(ranks) != list(range(1, len(category.entries) + 1)):
            yield ctx.diag("C006", rec.path, (*cat, "entries"), level=category.level,
                           count=len(category.entries), ranks="、".join(map(str, ranks)))
        for ei, entry in enumerate(category.entries):
            at = (*cat, "entries", ei)
            if entry.nominee is not None:
                bad = suspicious_characters(entry.nominee)
                if bad:
                    yield ctx.diag("A008", rec.path, (*at, "nominee"), name=entry.nominee, chars="、".join(bad))
            app = ctx.application(rec.year, rec.measure, entry.applicant)
            if app is None:
                broken = _unreadable_application(ctx, rec.year, rec.measure, entry.applicant)
                if broken is not None:
                    # the file is there but does not read or fit its schema: not "missing"
                    yield ctx.diag("C003", rec.path, (*at, "applicant"), applicant=unit_label(ctx, entry.applicant),
                                   number=rec.measure, file=broken)
                else:
                    yield ctx.diag("C002", rec.path, (*at, "applicant"), applicant=unit_label(ctx, entry.applicant),
                                   number=rec.measure,
                                   file=application_path(rec.year, entry.applicant, rec.measure))
                continue
            if not ctx.file_ok(app.path):
                yield ctx.diag("C003", rec.path, (*at, "applicant"), applicant=unit_label(ctx, entry.applicant),
                               number=rec.measure, file=ctx.display(app.path))
            nominee = counted_nominee(app, True, entry, category.level)
            name = entry.nominee or "申报单位本身"
            if nominee is None:
                hint = (townships.entry_hint(ctx.registry, app, entry.nominee, rec.year, ctx.terms)
                        if nominee_of(app, entry.nominee) is None and entry.nominee
                        and ctx.programme.is_subunit(category.level) else None)
                yield ctx.diag("C004", rec.path, (*at, "nominee" if entry.nominee else "applicant"),
                               nominee=name, applicant=unit_label(ctx, entry.applicant), level=category.level,
                               hint=hint)
                continue
            key = (entry.applicant, nominee.name)
            if key in seen:
                yield ctx.diag("C005", rec.path, at, nominee=nominee.name)
            seen.add(key)


def _unreadable_application(ctx: RuleContext, year: int, measure: int, applicant: str) -> str | None:
    """The display path of an application file named for `measure` that has no record."""
    for source in ctx.repo.in_folder(applicant_folder(year, applicant)):
        if source.place.number == measure and ctx.record(source.path) is None:
            return source.display
    return None


def recommended_entries(rec: Recommendation, ctx: RuleContext) -> set[tuple[str, str]]:
    """The (applicant, nominee name) pairs a list validly recommends: the list is placed right
    and sent by a lead unit of its measure, and each counted entry is one `derived` counts. The
    one definition of "recommended" that notices are checked against."""
    if any(True for _ in placement(rec, ctx)) or any(True for _ in sender_leads(rec, ctx)):
        return set()
    measure = ctx.measure(rec.year, rec.measure)
    if measure is None:
        return set()
    pairs = recommended_pairs(rec, measure.levels, lambda applicant: ctx.application(rec.year, rec.measure, applicant),
                              lambda app: ctx.file_ok(app.path))
    return {(applicant, name) for applicant, name, _ in pairs}
