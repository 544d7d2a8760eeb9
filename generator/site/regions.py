"""A page per 区县 and per national platform: its applications and awards across years."""

from __future__ import annotations

from .. import urls
from ..facts import Facts, Unit
from ..model import Platform, Region
from ..pagetext import cell, header, link, nobreak, plain, source_line, table
from . import rounds
from .experiences import awarded_applications
from .labels import by_pinyin, regions_in_order, units
from .measures import nominee_rows
from .provenance import award_sources

#: A region's page is what a reader searching its name wants (see measures.BOOST).
BOOST = 2


def pages(facts: Facts, available: frozenset[str] = frozenset()) -> dict[str, str]:
    out = {urls.REGIONS_INDEX: _index(facts)}
    hosted: dict[str, list[Platform]] = {}
    for p in by_pinyin(facts.snapshot.platforms()):
        for host in p.hosts:
            hosted.setdefault(host, []).append(p)
    named: dict[str, list[Unit]] = {}
    for unit in units(facts.snapshot):
        named.setdefault(unit.name, []).append(unit)
    for unit in units(facts.snapshot):
        same = [u for u in named[unit.name] if u.id != unit.id]
        out[urls.unit(unit.id)] = _unit(facts, unit, hosted.get(unit.id, []), same, available)
    return out


def _validity(unit: Unit) -> str:
    if unit.valid_from and unit.valid_until:
        return f"{unit.valid_from}—{unit.valid_until}年"
    if unit.valid_from:
        return f"{unit.valid_from}年起"
    if unit.valid_until:
        return f"至{unit.valid_until}年"
    return "不限"


def _in_site_years(facts: Facts, unit: Unit) -> bool:
    """Could the unit apply in any year the site has a policy for?"""
    return any(unit.valid_in(year) for year in facts.snapshot.years) or not facts.snapshot.years


def _index(facts: Facts) -> str:
    snap = facts.snapshot
    programme = snap.programme
    here = urls.REGIONS_INDEX
    parts = [header(snap, programme.units_page)]
    years = snap.years
    span = f"{years[0]}—{years[-1]}年度" if len(years) > 1 else (f"{years[0]}年度" if years else "")
    kinds = programme.applicant_kinds
    parts.append(f"{span}可以申报激励的{'和'.join(k.label for k in kinds)}，以及各自历年的申报和获得激励情况。"
                 "行政区按行政区划代码排列，其他单位按名称的汉语拼音排列。\n\n")

    def row(unit: Unit, last: str) -> list[str]:
        return [nobreak(link(here, urls.unit(unit.id), unit.name)),
                str(len(facts.applications_by_unit.get(unit.id, []))),
                str(len(facts.awards_by_unit.get(unit.id, []))), plain(unit.kind), last]

    regions = regions_in_order(snap.regions())
    platforms = by_pinyin(snap.platforms())
    hosts = "所在" + ("或".join(k.label for k in programme.unit_kinds if k.record == "region") or "行政区")
    for kind in kinds:
        if kind.record == "region":
            listed = [r for r in regions if r.unit_kind == kind.id and _in_site_years(facts, r)]
            header_row, rows = ["名称", "申报", "激励", "类别", "行政区划代码"], [row(r, nobreak(cell(r.code)))
                                                                                for r in listed]
        else:
            listed = [p for p in platforms if p.unit_kind == kind.id and _in_site_years(facts, p)]
            header_row, rows = ["名称", "申报", "激励", "类别", hosts], [row(p, _hosts(facts, here, p))
                                                                        for p in listed]
        parts.append(f"## {kind.label}（{len(listed)} 个）\n\n")
        parts.append(table(header_row, rows) + "\n\n")
    later = [u for u in units(snap) if not _in_site_years(facts, u)]
    if later:
        items = "、".join(f"{link(here, urls.unit(u.id), u.name)}（{plain(u.kind)}，{_validity(u)}）" for u in later)
        parts.append(f"名录中另有本站各年度都不能申报的单位：{items}。\n")
    return "".join(parts)


def _hosts(facts: Facts, here: str, platform: Platform) -> str:
    hosts = [nobreak(link(here, urls.unit(h), facts.unit_name(h))) if facts.unit(h) else plain(h)
             for h in platform.hosts]
    return "、".join(hosts) or "—"


def _townships(facts: Facts, region: Region, apps: list, here: str) -> str:
    """The 区县's townships: how many the registry lists, and the townships its applications
    named (each row of the 申报情况 table above says what became of one)."""
    below = facts.snapshot.programme.subunit_level(region.unit_kind)
    if below is None:
        return ""
    label = below.label
    parts = [f"## {label}\n\n"]
    listing = facts.snapshot.registry.townships.get(region.id)
    year = facts.snapshot.current_year
    if listing is not None and year is not None:
        editions = "、".join(map(str, listing.editions_for_round(year)))
        count = len(facts.snapshot.registry.townships_in_edition(region.id, listing.edition_for(year)))
        parts.append(f"{year} 年度共有 {count} 个{label}（{plain(listing.source)} {editions} 年版）。")
    rows = []
    for app in apps:
        for nominee in app.nominees:
            if nominee.level != label:
                continue
            code = facts.township_code(region.id, nominee.name, app.year)
            rows.append([plain(nominee.name), nobreak(cell(code)), str(app.year),
                         link(here, urls.measure(app.year, app.measure), facts.measure_title(app.year, app.measure))])
    if rows:
        names = "、".join(dict.fromkeys(r[0] for r in rows))
        parts.append(f"申报过的{label}：{names}。\n\n")
        parts.append(table([label, "统计用区划代码", "年度", "措施"], rows) + "\n\n")
    else:
        parts.append(f"没有{label}的申报记录。\n\n")
    return "".join(parts)


