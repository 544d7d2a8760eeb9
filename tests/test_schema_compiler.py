"""The compiled schema checks agree with the `jsonschema` library, the reference implementation.

generator/schemas.py compiles schema/*.schema.json into closures for speed. Here every schema
is checked against the draft 2020-12 meta-schema, and the compiled checker's verdict is
compared with `jsonschema.Draft202012Validator`'s on many documents: the repository's own data
and the rule fixtures (as JSON values), plus systematic mutations of each.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from generator.layout import KIND_SCHEMA, classify
from generator.loader import LoadError, Plain, load_bytes, load_text
from generator.repository import Repository
from generator.schemas import Compiler, SchemaCompileError, SchemaSet

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schema"
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
NAMES = sorted(p.name[: -len(".schema.json")] for p in SCHEMA_DIR.glob("*.schema.json"))


# --- the reference ---------------------------------------------------------------------------


@cache
def raw_schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8")) for name in NAMES}


@cache
def reference(name: str) -> Draft202012Validator:
    """jsonschema's validator for schema `name`, with every sibling schema resolvable by $id."""
    schemas = raw_schemas()
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return Draft202012Validator(schemas[name], registry=registry, format_checker=FormatChecker())


@cache
def compiled() -> SchemaSet:
    return SchemaSet(SCHEMA_DIR)


def test_reference_checks_every_format_we_use() -> None:
    # without its optional helpers jsonschema silently skips some formats; then it is no reference
    used = set(re.findall(r'"format": "([a-z-]+)"', "".join(
        (SCHEMA_DIR / f"{n}.schema.json").read_text("utf-8") for n in NAMES)))
    assert used
    assert used <= set(FormatChecker().checkers), used - set(FormatChecker().checkers)


# --- compiling -------------------------------------------------------------------------------


def test_schema_folder_has_every_kind() -> None:
    assert set(KIND_SCHEMA.values()) | {"common"} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_schema_compiles(name: str) -> None:
    check, raw = compiled().check(name)
    assert callable(check)
    assert raw == raw_schemas()[name]


