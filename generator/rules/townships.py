"""Townships (乡镇（街道）): the registry's lists, and the one judgement of a township name.

A township is identified by its 区县 and its name (or by its code), never by its name alone:
白沙镇 is a township of both 江津区 and 南川区. `judge` is the one place that decides whether
a name is a township of a 区县 in a year; applications, recommendation lists and notices all
ask it, so a name accepted in one place is accepted in the others.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import suggest
from ..diagnostics import Diagnostic
from ..model import Registry, Township, TownshipList
from . import file_rule
from .context import RuleContext
from .names import suspicious_characters
from .registry import _region_kinds


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the registry says about a township name written for a 区县 and a year.

    `code` is A010 (no such township), A011 (a township of another 区县), A012 (a township of
    this 区县 in other years) or None (valid). `params` fill the message; `source` cites the
    edition of the code list that judged it.
    """

    code: str | None
    township: Township | None = None
    params: dict | None = None
    source: str | None = None
    guesses: tuple[str, ...] = ()


def region_label(registry: Registry, region_id: str) -> str:
    region = registry.regions.get(region_id)
    return f"{region.name}（{region_id}）" if region is not None else region_id


def _guess_text(guesses: list[str]) -> str:
    return f"是不是：{suggest.either(guesses)}？" if guesses else ""


def judge(registry: Registry, region_id: str, name: str, year: int, terms: Mapping[str, str]) -> Verdict:
    """Is `name` a township of region `region_id` in `year`? Without a township list for the
    region nothing can be said, and the name is accepted (Verdict with code None). `terms`: the
    programme's words (`Programme.terms`: subunit, subunit_parent) the hints use."""
    ours = f"本{terms['subunit_parent']}的{terms['subunit']}"
    listing = registry.townships.get(region_id)
    if listing is None:
        return Verdict(None)
    found = registry.township(region_id, name, year)
    if found is not None:
        return Verdict(None, found)
    editions = "、".join(map(str, listing.editions_for_round(year)))
    source = f"{listing.source} {editions} 年版"
    here = region_label(registry, region_id)
    valid_names = [t.name for t in registry.townships_of(region_id, year)]
    guesses = suggest.closest(name, valid_names)
    guess = _guess_text(guesses)
    periods = registry.township_periods(region_id, name)
    if periods:
        period = _period(periods, listing)
        hint = guess or f"{year} 年度按 {editions} 年版代码表判断；{ours}见 {listing.path}"
        return Verdict("A012", None, {"name": name, "period": period, "year": year, "region": here,
                                      "guess": hint}, source, tuple(guesses))
    elsewhere = registry.townships_named(name, year)
    if elsewhere:
        other = "、".join(region_label(registry, t.region) for t in elsewhere)
        guesses = suggest.closest(name, valid_names, strong=True)
        extra = f"；如果是指{ours}，{_guess_text(guesses)}" if guesses else ""
        return Verdict("A011", None, {"name": name, "other": other, "region": here, "guess": extra}, source,
                       tuple(guesses))
    hint = guess or f"填写代码表中的规范全称；{ours}见 {listing.path}"
    return Verdict("A010", None, {"name": name, "region": here, "year": year, "guess": hint}, source,
                   tuple(guesses))


def _period(entries: list[Township], listing: TownshipList) -> str:
    """When a name was a township of the region: "只在 2020 年版及以前的代码表中（代码 500101134）"."""
    parts = []
    for t in sorted(entries, key=lambda t: (t.valid_from or 0)):
        if t.valid_until is not None and t.valid_from is None:
            parts.append(f"只列于 {t.valid_until} 年及以前的代码表（代码 {t.code}）")
        elif t.valid_until is not None:
            parts.append(f"只列于 {t.valid_from}—{t.valid_until} 年的代码表（代码 {t.code}）")
        else:
            parts.append(f"从 {t.valid_from} 年版代码表起才列入（代码 {t.code}）")
    return "；".join(parts)


def township_for(registry: Registry, region_id: str, name: str | None, year: int) -> Township | None:
    """The registry's township for a nominee name of a 区县, if it is one (for open data)."""
    if name is None:
        return None
    return registry.township(region_id, name, year)