def _awards(facts: Facts, unit: Unit, here: str) -> str:
    """The unit's awards, first thing on its page."""
    snap = facts.snapshot
    won = facts.awards_by_unit.get(unit.id, [])
    parts = ["## 获得激励\n\n"]
    if won:
        names = "、".join(f"{a.year}年度第{a.measure}项 {plain(a.nominee)}" for a in won)
        parts.append(f"共 {len(won)} 个激励对象：{names}。\n\n")
        award_rows = [[plain(a.nominee), link(here, urls.measure(a.year, a.measure), facts.measure_title(a.year, a.measure)),
                       award_sources(facts, here, a), str(a.year)] for a in won]
        parts.append(table(["激励对象", "措施", "依据", "年度"], award_rows) + "\n\n")
    else:
        parts.append("本仓库中没有获得激励的记录。")
    silent = [y for y in snap.years if not snap.notices_for(y) and unit.valid_in(y)]
    for year in silent:
        parts.append(rounds.list_state(snap, year))
    parts.append("\n\n")
    if won:
        parts.append("### 典型经验做法\n\n")
        for app, _ in awarded_applications(won):
            titles = "、".join(plain(e.title) for e in app.experiences)
            parts.append(f"- {app.year}年度 "
                         f"{link(here, urls.application(app.year, app.applicant, app.measure), facts.measure_title(app.year, app.measure))}"
                         f"：{titles}\n")
        parts.append("\n")
    return "".join(parts)


def _unit(facts: Facts, unit: Unit, hosted: list[Platform], same: list[Unit], available: frozenset[str]) -> str:
    snap = facts.snapshot
    here = urls.unit(unit.id)
    parts = [header(snap, unit.name, boost=BOOST)]
    limited = f"，{_validity(unit)}" if unit.valid_from or unit.valid_until else ""
    parts.append(f"{plain(facts.snapshot.programme.kind_label(unit.unit_kind))}（{plain(unit.kind)}）{limited}。")
    for other in same:
        parts.append(f"名录中另有同名的{plain(facts.snapshot.programme.kind_label(other.unit_kind))}：{link(here, urls.unit(other.id), other.name)}"
                     f"（{plain(other.kind)}，{_validity(other)}）。")
    parts.append("\n\n")
    parts.append(_awards(facts, unit, here))

    parts.append("## 基本情况\n\n")
    rows = [["类别", f"{plain(facts.snapshot.programme.kind_label(unit.unit_kind))}（{plain(unit.kind)}）"]]
    if isinstance(unit, Region):
        rows.append(["行政区划代码", cell(unit.code) if unit.code else "以民政部公布为准"])
        if unit.history:
            rows.append(["曾用名", plain("、".join(f"{h.name}（至{h.valid_until}年）" for h in unit.history))])
        if unit.successor:
            rows.append(["现为", link(here, urls.unit(unit.successor), facts.unit_name(unit.successor))
                         if facts.unit(unit.successor) else plain(unit.successor)])
    else:
        hosts = "或".join(k.label for k in facts.snapshot.programme.unit_kinds if k.record == "region") or "行政区"
        rows.append([f"所在{hosts}", _hosts(facts, here, unit)])
    if unit.aliases:
        rows.append(["又称", plain("、".join(unit.aliases))])
    rows.append(["有效年度", _validity(unit)])
    if unit.note:
        rows.append(["说明", plain(unit.note)])
    if hosted:
        rows.append(["辖区内的平台", "、".join(link(here, urls.unit(p.id), p.name) for p in hosted)])
    parts.append(table(["项目", "内容"], rows) + "\n\n")

    apps = facts.applications_by_unit.get(unit.id, [])
    parts.append("## 申报情况\n\n")
    if apps:
        parts.append(f"共 {len(apps)} 份申报材料。下表每行是一个申报对象：申报单位本身和它所辖的对象各占一行。\n\n")
        parts.append(table(["措施", "申报对象", "获推荐", "获激励", "报送日期", "详情"],
                           nominee_rows(facts, here, apps, with_measure=True)) + "\n\n")
    else:
        parts.append("本仓库中没有申报记录。\n\n")

    if isinstance(unit, Region):
        parts.append(_townships(facts, unit, apps, here))
    parts.append(source_line(snap, unit.path) + "\n")
    return "".join(parts)
