"""A page per filed document: each application and each recommendation list, as filed (without
contact data), with what became of it; and the per-year lists of both."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from .. import urls
from ..facts import Facts, nominees_text
from ..model import Application, Recommendation
from ..pagetext import (
    back,
    cell,
    date,
    external_link,
    header,
    link,
    paragraphs,
    plain,
    rich,
    source_line,
    table,
)
from . import evidence, rounds


def pages(facts: Facts) -> dict[str, str]:
    snap = facts.snapshot
    out = {}
    for year in snap.years:
        out[urls.applications_index(year)] = _applications_index(facts, year)
        out[urls.recommendations_index(year)] = _recommendations_index(facts, year)
    published = evidence.files(snap)
    for app in snap.applications:
        out[urls.application(app.year, app.applicant, app.measure)] = _application(facts, app, published)
    for rec in snap.recommendations:
        out[urls.recommendation(rec.year, rec.measure, rec.sender)] = _recommendation(facts, rec)
    return out


def _applications_index(facts: Facts, year: int) -> str:
    snap = facts.snapshot
    here = urls.applications_index(year)
    parts = [header(snap, f"{year}年度申报材料")]
    apps = [a for a in snap.applications if a.year == year]
    if not apps:
        return "".join(parts) + rounds.filings_state(snap, year, "尚未收到申报材料。", "申报材料") + "\n"
    parts.append(f"共 {len(apps)} 份申报材料（联系人信息不公开）。\n\n")
    rows = [[link(here, urls.measure(year, a.measure), facts.measure_title(year, a.measure)),
             link(here, urls.unit(a.applicant), facts.unit_name(a.applicant)),
             plain("、".join(n.name for n in a.nominees)), date(a.filed),
             link(here, urls.application(year, a.applicant, a.measure), "申报材料")] for a in apps]
    parts.append(table(["措施", "申报单位", "申报对象", "报送日期", "详情"], rows) + "\n")
    return "".join(parts)


def _recommendations_index(facts: Facts, year: int) -> str:
    snap = facts.snapshot
    here = urls.recommendations_index(year)
    parts = [header(snap, f"{year}年度激励推荐名单")]
    recs = [r for r in snap.recommendations if r.year == year]
    if not recs:
        return "".join(parts) + rounds.filings_state(snap, year, "尚未报送激励推荐名单。", "激励推荐名单") + "\n"
    parts.append(f"各牵头部门共报送 {len(recs)} 份激励推荐名单。\n\n")
    rows = [[link(here, urls.measure(year, r.measure), facts.measure_title(year, r.measure)),
             link(here, urls.department(r.sender), facts.department_name(r.sender)), date(r.sent),
             str(sum(len(c.entries) for c in r.categories)),
             link(here, urls.recommendation(year, r.measure, r.sender), "推荐名单")] for r in recs]
    parts.append(table(["措施", "推荐单位", "报送日期", "推荐对象数", "详情"], rows) + "\n")
    return "".join(parts)


def _evidence(facts: Facts, app: Application, published: Mapping[str, Path]) -> list[str]:
    """The application's evidence: web links as they are; files as links to the copies the site
    publishes beside this page (and to their history in the repository, if its address is
    configured)."""
    snap = facts.snapshot
    here = urls.application(app.year, app.applicant, app.measure)
    out = []
    for item in app.evidence:
        if item.url:
            out.append(f"- {plain(item.title)}：{external_link(item.url, item.url)}")
        elif item.file:
            target = evidence.site_path(app, item.file)
            name = posixpath.basename(item.file)
            if target in published:
                size = published[target].stat().st_size
                shown = (f"[{plain(name)}]({quote(urls.relative(here, target))})"
                         f"（{posixpath.splitext(name)[1].lstrip('.').upper()}，{_size(size)}）")
            else:
                shown = f"{plain(name)}（未随网站发布）"
            folder = posixpath.dirname(snap.source_of(app.path))
            history = evidence.history_url(snap.repo_url, f"{folder}/{item.file}")
            if history:
                shown += f" · {external_link(history, '修改历史')}"
            out.append(f"- {plain(item.title)}：{shown}")
    return out


def _size(size: int) -> str:
    """A file size as a reader reads it: 980 字节, 12.5 KB, 3.2 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _application(facts: Facts, app: Application, published: Mapping[str, Path]) -> str:
    snap = facts.snapshot
    year, number = app.year, app.measure
    here = urls.application(year, app.applicant, number)
    parts = [header(snap, f"{facts.unit_name(app.applicant)} · 第{number}项 申报材料", searchable=False, lean=True),
             back(here, urls.applications_index(year), f"{year}年度申报材料")]
    nominees = nominees_text(app)
    parts.append(table(["项目", "内容"], [
        ["年度", link(here, urls.policy(year), f"{year}年度") if year in snap.editions else str(year)],
        ["申报措施", link(here, urls.measure(year, number), facts.measure_title(year, number))],
        ["申报单位", link(here, urls.unit(app.applicant), facts.unit_name(app.applicant))],
        ["申报对象", plain(nominees)],
        ["报送日期", date(app.filed)],
    ]) + "\n\n")
    parts.append(f"联系人信息只供牵头部门和{facts.snapshot.programme.supervision}审核使用，不公开。\n\n")

    parts.append("## 推荐和激励\n\n")
    nominations = facts.nominations_by_application.get(app.path, [])
    awards = facts.awards_by_application.get(app.path, [])
    if nominations:
        for n in nominations:
            rank = f"第 {n.entry.rank} 名" if n.entry.rank else "未排名次"
            parts.append(f"- {plain(n.name)}：列入"
                         f"{link(here, urls.recommendation(year, number, n.recommendation.sender), facts.department_name(n.recommendation.sender) + '的激励推荐名单')}"
                         f"（{plain(n.level)}，{rank}）\n")
    else:
        parts.append("- 未列入激励推荐名单。\n")
    for a in awards:
        parts.append(f"- {plain(a.nominee)}：列入{facts.snapshot.programme.official_list}"
                     f"（{link(here, urls.notice(a.notice.year, a.notice.slug), a.notice.title)}）\n")
    parts.append("\n")

    parts.append("## 自评\n")
    parts.append(rich(app.self_assessment) + "\n")
    parts.append("## 典型经验做法\n\n")
    for exp in app.experiences:
        parts.append(f"### {plain(exp.title)}\n")
        parts.append(rich(exp.body) + "\n")
    listed = _evidence(facts, app, published)
    if listed:
        parts.append("## 佐证材料\n\n" + "\n".join(listed) + "\n\n")
    parts.append(source_line(snap, app.path) + "\n")
    return "".join(parts)


