"""Public views of records: the shapes the JSON API, downloads and `jili export` publish.

Only what may be published is here: an application's contact never leaves this module's
callers because no view includes it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import clock
from .model import (
    Application,
    Closure,
    Department,
    Edition,
    Measure,
    Milestone,
    Notice,
    Platform,
    Recommendation,
    Region,
)

if TYPE_CHECKING:
    from .facts import Facts
    from .snapshot import Award


def measure_view(measure: Measure) -> dict[str, Any]:
    """A measure as `jili export measures` and the API publish it."""
    return {
        "year": measure.year,
        "number": measure.number,
        "title": measure.title,
        "title_from_notice": measure.title_from_notice,
        "text": measure.text,
        "eligible_levels": list(measure.levels),
        "eligible_text": measure.eligible_text,
        "incentive_kinds": list(measure.incentive_kinds),
        "incentive_clause": measure.incentive_clause,
        "lead_units": list(measure.lead_units),
        "cooperating_units": list(measure.cooperating_units),
        "cooperating_units_open_ended": measure.cooperating_units_open_ended,
    }


# --- the open-data API's views (api/v1/); the schemas are generator/opendata/schemas/ --------
#
# Every view lists all of its fields (absent values are null), so each record of a kind has
# the same keys; the API schemas require them all. Names are resolved through the site's
# lookups (`Facts`), so a page and its data twin name things the same way.


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def measure_ref(measure: Measure) -> dict[str, Any]:
    return {"year": measure.year, "measure": measure.number, "measure_title": measure.title}


def milestone_view(milestone: Milestone) -> dict[str, Any]:
    return {
        "id": milestone.id,
        "step": milestone.step,
        "title": milestone.title,
        "due": _day(milestone.due),
        "due_text": milestone.due_text,
        "deadline": clock.closes_at(milestone.due).isoformat() if milestone.due else None,
        "after": milestone.after,
        "actors": list(milestone.actors),
        "delivers": milestone.delivers,
        "file_kind": milestone.file_kind,
        "recipients": list(milestone.recipients),
        "copy_to": list(milestone.copy_to),
        "clause": milestone.clause,
        "clause_ref": milestone.clause_ref,
    }


def edition_view(edition: Edition, source: str) -> dict[str, Any]:
    return {
        "year": edition.year,
        "title": edition.title,
        "notice_title": edition.notice_title,
        "document_number": edition.document_number,
        "issuer": edition.issuer,
        "signed": _day(edition.signed),
        "published": _day(edition.published),
        "addressees": edition.addressees,
        "cover_letter": edition.cover_letter,
        "disclosure": edition.disclosure,
        "source_url": edition.source_url,
        "supersedes": [{"document_number": s.document_number, "title": s.title, "year": s.year}
                       for s in edition.supersedes],
        "measure_count": edition.measure_count,
        "preamble": edition.preamble,
        "organisation": edition.organisation,
        "closing": edition.closing,
        "milestones": [milestone_view(m) for m in edition.milestones],
        "closure": closure_view(edition.closure),
        "source": source,
    }


def closure_view(closure: Closure | None) -> dict[str, Any] | None:
    """How the round ended (edition `closure`, schema/edition.schema.json), or None while it runs."""
    if closure is None:
        return None
    return {"outcome": closure.outcome, "title": closure.title, "document_number": closure.document_number,
            "date": _day(closure.date), "url": closure.url, "note": closure.note}


def region_view(region: Region) -> dict[str, Any]:
    """A region's public fields; the maintainers' accounts are for CODEOWNERS, not the public."""
    return {
        "id": region.id,
        "name": region.name,
        "kind": region.kind,
        "code": region.code,
        "aliases": list(region.aliases),
        "valid_from": region.valid_from,
        "valid_until": region.valid_until,
        "history": [{"name": h.name, "kind": h.kind, "code": h.code, "valid_until": h.valid_until, "note": h.note}
                    for h in region.history],
        "successor": region.successor,
        "note": region.note,
    }


def platform_view(platform: Platform) -> dict[str, Any]:
    return {
        "id": platform.id,
        "name": platform.name,
        "kind": platform.kind,
        "aliases": list(platform.aliases),
        "hosts": list(platform.hosts),
        "valid_from": platform.valid_from,
        "valid_until": platform.valid_until,
        "note": platform.note,
    }


def department_view(department: Department) -> dict[str, Any]:
    return {
        "id": department.id,
        "name": department.name,
        "full_name": department.full_name,
        "aliases": list(department.aliases),
        "roles": list(department.roles),
        "valid_from": department.valid_from,
        "valid_until": department.valid_until,
        "note": department.note,
    }


def _measure_title(facts: Facts, year: int, number: int) -> str:
    measure = facts.measure(year, number)
    return measure.title if measure is not None else ""


def application_view(app: Application, facts: Facts) -> dict[str, Any]:
    """An application as published: everything but the contact, which no view reads."""
    return {
        "year": app.year,
        "measure": app.measure,
        "measure_title": _measure_title(facts, app.year, app.measure),
        "applicant": app.applicant,
        "applicant_name": facts.unit_name(app.applicant),
        "applicant_level": facts.unit_level(app.applicant),
        "nominees": [{"level": n.level, "name": n.name, **({"parent": n.parent} if n.parent else {})}
                     for n in app.nominees],
        "self_assessment": app.self_assessment,
        "experiences": [{"title": e.title, "body": e.body} for e in app.experiences],
        "evidence": [{"title": e.title, **({"url": e.url} if e.url else {}), **({"file": e.file} if e.file else {})}
                     for e in app.evidence],
        "filed": _day(app.filed),
        "source": facts.snapshot.source_of(app.path),
    }


def application_row(app: Application, facts: Facts) -> dict[str, Any]:
    """An application in brief: one row of the 申报情况 table."""
    return {
        "year": app.year,
        "measure": app.measure,
        "measure_title": _measure_title(facts, app.year, app.measure),
        "applicant": app.applicant,
        "applicant_name": facts.unit_name(app.applicant),
        "applicant_level": facts.unit_level(app.applicant),
        "nominees": [n.name for n in app.nominees],
        "experiences": [e.title for e in app.experiences],
        "filed": _day(app.filed),
        "source": facts.snapshot.source_of(app.path),
    }


def nominee_name(facts: Facts, year: int, measure: int, applicant: str, nominee: str | None) -> str:
    """The name a list entry (applicant, nominee) stands for, as the application writes it."""
    app = facts.snapshot.application(year, measure, applicant)
    found = app.nominee(nominee) if app is not None else None
    return found.name if found is not None else (nominee or facts.unit_name(applicant))


def recommendation_view(rec: Recommendation, facts: Facts) -> dict[str, Any]:
    return {
        "year": rec.year,
        "measure": rec.measure,
        "measure_title": _measure_title(facts, rec.year, rec.measure),
        "sender": rec.sender,
        "sender_name": facts.department_name(rec.sender),
        "sent": _day(rec.sent),
        "method": rec.method,
        "note": rec.note,
        "categories": [
            {"level": c.level,
             "entries": [{"applicant": e.applicant, "applicant_name": facts.unit_name(e.applicant),
                          "nominee": nominee_name(facts, rec.year, rec.measure, e.applicant, e.nominee),
                          "rank": e.rank, "reason": e.reason} for e in c.entries]}
            for c in rec.categories
        ],
        "source": facts.snapshot.source_of(rec.path),
    }


def recommendation_rows(rec: Recommendation, facts: Facts) -> list[dict[str, Any]]:
    """A recommendation list flattened: one row per entry (the 激励推荐名单 table)."""
    view = recommendation_view(rec, facts)
    return [
        {"year": view["year"], "measure": view["measure"], "measure_title": view["measure_title"],
         "sender": view["sender"], "sender_name": view["sender_name"], "sent": view["sent"],
         "level": category["level"], "rank": entry["rank"], "nominee": entry["nominee"],
         "applicant": entry["applicant"], "applicant_name": entry["applicant_name"],
         "reason": entry["reason"], "method": view["method"], "source": view["source"]}
        for category in view["categories"] for entry in category["entries"]
    ]


def award_view(award: Award, facts: Facts) -> dict[str, Any]:
    """One entry of a published notice, with what it stands on (notice, lists, application)."""
    notice = award.notice
    return {
        "year": award.year,
        "measure": award.measure,
        "measure_title": _measure_title(facts, award.year, award.measure),
        "order": award.order,
        "nominee": award.nominee,
        "level": award.level or facts.unit_level(award.applicant),
        "township_code": (facts.township_code(award.applicant, award.nominee, award.year)
                          if facts.snapshot.programme.is_subunit(award.level) else None),
        "applicant": award.applicant,
        "applicant_name": facts.unit_name(award.applicant),
        "notice": notice.slug,
        "notice_title": notice.title,
        "notice_document_number": notice.document_number,
        "notice_date": _day(notice.date),
        "recommended_by": [r.sender for r in award.recommendations],
        "recommended_by_names": [facts.department_name(r.sender) for r in award.recommendations],
        "application_source": facts.snapshot.source_of(award.application.path) if award.application else None,
    }


def notice_view(notice: Notice, facts: Facts) -> dict[str, Any]:
    """A published notice: its list in the notice's order, and its errata."""
    issuer = facts.department(notice.issuer)
    return {
        "year": notice.year,
        "slug": notice.slug,
        "title": notice.title,
        "document_number": notice.document_number,
        "date": _day(notice.date),
        "issuer": notice.issuer,
        "issuer_name": issuer.full_name if issuer is not None else notice.issuer,
        "preamble": notice.preamble,
        "measures": [
            {"measure": block.measure,
             "measure_title": _measure_title(facts, notice.year, block.measure),
             "entries": [{"order": a.order, "nominee": a.nominee,
                          "level": a.level or facts.unit_level(a.applicant),
                          "applicant": a.applicant, "applicant_name": facts.unit_name(a.applicant)}
                         for a in facts.awards_by_notice.get((notice.path, block.measure), ())]}
            for block in notice.measures
        ],
        "errata": [{"date": _day(e.date), "document_number": e.document_number, "change": e.change}
                   for e in notice.errata],
        "source": facts.snapshot.source_of(notice.path),
    }
