"""Measure pages: the index table of each year's measures and a page per measure."""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..facts import Facts
from ..model import OUTCOME_NONE, Application, Measure
from ..pagetext import cell, date, header, link, nobreak, plain, quote, source_line, table, unsearched
from . import rounds
from .experiences import experience_blocks
from .labels import nominee_label
from .provenance import award_sources
from .timeline import built_note, edition_states, milestone_table

#: Search ranks measure pages above department pages for a topic word (招商引资: measure 4,
#: not the department whose name has 招商 in it); material's `search.boost` front matter.
BOOST = 2


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
                     f"{link(here, urls.recommendations_index(year), '激励推荐名单')}。")
        if not snap.notices_for(year):
            parts.append(rounds.list_state(snap, year))
        parts.append("\n\n")
        rows = []
        for number, m in snap.measures.get(year, {}).items():
            applied = len(facts.applications_by_measure.get((year, number), []))
            awarded = len(facts.awards_by_measure.get((year, number), []))
            # key columns first: at 390 px a reader sees the measure and its counts
            rows.append([str(number), link(here, urls.measure(year, number), m.title), str(applied), str(awarded),
                         units_links(facts, here, m.lead_units, year), cell("、".join(m.levels))])
        # (each measure's incentives are on its page: seven columns overflowed a desktop)
        parts.append(table(["编号", "措施", "申报", "激励", "牵头单位", "对象层级"], rows) + "\n\n")
    return "".join(parts)


def answer(facts: Facts, page: str, m: Measure) -> str:
    """The measure's answer in one line: who was awarded, or why nobody is (yet)."""
    snap = facts.snapshot
    year, number = m.year, m.number
    awards = facts.awards_by_measure.get((year, number), [])
    if awards:
        names = "、".join(plain(nominee_label(a.nominee, facts.snapshot.programme.is_subunit(a.level), facts.unit_name(a.applicant))) for a in awards)
        notices = {a.notice.path: a.notice for a in awards}.values()
        cited = "、".join(link(page, urls.notice(n.year, n.slug), n.document_number or n.title) for n in notices)
        return f"**激励对象**（共 {len(awards)} 个，依据{cited}）：{names}。\n\n"
    if snap.notices_for(year):
        return f"**激励对象**：{year}年度{facts.snapshot.programme.notice_name}中本项措施没有激励对象。\n\n"
    why = rounds.list_state(snap, year)
    closure = snap.closure(year)
    if closure is not None:
        head = "无" if closure.outcome == OUTCOME_NONE else "本站没有记录"
        return f"**激励对象**：{head}。{why}\n\n"
    apps = len(facts.applications_by_measure.get((year, number), []))
    recs = facts.recommendations_by_measure.get((year, number), [])
    if apps:
        why += f"本项措施已收到 {apps} 份申报材料，"
        why += ("牵头单位已报送激励推荐名单。" if recs else "牵头单位尚未报送激励推荐名单。")
    else:
        why += "本项措施尚未收到申报材料。"
    return f"**激励对象**：暂无。{why}\n\n"


def _measure(facts: Facts, m: Measure, available: frozenset[str]) -> str:
    snap = facts.snapshot
    year, number = m.year, m.number
    here = urls.measure(year, number)
    edition = snap.editions[year]
    parts = [header(snap, f"第{number}项 {m.title}", boost=BOOST)]
    parts.append(f"{year}年度 · {link(here, urls.policy(year), edition.document_number)} 第{number}项\n\n")
    parts.append(answer(facts, here, m))

    awards = facts.awards_by_measure.get((year, number), [])
    if awards:
        parts.append("## 激励对象\n\n")
        rows = []
        for i, award in enumerate(awards, 1):
            rows.append([str(i), plain(award.nominee),
                         link(here, urls.unit(award.applicant), facts.unit_name(award.applicant)),
                         award_sources(facts, here, award), cell(award.level)])
        parts.append(table(["序号", "激励对象", "申报单位", "依据", "层级"], rows) + "\n\n")

    parts.append("## 措施原文\n\n")
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
        parts.append("，".join(f"{lvl} {levels[lvl]} 个" for lvl in order if levels[lvl]) + "。")
        parts.append("下表每行是一个申报对象：申报单位本身和它所辖的对象各占一行。\n\n")
        parts.append(table(["申报对象", "获推荐", "获激励", "申报单位", "报送日期", "详情"],
                           nominee_rows(facts, here, apps, with_unit=True)) + "\n\n")
    else:
        parts.append(rounds.filings_state(snap, year, "尚未收到申报材料。", "申报材料") + "\n\n")

    recs = facts.recommendations_by_measure.get((year, number), [])
    parts.append("## 激励推荐名单\n\n")
    if recs:
        for rec in recs:
            parts.append(f"### {plain(facts.department_name(rec.sender))}\n\n")
            parts.append(f"{date(rec.sent)}报送。"
                         f"{link(here, urls.recommendation(year, number, rec.sender), '查看推荐名单')}\n\n")
            rows = []
            for category in rec.categories:
                for entry in category.entries:
                    app = facts.application(year, number, entry.applicant)
                    nominee = app.nominee(entry.nominee) if app is not None else None
                    name = nominee.name if nominee is not None else (entry.nominee or entry.applicant)
                    rows.append([plain(name), str(entry.rank) if entry.rank else "—", plain(category.level),
                                 link(here, urls.unit(entry.applicant), facts.unit_name(entry.applicant))])
            parts.append(table(["推荐对象", "名次", "分类", "申报单位"], rows) + "\n\n")
    else:
        parts.append(rounds.filings_state(snap, year, "尚未报送激励推荐名单。", "激励推荐名单") + "\n\n")

    if awards:
        parts.append("## 典型经验做法\n\n")
        # indexed on the year's experiences page; not twice
        parts.append(unsearched(experience_blocks(facts, here, awards)))

    parts.append(source_line(snap, m.path) + "\n")
    return "".join(parts)


def nominee_rows(facts: Facts, page: str, apps: list[Application], *, with_unit: bool = False,
                 with_measure: bool = False) -> list[list[str]]:
    """One row per nominee of each application — a 区县 and each of its townships apart — saying
    whether that nominee was recommended and awarded (never the application as a whole)."""
    rows = []
    for a in apps:
        named = {n.name for n in facts.nominations_by_application.get(a.path, [])}
        won = {w.nominee for w in facts.awards_by_application.get(a.path, [])}
        for n in a.nominees:
            row = []
            if with_measure:
                row.append(link(page, urls.measure(a.year, a.measure), facts.measure_title(a.year, a.measure)))
            row += [plain(n.name), "是" if n.name in named else "否", "是" if n.name in won else "否"]
            if with_unit:
                row.append(link(page, urls.unit(a.applicant), facts.unit_name(a.applicant)))
            row += [nobreak(date(a.filed)), link(page, urls.application(a.year, a.applicant, a.measure), "申报材料")]
            rows.append(row)
    return rows
