"""Read one YAML data file into plain values, keeping each value's line and column.

The file is parsed by libyaml (PyYAML's C parser) as a stream of events; we build the
values ourselves instead of using a PyYAML constructor because:

* YAML 1.1 implicit typing turns `no` into False, `0755` into 493 and `2022-02-01` into a
  date object. Here every scalar stays text; a plain (unquoted) scalar is marked with the
  `Plain` subclass so the schema can decide whether it reads as an integer or a boolean.
* Anchors, aliases and merge keys are refused at the first event, before anything could
  expand (the "billion laughs" attack never gets a chance to grow).
* Duplicate keys are an error, not a silent overwrite.
* Building from events is also about twice as fast as `yaml.load` with the C loader.
"""

from __future__ import annotations

from typing import Any

from yaml import MarkedYAMLError
from yaml._yaml import CParser  # libyaml; PyYAML is required to be built with it
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.reader import ReaderError

from . import hygiene, yamlhints

#: Files larger than this are refused before parsing (a data file is a few kilobytes).
MAX_BYTES = 1_000_000
#: Deeper nesting than this is refused (our deepest schema nests 5 levels).
MAX_DEPTH = 32

NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Path = tuple[str | int, ...]


class Plain(str):
    """A scalar written without quotes; the schema may read it as a number or boolean."""

    __slots__ = ()


