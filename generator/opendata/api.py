"""The JSON API v1 (`api/v1/`): one document per endpoint, each described by an API schema.

Each document is the view of records in `generator/export.py` (the shape `jili export`
shares) wrapped in the same envelope: `$schema` (the schema beside it), `api_version`,
`demo` and, in a demo build, `demo_note`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import urls
from ..export import (
    application_row,
    application_view,
    award_view,
    department_view,
    edition_view,
    measure_ref,
    measure_view,
    notice_view,
    platform_view,
    recommendation_rows,
    recommendation_view,
    region_view,
)
from ..facts import Facts
from ..model import Region
from ..programme import FALLBACK, Programme
from . import stats, wording
from .common import API_VERSION, DEMO_NOTE

#: The record of changes to the published formats (the data's own news is the notices feed).
CHANGELOG = Path(__file__).resolve().parent / "changelog.json"


def changelog(programme: Programme = FALLBACK) -> dict[str, Any]:
    """changelog.json, its wording filled from `programme` (wording.py); the release numbers and
    dates do not depend on it."""
    return wording.fill(json.loads(CHANGELOG.read_text(encoding="utf-8")), programme)


@dataclass(frozen=True)
class Document:
    path: str  # where it is published, relative to the site root
    schema: str  # the API schema that describes it (`awards` for awards.schema.json)
    title: str  # for the catalogue and the 开放数据 page
    body: dict[str, Any]


def envelope(facts: Facts, path: str, schema: str, body: dict[str, Any],
             stamp: dict[str, Any]) -> dict[str, Any]:
    """`body` with the head every file has; `stamp` names the build (`provenance.stamp`)."""
    head: dict[str, Any] = {
        "$schema": urls.relative(path, urls.api_schema(schema)),
        "api_version": API_VERSION,
        "demo": facts.snapshot.demo,
        **stamp,
    }
    if facts.snapshot.demo:
        head["demo_note"] = DEMO_NOTE
    return {**head, **body}


def documents(facts: Facts, stamp: dict[str, Any]) -> list[Document]:
    """Every endpoint of the API except the catalogue and the changelog, sorted by path."""
    snap = facts.snapshot
    docs: list[Document] = []

    def add(path: str, schema: str, title: str, body: dict[str, Any]) -> None:
        docs.append(Document(path, schema, title, envelope(facts, path, schema, body, stamp)))

    add(urls.api_editions(), "editions", "政策版次列表", {
        "current_year": snap.current_year,
        "editions": [_edition_summary(facts, year) for year in snap.years],
    })
    for year in snap.years:
        edition = snap.editions[year]
        measures = snap.measures.get(year, {})
        add(urls.api_edition(year), "edition", f"{year}年政策版次",
            {"edition": edition_view(edition, snap.source_of(edition.path))})
        add(urls.api_measures(year), "measures", f"{year}年激励措施",
            {"year": year, "document_number": edition.document_number,
             "measures": [measure_view(m) for m in measures.values()]})
        for number in measures:
            add(urls.api_measure(year, number), "measure", f"{year}年第{number}项措施",
                _measure_body(facts, year, number))
        add(urls.api_applications(year), "applications", f"{year}年申报材料",
            {"year": year, "applications": [application_view(a, facts)
                                            for a in facts.applications_by_year.get(year, ())]})
        add(urls.api_recommendations(year), "recommendations", f"{year}年激励推荐名单",
            {"year": year, "recommendations": [recommendation_view(r, facts)
                                               for r in facts.recommendations_by_year.get(year, ())]})
        add(urls.api_notices(year), "notices", f"{year}年通报",
            {"year": year, "notices": [notice_view(n, facts) for n in facts.notices(year)]})
        for notice in facts.notices(year):
            add(urls.api_notice(year, notice.slug), "notice", f"通报：{notice.title}",
                {"notice": notice_view(notice, facts)})
        add(urls.api_awards(year), "awards", f"{year}年获激励名单",
            {"year": year, "awards": [award_view(a, facts) for a in facts.awards_by_year.get(year, ())]})

    add(urls.api_regions(), "regions", _registry_title(snap, "region"),
        {"regions": [region_view(r) for r in snap.regions()]})
    add(urls.api_platforms(), "platforms", _registry_title(snap, "platform"),
        {"platforms": [platform_view(p) for p in snap.platforms()]})
    add(urls.api_departments(), "departments", _registry_title(snap, "department"),
        {"departments": [department_view(d) for d in snap.departments()]})
    recommended: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in snap.recommendations:
        for row in recommendation_rows(rec, facts):
            recommended[row["applicant"]].append(row)
    for unit in facts.units():
        add(urls.api_unit(unit.id), "unit", unit.name, _unit_body(facts, unit, recommended.get(unit.id, [])))
    for dept in snap.departments():
        add(urls.api_department(dept.id), "department", dept.name, _department_body(facts, dept.id))
    add(urls.api_stats(), "stats", "统计", stats.view(facts))
    return sorted(docs, key=lambda d: d.path)


def changelog_document(facts: Facts, stamp: dict[str, Any]) -> Document:
    path = urls.api_changelog()
    return Document(path, "changelog", "开放数据更新记录", envelope(facts, path, "changelog", changelog(facts.snapshot.programme), stamp))


def index_document(facts: Facts, *, title: str, description: str, documents: list[Document],
                   downloads: list[dict[str, Any]], feeds: list[dict[str, Any]],
                   calendars: list[dict[str, Any]], stamp: dict[str, Any]) -> Document:
    """The catalogue: every JSON file (itself included) with its schema, every download,
    feed and calendar."""
    path = urls.api_index()
    endpoints = [{"path": d.path, "schema": urls.api_schema(d.schema), "title": d.title} for d in documents]
    endpoints.append({"path": path, "schema": urls.api_schema("index"), "title": "开放数据目录"})
    return Document(path, "index", "开放数据目录", envelope(facts, path, "index", {
        "title": title,
        "description": description,
        "changelog": urls.api_changelog(),
        "datapackage": urls.datapackage(),
        "endpoints": sorted(endpoints, key=lambda e: e["path"]),
        "downloads": downloads,
        "feeds": feeds,
        "calendars": calendars,
    }, stamp))


def _edition_summary(facts: Facts, year: int) -> dict[str, Any]:
    edition = facts.snapshot.editions[year]
    return {
        "year": year,
        "title": edition.title,
        "document_number": edition.document_number,
        "issuer": edition.issuer,
        "published": edition.published.isoformat(),
        "measure_count": edition.measure_count,
        "links": {
            "edition": urls.api_edition(year),
            "measures": urls.api_measures(year),
            "applications": urls.api_applications(year),
            "recommendations": urls.api_recommendations(year),
            "notices": urls.api_notices(year),
            "awards": urls.api_awards(year),
            "calendar": urls.calendar(year),
        },
    }


def _measure_body(facts: Facts, year: int, number: int) -> dict[str, Any]:
    measure = facts.snapshot.measures[year][number]
    return {
        "measure": measure_view(measure),
        "applications": [_brief(application_view(a, facts))
                         for a in facts.applications_by_measure.get((year, number), [])],
        "recommendations": [recommendation_view(r, facts)
                            for r in facts.recommendations_by_measure.get((year, number), [])],
        "awards": [award_view(a, facts) for a in facts.awards_by_measure.get((year, number), [])],
        "links": {
            "feed": urls.feed_measure(year, number),
            "measures": urls.api_measures(year),
            "applications": urls.api_applications(year),
        },
    }


def _brief(application: dict[str, Any]) -> dict[str, Any]:
    return {key: application[key] for key in ("applicant", "applicant_name", "nominees", "filed", "source")}


def _unit_body(facts: Facts, unit, recommended: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "level": facts.unit_level(unit.id),
        "unit": region_view(unit) if isinstance(unit, Region) else platform_view(unit),
        "applications": [application_row(a, facts) for a in facts.applications_by_unit.get(unit.id, [])],
        "recommended": recommended,
        "awards": [award_view(a, facts) for a in facts.awards_by_unit.get(unit.id, [])],
    }


def _department_body(facts: Facts, dept_id: str) -> dict[str, Any]:
    return {
        "department": department_view(facts.snapshot.registry.departments[dept_id]),
        "leads": [measure_ref(m) for m in facts.led_by.get(dept_id, [])],
        "cooperates": [measure_ref(m) for m in facts.cooperated_by.get(dept_id, [])],
        "recommendations": [recommendation_view(r, facts) for r in facts.recommendations_by_sender.get(dept_id, [])],
    }


def _registry_title(snap, record: str) -> str:
    """A registry file's title in the programme's words: “区县名录”, “国家级开发开放平台名录”."""
    labels = [k.label for k in snap.programme.unit_kinds if k.record == record]
    return ("、".join(labels) or {"region": "行政区", "platform": "开发开放平台", "department": "部门"}[record]) + "名录"
