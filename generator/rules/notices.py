"""Rules for official notices (通报): only recommended entries, and never a silent change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..codes import CODES
from ..derived import nominee_of, shown_name
from ..diagnostics import Diagnostic, make
from ..model import Notice
from . import cite_step, collection_rule, file_rule, townships
from .applications import unit_label
from .context import RuleContext
from .names import suspicious_characters
from .recommendations import recommended_entries


@file_rule("notice")
def issuer_may_publish(notice: Notice, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The issuer is a department with the issuer role (N007)."""
    role = ctx.programme.issuer_role
    dept = ctx.registry.departments.get(notice.issuer)
    if dept is None or role not in dept.roles or not dept.valid_in(notice.year):
        issuers = "、".join(f"{d.name}（{d.id}）" for d in ctx.registry.departments.values()
                           if role in d.roles and d.valid_in(notice.year)) or "（名录中没有）"
        if dept is None:
            shown, problem = notice.issuer, "不在部门名录（registry/departments）中"
        elif role not in dept.roles:
            shown, problem = f"{dept.name}（{dept.id}）", "无权署名发布通报"
        else:
            shown, problem = f"{dept.name}（{dept.id}）", f"在 {notice.year} 年不是有效的部门"
        yield ctx.diag("N007", notice.path, ("issuer",), issuer=shown, problem=problem, issuers=issuers)


