"""The Frictionless Data Package (`downloads/datapackage.json`, Data Package 2.0) describing
every CSV download: what data portals and open-data tools (Frictionless, CKAN, catalogues of
the data.gov kind) read to learn a table's columns, types and keys without the 字段说明 page.

Each table's Table Schema is generated from the API schema definition its header and 字段说明
come from (`Table.fields`): a column's name is its header (the schema's title), its
description the schema's, its type and constraints follow the schema's type, format, values
and limits. Keys are declared once, in `KEYS`, by JSON field name. The package also names the
licence (`licence.json`), the publisher, the policy documents the data comes from, the
formats' release, the build time and the data commit, and gives each file's size and
SHA-256, so a CSV downloaded on its own can be matched to the build it came from.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import urls
from ..snapshot import Snapshot
from .apischema import Field, OpenDataError, Schemas, columns, node
from .common import DEMO_NOTE, publisher, titled, to_json
from .provenance import Provenance, absolute, built_at
from .tables import Table

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LICENCE = Path(__file__).resolve().parent / "licence.json"
#: Where the 字段说明 files' own columns are defined.
DICTIONARY_ROW = ("common", "/$defs/dictionary_row")
CSV_NOTE = ("CSV 文件：UTF-8 编码（带 BOM），逗号分隔，CRLF 换行；一个字段有多个值时以“、”分隔；"
            "以英文单引号（'）开头的值是为防止电子表格把它当作公式执行而加的，去掉这个单引号即为原值。")


class DuplicateColumn(OpenDataError):
    """Two columns of a table have the same title: a CSV header and a Table Schema need each
    column named once."""

    def __init__(self, table: str, title: str) -> None:
        super().__init__(f"下载文件“{table}”中有两列都叫“{title}”：表格的列名不能重复。请修改 schema/ 或 "
                         "generator/opendata/schemas/ 中其中一个字段的 title。")


@dataclass(frozen=True)
class Foreign:
    fields: tuple[str, ...]  # JSON field names in this table
    table: str  # the referenced table
    reference: tuple[str, ...]  # JSON field names there


@dataclass(frozen=True)
class Keys:
    primary: tuple[str, ...]
    foreign: tuple[Foreign, ...] = ()


_MEASURE = Foreign(("year", "measure"), "measures", ("year", "number"))
_APPLICANT = Foreign(("applicant",), "units", ("id",))
_APPLICATION = Foreign(("year", "measure", "applicant"), "applications", ("year", "measure", "applicant"))

#: Each table's primary key and foreign keys. What makes them hold is validated before
#: anything is published: ids are unique in the registry (R001), one application per unit and
#: measure (its file name), each list entry names an application (C002) once (C005), each
#: notice entry was recommended (N001), and an award's order is its place in its notice.
KEYS = {
    "awards": Keys(("year", "notice", "order"), (_MEASURE, _APPLICANT, _APPLICATION)),
    "measures": Keys(("year", "number")),
    "recommendations": Keys(("year", "measure", "sender", "applicant", "nominee"),
                            (_MEASURE, Foreign(("sender",), "departments", ("id",)), _APPLICANT, _APPLICATION)),
    "applications": Keys(("year", "measure", "applicant"), (_MEASURE, _APPLICANT)),
    "units": Keys(("id",), (Foreign(("successor",), "units", ("id",)),)),
    "departments": Keys(("id",)),
}


def licence() -> dict[str, Any]:
    """The licence the data is published under: `licenses` (Data Package form) and `summary`."""
    return json.loads(LICENCE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Described:
    """A table's CSV and its 字段说明 CSV as published, for the package to describe."""

    table: Table
    fields: Sequence[Field]
    path: str
    data: bytes
    dictionary_path: str
    dictionary: bytes


