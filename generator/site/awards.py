"""Award lists: per year by measure (in the notice's order) and by region, and each official
notice rendered as a document with its errata."""

from __future__ import annotations

from .. import urls
from ..facts import Facts
from ..model import Notice
from ..pagetext import back, cell, date, header, link, nobreak, plain, rich, source_line, table
from . import labels, rounds
from .provenance import award_sources


def pages(facts: Facts, available: frozenset[str] = frozenset()) -> dict[str, str]:
    snap = facts.snapshot
    out = {urls.AWARDS_INDEX: _index(facts, available)}
    for year in snap.years:
        out[urls.awards_by_measure(year)] = _by_measure(facts, year)
        out[urls.awards_by_region(year)] = _by_region(facts, year)
    for notice in snap.notices:
        out[urls.notice(notice.year, notice.slug)] = _notice(facts, notice)
    return out


def _not_published(facts: Facts, page: str, year: int) -> str:
    snap = facts.snapshot
    text = rounds.list_state(snap, year)
    if snap.closure(year) is None:
        text += (f"按照政策规定，{snap.programme.supervision}审核各牵头部门报送的激励推荐名单后，确定正式名单并通报实施；"
                 f"进度见{link(page, urls.TIMELINE, '工作进度')}。")
    return text + "\n\n"


def _index(facts: Facts, available: frozenset[str]) -> str:
    snap = facts.snapshot
    here = urls.AWARDS_INDEX
    parts = [header(snap, "激励名单")]
    parts.append(f"{snap.programme.notice_name}确定的{snap.programme.official_list}。每个激励对象都链接到它的申报材料、激励推荐名单和通报。\n\n")
    if urls.feed_notices() in available:
        parts.append(f"新通报发布时可通过{link(here, urls.feed_notices(), '通报订阅源（Atom）')}获知。\n\n")
    for year in reversed(snap.years):
        parts.append(f"## {year}年度\n\n")
        notices = snap.notices_for(year)
        if not notices:
            parts.append(_not_published(facts, here, year))
            parts.append(f"- {link(here, urls.awards_by_measure(year), '按措施浏览')}\n"
                         f"- {link(here, urls.awards_by_region(year), f'按{facts.snapshot.programme.units_page}浏览')}\n\n")
            continue
        count = len([a for a in facts.awards if a.year == year])
        parts.append(f"共 {count} 个激励对象。\n\n")
        parts.append(f"- {link(here, urls.awards_by_measure(year), '按措施浏览')}\n"
                     f"- {link(here, urls.awards_by_region(year), f'按{facts.snapshot.programme.units_page}浏览')}\n")
        for n in notices:
            number = f"（{plain(n.document_number)}）" if n.document_number else ""
            parts.append(f"- 通报：{link(here, urls.notice(year, n.slug), n.title)}{number}，{date(n.date)}\n")
        if urls.api_awards(year) in available:
            parts.append(f"- 数据：{link(here, urls.api_awards(year), '正式名单（JSON）')}\n")
        parts.append("\n")
    return "".join(parts)


def _entries_table(facts: Facts, page: str, notice: Notice, number: int) -> str:
    rows = []
    awards = facts.awards_by_notice.get((notice.path, number), [])
    for i, award in enumerate(awards, 1):
        rows.append([str(i), plain(award.nominee),
                     nobreak(link(page, urls.unit(award.applicant), facts.unit_name(award.applicant))),
                     award_sources(facts, page, award), cell(award.level)])
    return table(["序号", "激励对象", "申报单位", "依据", "层级"], rows) + "\n\n"


def _by_measure(facts: Facts, year: int) -> str:
    snap = facts.snapshot
    here = urls.awards_by_measure(year)
    parts = [header(snap, f"{year}年度激励名单（按措施）")]
    parts.append(f"另见{link(here, urls.awards_by_region(year), f'按{facts.snapshot.programme.units_page}浏览')}。\n\n")
    notices = snap.notices_for(year)
    if not notices:
        parts.append(_not_published(facts, here, year))
        return "".join(parts)
    for notice in notices:
        parts.append(f"## {plain(notice.title)}\n\n")
        number = f"{plain(notice.document_number)}，" if notice.document_number else ""
        parts.append(f"{number}{date(notice.date)}。{link(here, urls.notice(year, notice.slug), '查看通报全文')}\n\n")
        for block in notice.measures:
            parts.append(f"### {link(here, urls.measure(year, block.measure), facts.measure_title(year, block.measure))}\n\n")
            parts.append(_entries_table(facts, here, notice, block.measure))
    return "".join(parts)


def _by_region(facts: Facts, year: int) -> str:
    snap = facts.snapshot
    here = urls.awards_by_region(year)
    parts = [header(snap, f"{year}年度激励名单（按{snap.programme.units_page}）")]
    parts.append(f"另见{link(here, urls.awards_by_measure(year), '按措施浏览')}。\n\n")
    if not snap.notices_for(year):
        parts.append(_not_published(facts, here, year))
        return "".join(parts)
    rows = []
    for unit in labels.units(snap):
        won = [a for a in facts.awards_by_unit.get(unit.id, []) if a.year == year]
        if not won:
            continue
        items = "；".join(
            f"{link(here, urls.measure(year, a.measure), facts.measure_title(year, a.measure))}"
            f"（{plain(a.nominee)}）" for a in won)
        rows.append([nobreak(link(here, urls.unit(unit.id), unit.name)), str(len(won)), items, plain(facts.snapshot.programme.kind_label(unit.unit_kind))])
    if rows:
        parts.append(f"共 {len(rows)} 个申报单位获得激励。\n\n")
        parts.append(table(["申报单位", "激励数", "激励项目（激励对象）", "类别"], rows) + "\n")
    else:
        parts.append("本年度通报中没有激励对象。\n")
    return "".join(parts)


def _notice(facts: Facts, notice: Notice) -> str:
    snap = facts.snapshot
    year = notice.year
    here = urls.notice(year, notice.slug)
    parts = [header(snap, notice.title, lean=True), back(here, urls.awards_by_measure(year), f"{year}年度激励名单")]
    issuer = facts.department(notice.issuer)
    parts.append(table(["项目", "内容"], [
        ["文号", cell(notice.document_number)],
        ["发布单位", plain(issuer.full_name if issuer else notice.issuer)],
        ["发布日期", date(notice.date)],
        ["年度", link(here, urls.policy(year), f"{year}年度（{snap.editions[year].document_number}）")
         if year in snap.editions else str(year)],
    ]) + "\n\n")
    if notice.preamble:
        parts.append(rich(notice.preamble) + "\n")
    parts.append(f"## {facts.snapshot.programme.official_list}\n\n")
    for block in notice.measures:
        parts.append(f"### {link(here, urls.measure(year, block.measure), facts.measure_title(year, block.measure))}\n\n")
        parts.append(_entries_table(facts, here, notice, block.measure))
    parts.append("## 勘误\n\n")
    if notice.errata:
        rows = [[date(e.date), plain(e.document_number), plain(e.change)] for e in notice.errata]
        parts.append(table(["日期", "依据文号", "更正内容"], rows) + "\n\n")
    else:
        parts.append("本通报发布后没有勘误。\n\n")
    parts.append(source_line(snap, notice.path) + "\n")
    return "".join(parts)
