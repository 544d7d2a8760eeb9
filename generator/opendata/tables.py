"""The downloadable tables: one flat row per award, measure, recommended entry, application,
region or platform, and department.

A table's rows are API views (generator/export.py) and its columns are the properties of a
row definition in an API schema, in schema order: the CSV header, the Excel sheet and the
字段说明 all read titles and descriptions from that one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import urls
from ..export import application_row, award_view, department_view, measure_view, recommendation_rows
from ..facts import Facts
from ..model import Region, Unit
from .apischema import Field, Schemas, columns, definition
from .common import DEMO

DEMO_KEY = "demo"


@dataclass(frozen=True)
class Table:
    name: str  # the file name: downloads/<name>.csv
    title: str  # the sheet's name and the file's label
    schema: str  # the API schema holding the row definition
    pointer: str  # the row definition in it
    rows: tuple[dict[str, Any], ...]

    def fields(self, schemas: Schemas, *, demo: bool) -> list[Field]:
        """The columns, in order; a demo build leads with the 示例数据 marker column."""
        fields = columns(schemas, self.schema, self.pointer)
        if demo:
            fields.insert(0, _demo_field(schemas))
        return fields


#: name, title, schema, row definition: the tables, in the order files and sheets are listed.
#: The title names the sheet and (with the years) the file: `urls.TABLE_FILES`.
TABLES = (
    ("awards", urls.TABLE_FILES["awards"], "awards", "/$defs/award"),
    ("measures", urls.TABLE_FILES["measures"], "measures", "/$defs/measure"),
    ("recommendations", urls.TABLE_FILES["recommendations"], "recommendations", "/$defs/row"),
    ("applications", urls.TABLE_FILES["applications"], "applications", "/$defs/row"),
    ("units", urls.TABLE_FILES["units"], "unit", "/$defs/row"),
    ("departments", urls.TABLE_FILES["departments"], "departments", "/$defs/department"),
)


def tables(facts: Facts) -> list[Table]:
    snap = facts.snapshot
    rows: dict[str, list[dict[str, Any]]] = {
        "awards": [award_view(a, facts) for a in facts.awards],
        "measures": [measure_view(m) for year in snap.years for m in snap.measures.get(year, {}).values()],
        "recommendations": [row for r in snap.recommendations for row in recommendation_rows(r, facts)],
        "applications": [application_row(a, facts) for a in snap.applications],
        "units": [unit_row(u, facts) for u in facts.units()],
        "departments": [department_view(d) for d in snap.departments()],
    }
    demo = {DEMO_KEY: DEMO} if snap.demo else {}
    return [Table(name, title, schema, pointer, tuple({**demo, **row} for row in rows[name]))
            for name, title, schema, pointer in TABLES]


def unit_row(unit: Unit, facts: Facts) -> dict[str, Any]:
    """A region or platform as one row of the 申报单位名录 table (the registry's public fields)."""
    region = unit if isinstance(unit, Region) else None
    return {
        "id": unit.id,
        "name": unit.name,
        "level": facts.unit_level(unit.id),
        "kind": unit.kind,
        "code": region.code if region else None,
        "aliases": list(unit.aliases),
        "hosts": [] if region else list(unit.hosts),
        "valid_from": unit.valid_from,
        "valid_until": unit.valid_until,
        "successor": region.successor if region else None,
        "note": unit.note,
    }


def _demo_field(schemas: Schemas) -> Field:
    return definition(schemas, "common", "/$defs/demo_column", DEMO_KEY)