@pytest.mark.parametrize("name", NAMES)
def test_schema_passes_the_2020_12_meta_schema(name: str) -> None:
    schema = raw_schemas()[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(f"/{name}.schema.json")


def _compile(schema: dict[str, Any]) -> None:
    Compiler("test", lambda name: schema).compile(schema)


@pytest.mark.parametrize("schema", [
    {"type": "string", "contentEncoding": "base64"},
    {"type": "object", "patternProperties": {"^x": {}}},
    {"type": "object", "dependentRequired": {"a": ["b"]}},
    {"type": "array", "prefixItems": [{"type": "string"}]},
    {"type": "array", "contains": {"type": "string"}},
    {"type": "number", "exclusiveMinimum": 0},
    {"type": "number", "multipleOf": 2},
    {"type": "object", "unevaluatedProperties": False},
    {"type": "string", "format": "email"},
    {"type": "strnig"},
    {"$ref": "https://example.org/other.schema.json#/$defs/x"},
    {"$ref": "../common.schema.json#/$defs/x"},
])
def test_unsupported_schema_features_are_compile_errors(schema: dict[str, Any]) -> None:
    # a schema must never silently mean more than what CI checks
    with pytest.raises(SchemaCompileError):
        _compile(schema)


def test_recursive_refs_compile() -> None:
    schema = {"$defs": {"node": {"type": "object", "additionalProperties": False,
                                 "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
              "$ref": "#/$defs/node"}
    check = Compiler("t", lambda name: schema).compile(schema)
    errors: list = []
    check({"children": [{"children": []}, {"children": [{"x": 1}]}]}, (), errors)
    assert [(code, path) for code, path, _ in errors] == [("S002", ("children", 1, "children", 0, "x"))]


# --- documents -------------------------------------------------------------------------------


def as_json(value: Any) -> Any:
    """A loaded YAML value as a JSON reader would type it (YAML 1.2 core schema)."""
    if type(value) is Plain:
        if re.fullmatch(r"[-+]?[0-9]+", value):
            return int(value)
        if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
            return float(value)
        if value in ("true", "false"):
            return value == "true"
        return str(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


def _documents() -> list[tuple[str, str, Any, Any]]:
    """(label, schema name, loaded value, JSON value) for every readable data file we have."""
    found: dict[tuple[str, str], tuple[str, str, Any, Any]] = {}
    repo = Repository(REPO, demo=True)
    sources = [(s.display, s.path, REPO / s.display) for s in repo.files.values() if s.place]
    for case in sorted(FIXTURES.iterdir()) if FIXTURES.is_dir() else ():
        for variant in ("valid", "invalid", "base"):
            base = case / variant
            for file in sorted(base.rglob("*.yaml")) if base.is_dir() else ():
                rel = file.relative_to(base).as_posix()
                sources.append((f"{case.name}/{variant}/{rel}", rel, file))
    for label, logical, file in sources:
        place = classify(logical)
        if place is None or file.is_symlink():
            continue
        try:
            doc = load_bytes(file.read_bytes(), label)
        except LoadError:
            continue
        name = KIND_SCHEMA[place.kind]
        key = (name, json.dumps(as_json(doc.data), ensure_ascii=False, sort_keys=True))
        found.setdefault(key, (label, name, doc.data, as_json(doc.data)))
    return list(found.values())


DOCUMENTS = _documents()


def ours_ok(name: str, value: Any) -> bool:
    _, errors = compiled().validate(name, value)
    return not errors


def test_documents_cover_every_kind() -> None:
    kinds = {name for _, name, _, _ in DOCUMENTS}
    assert kinds == set(KIND_SCHEMA.values()), set(KIND_SCHEMA.values()) - kinds
    assert len(DOCUMENTS) > 100


@pytest.mark.parametrize("label, name, loaded, value", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_verdict_on_document_agrees(label: str, name: str, loaded: Any, value: Any) -> None:
    assert ours_ok(name, value) == reference(name).is_valid(value), (
        label, list(reference(name).iter_errors(value))[:3], compiled().validate(name, value)[1][:3])


ACCEPTED = [d for d in DOCUMENTS if reference(d[1]).is_valid(d[3])]


@pytest.mark.parametrize("label, name, loaded, value", ACCEPTED, ids=[d[0] for d in ACCEPTED])
def test_typed_value_of_an_accepted_file_is_valid_json(label: str, name: str, loaded: Any, value: Any) -> None:
    # what the compiled checker makes of the YAML as written (plain scalars typed by the
    # schema) is a value jsonschema accepts
    typed, errors = compiled().validate(name, loaded)
    assert errors == []
    assert reference(name).is_valid(typed), list(reference(name).iter_errors(typed))[:3]


# --- mutations -------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]

REPLACEMENTS: tuple[Any, ...] = (
    None, True, 0, 1, 2.5, "", "文字", "0755", "2022-02-30", "2022年2月1日", "https://www.cq.gov.cn/",
    "not a url", "渝府办发[2022]1号", "区", "500101", [], {}, ["x"],
)


def _walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))


def _set(doc: Any, path: Path_, new: Any) -> Any:
    out = copy.deepcopy(doc)
    if not path:
        return new
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = new
    return out


def _delete(doc: Any, path: Path_) -> Any:
    out = copy.deepcopy(doc)
    node = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


def mutations(doc: Any) -> Iterator[tuple[str, Any]]:
    """Systematic single changes: removed fields, unknown fields, wrong types, values outside
    enums, broken patterns and dates, empty and over-long lists, both or neither oneOf branch."""
    for path, value in _walk(doc):
        where = "/".join(map(str, path)) or "(root)"
        if path:
            yield f"remove {where}", _delete(doc, path)
        for new in REPLACEMENTS:
            if new != value or type(new) is not type(value):
                yield f"{where} = {new!r}", _set(doc, path, new)
        if isinstance(value, dict):
            for key, extra in (("未知字段", "x"), ("file", "附件/报告.pdf"), ("url", "https://www.cq.gov.cn/"),
                               ("parent", "500101"), ("nominee", "龙都街道")):
                if key not in value:
                    yield f"{where} + {key}", _set(doc, path, {**value, key: extra})
        if isinstance(value, list) and value:
            yield f"{where} doubled first item", _set(doc, path, [value[0], *value])
            yield f"{where} 201 items", _set(doc, path, [copy.deepcopy(value[0]) for _ in range(201)])
        if isinstance(value, str):
            yield f"{where} long", _set(doc, path, value + "字" * 20001)
            yield f"{where} padded", _set(doc, path, f" {value} ")


def _shape(value: Any) -> frozenset:
    """The paths (list positions folded) and value types of a document."""
    return frozenset((tuple("#" if isinstance(p, int) else p for p in path), type(v).__name__)
                     for path, v in _walk(value))


def _trim(value: Any, keep: int = 3) -> Any:
    """The document with long lists cut to their first items (same shape, far fewer mutations)."""
    if isinstance(value, list):
        return [_trim(v, keep) for v in value[:keep]]
    if isinstance(value, dict):
        return {k: _trim(v, keep) for k, v in value.items()}
    return value


def _mutation_cases() -> list[tuple[str, str, Any]]:
    # documents of the same shape mutate alike (27 measures, 39 regions ...): one of each
    shapes: dict[tuple[str, frozenset], tuple[str, str, Any]] = {}
    for label, name, _, value in DOCUMENTS:
        shapes.setdefault((name, _shape(value)), (label, name, _trim(value)))
    return list(shapes.values())


MUTATION_CASES = _mutation_cases()


@pytest.mark.parametrize("label, name, value", MUTATION_CASES, ids=[c[0] for c in MUTATION_CASES])
def test_verdict_on_mutations_agrees(label: str, name: str, value: Any) -> None:
    ref = reference(name)
    disagreements = []
    count = 0
    for what, mutated in mutations(value):
        count += 1
        ours = ours_ok(name, mutated)
        theirs = ref.is_valid(mutated)
        if ours != theirs:
            disagreements.append((what, "ours" if ours else "jsonschema", "accepts"))
    assert count > 20
    assert not disagreements, disagreements[:10]


def test_mutations_include_every_kind_of_mistake() -> None:
    # the mutation set really does produce each class of error the brief names
    seen: set[str] = set()
    for _, name, value in MUTATION_CASES:
        for _, mutated in mutations(value):
            _, errors = compiled().validate(name, mutated)
            seen.update(code for code, _, _ in errors)
    assert {"S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008", "S009", "S010"} <= seen


# --- oneOf, if/then: targeted ------------------------------------------------------------------


APPLICATION = {
    "measure": 3, "applicant": "500101",
    "nominees": [{"level": "区县", "name": "万州区"}],
    "self_assessment": "全力保障市级重大项目建设供地和施工环境。",
    "experiences": [{"title": "征地拆迁“一站式”服务", "body": "设立重大项目服务专班。"}],
    "evidence": [{"title": "推进情况通报", "url": "https://fgw.cq.gov.cn/"}],
    "contact": {"unit": "万州区人民政府办公室", "person": "王明", "phone": "023-58000000"},
    "filed": "2022-01-20",
}


@pytest.mark.parametrize("evidence, codes", [
    ({"title": "推进情况通报", "url": "https://fgw.cq.gov.cn/"}, []),
    ({"title": "验收报告", "file": "附件/验收报告.pdf"}, []),
    ({"title": "两者都有", "url": "https://fgw.cq.gov.cn/", "file": "附件/验收报告.pdf"}, ["S010"]),
    ({"title": "两者都无"}, ["S010"]),
    ({"title": "网址不对", "url": "ftp://fgw.cq.gov.cn/"}, ["S005"]),
])
def test_one_of_both_or_neither(evidence: dict[str, Any], codes: list[str]) -> None:
    doc = {**APPLICATION, "evidence": [evidence]}
    assert reference("application").is_valid(doc) is (not codes)
    _, errors = compiled().validate("application", doc)
    assert sorted(code for code, _, _ in errors) == codes
    both = [params["problem"] for code, _, params in errors if code == "S010"]
    if len(evidence) == 3:
        assert both == ["同时符合多种写法，只能选其中一种"]
    elif codes == ["S010"]:
        assert both == ["不符合任何一种允许的写法"]


@pytest.mark.parametrize("level, parent, valid", [
    ("乡镇（街道）", "500101", True),
    ("乡镇（街道）", None, False),
    ("区县", None, True),
])
def test_if_then_township_needs_parent(level: str, parent: str | None, valid: bool) -> None:
    nominee = {"level": level, "name": "龙都街道"}
    if parent:
        nominee["parent"] = parent
    doc = {**APPLICATION, "nominees": [nominee]}
    assert reference("application").is_valid(doc) is valid
    assert ours_ok("application", doc) is valid


# --- plain YAML scalars are typed by the schema ------------------------------------------------


APPLICATION_YAML = """\
measure: {measure}
applicant: {applicant}
nominees:
  - level: 区县
    name: 万州区
self_assessment: 全力保障市级重大项目建设供地和施工环境。
experiences:
  - title: 征地拆迁服务
    body: 设立重大项目服务专班。
contact:
  unit: 万州区人民政府办公室
  person: 王明
  phone: {phone}
filed: {filed}
"""


def typed(text: str, name: str = "application") -> tuple[Any, list]:
    return compiled().validate(name, load_text(text, "x.yaml").data)


def fill(**values: str) -> str:
    base = {"measure": "3", "applicant": '"500101"', "phone": "023-58000000", "filed": "2022-01-20"}
    return APPLICATION_YAML.format(**{**base, **values})


def test_plain_integer_becomes_a_number() -> None:
    value, errors = typed(fill(measure="1"))
    assert errors == []
    assert value["measure"] == 1 and type(value["measure"]) is int


def test_plain_digits_stay_text_where_the_schema_says_string() -> None:
    value, errors = typed(fill(applicant="500101", phone="13800000000"))
    assert errors == []
    assert value["applicant"] == "500101" and isinstance(value["applicant"], str)
    assert value["contact"]["phone"] == "13800000000" and isinstance(value["contact"]["phone"], str)
    assert value["filed"] == "2022-01-20" and isinstance(value["filed"], str)


def test_quoted_number_where_an_integer_is_expected() -> None:
    _, errors = typed(fill(measure='"1"'))
    assert [(code, path) for code, path, _ in errors] == [("S003", ("measure",))]
    assert "去掉引号" in errors[0][2]["actual"]
    assert errors[0][2]["expected"] == "整数"


@pytest.mark.parametrize("written", ["0755", "1.5", "1e3", "0x1F", "三", "~", "[1]"])
def test_not_an_integer(written: str) -> None:
    _, errors = typed(fill(measure=written))
    assert [(code, path) for code, path, _ in errors] == [("S003", ("measure",))]


@pytest.mark.parametrize("written, result", [("true", True), ("false", False)])
def test_plain_boolean(written: str, result: bool) -> None:
    text = (REPO / "measures/2021/01.yaml").read_text("utf-8")
    text = re.sub(r"cooperating_units_open_ended: \w+", f"cooperating_units_open_ended: {written}", text)
    value, errors = typed(text, "measure")
    assert errors == []
    assert value["cooperating_units_open_ended"] is result


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "True", "FALSE", "1", '"true"'])
def test_yaml_11_booleans_are_not_booleans(written: str) -> None:
    text = (REPO / "measures/2021/01.yaml").read_text("utf-8")
    text = re.sub(r"cooperating_units_open_ended: \w+", f"cooperating_units_open_ended: {written}", text)
    _, errors = typed(text, "measure")
    assert [(code, path) for code, path, _ in errors] == [("S003", ("cooperating_units_open_ended",))]
    assert errors[0][2]["expected"] == "true 或 false"
    if written == '"true"':
        assert "去掉引号" in errors[0][2]["actual"]


def test_enum_matches_plain_text_as_written() -> None:
    _, errors = typed(fill().replace("level: 区县", "level: 区"))
    assert [(code, path) for code, path, _ in errors] == [("S004", ("nominees", 0, "level"))]
    assert "“区县”" in errors[0][2]["options"]


def test_dates_are_checked_as_dates() -> None:
    assert typed(fill(filed="2024-02-29"))[1] == []
    for bad in ("2022-02-30", "2023-02-29", "2022-2-1", "2022年2月1日", "20220201", "2022-02-01T09:00"):
        _, errors = typed(fill(filed=bad))
        assert [(code, path) for code, path, _ in errors] == [("S005", ("filed",))], bad
