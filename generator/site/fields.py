"""The field reference (字段说明), generated from the JSON Schemas in `schema/`.

The schemas are the one description of every data file: titles, descriptions, types,
required fields and allowed values are read from them here, never restated by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import urls
from ..pagetext import header, plain, table
from ..schemas import TYPE_NAMES, SchemaSet, deref

#: The order readers need them in: what a region files first, reference data last.
ORDER = ("application", "recommendation", "notice", "edition", "measure", "region", "townships", "platform",
         "department")
FORMAT_NAMES = {"date": "日期（如 2022-01-31）", "date-time": "带时区的时间", "uri": "网址"}


def page(snapshot) -> dict[str, str]:
    schemas = SchemaSet(Path(snapshot.root) / "schema")
    present = sorted(p.name[: -len(".schema.json")] for p in schemas.directory.glob("*.schema.json"))
    names = [n for n in ORDER if n in present] + [n for n in present if n not in ORDER and n != "common"]
    parts = [header(snapshot, "字段说明")]
    parts.append("每类数据文件的字段，由仓库 `schema/` 目录中的 JSON Schema 自动生成；"
                 "编辑器提示、CI 校验和本页读的是同一份 schema。"
                 "文件第一行的 `# yaml-language-server: $schema=…` 让编辑器边写边检查。\n\n")
    for name in names:
        raw = schemas.raw(name)
        parts.append(f"## {plain(raw.get('title', name))}\n\n")
        if raw.get("description"):
            parts.append(plain(raw["description"]) + "\n\n")
        parts.append(f"定义文件（JSON Schema）：`schema/{name}.schema.json`\n\n")
        rows = [[f"`{path}`", plain(node.get("title", "")), plain(_type(node)), "是" if required else "否",
                 plain(_explain(node))] for path, node, required in _fields(schemas, name, raw)]
        parts.append(table(["字段", "名称", "类型", "必填", "说明"], rows) + "\n\n")
    return {urls.FIELDS: "".join(parts)}


def _fields(schemas: SchemaSet, name: str, node: Any, prefix: str = "") -> Iterator[tuple[str, dict, bool]]:
    """(dotted path, resolved schema node, required) for every field, depth first."""
    name, node = deref(schemas.raw, name, node)
    required = set(node.get("required", ()))
    for key, sub in node.get("properties", {}).items():
        sub_name, resolved = deref(schemas.raw, name, sub)
        path = f"{prefix}{key}"
        yield path, resolved, key in required
        if resolved.get("type") == "object" or "properties" in resolved:
            yield from _fields(schemas, sub_name, resolved, path + ".")
        items = resolved.get("items")
        if isinstance(items, dict):
            item_name, item = deref(schemas.raw, sub_name, items)
            if item.get("type") == "object" or "properties" in item:
                yield from _fields(schemas, item_name, item, path + "[].")


def _type(node: dict) -> str:
    if "enum" in node:
        return "以下之一"
    if "const" in node:
        return "固定值"
    kind = node.get("type")
    if isinstance(kind, list):
        return "或".join(TYPE_NAMES.get(k, k) for k in kind)
    if kind == "string" and node.get("format") in FORMAT_NAMES:
        return FORMAT_NAMES[node["format"]]
    if kind == "array":
        items = node.get("items", {})
        inner = items.get("title") if isinstance(items, dict) else None
        return f"列表（{inner}）" if inner else "列表"
    return TYPE_NAMES.get(kind, "—") if kind else "—"


def _explain(node: dict) -> str:
    parts = [node.get("description", "")]
    if "enum" in node:
        parts.append("可选值：" + "、".join(str(v) for v in node["enum"]))
    limits = []
    if "minLength" in node or "maxLength" in node:
        limits.append(f"{node.get('minLength', 0)}～{node.get('maxLength', '不限')} 个字")
    if "minItems" in node or "maxItems" in node:
        limits.append(f"{node.get('minItems', 0)}～{node.get('maxItems', '不限')} 项")
    if "minimum" in node or "maximum" in node:
        limits.append(f"{node.get('minimum', '不限')}～{node.get('maximum', '不限')}")
    if limits:
        parts.append("限制：" + "；".join(limits))
    pattern_text = (node.get("x-jili") or {}).get("pattern_text")
    if pattern_text:
        parts.append("格式：" + pattern_text)
    return " ".join(p for p in parts if p)
