"""The schemas document every field in Chinese and allow no stray fields; data files point
editors at their schema.

The titles and descriptions are what a clerk sees as editor hints and in the field reference
on the site, so a field without them is a field nobody can fill in correctly.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.layout import schema_line
from generator.repository import Repository
from generator.schemas import deref, resolve_pointer, split_ref

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schema"
NAMES = sorted(p.name[: -len(".schema.json")] for p in SCHEMA_DIR.glob("*.schema.json"))
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))


def subschemas(node: Any, where: str) -> Iterator[tuple[str, str, Any]]:
    """(kind, location, schema) for every declared subschema: "property", "items", "def",
    "additional" or "branch". Conditions (`if`, `not`) only test values and are skipped, as
    are the `properties` they name."""
    if not isinstance(node, dict):
        return
    for name, sub in node.get("properties", {}).items():
        yield "property", f"{where}.properties.{name}", sub
        yield from subschemas(sub, f"{where}.{name}")
    if isinstance(node.get("items"), dict):
        yield "items", f"{where}.items", node["items"]
        yield from subschemas(node["items"], f"{where}[]")
    for name, sub in node.get("$defs", {}).items():
        yield "def", f"{where}.$defs.{name}", sub
        yield from subschemas(sub, f"{where}.$defs.{name}")
    if isinstance(node.get("additionalProperties"), dict):
        yield "additional", f"{where}.additionalProperties", node["additionalProperties"]
        yield from subschemas(node["additionalProperties"], f"{where}.*")
    for key in ("oneOf", "anyOf", "allOf"):
        for i, sub in enumerate(node.get(key, ())):
            yield "branch", f"{where}.{key}[{i}]", sub
            yield from subschemas(sub, f"{where}.{key}[{i}]")
    for key in ("then", "else"):
        if isinstance(node.get(key), dict):
            yield "branch", f"{where}.{key}", node[key]
            yield from subschemas(node[key], f"{where}.{key}")


def effective(name: str, node: Any) -> dict[str, Any]:
    """A subschema with its `$ref`s followed (the referring node's own words win)."""
    return deref(load, name, node)[1]


CASES = [(name, kind, where, node) for name in NAMES for kind, where, node in subschemas(load(name), name)]


def test_walk_finds_the_fields() -> None:
    props = [c for c in CASES if c[1] == "property"]
    assert len(props) > 100
    assert ("application", "property", "application.contact.properties.phone") in [c[:3] for c in props]


@pytest.mark.parametrize("name", NAMES)
def test_schema_itself_is_documented(name: str) -> None:
    schema = load(name)
    assert CJK.search(schema.get("title", "")), name
    assert CJK.search(schema.get("description", "")), name


@pytest.mark.parametrize("name, kind, where, node",
                         [c for c in CASES if c[1] in ("property", "items", "def", "additional")],
                         ids=[c[2] for c in CASES if c[1] in ("property", "items", "def", "additional")])
def test_every_field_has_a_chinese_title_and_description(name: str, kind: str, where: str, node: Any) -> None:
    node = effective(name, node)
    title, description = node.get("title", ""), node.get("description", "")
    assert isinstance(title, str) and CJK.search(title), f"{where}: title {title!r}"
    assert isinstance(description, str) and CJK.search(description), f"{where}: description {description!r}"


def _objects(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    root = load(name)
    yield name, root
    for _, where, node in subschemas(root, name):
        if isinstance(node, dict):
            yield where, node


@pytest.mark.parametrize("name", NAMES)
def test_objects_with_properties_allow_no_others(name: str) -> None:
    for where, node in _objects(name):
        if "properties" in node:
            assert node.get("additionalProperties") is False, f"{where}: additionalProperties must be false"


@pytest.mark.parametrize("name", NAMES)
def test_required_fields_are_declared(name: str) -> None:
    # a typo in "required" would make every file fail with a field nobody can add
    for where, node in _objects(name):
        if "required" in node and "properties" in node:
            missing = set(node["required"]) - set(node["properties"])
            assert not missing, f"{where}: required but not declared: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_every_ref_resolves(name: str) -> None:
    text = (SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8")
    refs = re.findall(r'"\$ref":\s*"([^"]+)"', text)
    for ref in refs:
        target, pointer = split_ref(name, ref)
        assert (SCHEMA_DIR / f"{target}.schema.json").is_file(), ref
        assert isinstance(resolve_pointer(load(target), pointer), dict), ref


# --- data files point at their schema ---------------------------------------------------------


DATA = [s for s in Repository(REPO, demo=True).files.values()]


def test_there_are_data_files() -> None:
    kinds = {s.place.kind for s in DATA if s.place}
    assert {"edition", "measure", "region", "platform", "department"} <= kinds


@pytest.mark.parametrize("source", DATA, ids=[s.display for s in DATA])
def test_data_file_starts_with_its_schema_line(source) -> None:
    assert source.place is not None, f"{source.display}: not a place for a data file"
    first = (REPO / source.display).read_text("utf-8").split("\n", 1)[0].rstrip("\r")
    expected = schema_line(source.display, source.place.kind)
    assert first == expected
    # and the line really leads to the schema, relative to the file
    rel = expected.split("$schema=", 1)[1]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source.display), rel))
    assert target == f"schema/{source.place.kind}.schema.json"
    assert (REPO / target).is_file()
