"""What the site's forms need, as data the build publishes: one file per open round.

The forms (generator/site/forms.py, assets/forms.js) restate no rule: who may apply, for which
measures, at which levels, with which townships; who leads a measure and which applications
it received; the templates `jili new` writes and the values they take; the JSON Schemas CI
validates against (copied as they are); and the wording of every message the form can show,
from generator/codes.py. All of it comes from the Snapshot and the modules that own each fact.

Published as `forms/<year>/data.js`: a script rather than JSON, because a page opened from
disk (file://) may load a script but not fetch a file.
"""

from __future__ import annotations

import json
from typing import Any

from .. import attachments, hygiene, layout, urls
from ..codes import CODES
from ..scaffold import (
    _level_examples,
    application_context,
    may_apply,
    nominees_line,
    recommendation_context,
    template_source,
)
from ..schemas import FORMATS, PROBLEMS, TYPE_NAMES, SchemaSet
from ..snapshot import Snapshot
from . import forge

#: The input schemas the forms validate against, by file name in schema/.
SCHEMAS = ("common", "application", "recommendation")
#: Codes whose wording the forms use: structure (as CI words it), the typing slips the schema
#: compiler names, invisible characters, the mobile-phone warning, attachments' type and size.
CODES_USED = ("S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008", "S009", "S010",
              "Y013", "Y025", "Y026", "A010", "A013", "F005", "F007")
#: Rules only CI can judge (other files, the repository, the clock), as the forms name them.
CI_ONLY = {
    "application": ("A004", "A007", "F005", "F006", "F008", "F011", "T001", "U001"),
    "recommendation": ("C002", "C003", "C004", "T001", "U001"),
}
#: A sample applicant id and measure number that `layout` turns into a path pattern.
_APPLICANT, _SENDER = "{applicant}", "{sender}"


def open_years(snapshot: Snapshot) -> list[int]:
    """The rounds still going on (no recorded ending), newest first: each gets its forms."""
    return sorted((y for y in snapshot.years if snapshot.closure(y) is None), reverse=True)


def page_application(year: int) -> str:
    return f"forms/{year}/application.md"


def page_recommendation(year: int) -> str:
    return f"forms/{year}/recommendation.md"


def data_file(year: int) -> str:
    return f"forms/{year}/data.js"


def _path_pattern(sample: str, number_text: str) -> str:
    """A layout path with the measure's two digits as {number} (the last such folder or name)."""
    head, sep, tail = sample.rpartition(number_text)
    return head + "{number}" + tail if sep else sample


def _messages(snapshot: Snapshot) -> dict[str, dict[str, str | None]]:
    terms = snapshot.programme.terms

    def words(text: str | None) -> str | None:
        if text is None:
            return None
        for key, value in terms.items():
            text = text.replace("{" + key + "}", value)
        return text

    return {code: {"title": CODES[code].title, "message": words(CODES[code].message),
                   "hint": words(CODES[code].hint), "source": words(CODES[code].source),
                   "severity": CODES[code].severity} for code in CODES_USED}


def _forbidden() -> dict[str, Any]:
    """hygiene.FORBIDDEN and how messages name each character it matches (Y013)."""
    names = {}
    for code in [*range(0x10000), *range(0xE0000, 0xE0080)]:
        ch = chr(code)
        if hygiene.has_forbidden(ch):
            names[f"{code:X}"] = hygiene.describe(ch)
    return {"pattern": hygiene.FORBIDDEN.pattern, "names": names}


def _applicants(snapshot: Snapshot, year: int, page: str) -> list[dict[str, Any]]:
    programme = snapshot.programme
    edition = snapshot.editions[year]
    measures = list(snapshot.measures[year].values())
    applying = {k.id for k in programme.applicant_kinds}
    out = []
    for unit in [*snapshot.regions(), *snapshot.platforms()]:
        if unit.unit_kind not in applying or not unit.valid_in(year) or not measures:
            continue
        context = application_context(snapshot, edition, measures[0], unit, "")
        subunit = context["subunit"]
        listed = snapshot.registry.lists_townships(unit.id)
        existing = {}
        for m in measures:
            app = snapshot.application(year, m.number, unit.id)
            if app is not None:
                existing[str(m.number)] = urls.html_path(urls.relative(page, urls.application(year, unit.id, m.number)))
        out.append({
            "id": unit.id, "name": unit.name, "kind": unit.unit_kind, "own_level": context["own_level"],
            "subunit": {"label": subunit.label} if subunit is not None else None,
            "subunits_listed": listed,
            "subunits": [t.name for t in snapshot.registry.townships_of(unit.id, year)] if listed else [],
            "measures": [m.number for m in measures if may_apply(programme, unit, m)],
            "existing": existing,
        })
    return out


