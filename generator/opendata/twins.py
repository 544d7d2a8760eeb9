"""Which pages each published file is the machine-readable twin of, and the label it is linked
by there. The outputs that make the files attach this to their entries
(`generator.outputs.Entry.twins`); pages list their twins from the entries.
"""

from __future__ import annotations

from collections import defaultdict

from .. import urls
from ..snapshot import Snapshot

Twin = tuple[str, str]  # (path, label)


def twins_of(snapshot: Snapshot) -> dict[str, list[Twin]]:
    """{data file path: [(page path, label), ...]}."""
    out: dict[str, list[Twin]] = defaultdict(list)
    for page, items in _by_page(snapshot).items():
        for target, label in items:
            out[target].append((page, label))
    return dict(out)


def _registry_label(snapshot: Snapshot, record: str) -> str:
    labels = [k.label for k in snapshot.programme.unit_kinds if k.record == record]
    return ("、".join(labels) or "名录") + "名录（JSON）"


def _by_page(snapshot: Snapshot) -> dict[str, list[Twin]]:
    """{page path: [(data path, label), ...]}: which files each page says the same as."""
    out: dict[str, list[Twin]] = {
        urls.HOME: [(urls.api_index(), "全部开放数据目录（JSON）"), (urls.feed_notices(), "通报订阅源（Atom）")],
        urls.AWARDS_INDEX: [(urls.feed_notices(), "通报和勘误订阅源（Atom）")],
        urls.REGIONS_INDEX: [(urls.api_regions(), _registry_label(snapshot, "region")), (urls.api_platforms(), _registry_label(snapshot, "platform"))],
        urls.DEPARTMENTS_INDEX: [(urls.api_departments(), "部门名录（JSON）")],
        urls.STATISTICS: [(urls.api_stats(), "统计数据（JSON）")],
        urls.TIMELINE: [(urls.api_editions(), "各年度政策和时间节点（JSON）")],
    }
    current = snapshot.current_year
    if current is not None:
        out[urls.TIMELINE].append((urls.calendar(current), f"{current}年度时间节点日历（iCalendar）"))
        out[urls.MEASURES_INDEX] = [(urls.api_measures(current), f"{current}年度激励措施（JSON）"),
                                    (urls.download("measures", snapshot.years), "激励措施表（CSV）"),
                                    (urls.download_workbook(snapshot.years), "全部数据（Excel）")]
    for year, measures in snapshot.measures.items():
        out[urls.policy(year)] = [(urls.api_edition(year), "本年度政策（JSON）"),
                                  (urls.api_measures(year), "本年度激励措施（JSON）"),
                                  (urls.calendar(year), "本年度时间节点日历（iCalendar）")]
        out[urls.awards_by_measure(year)] = [(urls.api_awards(year), "本年度正式名单（JSON）"),
                                             (urls.download("awards", snapshot.years), "正式名单表（CSV）"),
                                             (urls.download_workbook(snapshot.years), "全部数据（Excel）")]
        out[urls.awards_by_region(year)] = [(urls.api_awards(year), "本年度正式名单（JSON）")]
        out[urls.applications_index(year)] = [(urls.api_applications(year), "本年度申报（JSON，不含联系人）"),
                                              (urls.download("applications", snapshot.years), "申报表（CSV）")]
        out[urls.recommendations_index(year)] = [(urls.api_recommendations(year), "本年度激励推荐名单（JSON）"),
                                                 (urls.download("recommendations", snapshot.years), "推荐名单表（CSV）")]
        for number in measures:
            out[urls.measure(year, number)] = [(urls.api_measure(year, number), "本项措施的数据（JSON）"),
                                               (urls.feed_measure(year, number), "本项措施的订阅源（Atom）")]
    for notice in snapshot.notices:
        out[urls.notice(notice.year, notice.slug)] = [(urls.api_notice(notice.year, notice.slug), "本通报（JSON）"),
                                                      (urls.feed_notices(), "通报和勘误订阅源（Atom）")]
    for unit in [*snapshot.registry.regions.values(), *snapshot.registry.platforms.values()]:
        out[urls.unit(unit.id)] = [(urls.api_unit(unit.id), "本单位的申报和激励（JSON）")]
    for dept in snapshot.registry.departments.values():
        out[urls.department(dept.id)] = [(urls.api_department(dept.id), "本部门的措施和推荐名单（JSON）")]
    for app in snapshot.applications:
        out[urls.application(app.year, app.applicant, app.measure)] = [
            (urls.api_measure(app.year, app.measure), "本项措施及其申报（JSON，不含联系人）")]
    for rec in snapshot.recommendations:
        out[urls.recommendation(rec.year, rec.measure, rec.sender)] = [
            (urls.api_measure(rec.year, rec.measure), "本项措施及其推荐名单（JSON）")]
    return out
