"""Rich text (Markdown) that will not show on the site as the clerk wrote it (warnings W001–W005).

The site renders rich text with python-markdown (generator/site/text.py). Clerks write as in
a word processor, and a few habits come out differently there:

* a list right after a line of text ("主要做法：" then "- 建立机制") with no blank line between
  stays part of the paragraph: one run of text with the dashes in it (W001);
* "#标题" is a heading on the site but not in editors and other previews (W002);
* "-建立机制" or "1.建立机制" without a space after the marker is no list item (W003);
* lines numbered "1、" "（一）" "①" inside a paragraph are joined into one line (W004);
* text right after a list, not indented and with no blank line, joins the last item (W005).

Each is a warning at the line and column where it happens; the file is still accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, make
from ..layout import KIND_SCHEMA
from ..schemas import deref
from ..spans import value_offset
from . import file_rule
from .context import RuleContext

_FENCE = re.compile(r"\s{0,3}(```|~~~)")
_HEADING_TIGHT = re.compile(r"\s{0,3}(#{1,6})(?=[^\s#])")
_HEADING = re.compile(r"\s{0,3}#{1,6}(\s|\Z)")
_LIST = re.compile(r"(\s*)([-*+]|[0-9]+[.)])[ \t]+\S")
_LIST_TIGHT = re.compile(r"(\s*)([-*+]|[0-9]+[.．])(?=[\u3400-\u4dbf\u4e00-\u9fff“（])")
_NUMBERED = re.compile(
    r"\s*((?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[、．]|[（(](?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[）)]"
    r"|[①-⑳]|[•●▪■◆]|第[一二三四五六七八九十]+[，、：])"
)

Finding = tuple[str, int, int, dict[str, Any]]  # code, 0-based line and column in the text, params


def findings(text: str) -> list[Finding]:
    """The W-findings in one Markdown text, at 0-based (line, column) within it."""
    out: list[Finding] = []
    previous = "blank"  # what the last line was: blank, para, list, heading
    fenced = False
    for i, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            previous = "blank"
            continue
        if fenced:
            continue
        if not line.strip():
            previous = "blank"
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if previous == "blank" and indent >= 4:
            previous = "code"  # an indented code block runs until a blank line
            continue
        if previous == "code":
            continue
        tight = _HEADING_TIGHT.match(line)
        if tight:
            out.append(("W002", i, tight.start(1), {"marks": tight.group(1)}))
            previous = "heading"
            continue
        if _HEADING.match(line):
            previous = "heading"
            continue
        item = _LIST.match(line)
        if item:
            if previous == "para":
                out.append(("W001", i, item.start(2), {}))
            previous = "list"
            continue
        marker = _LIST_TIGHT.match(line)
        if marker:
            out.append(("W003", i, marker.start(2), {"mark": marker.group(2)}))
            previous = "para"
            continue
        numbered = _NUMBERED.match(line)
        if numbered and previous == "para":
            out.append(("W004", i, numbered.start(1), {"mark": numbered.group(1)}))
        elif previous == "list" and indent == 0:
            out.append(("W005", i, 0, {}))
        previous = "para"
    return out


_RICH_PATHS: dict[tuple[str, str], tuple[tuple, ...]] = {}


def rich_text_paths(ctx: RuleContext, schema: str) -> tuple[tuple, ...]:
    """The places a schema marks as rich text (`x-jili.rich_text`), as paths in which `None`
    stands for any item of a list; worked out once per schema, not per file."""
    key = (str(ctx.schemas.directory), schema)
    if key not in _RICH_PATHS:
        load = ctx.schemas.raw
        found: list[tuple] = []

        def walk(name: str, node: Any, path: tuple, depth: int) -> None:
            name, node = deref(load, name, node)
            if not isinstance(node, dict) or depth > 12:
                return
            extra = node.get("x-jili")
            if isinstance(extra, dict) and extra.get("rich_text"):
                found.append(path)
            for key, sub in node.get("properties", {}).items():
                walk(name, sub, (*path, key), depth + 1)
            if isinstance(node.get("items"), dict):
                walk(name, node["items"], (*path, None), depth + 1)

        walk(schema, load(schema), (), 0)
        _RICH_PATHS[key] = tuple(found)
    return _RICH_PATHS[key]


def rich_text_fields(ctx: RuleContext, schema: str, data: Any) -> Iterator[tuple[tuple, str]]:
    """(JSON path, text) of every value of `data` at a rich-text place of its schema."""
    for pattern in rich_text_paths(ctx, schema):
        yield from _expand(data, pattern, ())


def _expand(value: Any, pattern: tuple, path: tuple) -> Iterator[tuple[tuple, str]]:
    if not pattern:
        if isinstance(value, str):
            yield path, value
        return
    step, rest = pattern[0], pattern[1:]
    if step is None:
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _expand(item, rest, (*path, i))
    elif isinstance(value, dict) and step in value:
        yield from _expand(value[step], rest, (*path, step))


@file_rule("application")
@file_rule("notice")
def prose_renders_as_written(record, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Rich text shows on the site as written: lists are set apart by a blank line, markers
    are followed by a space, numbered lines are not run together (W001–W005, warnings)."""
    loaded = ctx.load(record.path)
    doc = loaded.doc
    if doc is None:
        return
    kind = ctx.repo.files[record.path].place.kind
    for jpath, text in rich_text_fields(ctx, KIND_SCHEMA[kind], doc.data):
        for code, line, col, params in findings(text):
            yield make(code, ctx.display(record.path), value_offset(doc, jpath, line, col), terms=ctx.terms, **params)