def _recommendation(facts: Facts, rec: Recommendation) -> str:
    snap = facts.snapshot
    year, number = rec.year, rec.measure
    here = urls.recommendation(year, number, rec.sender)
    parts = [header(snap, f"{facts.department_name(rec.sender)} · 第{number}项 激励推荐名单", searchable=False, lean=True),
             back(here, urls.recommendations_index(year), f"{year}年度激励推荐名单")]
    parts.append(table(["项目", "内容"], [
        ["年度", link(here, urls.policy(year), f"{year}年度") if year in snap.editions else str(year)],
        ["措施", link(here, urls.measure(year, number), facts.measure_title(year, number))],
        ["推荐单位", link(here, urls.department(rec.sender), facts.department_name(rec.sender))],
        ["报送日期", date(rec.sent)],
        ["评审方式", cell(rec.method)],
    ]) + "\n\n")
    awarded = {(a.applicant, a.nominee): a for a in facts.awards_by_measure.get((year, number), [])}
    for category in rec.categories:
        parts.append(f"## {plain(category.level)}\n\n")
        rows = []
        for entry in category.entries:
            app = facts.application(year, number, entry.applicant)
            nominee = app.nominee(entry.nominee) if app is not None else None
            name = nominee.name if nominee is not None else (entry.nominee or entry.applicant)
            won = awarded.get((entry.applicant, name))
            result = link(here, urls.notice(won.notice.year, won.notice.slug), "获激励") if won else "—"
            rows.append([str(entry.rank) if entry.rank else "—", plain(name),
                         link(here, urls.unit(entry.applicant), facts.unit_name(entry.applicant)),
                         cell(entry.reason), result,
                         link(here, urls.application(year, entry.applicant, number), "申报材料") if app else "—"])
        parts.append(table(["名次", "推荐对象", "申报单位", "推荐理由", "结果", "申报材料"], rows) + "\n\n")
    if rec.note:
        parts.append("## 说明\n\n" + paragraphs(rec.note) + "\n\n")
    parts.append(source_line(snap, rec.path) + "\n")
    return "".join(parts)
