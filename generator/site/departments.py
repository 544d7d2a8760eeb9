"""A page per department: the measures it leads or cooperates on, and its recommendation lists."""

from __future__ import annotations

from .. import urls
from ..facts import Facts
from ..model import Department, Measure
from ..pagetext import date, header, link, plain, source_line, table
from .labels import by_pinyin

#: A department page names the topics of the measures it leads; a reader searching a topic wants
#: the measure first (see measures.BOOST), so department pages weigh less.
BOOST = 0.5

ROLE = {"supervision": "督查（审核推荐名单、组织通报）", "issuer": "发布通报"}


def pages(facts: Facts) -> dict[str, str]:
    out = {urls.DEPARTMENTS_INDEX: _index(facts)}
    for dept in by_pinyin(facts.snapshot.departments()):
        out[urls.department(dept.id)] = _department(facts, dept)
    return out


def _index(facts: Facts) -> str:
    snap = facts.snapshot
    here = urls.DEPARTMENTS_INDEX
    rows = []
    for d in by_pinyin(snap.departments()):
        rows.append([link(here, urls.department(d.id), d.name), plain(d.full_name),
                     str(len(facts.led_by.get(d.id, []))), str(len(facts.cooperated_by.get(d.id, []))),
                     str(len(facts.recommendations_by_sender.get(d.id, [])))])
    return (header(snap, snap.programme.departments_page)
            + "牵头或配合实施激励措施的部门。牵头部门负责评审申报材料、报送激励推荐名单。\n\n"
            + table(["部门", "全称", "牵头措施", "配合措施", "推荐名单"], rows) + "\n")


def _measure_rows(facts: Facts, here: str, measures: list[Measure]) -> list[list[str]]:
    return [[str(m.year), link(here, urls.measure(m.year, m.number), f"第{m.number}项 {m.title}"),
             str(len(facts.applications_by_measure.get((m.year, m.number), []))),
             str(len(facts.awards_by_measure.get((m.year, m.number), [])))] for m in measures]


def _department(facts: Facts, dept: Department) -> str:
    snap = facts.snapshot
    here = urls.department(dept.id)
    parts = [header(snap, dept.name, boost=BOOST)]
    rows = [["全称", plain(dept.full_name)]]
    if dept.aliases:
        rows.append(["又称", plain("、".join(dept.aliases))])
    if dept.roles:
        rows.append(["职责", plain("；".join(ROLE.get(r, r) for r in dept.roles))])
    if dept.note:
        rows.append(["说明", plain(dept.note)])
    parts.append(table(["项目", "内容"], rows) + "\n\n")

    for title, found in (("牵头的措施", facts.led_by.get(dept.id, [])),
                         ("配合的措施", facts.cooperated_by.get(dept.id, []))):
        parts.append(f"## {title}\n\n")
        if found:
            parts.append(table(["年度", "措施", "申报", "激励"], _measure_rows(facts, here, found)) + "\n\n")
        else:
            parts.append("无。\n\n")

    recs = facts.recommendations_by_sender.get(dept.id, [])
    parts.append("## 报送的激励推荐名单\n\n")
    if recs:
        rec_rows = [[str(r.year), link(here, urls.measure(r.year, r.measure), facts.measure_title(r.year, r.measure)),
                     date(r.sent), str(sum(len(c.entries) for c in r.categories)),
                     link(here, urls.recommendation(r.year, r.measure, r.sender), "推荐名单")] for r in recs]
        parts.append(table(["年度", "措施", "报送日期", "推荐对象数", "详情"], rec_rows) + "\n\n")
    else:
        parts.append("没有报送记录。\n\n")
    parts.append(source_line(snap, dept.path) + "\n")
    return "".join(parts)