class Document:
    """A loaded YAML file: its values, and where each one was written.

    Positions are only needed to report a finding, which is rare; they are computed on first
    use by parsing the text again with position tracking, so a clean run never pays for them
    (at tens of thousands of files that is a third of the loading time and most of its memory).
    """

    __slots__ = ("_key_positions", "_positions", "data", "path", "text")

    def __init__(self, path: str, data: Any, text: str | None = None,
                 positions: dict[Path, tuple[int, int]] | None = None,
                 key_positions: dict[Path, tuple[int, int]] | None = None) -> None:
        self.path = path  # repository-relative, with forward slashes
        self.data = data
        self.text = text
        self._positions = positions
        self._key_positions = key_positions

    def _track(self) -> None:
        if self._positions is None:
            if self.text is None:
                self._positions, self._key_positions = {}, {}
            else:
                _, self._positions, self._key_positions = _parse(self.text, track=True)

    @property
    def positions(self) -> dict[Path, tuple[int, int]]:
        """Value position per JSON path, 1-based (line, column)."""
        self._track()
        return self._positions  # type: ignore[return-value]

    @property
    def key_positions(self) -> dict[Path, tuple[int, int]]:
        """Position of the key of a mapping entry, per JSON path of its value."""
        self._track()
        return self._key_positions  # type: ignore[return-value]

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Where the value at `path` was written, or its nearest written ancestor."""
        path = tuple(path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        positions = self.positions
        while path:
            found = positions.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return positions.get((), (1, 1))


class LoadError(Exception):
    """The file cannot be read as a data file; `code` is a stable diagnostic code.

    `others` holds further findings of the same pass (every forbidden character of a file is
    reported, not only the first)."""

    def __init__(self, code: str, line: int, col: int, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.col = col
        self.params = params
        self.others: list[LoadError] = []

    def all(self) -> list[LoadError]:
        return [self, *self.others]


def _mark(event: Any) -> tuple[int, int]:
    m = event.start_mark
    return (m.line + 1, m.column + 1)


def decode(raw: bytes) -> str:
    """Strict UTF-8, with an optional byte-order mark dropped (Windows editors add one)."""
    if len(raw) > MAX_BYTES:
        raise LoadError("Y001", 1, 1, size=len(raw), limit=MAX_BYTES)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # everything before the bad byte is valid UTF-8: count characters, as editors do
        before = raw[: exc.start].decode("utf-8")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise LoadError("Y002", line, col, byte=f"0x{raw[exc.start]:02x}") from None


def load_bytes(raw: bytes, path: str) -> Document:
    """Parse `raw` (the bytes of the file at repository path `path`)."""
    return load_text(decode(raw), path)


def check_characters(text: str) -> None:
    """Refuse control, line-separator, bidirectional and zero-width characters (Y013) before
    libyaml reads the text, so each is reported where it is (see `hygiene`)."""
    if not hygiene.has_forbidden(text):
        return
    errors = [LoadError("Y013", line, col, char=hygiene.describe(ch))
              for line, col, ch in hygiene.positions(text)]
    first = errors[0]
    first.others = errors[1:]
    raise first


def load_text(text: str, path: str, *, positions: bool = False) -> Document:
    """Parse `text`; with `positions=True` record every position now rather than on demand."""
    check_characters(text)
    data, found, key_found = _parse(text, track=positions)
    return Document(path, data, text, found if positions else None, key_found if positions else None)


def _parse(text: str, *, track: bool) -> tuple[Any, dict[Path, tuple[int, int]], dict[Path, tuple[int, int]]]:
    positions: dict[Path, tuple[int, int]] = {}
    key_positions: dict[Path, tuple[int, int]] = {}
    # Containers under construction: (value, its JSON path, pending key or None, key position)
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    parser = CParser(text)
    try:
        while True:
            try:
                event = parser.get_event()
            except MarkedYAMLError as exc:
                raise _syntax_error(exc, text) from None
            except ReaderError as exc:
                # a character YAML forbids (control characters, U+FFFE ...); libyaml gives
                # its UTF-8 byte offset
                line, col = _byte_position(text, exc.position)
                raise LoadError("Y003", line, col,
                                problem=f"含有不可见的控制字符（U+{exc.character:04X}），请删除") from None
            if event is None:
                break
            cls = type(event)
            if cls is ScalarEvent:
                if event.anchor is not None:
                    raise LoadError("Y005", *_mark(event), anchor=event.anchor)
                if event.tag is not None and not event.implicit[0] and not event.implicit[1]:
                    raise LoadError("Y009", *_mark(event), tag=_shown_tag(event.tag))
                raw_value = event.value
                if event.style == '"' and hygiene.has_forbidden(raw_value):
                    raise _escaped(text, event)
                if not event.style:  # plain scalar (libyaml reports '' , PyYAML None)
                    value: Any = None if raw_value in NULLS else Plain(raw_value)
                else:
                    value = raw_value
                if not stack:
                    root = value
                    if track:
                        positions[()] = _mark(event)
                    continue
                top = stack[-1]
                container = top[0]
                if type(container) is dict:
                    if top[2] is None:
                        # a key: keys are always text; merge keys are refused
                        if value is None:
                            value = ""
                        key = str(value)
                        if key == "<<" and not event.style:
                            raise LoadError("Y007", *_mark(event))
                        if key in container:
                            raise LoadError("Y004", *_mark(event), key=key)
                        top[2] = key
                        if track:
                            top[3] = _mark(event)
                        continue
                    if track:
                        child_path = (*top[1], top[2])
                        key_positions[child_path] = top[3]
                        positions[child_path] = _mark(event)
                    container[top[2]] = value
                    top[2] = None
                else:
                    if track:
                        positions[(*top[1], len(container))] = _mark(event)
                    container.append(value)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None:
                    raise LoadError("Y005", *_mark(event), anchor=event.anchor)
                if event.tag is not None and not event.implicit:
                    raise LoadError("Y009", *_mark(event), tag=_shown_tag(event.tag))
                if len(stack) >= MAX_DEPTH:
                    raise LoadError("Y011", *_mark(event), limit=MAX_DEPTH)
                new: Any = {} if cls is MappingStartEvent else []
                child_path: Path = ()
                if not stack:
                    root = new
                else:
                    top = stack[-1]
                    container = top[0]
                    if type(container) is dict:
                        if top[2] is None:
                            raise LoadError("Y010", *_mark(event))
                        if track:
                            child_path = (*top[1], top[2])
                            key_positions[child_path] = top[3]
                        container[top[2]] = new
                        top[2] = None
                    else:
                        if track:
                            child_path = (*top[1], len(container))
                        container.append(new)
                if track:
                    positions[child_path] = _mark(event)
                stack.append([new, child_path, None, None])
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
            elif cls is AliasEvent:
                raise LoadError("Y006", *_mark(event), anchor=event.anchor)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise LoadError("Y008", *_mark(event))
            elif cls is DocumentEndEvent or cls is StreamStartEvent or cls is StreamEndEvent:
                pass
    finally:
        parser.dispose()
    return root, positions, key_positions


def _escaped(text: str, event: Any) -> LoadError:
    """Y014 for a double-quoted scalar whose escapes made a forbidden character, at the escape."""
    line, col = _mark(event)
    found = hygiene.escape_at(text, line, col)
    if found is None:  # cannot follow the scalar: point at its start
        bad = next(ch for ch in event.value if hygiene.has_forbidden(ch))
        return LoadError("Y014", line, col, escape="\\", char=hygiene.describe(bad))
    at_line, at_col, written, ch = found
    return LoadError("Y014", at_line, at_col, escape=written, char=hygiene.describe(ch))


def _shown_tag(tag: str) -> str:
    """A tag as the user wrote it: libyaml expands `!!str` to `tag:yaml.org,2002:str`."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _byte_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), 1-based, of the character at UTF-8 byte `offset` of `text`."""
    before = text.encode("utf-8")[:offset].decode("utf-8", "ignore")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _syntax_error(exc: MarkedYAMLError, text: str) -> LoadError:
    """The error to report for a libyaml syntax error: the clerk's mistake behind it where it
    is recognised (Y020–Y024, Y027, at the mistake), else Y003 with libyaml's reason in Chinese at a
    position inside the file (libyaml may point one line past its end)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    hint = yamlhints.diagnose(text, line)
    if hint is not None:
        return LoadError(hint.code, hint.line, hint.col, **hint.params)
    rows = text.split("\n")
    while len(rows) > 1 and not rows[-1].strip():
        rows.pop()
    if line > len(rows):
        line, col = len(rows), len(rows[-1].rstrip("\r")) + 1
    return LoadError("Y003", line, col, problem=_problem(exc, text, line, col))


def _problem(exc: MarkedYAMLError, text: str, line: int, col: int) -> str:
    """libyaml's own English description; we translate the common ones."""
    lines = text.split("\n")
    if 0 < line <= len(lines):
        row = lines[line - 1]
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent and col <= len(indent) + 1:
            # libyaml blames the tab, or the character after it, in several wordings
            return "不能用制表符（Tab 键）缩进，请改用空格"
    problem = (exc.problem or "").strip()
    for english, chinese in _PROBLEMS:
        if english in problem:
            return chinese
    return problem or "无法解析"


