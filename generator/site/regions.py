"""A page per 区县 and per national platform: its applications and awards across years."""

from __future__ import annotations

from .. import urls
from ..model import Platform, Region
from .experiences import awarded_applications
from .facts import Facts, Unit
from .provenance import award_sources
from .text import cell, date, header, link, plain, source_line, table


def pages(facts: Facts, available: frozenset[str] = frozenset()) -> dict[str, str]:
    out = {urls.REGIONS_INDEX: _index(facts)}
    hosted: dict[str, list[Platform]] = {}
    for p in facts.snapshot.platforms():
        for host in p.hosts:
            hosted.setdefault(host, []).append(p)
    for unit in facts.units():
        out[urls.unit(unit.id)] = _unit(facts, unit, hosted.get(unit.id, []), available)
    return out


def _validity(unit: Unit) -> str:
    if unit.valid_from and unit.valid_until:
        return f"{unit.valid_from}—{unit.valid_until}年"
    if unit.valid_from:
        return f"{unit.valid_from}年起"
    if unit.valid_until:
        return f"至{unit.valid_until}年"
    return "不限"


def _index(facts: Facts) -> str:
    snap = facts.snapshot
    here = urls.REGIONS_INDEX
    parts = [header(snap, "区县和平台")]
    parts.append("可以申报激励的区县（自治县）和国家级开发开放平台，以及各自历年的申报和获得激励情况。\n\n")

    def row(unit: Unit, first: str) -> list[str]:
        return [first, link(here, urls.unit(unit.id), unit.name), plain(unit.kind),
                str(len(facts.applications_by_unit.get(unit.id, []))),
                str(len(facts.awards_by_unit.get(unit.id, [])))]

    regions = snap.regions()
    parts.append(f"## 区县（{len(regions)} 个）\n\n")
    parts.append(table(["行政区划代码", "名称", "类别", "申报", "激励"],
                       [row(r, cell(r.code)) for r in regions]) + "\n\n")
    platforms = snap.platforms()
    parts.append(f"## 国家级开发开放平台（{len(platforms)} 个）\n\n")
    parts.append(table(["编号", "名称", "类别", "申报", "激励"],
                       [row(p, plain(p.id)) for p in platforms]) + "\n")
    return "".join(parts)


def _townships(facts: Facts, region: Region, apps: list, here: str) -> str:
    """The 区县's townships: how many the registry lists, and each township nomination of its
    applications with the township's code, whether it was recommended and awarded."""
    parts = ["## 乡镇（街道）\n\n"]
    listing = facts.snapshot.registry.townships.get(region.id)
    year = facts.snapshot.current_year
    if listing is not None and year is not None:
        editions = "、".join(map(str, listing.editions_for_round(year)))
        count = len(facts.snapshot.registry.townships_in_edition(region.id, listing.edition_for(year)))
        parts.append(f"{year} 年度共有 {count} 个乡镇（街道）（{plain(listing.source)} {editions} 年版）。\n\n")
    rows = []
    for app in apps:
        subunits = facts.snapshot.programme.subunit_labels
        named = {n.name for n in facts.nominations_by_application.get(app.path, []) if n.level in subunits}
        won = {a.nominee for a in facts.awards_by_application.get(app.path, []) if a.level in subunits}
        for nominee in app.nominees:
            if nominee.level not in subunits:
                continue
            rows.append([str(app.year), plain(nominee.name), cell(facts.township_code(region.id, nominee.name, app.year)),
                         link(here, urls.measure(app.year, app.measure), facts.measure_title(app.year, app.measure)),
                         "是" if nominee.name in named else "否", "是" if nominee.name in won else "否",
                         link(here, urls.application(app.year, app.applicant, app.measure), "申报材料")])
    if rows:
        parts.append(table(["年度", "乡镇（街道）", "统计用区划代码", "措施", "获推荐", "获激励", "详情"], rows) + "\n\n")
    else:
        parts.append("没有乡镇（街道）的申报记录。\n\n")
    return "".join(parts)


def _unit(facts: Facts, unit: Unit, hosted: list[Platform], available: frozenset[str]) -> str:
    snap = facts.snapshot
    here = urls.unit(unit.id)
    parts = [header(snap, unit.name)]
    rows = [["类别", f"{plain(facts.snapshot.programme.kind_label(unit.unit_kind))}（{plain(unit.kind)}）"]]
    if isinstance(unit, Region):
        rows.append(["行政区划代码", cell(unit.code)])
        if unit.history:
            rows.append(["曾用名", plain("、".join(f"{h.name}（至{h.valid_until}年）" for h in unit.history))])
        if unit.successor:
            rows.append(["现为", link(here, urls.unit(unit.successor), facts.unit_name(unit.successor))
                         if facts.unit(unit.successor) else plain(unit.successor)])
    else:
        hosts = [link(here, urls.unit(h), facts.unit_name(h)) if facts.unit(h) else plain(h) for h in unit.hosts]
        rows.append(["所在区县", "、".join(hosts) or "—"])
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
        app_rows = []
        for a in apps:
            app_rows.append([str(a.year), link(here, urls.measure(a.year, a.measure), facts.measure_title(a.year, a.measure)),
                             plain("、".join(n.name for n in a.nominees)), date(a.filed),
                             "是" if facts.nominations_by_application.get(a.path) else "否",
                             "是" if facts.awards_by_application.get(a.path) else "否",
                             link(here, urls.application(a.year, a.applicant, a.measure), "申报材料")])
        parts.append(table(["年度", "措施", "申报对象", "报送日期", "获推荐", "获激励", "详情"], app_rows) + "\n\n")
    else:
        parts.append("没有申报记录。\n\n")

    if isinstance(unit, Region):
        parts.append(_townships(facts, unit, apps, here))

    won = facts.awards_by_unit.get(unit.id, [])
    parts.append("## 获得激励\n\n")
    if won:
        award_rows = [[str(a.year), link(here, urls.measure(a.year, a.measure), facts.measure_title(a.year, a.measure)),
                       plain(a.nominee), award_sources(facts, here, a)] for a in won]
        parts.append(table(["年度", "措施", "激励对象", "依据"], award_rows) + "\n\n")
        parts.append("### 典型经验做法\n\n")
        for app, _ in awarded_applications(won):
            titles = "、".join(plain(e.title) for e in app.experiences)
            parts.append(f"- {app.year}年度 {link(here, urls.application(app.year, app.applicant, app.measure), facts.measure_title(app.year, app.measure))}"
                         f"：{titles}\n")
        parts.append("\n")
    else:
        parts.append("没有获得激励的记录。\n\n")
    parts.append(source_line(snap, unit.path) + "\n")
    return "".join(parts)