@file_rule("notice")
def entries_recommended(notice: Notice, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Each measure exists (M001) and appears once (N005); each entry appears once (N006) and
    was recommended for that measure by a lead unit's list (N001)."""
    edition = ctx.edition(notice.year)
    if edition is None:
        yield ctx.diag("M002", notice.path, ("measures",), year=notice.year)
        return
    seen_measures: set[int] = set()
    for mi, block in enumerate(notice.measures):
        at = ("measures", mi)
        if block.measure in seen_measures:
            yield ctx.diag("N005", notice.path, (*at, "measure"), number=block.measure)
        seen_measures.add(block.measure)
        if ctx.measure(notice.year, block.measure) is None:
            yield ctx.diag("M001", notice.path, (*at, "measure"), year=notice.year, number=block.measure,
                           count=edition.measure_count)
            continue
        recommended = _recommended(ctx, notice.year, block.measure)
        seen: set[tuple[str, str]] = set()
        for ei, entry in enumerate(block.entries):
            where = (*at, "entries", ei)
            if entry.nominee is not None:
                bad = suspicious_characters(entry.nominee)
                if bad:
                    yield ctx.diag("A008", notice.path, (*where, "nominee"), name=entry.nominee,
                                   chars="、".join(bad))
            app = ctx.application(notice.year, block.measure, entry.applicant)
            nominee = nominee_of(app, entry.nominee)
            name = shown_name(app, entry.applicant, entry.nominee)
            if (entry.applicant, name) in seen:
                yield ctx.diag("N006", notice.path, where, nominee=name, number=block.measure)
            seen.add((entry.applicant, name))
            if nominee is None or (entry.applicant, nominee.name) not in recommended:
                why = (townships.entry_hint(ctx.registry, app, entry.nominee, notice.year, ctx.terms)
                       if app is not None and nominee is None and entry.nominee else None)
                yield ctx.diag("N001", notice.path, where, nominee=name, applicant=entry.applicant,
                               number=block.measure,
                               source=cite_step(ctx, edition, "notice"),
                               hint=f"{CODES['N001'].hint}；{why}" if why else None)


def _recommended(ctx: RuleContext, year: int, measure: int) -> set[tuple[str, str]]:
    """(applicant, nominee name) pairs recommended for a measure by any lead unit's list.

    Entries count one by one: a list with one broken entry still recommends its others.
    """
    out: set[tuple[str, str]] = set()
    for rec in ctx.recommendations_for(year, measure):
        out |= recommended_entries(rec, ctx)
    return out


@collection_rule("notice")
def published_once(ctx: RuleContext, _years) -> Iterator[Diagnostic]:
    """A 文号 names one document across the notices and errata of every year (N008), and an
    award — year, measure, applicant and nominee — is published in one published notice only
    (N009). Of two, the one the change under review touches is reported (else the later),
    naming the other, so a copied notice is reported on the copy."""
    notices = [rec for source in ctx.repo.of_kind("notice") if isinstance(rec := ctx.record(source.path), Notice)]
    # the notice that stays is the one already there: untouched first, then by date and path
    notices.sort(key=lambda n: (ctx.is_changed(n.path), n.date or dt.date.max, n.path))
    numbers: dict[str, str] = {}
    for notice in notices:
        written = [(("document_number",), notice.document_number)] if notice.document_number else []
        written += [(("errata", i, "document_number"), e.document_number) for i, e in enumerate(notice.errata)]
        for jpath, number in written:
            if number in numbers:
                yield ctx.diag("N008", notice.path, jpath, number=number, other=ctx.display(numbers[number]))
            else:
                numbers[number] = notice.path
    awarded: dict[tuple[int, int, str, str], str] = {}
    for notice in notices:
        if not notice.published:
            continue
        for mi, block in enumerate(notice.measures):
            for ei, entry in enumerate(block.entries):
                # the applicant itself, whether the entry names it or not (a lookup in the
                # registry, not in the applications: every notice of every year is read here)
                unit = ctx.registry.unit(entry.applicant)
                itself = entry.nominee is None or (unit is not None and entry.nominee in unit.names_in(notice.year))
                name = (unit.name if unit else entry.applicant) if itself else entry.nominee
                key = (notice.year, block.measure, entry.applicant, name)
                if key in awarded and awarded[key] != notice.path:
                    yield ctx.diag("N009", notice.path, ("measures", mi, "entries", ei), year=notice.year,
                                   number=block.measure, nominee=name, applicant=unit_label(ctx, entry.applicant),
                                   other=ctx.display(awarded[key]))
                else:
                    awarded.setdefault(key, notice.path)


@file_rule("notice")
def errata_dated(notice: Notice, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Errata belong to published notices, are dated on or after the notice and in order (N004)."""
    previous: dt.date | None = notice.date
    for i, erratum in enumerate(notice.errata):
        at = ("errata", i, "date")
        if not notice.published:
            yield ctx.diag("N004", notice.path, at, date=erratum.date, problem="出现在未发布的通报中（草稿直接修改即可）")
        elif previous is not None and erratum.date < previous:
            yield ctx.diag("N004", notice.path, at, date=erratum.date,
                           problem=f"早于通报或上一条勘误的日期 {previous}")
        previous = erratum.date if previous is None or erratum.date > previous else previous


def changed_notice(ctx: RuleContext, path: str) -> Iterator[Diagnostic]:
    """Once published, a notice changes only by appending errata (N002). Compared with the
    version at the pull request's base commit (`--changed-since`), as written: the comparison
    holds even when the new version no longer reads or fits a schema the same change edits."""
    existed, before = ctx.base_data(path)
    if not existed or not isinstance(before, dict) or before.get("status") != "published":
        return
    loaded = ctx.load(path)
    if loaded.doc is None:
        return  # it does not read: that finding already stops the change
    now = loaded.doc.data
    date = before.get("date")
    if not isinstance(now, dict):
        yield ctx.diag("N002", path, (), date=date, field="全文")
        return
    for field in sorted(set(before) | set(now), key=lambda f: (f not in now, f)):
        if field == "errata":
            continue
        if before.get(field) != now.get(field):
            if field not in now:
                yield ctx.diag("N002", path, (), date=date, field=field)
            else:
                where = _first_difference(before[field], now[field], (field,)) if field in before else (field,)
                yield ctx.diag("N002", path, where, key=True, date=date, field=field)
    old_errata = before.get("errata") or []
    new_errata = now.get("errata") or []
    if not isinstance(new_errata, list) or new_errata[: len(old_errata)] != old_errata:
        yield ctx.diag("N002", path, ("errata",), key=True, date=date, field="errata（已有勘误）")


def _first_difference(old: Any, new: Any, at: tuple) -> tuple:
    """The JSON path, in `new`, of the first place where `new` departs from `old` (the mistake's
    place: an entry deleted from a list is reported where the list now differs)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in new:
            if key not in old or old[key] != new[key]:
                return _first_difference(old[key], new[key], (*at, key)) if key in old else (*at, key)
        return at
    if isinstance(old, list) and isinstance(new, list):
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                # an item added or removed shifts the rest: point at the item, not inside it
                return _first_difference(a, b, (*at, i)) if len(old) == len(new) else (*at, i)
        return at  # items removed from the end: the list itself changed
    return at


def deleted_notice(ctx: RuleContext, path: str) -> Iterator[Diagnostic]:
    """A published notice is never deleted (N003)."""
    place = ctx.repo.classify(path.removeprefix("examples/"))
    if place is None or place.kind != "notice":
        return
    existed, before = ctx.base_data(path)
    if existed and isinstance(before, dict) and before.get("status") == "published":
        yield make("N003", path, (1, 1), terms=ctx.terms, file=path)
