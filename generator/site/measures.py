"""Measure pages: the index table of each year's measures and a page per measure."""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..model import Measure
from .experiences import experience_blocks
from .facts import Facts, nominees_text
from .provenance import award_sources
from .text import cell, date, header, link, plain, quote, source_line, table
from .timeline import built_note, edition_states, milestone_table


def pages(facts: Facts, available: frozenset[str]) -> dict[str, str]:
    snap = facts.snapshot
    out = {urls.MEASURES_INDEX: _index(facts)}
    for year in snap.years:
        for measure in snap.measures.get(year, {}).values():
            out[urls.measure(year, measure.number)] = _measure(facts, measure, available)
    return out


def units_links(facts: Facts, page: str, names: tuple[str, ...], year: int) -> str:
    """Department names as links to their pages where the registry knows them."""
    out = []
    for name in names:
        dept = facts.department_named(name, year)
        out.append(link(page, urls.department(dept.id), name) if dept is not None else plain(name))
    return "、".join(out)


def _index(facts: Facts) -> str:
    snap = facts.snapshot
    here = urls.MEASURES_INDEX
    parts = [header(snap, "激励措施")]
    parts.append("各年度政策规定的激励措施。“申报”为收到的申报材料份数，“激励”为正式名单中的激励对象数。\n\n")
    for year in reversed(snap.years):
        edition = snap.editions[year]
        parts.append(f"## {year}年度\n\n")
        parts.append(f"依据：{link(here, urls.policy(year), edition.document_number)}，"
                     f"共 {len(snap.measures.get(year, {}))} 项。本年度全部"
                     f"{link(here, urls.applications_index(year), '申报材料')}和"
                     f"{link(here, urls.recommendations_index(year), '激励推荐名单')}。\n\n")
        rows = []
        for number, m in snap.measures.get(year, {}).items():
            applied = len(facts.applications_by_measure.get((year, number), []))
            awarded = len(facts.awards_by_measure.get((year, number), []))
            rows.append([str(number), link(here, urls.measure(year, number), m.title),
                         units_links(facts, here, m.lead_units, year), cell("、".join(m.levels)),
                         cell("、".join(m.incentive_kinds)), str(applied), str(awarded)])
        parts.append(table(["编号", "措施", "牵头单位", "对象层级", "激励方式", "申报", "激励"], rows) + "\n\n")
    return "".join(parts)


def _measure(facts: Facts, m: Measure, available: frozenset[str]) -> str:
    snap = facts.snapshot
    year, number = m.year, m.number
    here = urls.measure(year, number)
    edition = snap.editions[year]
    parts = [header(snap, f"第{number}项 {m.title}")]
    parts.append(f"{year}年度 · {link(here, urls.policy(year), edition.document_number)} 第{number}项\n\n")
    parts.append(quote(m.text) + "\n\n")

    parts.append("## 要点\n\n")
    coop = units_links(facts, here, m.cooperating_units, year) if m.cooperating_units else ""
    if m.cooperating_units_open_ended:
        coop = (coop + "等有关单位") if coop else "有关单位"
    parts.append(table(["项目", "内容"], [
        ["适用对象", plain(m.eligible_text)],
        ["对象层级", plain("、".join(m.levels))],
        ["激励方式", plain("、".join(m.incentive_kinds))],
        ["激励内容", plain(m.incentive_clause)],
        ["牵头单位", units_links(facts, here, m.lead_units, year)],
        ["配合单位", coop or "—"],
    ]) + "\n\n")

    parts.append("## 时间节点\n")
    parts.append(milestone_table(edition_states(snap, edition, number), snap.built_at))
    parts.append(f"\n{built_note(snap)}\n\n")

    apps = facts.applications_by_measure.get((year, number), [])
    parts.append("## 申报情况\n\n")
    if apps:
        levels = Counter(n.level for a in apps for n in a.nominees)
        parts.append(f"共收到 {len(apps)} 份申报材料，申报对象按层级：")
        order = facts.snapshot.programme.level_labels
        parts.append("，".join(f"{lvl} {levels[lvl]} 个" for lvl in order if levels[lvl]) + "。\n\n")
        rows = []
        for a in apps:
            nominated = len(facts.nominations_by_application.get(a.path, []))
            awarded = len(facts.awards_by_application.get(a.path, []))
            rows.append([link(here, urls.unit(a.applicant), facts.unit_name(a.applicant)),
                         plain(nominees_text(a)),
                         date(a.filed), "是" if nominated else "否", "是" if awarded else "否",
                         link(here, urls.application(year, a.applicant, number), "申报材料")])
        parts.append(table(["申报单位", "申报对象", "报送日期", "获推荐", "获激励", "详情"], rows) + "\n\n")
    else:
        parts.append("尚未收到申报材料。\n\n")

    recs = facts.recommendations_by_measure.get((year, number), [])
    parts.append("## 激励推荐名单\n\n")
    if recs:
        for rec in recs:
            parts.append(f"### {plain(facts.department_name(rec.sender))}\n\n")
            parts.append(f"{date(rec.sent)}报送。"
                         f"{link(here, urls.recommendation(year, number, rec.sender), '查看推荐名单')}\n\n")
            rows = []
            for category in rec.categories:
                for i, entry in enumerate(category.entries, 1):
                    app = facts.application(year, number, entry.applicant)
                    nominee = app.nominee(entry.nominee) if app is not None else None
                    name = nominee.name if nominee is not None else (entry.nominee or entry.applicant)
                    rows.append([plain(category.level), str(entry.rank) if entry.rank else "—", plain(name),
                                 link(here, urls.unit(entry.applicant), facts.unit_name(entry.applicant))])
            parts.append(table(["分类", "名次", "推荐对象", "申报单位"], rows) + "\n\n")
    else:
        parts.append("尚未报送激励推荐名单。\n\n")

    awards = facts.awards_by_measure.get((year, number), [])
    parts.append("## 激励对象\n\n")
    if awards:
        rows = []
        for i, award in enumerate(awards, 1):
            rows.append([str(i), plain(award.nominee), cell(award.level),
                         link(here, urls.unit(award.applicant), facts.unit_name(award.applicant)),
                         award_sources(facts, here, award)])
        parts.append(table(["序号", "激励对象", "层级", "申报单位", "依据"], rows) + "\n\n")
    elif snap.notices_for(year):
        parts.append(f"{year}年度督查激励通报中本项措施没有激励对象。\n\n")
    else:
        parts.append(f"{year}年度督查激励正式名单尚未发布。\n\n")

    if awards:
        parts.append("## 典型经验做法\n\n")
        parts.append(experience_blocks(facts, here, awards))

    parts.append(source_line(snap, m.path) + "\n")
    return "".join(parts)