_PROBLEMS = (
    ("found character '\\t' that cannot start any token", "不能用制表符（Tab 键）缩进，请改用空格"),
    ("found a tab character", "不能用制表符（Tab 键）缩进，请改用空格"),
    ("mapping values are not allowed", "这里不能出现冒号“: ”（值里有英文冒号加空格时，请给整个值加引号，或改用中文冒号“：”）"),
    ("mapping keys are not allowed", "问号“?”的位置不对（值以 ? 开头时请加引号）"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("did not find expected key", "缩进不一致，或上一行未结束（引号后面还有文字？）"),
    ("did not find expected '-' indicator", "列表缩进不一致"),
    ("did not find expected ',' or ']'", "方括号“[”未闭合，或列表项之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号“{”未闭合，或字段之间缺少逗号"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合？）"),
    ("found undefined tag handle", "使用了未定义的标签"),
    ("control characters are not allowed", "含有不可见的控制字符"),
    ("found unknown escape character", "双引号中含有无效的转义字符（反斜杠）"),
    ("found character that cannot start any token", "这个字符不能出现在值的开头（可加引号）"),
    ("block sequence entries are not allowed in this context", "列表项“-”的位置不对"),
    ("found duplicate anchor", "重复的锚点"),
    ("did not find expected node content", "缺少值（括号或引号未闭合？）"),
    ("found unexpected ':'", "冒号“:”的位置不对"),
    ("while scanning a quoted scalar", "引号未闭合"),
    ("did not find expected alphabetic or numeric character", "“&”或“*”后面缺少名称（值以 & 或 * 开头时请加引号）"),
    ("did not find expected <document start>", "文件内容在这里之后无法继续解析（多余的括号或缩进？）"),
    ("did not find expected comment or line break", "这一行的值后面还有多余的文字"),
    ("directive", "不支持以 % 开头的 YAML 指令"),
)
