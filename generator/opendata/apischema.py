"""The API's JSON Schemas, ready to publish, and the field lists (data dictionary) read from them.

The schemas in `generator/opendata/schemas/` describe the published files. A field that is
the same fact as a field of a data file does not restate it: it says
`"x-jili-source": "schema/<file>#<pointer>"` and takes title, description and constraints
from the repository's data schema when published (local keys override, e.g. a title that
reads better in a table; `"x-jili-nullable": true` admits null for a field the data file may
omit). The published schemas are self-contained apart from `$ref`s to each other, and keep
`x-jili-source` as an annotation saying where each field's description comes from.

Column titles and the descriptions in every 字段说明 come from here, never from code.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..outputs import OutputError
from ..programme import FALLBACK, Programme
from ..programme import PATH as PROGRAMME_PATH
from ..programme import build as build_programme
from ..schemas import SchemaSet, deref, resolve_pointer, split_ref
from . import wording

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SOURCE = "x-jili-source"
NULLABLE = "x-jili-nullable"
# Keys of the data schemas that help a clerk fix a file, not a reader use the data.
_DROP = frozenset({"x-jili", "$comment"})

Schemas = dict[str, dict[str, Any]]


class OpenDataError(OutputError):
    """The open data cannot be made from the schemas as they are; the message (Chinese) says
    what to fix. Front-ends print it instead of a traceback."""


class SourceMissing(OpenDataError):
    """A field of the API schemas takes its description from a data schema field that is not
    there (a field of schema/ was renamed or removed)."""

    def __init__(self, reference: str) -> None:
        file, _, pointer = reference.partition("#")
        super().__init__(f"开放数据接口的结构说明引用了 {file} 中的 {pointer}，但该处没有这个定义"
                         "（schema/ 中的字段被改名或删除了？）。请同时修改 generator/opendata/schemas/ "
                         f"中引用它的 x-jili-source，或恢复 {file} 中的定义。")
        self.reference = reference


def names() -> list[str]:
    """The API schema names (`awards` for awards.schema.json), sorted."""
    return sorted(p.name[: -len(".schema.json")] for p in SCHEMA_DIR.glob("*.schema.json"))


def load(data_schema_dir: Path, programme: Programme | None = None) -> Schemas:
    """Every API schema with its `x-jili-source` fields resolved from `data_schema_dir` and its
    placeholders filled from `programme` (wording.py); without one, from the programme.yaml
    beside `data_schema_dir`."""
    if programme is None:
        programme = _programme_beside(data_schema_dir)
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(data_schema_dir.glob("*.schema.json")))
    api_stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(SCHEMA_DIR.glob("*.schema.json")))
    return json.loads(_load_cached(str(data_schema_dir), stamp, api_stamp, programme))


@lru_cache(maxsize=8)
def _load_cached(directory: str, _stamp: tuple, _api_stamp: tuple, programme: Programme) -> str:
    # Cached as text: every caller gets its own copy to change.
    raw = SchemaSet(Path(directory)).raw
    out = {}
    for name in names():
        document = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        out[name] = _resolve(wording.fill(document, programme), raw)
    return json.dumps(out, ensure_ascii=False)


def _programme_beside(data_schema_dir: Path) -> Programme:
    """The programme whose settings sit in the folder above `data_schema_dir` (the stand-in
    while they cannot be read: their own check reports why)."""
    from ..loader import LoadError, decode, load_text

    path = data_schema_dir.parent / PROGRAMME_PATH
    try:
        return build_programme(load_text(decode(path.read_bytes()), PROGRAMME_PATH).data)
    except (OSError, LoadError, KeyError, TypeError, AttributeError):
        return FALLBACK


def _resolve(node: Any, raw: Callable[[str], Any]) -> Any:
    if isinstance(node, list):
        return [_resolve(item, raw) for item in node]
    if not isinstance(node, dict):
        return node
    if SOURCE in node:
        reference = node[SOURCE]
        file, _, pointer = reference.partition("#")
        if not file.startswith("schema/") or not file.endswith(".schema.json"):
            raise SourceMissing(reference)
        name = file[len("schema/"): -len(".schema.json")]
        try:
            source = _inline(raw, name, resolve_pointer(raw(name), pointer))
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise SourceMissing(reference) from exc
        local = {k: _resolve(v, raw) for k, v in node.items() if k not in (SOURCE, NULLABLE)}
        merged = {**source, **local, SOURCE: reference}
        return _nullable(merged) if node.get(NULLABLE) else merged
    return {k: _resolve(v, raw) for k, v in node.items()}


def _inline(raw: Callable[[str], Any], name: str, node: Any) -> Any:
    """`node` of data schema `name` with every `$ref` replaced by what it points at."""
    if isinstance(node, list):
        return [_inline(raw, name, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target_name, pointer = split_ref(name, node["$ref"])
        base = _inline(raw, target_name, resolve_pointer(raw(target_name), pointer))
        rest = {k: _inline(raw, name, v) for k, v in node.items() if k != "$ref" and k not in _DROP}
        return {**base, **rest}
    return {k: _inline(raw, name, v) for k, v in node.items() if k not in _DROP}


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    out = dict(node)
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        out["type"] = [*kind, "null"]
    return out


# --- publishing: one self-contained file per schema ------------------------------------------

def _embedded_key(name: str) -> str:
    """Where a published schema keeps the definitions it takes from the API schema `name`."""
    return f"{name}.schema.json"


def published(schemas: Schemas, name: str, *, schema_id: str | None) -> dict[str, Any]:
    """The API schema `name` as published: self-contained, so that standard tools validate a
    file with it as downloaded, offline, with no flags (`check-jsonschema --schemafile`,
    `jsonschema.validate`).

    Every definition it uses from another API schema is copied under
    `$defs["<other>.schema.json"]` at the same JSON pointer, and every `$ref` becomes a
    reference inside the file (`common.schema.json#/$defs/year` becomes
    `#/$defs/common.schema.json/$defs/year`), so no `$ref` depends on where the file sits or on
    `$id`. `$id` is `schema_id` (the schema's real address, when the site's address is
    configured) or absent: a made-up address would send validators to fetch it."""
    embedded: dict[str, Any] = {}
    seen: set[tuple[str, str]] = set()

    def local(target: str, pointer: str) -> str:
        return "#" + pointer if target == name else f"#/$defs/{_embedded_key(target)}{pointer}"

    def rewrite(node: Any, doc: str) -> Any:
        if isinstance(node, list):
            return [rewrite(item, doc) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                target, pointer = split_ref(doc, value)
                out[key] = local(target, pointer)
                if target != name:
                    need(target, pointer)
            else:
                out[key] = rewrite(value, doc)
        return out

    def need(target: str, pointer: str) -> None:
        if (target, pointer) in seen:
            return
        seen.add((target, pointer))
        node = rewrite(resolve_pointer(schemas[target], pointer), target)
        parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")] if pointer else []
        if not parts:  # the whole document: a subschema now, not a resource of its own
            embedded[target] = {k: v for k, v in node.items() if k not in ("$schema", "$id")}
            return
        place = embedded.setdefault(target, {})
        for part in parts[:-1]:
            place = place.setdefault(part, {})
        place[parts[-1]] = node

    body = rewrite(schemas[name], name)
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key == "$id":
            continue
        out[key] = value
        if key == "$schema" and schema_id:
            out["$id"] = schema_id
    if embedded:
        defs = dict(out.get("$defs", {}))
        for target in sorted(embedded):
            defs[_embedded_key(target)] = {
                "description": f"取自同目录下 {_embedded_key(target)} 的定义，使本文件不依赖其他文件即可使用。",
                **embedded[target],
            }
        out["$defs"] = defs
    return out


# --- reading the schemas: the data dictionary ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # the JSON key, or a path like `awards[].measure` for nested fields
    title: str
    description: str
    kind: str  # the type, as a reader says it
    values: tuple[str, ...] = ()  # the allowed values, if the field has a fixed list
    nullable: bool = False
    #: the field's schema node with its `$ref`s followed: types, formats and limits for the
    #: writers that need them (dates in the workbook, the data package's Table Schemas)
    schema: dict[str, Any] = dataclass_field(default_factory=dict, compare=False, repr=False)


def node(schemas: Schemas, name: str, pointer: str = "") -> tuple[str, dict[str, Any]]:
    """The schema node at `name#pointer`, its `$ref`s followed."""
    return deref(schemas.__getitem__, name, resolve_pointer(schemas[name], pointer))


def columns(schemas: Schemas, name: str, pointer: str) -> list[Field]:
    """The properties of the object at `name#pointer`, in schema order: a table's columns."""
    where, obj = node(schemas, name, pointer)
    return [_field(schemas, where, key, sub, table=True) for key, sub in obj.get("properties", {}).items()]