def package(snapshot: Snapshot, schemas: Schemas, tables: Sequence[Described], prov: Provenance, *,
            title: str, description: str) -> bytes:
    """datapackage.json for `tables`, published at `urls.datapackage()`."""
    here = posixpath.dirname(urls.datapackage())
    dictionary_fields = columns(schemas, *DICTIONARY_ROW)
    titles = {t.table.name: {f.key: f.title for f in t.fields} for t in tables}
    resources = []
    for t in tables:
        resources.append(_resource(
            t.table.name, posixpath.relpath(t.path, here), t.data, titled(snapshot, t.table.title),
            _row_description(schemas, t.table),
            table_schema(t.table.title, t.fields, KEYS[t.table.name], titles)))
    for t in tables:
        name = f"{t.table.title}（字段说明）"
        resources.append(_resource(
            f"{t.table.name}-fields", posixpath.relpath(t.dictionary_path, here), t.dictionary,
            titled(snapshot, name), node(schemas, *DICTIONARY_ROW)[1].get("description", ""),
            table_schema(name, dictionary_fields, Keys(("column",)), {})))
    body: dict[str, Any] = {
        "$schema": PROFILE,
        "name": "jili-opendata-demo" if snapshot.demo else "jili-opendata",
        "title": titled(snapshot, title),
        "description": (DEMO_NOTE + description) if snapshot.demo else description,
        "version": prov.release,
        "created": built_at(prov),
        "dataCommit": prov.data_commit,
    }
    if prov.site_url:
        body["id"] = absolute(prov, urls.datapackage())
        body["homepage"] = absolute(prov, urls.OPEN_DATA)
    body["licenses"] = licence()["licenses"]
    body["contributors"] = [{"title": publisher(snapshot), "roles": ["publisher"]}]
    sources = []
    for year in snapshot.years:
        edition = snapshot.editions[year]
        source = {"title": f"{edition.document_number}《{edition.notice_title}》"}
        if edition.source_url:
            source["path"] = edition.source_url
        sources.append(source)
    if snapshot.repo_url:
        sources.append({"title": "数据仓库", "path": snapshot.repo_url})
    body["sources"] = sources
    body["resources"] = resources
    return to_json(body, sort_keys=False, indent=2)


def _resource(name: str, path: str, data: bytes, title: str, description: str,
              schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        "description": f"{description}{CSV_NOTE}",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": schema,
    }


def _row_description(schemas: Schemas, table: Table) -> str:
    return node(schemas, table.schema, table.pointer)[1].get("description", "")


def table_schema(name: str, fields: Sequence[Field], keys: Keys,
                 titles: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The Table Schema of the CSV `name` whose columns are `fields` (its header: their titles);
    `titles` gives the other tables' column titles by JSON field name, for foreign keys.
    Raises DuplicateColumn when two columns have one title (a CSV header must not)."""
    by_key = {f.key: f.title for f in fields}
    seen: set[str] = set()
    for f in fields:
        if f.title in seen:
            raise DuplicateColumn(name, f.title)
        seen.add(f.title)
    out: dict[str, Any] = {"fields": [table_field(f, key=f.key in keys.primary) for f in fields]}
    out["primaryKey"] = [by_key[k] for k in keys.primary]
    if keys.foreign:
        out["foreignKeys"] = [
            {"fields": [by_key[k] for k in fk.fields],
             "reference": {"resource": fk.table, "fields": [titles[fk.table][k] for k in fk.reference]}}
            for fk in keys.foreign
        ]
    return out


def table_field(f: Field, *, key: bool = False) -> dict[str, Any]:
    """One Table Schema field from the schema of a column (`Field.schema`)."""
    n = f.schema
    field: dict[str, Any] = {"name": f.title, "description": f.description}
    constraints: dict[str, Any] = {}
    types = n.get("type")
    types = [types] if isinstance(types, str) else [t for t in (types or []) if t != "null"]
    values = [v for v in n.get("enum", []) if v is not None]
    if "const" in n:
        values = [n["const"]]
    kind = types[0] if types else ("string" if values else "")
    if kind == "integer":
        field["type"] = "integer"
        for limit in ("minimum", "maximum"):
            if limit in n:
                constraints[limit] = n[limit]
    elif kind == "boolean":
        field.update(type="boolean", trueValues=["是"], falseValues=["否"])
    elif kind == "array":
        items = n.get("items", {})
        item_type = items.get("type") if isinstance(items.get("type"), str) else "string"
        field.update(type="list", delimiter="、", itemType="integer" if item_type == "integer" else "string")
    elif kind == "string" and n.get("format") == "date":
        field["type"] = "date"
    else:
        field["type"] = "string"
        if values:
            constraints["enum"] = [str(v) for v in values]
    # A string the schema allows empty reads back as missing (""), so only a non-empty one is
    # required; lists are written empty when they have no items.
    filled = kind in ("integer", "boolean") or n.get("format") == "date" or bool(values) \
        or n.get("minLength", 0) >= 1 or "pattern" in n
    if key or (not f.nullable and kind != "array" and filled):
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field