def _measures(snapshot: Snapshot, year: int, page: str) -> list[dict[str, Any]]:
    edition = snapshot.editions[year]
    registry = snapshot.registry
    units = [*snapshot.regions(), *snapshot.platforms()]
    out = []
    for m in snapshot.measures[year].values():
        citation = application_context(snapshot, edition, m, units[0], "")["measure_citation"] if units else ""
        leads = [d.id for d in (registry.department_named(n, year) for n in m.lead_units) if d is not None]
        apps = snapshot.applications_for(year, m.number)
        out.append({
            "number": m.number, "title": m.title, "eligible_text": m.eligible_text, "levels": list(m.levels),
            "citation": citation, "leads": leads, "lead_units": list(m.lead_units),
            "level_examples": _level_examples(snapshot, year, m),
            "received": [{"applicant": a.applicant, "nominees": nominees_line(a)} for a in apps],
            "applications": [{
                "applicant": a.applicant, "name": _unit_name(snapshot, a.applicant),
                "page": urls.html_path(urls.relative(page, urls.application(year, a.applicant, m.number))),
                "nominees": [{"level": n.level, "name": n.name, "subunit": n.parent is not None}
                             for n in a.nominees],
            } for a in apps],
        })
    return out


def _unit_name(snapshot: Snapshot, unit_id: str) -> str:
    unit = snapshot.registry.unit(unit_id)
    return unit.name if unit is not None else unit_id


def _departments(snapshot: Snapshot, year: int, measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    led: dict[str, list[int]] = {}
    for m in measures:
        for dept in m["leads"]:
            led.setdefault(dept, []).append(m["number"])
    return [{"id": d.id, "name": d.name, "measures": led[d.id]}
            for d in snapshot.departments() if d.id in led and d.valid_in(year)]


def _context(snapshot: Snapshot, year: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The template values that are the same for every application, and for every list."""
    edition = snapshot.editions[year]
    measures = list(snapshot.measures[year].values())
    units = [*snapshot.regions(), *snapshot.platforms()]
    depts = snapshot.departments()
    app: dict[str, Any] = {}
    rec: dict[str, Any] = {}
    if measures and units:
        sample = application_context(snapshot, edition, measures[0], units[0], "")
        app = {k: sample[k] for k in ("schema_line", "year", "step_citation", "supervision", "phone_example",
                                       "deadline")}
        number = f"{measures[0].number:02d}"
        app["path"] = _path_pattern(layout.application_path(year, _APPLICANT, measures[0].number), number)
    if measures and depts:
        sample = recommendation_context(snapshot, edition, measures[0], depts[0], [], "")
        rec = {k: sample[k] for k in ("schema_line", "year", "step_citation", "supervision", "deadline")}
        number = f"{measures[0].number:02d}"
        rec["path"] = _path_pattern(layout.recommendation_path(year, measures[0].number, _SENDER), number)
    return app, rec


def form_data(snapshot: Snapshot, year: int) -> dict[str, Any]:
    """Everything the forms of round `year` read (see the module docstring)."""
    programme = snapshot.programme
    page = page_application(year)
    measures = _measures(snapshot, year, page)
    app_context, rec_context = _context(snapshot, year)
    schemas = SchemaSet(snapshot.root / "schema")
    target = forge.new_file(snapshot.repo_url)
    edition = snapshot.editions[year]
    return {
        "year": year,
        "document_number": edition.document_number,
        "programme": {
            "supervision": programme.supervision, "guide": programme.guide,
            "applicant_kinds": [{"id": k.id, "label": k.label} for k in programme.applicant_kinds],
            "phone_example": programme.phone_example,
        },
        "applicants": _applicants(snapshot, year, page),
        "measures": measures,
        "departments": _departments(snapshot, year, measures),
        "templates": {"application": template_source("application.yaml.j2"),
                      "recommendation": template_source("recommendation.yaml.j2")},
        "context": {"application": app_context, "recommendation": rec_context},
        "schemas": {f"{name}.schema.json": schemas.raw(name) for name in SCHEMAS},
        "messages": _messages(snapshot),
        "problems": PROBLEMS,
        "type_names": TYPE_NAMES,
        "formats": {name: text for name, (_, text) in FORMATS.items()},
        "forbidden": _forbidden(),
        "attachments": {
            "types": [{"suffix": s, "label": t.label} for s, t in attachments.TYPES.items()],
            "allowed_text": attachments.allowed_text(),
            "max_file_bytes": attachments.MAX_FILE_BYTES,
            "max_file_text": attachments.size_text(attachments.MAX_FILE_BYTES),
            "max_folder_text": attachments.size_text(attachments.MAX_FOLDER_BYTES),
        },
        "forge": target.as_dict() if target is not None else None,
    }




def script(data: dict[str, Any]) -> bytes:
    """The data as the script `forms/<year>/data.js`."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)
    return (f"window.jiliFormData=window.jiliFormData||{{}};window.jiliFormData[{data['year']}]={text};\n"
            ).encode()


def _plain(value: Any) -> Any:
    """Records the templates read (Measure, Level) as the plain values nunjucks reads."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