def definition(schemas: Schemas, name: str, pointer: str, key: str) -> Field:
    """The definition at `name#pointer` described as a field called `key`."""
    return _field(schemas, name, key, resolve_pointer(schemas[name], pointer), table=True)


def walk(schemas: Schemas, name: str) -> Iterator[Field]:
    """Every field of the document schema `name`, depth first, with paths like `a[].b`."""
    yield from _walk(schemas, name, schemas[name], "", 0)


def _walk(schemas: Schemas, where: str, obj: dict[str, Any], prefix: str, depth: int) -> Iterator[Field]:
    if depth > 8:  # our schemas are not recursive; this only guards against a mistake
        return
    for key, sub in obj.get("properties", {}).items():
        if key == "$schema":
            continue
        path = f"{prefix}{key}"
        field_where, resolved = deref(schemas.__getitem__, where, sub)
        yield _field(schemas, where, path, sub, table=False)
        for child_where, child, suffix in _children(schemas, field_where, resolved):
            yield from _walk(schemas, child_where, child, f"{path}{suffix}.", depth + 1)


def _children(schemas: Schemas, where: str, resolved: dict[str, Any]) -> Iterator[tuple[str, dict, str]]:
    """The object schemas nested in a field: itself, its array items, or its alternatives."""
    if "properties" in resolved:
        yield where, resolved, ""
    elif isinstance(resolved.get("items"), dict):
        item_where, item = deref(schemas.__getitem__, where, resolved["items"])
        if "properties" in item:
            yield item_where, item, "[]"
    for branch in resolved.get("oneOf", ()):
        branch_where, branch_node = deref(schemas.__getitem__, where, branch)
        if "properties" in branch_node:
            yield branch_where, branch_node, f"（{branch_node.get('title', '')}）"


