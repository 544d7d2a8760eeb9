"""The JSON Schemas in `schema/`, compiled into fast checking functions.

The schemas are the one description of every file's structure: editors read them through
the `# yaml-language-server: $schema=` line, the site's field reference is generated from
them, and this module turns them into the checks CI runs.

Why compile instead of calling the `jsonschema` library per file: at tens of thousands of
files the library's per-call overhead dominates (about 300 µs for one application, more
than parsing it). A schema is compiled once into nested closures; the result is checked
against `jsonschema` itself in tests (tests/test_schema_compiler.py) so the two agree.

Compiling also settles YAML typing the way the schema wants: a plain (unquoted) scalar
becomes an integer or boolean only where the schema asks for one, so `phone: 0755...` stays
text and `measure: 1` becomes the number 1.

Only the keywords our schemas use are supported; any other keyword is a compile error, so a
schema can never silently mean more than what CI checks.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .loader import Plain

# One error: (code, JSON path, params). `where` is filled in by `describe`.
Error = tuple[str, tuple, dict[str, Any]]
Check = Callable[[Any, tuple, list], Any]

ANNOTATIONS = frozenset({
    "$schema", "$id", "$comment", "title", "description", "examples", "default",
    "markdownDescription", "deprecated", "readOnly", "writeOnly", "x-jili",
})
KEYWORDS = frozenset({
    "type", "properties", "required", "additionalProperties", "items", "enum", "const",
    "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "minItems",
    "maxItems", "uniqueItems", "oneOf", "anyOf", "allOf", "$ref", "$defs", "if", "then", "else",
    "not", "propertyNames",
}) | ANNOTATIONS

INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
NUMBER_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
DATETIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})\Z"
)

TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
    "object": "若干字段（映射）", "array": "列表", "null": "空值",
}


#: How S006/S007/S008/S010 name the problem ({min}, {max}, {count}: numbers); the site's forms
#: publish these with the messages, so a form and `jili validate` word a problem the same way.
PROBLEMS = {
    "empty": "不能为空",
    "min_length": "至少要有 {min} 个字符",
    "max_length": "不能超过 {max} 个字符（现有 {count} 个）",
    "min_items": "至少要有 {min} 项",
    "max_items": "最多 {max} 项（现有 {count} 项）",
    "minimum": "小于最小值 {min}",
    "maximum": "大于最大值 {max}",
    "one_of_many": "同时符合多种写法，只能选其中一种",
    "one_of_none": "不符合任何一种允许的写法",
}


class SchemaCompileError(Exception):
    """A schema uses something this compiler does not check."""


def type_name(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "若干字段（映射）"
    return type(value).__name__


#: Full-width forms of ASCII (Ｕ+FF01–FF5E) and the ideographic space, as a half-width keyboard types them.
_HALF_WIDTH = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
_FULL_DIGITS = re.compile("[\uff10-\uff19]")


def half_width(value: str) -> str:
    """`value` with full-width letters, digits and punctuation typed half-width (“１２” → “12”)."""
    return value.translate(_HALF_WIDTH)


def _full_width_digits(value: Any, fits: Callable[[str], bool], path: tuple) -> Error | None:
    """Y026 if `value` holds full-width digits and would fit once typed half-width."""
    if not isinstance(value, str) or not _FULL_DIGITS.search(value):
        return None
    fixed = half_width(value)
    if not fits(fixed):
        return None
    first = _FULL_DIGITS.search(value).group()
    return ("Y026", path, {"value": _short(value), "digit": first, "fixed": fixed})


def _is_date(value: str) -> bool:
    if not DATE_RE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: str) -> bool:
    if not DATETIME_RE.match(value):
        return False
    try:
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_uri(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(parts.scheme) and bool(parts.netloc) and not any(c.isspace() for c in value)


FORMATS: dict[str, tuple[Callable[[str], bool], str]] = {
    "date": (_is_date, "应为日期，形如 2022-01-31"),
    "date-time": (_is_datetime, "应为带时区的时间，形如 2022-01-31T09:00:00+08:00"),
    "uri": (_is_uri, "应为完整网址，形如 https://www.cq.gov.cn/…"),
}


class Compiler:
    """Compiles one schema file; `$ref` may point into it or into a sibling file."""

    def __init__(self, name: str, load: Callable[[str], dict[str, Any]]) -> None:
        self.name = name
        self.load = load
        self.refs: dict[tuple[str, str], Check] = {}
        self.current = name

    def ref(self, ref: str) -> Check:
        key = split_ref(self.current, ref)
        if key not in self.refs:
            cell: list[Check] = []
            # placeholder so recursive references compile
            self.refs[key] = lambda v, p, e: cell[0](v, p, e)
            outer, self.current = self.current, key[0]
            try:
                compiled = self.compile(resolve_pointer(self.load(key[0]), key[1]))
            finally:
                self.current = outer
            cell.append(compiled)
            self.refs[key] = compiled
        return self.refs[key]

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda v, p, e: v
        if schema is False:
            return _fail_all
        unknown = set(schema) - KEYWORDS
        if unknown:
            raise SchemaCompileError(f"unsupported keywords {sorted(unknown)}")
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "type" in schema:
            checks.append(_type_check(schema["type"]))
        if "const" in schema:
            checks.append(_enum_check([schema["const"]]))
        if "enum" in schema:
            checks.append(_enum_check(schema["enum"]))
        if {"pattern", "format", "minLength", "maxLength"} & schema.keys():
            checks.append(self._string(schema))
        if {"minimum", "maximum"} & schema.keys():
            checks.append(_number_check(schema.get("minimum"), schema.get("maximum")))
        if {"properties", "required", "additionalProperties", "propertyNames"} & schema.keys():
            checks.append(self._object(schema))
        if {"items", "minItems", "maxItems", "uniqueItems"} & schema.keys():
            checks.append(self._array(schema))
        for key in ("allOf",):
            for sub in schema.get(key, ()):
                checks.append(self.compile(sub))
        if "oneOf" in schema or "anyOf" in schema:
            checks.append(self._alternatives(schema))
        if "if" in schema:
            checks.append(self._conditional(schema))
        if "not" in schema:
            checks.append(self._not(schema["not"]))
        if not checks:
            return lambda v, p, e: v
        if len(checks) == 1:
            return checks[0]

        def run_all(value: Any, path: tuple, errors: list) -> Any:
            for check in checks:
                before = len(errors)
                value = check(value, path, errors)
                if len(errors) != before and not isinstance(value, (dict, list)):
                    # a wrong scalar: one message is enough
                    return value
            return value

        return run_all

    def _string(self, schema: dict[str, Any]) -> Check:
        pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        extra = schema.get("x-jili") if isinstance(schema.get("x-jili"), dict) else {}
        pattern_text = extra.get("pattern_text")
        refers_to = extra.get("refers_to")  # "unit" or "department": people may type a name here
        fmt = schema.get("format")
        if fmt is not None and fmt not in FORMATS:
            raise SchemaCompileError(f"unsupported format {fmt}")
        fmt_check, fmt_text = FORMATS[fmt] if fmt else (None, "")
        min_len = schema.get("minLength")
        max_len = schema.get("maxLength")

        def check(value: Any, path: tuple, errors: list) -> Any:
            if not isinstance(value, str):
                return value
            if min_len is not None and len(value) < min_len:
                problem = PROBLEMS["empty"] if min_len == 1 else PROBLEMS["min_length"].format(min=min_len)
                errors.append(("S006", path, {"problem": problem}))
            if max_len is not None and len(value) > max_len:
                errors.append(("S006", path, {"problem": PROBLEMS["max_length"].format(max=max_len, count=len(value))}))
            if pattern is not None and not pattern.search(value):
                wide = _full_width_digits(value, lambda v: bool(pattern.search(v)), path)
                params = {"value": _short(value), "expected": pattern_text or "格式不符合字段说明"}
                if refers_to:
                    params["refers_to"] = refers_to
                errors.append(wide or ("S005", path, params))
            elif fmt_check is not None and not fmt_check(value):
                # one message per wrong value: the format is only judged once the pattern fits
                wide = _full_width_digits(value, fmt_check, path)
                errors.append(wide or ("S005", path, {"value": _short(value), "expected": fmt_text}))
            return value

        return check

    def _object(self, schema: dict[str, Any]) -> Check:
        props = {name: self.compile(sub) for name, sub in schema.get("properties", {}).items()}
        titles = {name: sub.get("title", "") for name, sub in schema.get("properties", {}).items()
                  if isinstance(sub, dict)}
        required = tuple(schema.get("required", ()))
        additional = schema.get("additionalProperties", True)
        extra = None if additional in (True, False) else self.compile(additional)
        names = self.compile(schema["propertyNames"]) if "propertyNames" in schema else None
        allowed = sorted(props)

        def check(value: Any, path: tuple, errors: list) -> Any:
            if not isinstance(value, dict):
                return value
            for name in required:
                if name not in value:
                    title = titles.get(name)
                    errors.append(("S001", path, {"field": name, "title": f"（{title}）" if title else ""}))
            out = {}
            for key, item in value.items():
                sub = props.get(key)
                child = (*path, key)
                if sub is not None:
                    out[key] = sub(item, child, errors)
                elif extra is not None:
                    out[key] = extra(item, child, errors)
                elif additional is False:
                    guess = get_close_matches(key, allowed, n=1)
                    text = f"，是不是要写“{guess[0]}”？" if guess else f"；可用字段：{'、'.join(allowed)}"
                    errors.append(("S002", child, {"field": key, "allowed": text, "key": True}))
                    out[key] = item
                else:
                    out[key] = item
                if names is not None:
                    names(key, child, errors)
            return out

        return check

    def _array(self, schema: dict[str, Any]) -> Check:
        items = self.compile(schema["items"]) if "items" in schema else None
        min_items = schema.get("minItems")
        max_items = schema.get("maxItems")
        unique = schema.get("uniqueItems", False)

        def check(value: Any, path: tuple, errors: list) -> Any:
            if not isinstance(value, list):
                return value
            if min_items is not None and len(value) < min_items:
                problem = PROBLEMS["empty"] if min_items == 1 else PROBLEMS["min_items"].format(min=min_items)
                errors.append(("S008", path, {"problem": problem}))
            if max_items is not None and len(value) > max_items:
                errors.append(("S008", path, {"problem": PROBLEMS["max_items"].format(max=max_items, count=len(value))}))
            if items is not None:
                value = [items(item, (*path, i), errors) for i, item in enumerate(value)]
            if unique:
                seen = set()
                for item in value:
                    key = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
                    if key in seen:
                        errors.append(("S009", path, {}))
                        break
                    seen.add(key)
            return value

        return check

    def _alternatives(self, schema: dict[str, Any]) -> Check:
        one = "oneOf" in schema
        branches = schema["oneOf"] if one else schema["anyOf"]
        compiled = [self.compile(b) for b in branches]
        labels = "；或 ".join(b.get("title") or b.get("description") or json.dumps(b, ensure_ascii=False)
                             for b in branches)

        def check(value: Any, path: tuple, errors: list) -> Any:
            passing = []
            for sub in compiled:
                scratch: list = []
                converted = sub(value, path, scratch)
                if not scratch:
                    passing.append(converted)
                    if not one:
                        break
            if (one and len(passing) == 1) or (not one and passing):
                return passing[0]
            problem = PROBLEMS["one_of_many"] if passing else PROBLEMS["one_of_none"]
            errors.append(("S010", path, {"problem": problem, "options": labels}))
            return value

        return check

    def _conditional(self, schema: dict[str, Any]) -> Check:
        cond = self.compile(schema["if"])
        then = self.compile(schema["then"]) if "then" in schema else None
        other = self.compile(schema["else"]) if "else" in schema else None

        def check(value: Any, path: tuple, errors: list) -> Any:
            scratch: list = []
            cond(value, path, scratch)
            branch = then if not scratch else other
            return branch(value, path, errors) if branch is not None else value

        return check

    def _not(self, sub_schema: Any) -> Check:
        sub = self.compile(sub_schema)
        text = sub_schema.get("description", "不允许的写法") if isinstance(sub_schema, dict) else "不允许的写法"

        def check(value: Any, path: tuple, errors: list) -> Any:
            scratch: list = []
            sub(value, path, scratch)
            if not scratch:
                errors.append(("S010", path, {"problem": "是不允许的写法", "options": text}))
            return value

        return check


def split_ref(current: str, ref: str) -> tuple[str, str]:
    """('common', '/$defs/level') for 'common.schema.json#/$defs/level' seen from any file."""
    target, _, pointer = ref.partition("#")
    if target:
        if "/" in target or not target.endswith(".schema.json"):
            raise SchemaCompileError(f"$ref must name a sibling *.schema.json file: {ref}")
        name = target[: -len(".schema.json")]
    else:
        name = current
    return name, pointer


def resolve_pointer(document: Any, pointer: str) -> Any:
    node = document
    for part in pointer.lstrip("/").split("/") if pointer.strip("/") else ():
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _fail_all(value: Any, path: tuple, errors: list) -> Any:
    errors.append(("S002", path, {"field": str(path[-1]) if path else "", "allowed": "", "key": True}))
    return value


def _coerce(kind: str, value: Any) -> tuple[bool, Any]:
    """Does `value` fit JSON type `kind`, reading plain YAML scalars as the schema wants?"""
    if kind == "string":
        return isinstance(value, str), value
    if kind == "integer":
        if type(value) is Plain:
            return (True, int(value)) if INT_RE.match(value) else (False, value)
        if isinstance(value, bool):
            return False, value
        if isinstance(value, int):
            return True, value
        if isinstance(value, float) and value.is_integer():
            return True, value
        return False, value
    if kind == "number":
        if type(value) is Plain:
            if INT_RE.match(value):
                return True, int(value)
            if NUMBER_RE.match(value):
                return True, float(value)
            return False, value
        return isinstance(value, (int, float)) and not isinstance(value, bool), value
    if kind == "boolean":
        if type(value) is Plain:
            if value == "true":
                return True, True
            if value == "false":
                return True, False
            return False, value
        return isinstance(value, bool), value
    if kind == "null":
        return value is None, value
    if kind == "object":
        return isinstance(value, dict), value
    if kind == "array":
        return isinstance(value, list), value
    raise SchemaCompileError(f"unknown type {kind}")


def _type_check(types: str | list[str]) -> Check:
    kinds = [types] if isinstance(types, str) else list(types)
    for kind in kinds:
        _coerce(kind, None)  # rejects unknown type names at compile time
    expected = "或".join(TYPE_NAMES[k] for k in kinds)
    # most nodes ask for one type that needs no conversion: test it directly
    fast = {"string": str, "object": dict, "array": list}.get(kinds[0]) if len(kinds) == 1 else None

    def check(value: Any, path: tuple, errors: list) -> Any:
        if fast is not None and isinstance(value, fast):
            return value
        for kind in kinds:
            ok, converted = _coerce(kind, value)
            if ok:
                return converted
        wide = _full_width_digits(value, lambda v: any(_coerce(k, Plain(v))[0] for k in kinds if k != "string"),
                                  path)
        if wide is not None:
            errors.append(wide)
            return value
        actual = type_name(value)
        if isinstance(value, str) and type(value) is not Plain and any(_coerce(k, Plain(value))[0] for k in kinds):
            actual += "（加了引号，去掉引号即可）"
        elif "string" not in kinds and isinstance(value, str):
            actual += f"“{_short(value)}”"
        errors.append(("S003", path, {"expected": expected, "actual": actual}))
        return value

    return check


def _enum_check(options: list[Any]) -> Check:
    # Compare as written: a plain YAML scalar matches an option by its text.
    by_text = {}
    for option in options:
        by_text[option if isinstance(option, str) else json.dumps(option)] = option
    shown = "、".join(f"“{o}”" if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in options)

    # "乡镇(街道)" typed with half-width brackets for "乡镇（街道）": the option it stands for
    bracketed = {half_width(o): o for o in options if isinstance(o, str) and half_width(o) != o}

    def check(value: Any, path: tuple, errors: list) -> Any:
        if isinstance(value, str):
            if value in by_text and (type(value) is Plain or isinstance(by_text[value], str)):
                return by_text[value]
            meant = bracketed.get(half_width(value))
            if meant is not None and ("(" in value or ")" in value):
                errors.append(("Y025", path, {"value": _short(value), "expected": meant}))
                return value
        elif not isinstance(value, (dict, list)):
            for option in options:
                if option == value and type(option) is type(value):
                    return value
        errors.append(("S004", path, {"value": _short(value), "options": shown}))
        return value

    return check


def _number_check(minimum: Any, maximum: Any) -> Check:
    def check(value: Any, path: tuple, errors: list) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        if minimum is not None and value < minimum:
            errors.append(("S007", path, {"value": value, "problem": PROBLEMS["minimum"].format(min=minimum)}))
        if maximum is not None and value > maximum:
            errors.append(("S007", path, {"value": value, "problem": PROBLEMS["maximum"].format(max=maximum)}))
        return value

    return check


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SchemaSet:
    """The schemas of one repository checkout, compiled on first use."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._compiled: dict[str, tuple[Check, dict[str, Any]]] = {}

    def raw(self, name: str) -> dict[str, Any]:
        return _read_schema(self.directory / f"{name}.schema.json")

    def names(self) -> list[str]:
        """The schemas in the folder, by name ("application" for application.schema.json)."""
        return sorted(p.name.removesuffix(".schema.json") for p in self.directory.glob("*.schema.json"))

    def check(self, name: str) -> tuple[Check, dict[str, Any]]:
        if name not in self._compiled:
            schema = self.raw(name)
            self._compiled[name] = (Compiler(name, self.raw).compile(schema), schema)
        return self._compiled[name]

    def validate(self, name: str, data: Any) -> tuple[Any, list[Error]]:
        """Check `data` against schema `name`; return the typed value and the errors."""
        check, _ = self.check(name)
        errors: list[Error] = []
        value = check(data, (), errors)
        return value, errors

    def title_path(self, name: str, path: tuple) -> str:
        """A reader's name for the field at `path`: its schema title and the YAML path."""
        node: Any = (name, self.raw(name))
        title = ""
        for part in path:
            node = _descend(self.raw, node, part)
            if node is None:
                break
            title = node[1].get("title", title) if isinstance(node[1], dict) else title
        dotted = _dotted(path)
        if not dotted:
            return "文件"
        return f"{title}（{dotted}）" if title else dotted


def _descend(load: Callable[[str], Any], located: tuple[str, Any], part: Any) -> tuple[str, Any] | None:
    """Step from a schema node (with the file it sits in) to the node describing `part`."""
    name, node = deref(load, *located)
    if not isinstance(node, dict):
        return None
    if isinstance(part, int):
        return deref(load, name, node.get("items")) if "items" in node else None
    props = node.get("properties", {})
    if part in props:
        return deref(load, name, props[part])
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in node.get(key, ()):
            found = _descend(load, (name, branch), part)
            if found is not None:
                return found
    extra = node.get("additionalProperties")
    return deref(load, name, extra) if isinstance(extra, dict) else None


def deref(load: Callable[[str], Any], name: str, node: Any) -> tuple[str, Any]:
    """Follow `$ref`s; the referring node's own title and description win."""
    while isinstance(node, dict) and "$ref" in node:
        name, pointer = split_ref(name, node["$ref"])
        target = resolve_pointer(load(name), pointer)
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return name, node


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


@cache
def _read_cached(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _read_schema(path: Path) -> dict[str, Any]:
    return _read_cached(str(path), path.stat().st_mtime)