# --- the lists themselves ------------------------------------------------------------------------


@file_rule("townships")
def township_list(listing: TownshipList, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A township list belongs to a region of the registry (R004) named by its file (R006);
    each code starts with the region's code (R012); periods are not reversed (R003); within the
    region a name or a code means one township at a time (R013); names are plain (A008)."""
    place = ctx.repo.files[listing.path].place
    if listing.region != place.stem:
        yield ctx.diag("R006", listing.path, ("region",), id=listing.region, stem=place.stem)
    region = ctx.registry.regions.get(listing.region)
    if region is None:
        yield ctx.diag("R004", listing.path, ("region",), ref=listing.region, kind=_region_kinds(ctx))
    # codes are judged against the region only when the file and the region agree (else the
    # one mistake above would be reported again on every entry)
    prefix = (region.code or region.id) if region is not None and listing.region == place.stem else None
    by_name: dict[str, list[int]] = {}
    by_code: dict[str, list[int]] = {}
    for i, t in enumerate(listing.townships):
        at = ("townships", i)
        if prefix is not None and not t.code.startswith(prefix):
            yield ctx.diag("R012", listing.path, (*at, "code"), name=t.name, number=t.code, region=prefix)
        if t.valid_from is not None and t.valid_until is not None and t.valid_from > t.valid_until:
            yield ctx.diag("R003", listing.path, (*at, "valid_until"), start=t.valid_from, end=t.valid_until)
        bad = suspicious_characters(t.name)
        if bad:
            yield ctx.diag("A008", listing.path, (*at, "name"), name=t.name, chars="、".join(bad))
        by_name.setdefault(t.name, []).append(i)
        by_code.setdefault(t.code, []).append(i)
    for what, field, groups in (("名称", "name", by_name), ("代码", "code", by_code)):
        for value, indexes in groups.items():
            yield from _overlaps(ctx, listing, what, field, value, indexes)


def _overlaps(ctx: RuleContext, listing: TownshipList, what: str, field: str, value: str,
              indexes: list[int]) -> Iterator[Diagnostic]:
    # groups hold one entry, or a few for a name or code reused over the years
    for n, i in enumerate(indexes):
        for j in indexes[n + 1:]:
            a, b = listing.townships[i], listing.townships[j]
            start = max(a.valid_from or 0, b.valid_from or 0)
            end = min(a.valid_until or 9999, b.valid_until or 9999)
            if start > end:
                continue
            other = "code" if field == "name" else "name"
            first, second = getattr(a, other), getattr(b, other)
            if first == second and field == "code":
                continue  # the same township twice: reported once, under its name
            problem = "重复出现" if first == second else f"同时指向“{first}”和“{second}”"
            yield ctx.diag("R013", listing.path, ("townships", j, field), what=what, value=value,
                           years=_years(start, end), problem=problem)


def _years(start: int, end: int) -> str:
    if start == 0 and end == 9999:
        return "在所有年度"
    if start == 0:
        return f"在 {end} 年及以前"
    if end == 9999:
        return f"自 {start} 年起"
    return f"在 {start} 年" if start == end else f"在 {start}—{end} 年"


def entry_hint(registry: Registry, app, name: str, year: int, terms: Mapping[str, str]) -> str | None:
    """Why a list or notice entry naming township `name` for application `app` matches none of
    its nominees, by the same resolution as the application's own check: the nominee it was
    probably meant to be, else what the registry says about the name."""
    named = [n.name for n in app.nominees if n.parent is not None]
    guesses = suggest.closest(name, named)
    if guesses:
        return f"是不是：{suggest.either(guesses)}？（名称须与申报材料中的写法一字不差）"
    verdict = judge(registry, app.applicant, name, year, terms)
    if verdict.code == "A011":
        return f"“{name}”是{verdict.params['other']}的{terms['subunit']}，不是{verdict.params['region']}的"
    if verdict.code in ("A010", "A012"):
        return f"{region_label(registry, app.applicant)}在 {year} 年没有名为“{name}”的{terms['subunit']}"
    return None