def _field(schemas: Schemas, where: str, key: str, sub: dict[str, Any], *, table: bool) -> Field:
    where, resolved = deref(schemas.__getitem__, where, sub)
    kind, values, nullable = _kind(schemas, where, resolved, table=table)
    return Field(key, resolved.get("title", key), resolved.get("description", ""), kind, values, nullable,
                 _followed(schemas, where, resolved))


def _followed(schemas: Schemas, where: str, n: dict[str, Any]) -> dict[str, Any]:
    """`n` with the `$ref` of its array items followed too (a list's item type and values)."""
    items = n.get("items")
    if isinstance(items, dict) and "$ref" in items:
        return {**n, "items": deref(schemas.__getitem__, where, items)[1]}
    return n


def _kind(schemas: Schemas, where: str, n: dict[str, Any], *, table: bool) -> tuple[str, tuple[str, ...], bool]:
    types = n.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    enum = [v for v in n.get("enum", []) if v is not None]
    nullable = "null" in types or None in n.get("enum", [])
    types = [t for t in types if t != "null"]
    if "const" in n:
        return "固定值", (str(n["const"]),), nullable
    if enum:
        return "文字（取值之一）", tuple(str(v) for v in enum), nullable
    if "oneOf" in n or "anyOf" in n:
        return "对象", (), nullable
    kind = types[0] if types else ""
    if kind == "array":
        item_where, item = deref(schemas.__getitem__, where, n.get("items", {}))
        item_kind, values, _ = _kind(schemas, item_where, item, table=table)
        if table:
            return f"{item_kind}，多个值以“、”分隔", values, nullable
        return f"列表（每项为{item_kind}）", values, nullable
    if kind == "string":
        fmt = n.get("format")
        if fmt == "date":
            return "日期（YYYY-MM-DD）", (), nullable
        if fmt == "date-time":
            return "时刻（RFC 3339）", (), nullable
        if fmt == "uri":
            return "网址", (), nullable
        return "文字", (), nullable
    if kind == "integer":
        return "整数", (), nullable
    if kind == "boolean":
        return ("“是”或“否”" if table else "true 或 false"), (), nullable
    if kind == "object" or "properties" in n:
        return "对象", (), nullable
    return "文字", (), nullable
