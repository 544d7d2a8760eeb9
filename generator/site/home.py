"""The home page: the current edition, where its round stands, the latest notices."""

from __future__ import annotations

from .. import urls
from ..facts import Facts
from ..pagetext import date, header, link, plain
from . import rounds
from .labels import nominee_label
from .timeline import built_note, edition_states, milestone_table, summary

#: Sections linked from the home page, in order, if the build has them.
SECTIONS = (
    (urls.POLICY_INDEX, "政策原文", "历年政策通知全文，逐项列出激励措施。"),
    (urls.MEASURES_INDEX, "激励措施", "每项措施的内容、牵头单位、申报和激励情况。"),
    (urls.TIMELINE, "工作进度", "{steps}的时间节点和状态。"),
    (urls.AWARDS_INDEX, "激励名单", "{notice}和{official_list}，按措施和按申报单位浏览。"),
    (urls.REGIONS_INDEX, "{units}", "各{applicants}的申报和获得激励情况。"),
    (urls.DEPARTMENTS_INDEX, "{departments}", "各部门牵头或配合的措施和报送的推荐名单。"),
    (urls.EXPERIENCES_INDEX, "典型经验", "获得激励的典型经验做法，按措施和按申报单位浏览。"),
    (urls.GUIDE, "申报指南", "如何通过拉取请求报送申报材料和推荐名单。"),
    (urls.FIELDS, "字段说明", "各类数据文件每个字段的含义和填写要求。"),
    (urls.OPEN_DATA, "开放数据", "以 JSON、CSV 等格式下载全部公开数据。"),
    (urls.STATISTICS, "统计", "申报、推荐和激励的统计。"),
    (urls.ABOUT, "关于本站", "内容来源、个人信息保护和访问说明。"),
)


def latest_list(facts: Facts, here: str) -> str:
    """The latest official list at a glance: each measure with its awarded names, one line each;
    or, without one, where the current year's list stands."""
    snap = facts.snapshot
    with_notices = [y for y in snap.years if snap.notices_for(y)]
    if not with_notices:
        year = snap.current_year
        return rounds.list_state(snap, year) + "\n\n" if year is not None else ""
    year = with_notices[-1]
    notices = snap.notices_for(year)
    count = sum(len(facts.awards_by_measure.get((year, n), [])) for n in snap.measures.get(year, {}))
    cited = "、".join(link(here, urls.notice(year, n.slug), n.document_number or n.title) for n in notices)
    intro = (f"{year}年度共 {count} 个激励对象（{cited}）。"
             f"{link(here, urls.awards_by_measure(year), '按措施')}或"
             f"{link(here, urls.awards_by_region(year), '按' + snap.programme.units_page)}查看完整名单和依据。\n\n")
    out = [intro]
    for number in snap.measures.get(year, {}):
        won = facts.awards_by_measure.get((year, number), [])
        if not won:
            continue
        names = "、".join(plain(nominee_label(a.nominee, facts.snapshot.programme.is_subunit(a.level), facts.unit_name(a.applicant))) for a in won)
        out.append(f"- {link(here, urls.measure(year, number), facts.measure_title(year, number))}：{names}\n")
    return "".join(out) + "\n"


def page(facts: Facts, available: frozenset[str]) -> dict[str, str]:
    snap = facts.snapshot
    here = urls.HOME
    parts = [header(snap, snap.programme.title, meta_title=False)]  # the theme titles the home page
    programme = snap.programme
    parts.append(f"本站公开{programme.jurisdiction}{programme.name}工作的政策、{programme.steps_text}各步骤的材料和"
                 f"{programme.notice_name}。全部内容由 Git 仓库中经过校验的数据自动生成。\n\n")
    year = snap.current_year
    parts.append("## 最新激励名单\n\n")
    parts.append(latest_list(facts, here))
    if year is not None:
        edition = snap.editions[year]
        states = edition_states(snap, edition)
        parts.append("## 工作进度\n")
        parts.append(summary(states, snap.built_at, snap, year))
        parts.append(milestone_table(states, snap.built_at))
        parts.append(f"\n{built_note(snap)}详见{link(here, urls.TIMELINE, '工作进度')}。\n\n")
        parts.append(f"## 当前政策：{plain(edition.title)}\n\n")
        parts.append(f"- 文号：{link(here, urls.policy(year), edition.document_number)}\n")
        parts.append(f"- 印发：{plain(edition.issuer)}，{date(edition.published)}\n")
        parts.append(f"- 激励措施：{link(here, urls.MEASURES_INDEX, f'{len(snap.measures.get(year, {}))} 项')}\n\n")
    else:
        parts.append("仓库中还没有政策版次。\n\n")
    parts.append("## 最新通报\n\n")
    notices = sorted(facts.notices(), key=lambda n: (n.date or n.year, n.slug), reverse=True)[:5]
    if notices:
        for n in notices:
            number = f"（{plain(n.document_number)}）" if n.document_number else ""
            parts.append(f"- {date(n.date)} {link(here, urls.notice(n.year, n.slug), n.title)}{number}\n")
        parts.append("\n")
    else:
        parts.append(f"本仓库中没有已发布的{programme.notice_name}。"
                     f"各年度名单的情况见{link(here, urls.AWARDS_INDEX, '激励名单')}。\n\n")
    parts.append("## 栏目\n\n")
    words = {"steps": programme.steps_text, "notice": programme.notice_name, "official_list": programme.official_list,
             "units": programme.units_page, "departments": programme.departments_page,
             "applicants": programme.applicants_label.replace("或", "、")}
    for target, title, blurb in SECTIONS:
        if target in available:
            parts.append(f"- {link(here, target, title.format(**words))}：{blurb.format(**words)}\n")
    return {here: "".join(parts)}
