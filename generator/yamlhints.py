"""The typing mistake behind a YAML syntax error, found where the clerk made it.

libyaml stops where the text stops making sense, which is often a line or more after the
mistake: a full-width colon "person：" on line 24 surfaces as "could not find expected ':'" on
line 25; a body line that is not indented under `self_assessment: |` surfaces at the next key.
When libyaml reports an error, `diagnose` reads the lines up to that point the way a clerk
wrote them and collects the mistakes it recognises, each with its correction:

* Y020 a full-width colon after a field name (`person："张三"`);
* Y021 no space after the colon (`name:万州区`);
* Y022 a field indented deeper or shallower than the fields around it, or a body line of a
  `|` block left of the body;
* Y023 a tab in the indentation;
* Y024 body lines of a `|` block that are not indented under their field.

A candidate is reported only if its correction lets libyaml read past the line where it
stopped (or read the whole file): that is what makes it the mistake, not a look-alike. This
runs only after libyaml has failed, so a clean file never pays for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml import MarkedYAMLError
from yaml._yaml import CParser
from yaml.reader import ReaderError

#: A field name as our schemas spell them.
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_DASHES = re.compile(r"(?:-[ ]+)*")
_FULLWIDTH = re.compile(rf"(?P<key>{_KEY})[ ]*：[ ]*")
_TIGHT = re.compile(rf"(?P<key>{_KEY}):(?P<value>[^\s/].*)\Z")
_ENTRY = re.compile(rf"(?P<key>{_KEY}|\"[^\"]*\"|'[^']*'):(?:[ \t]+(?P<value>.*))?\Z")
_BLOCK = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?\Z")
#: How many candidates are tried against libyaml, latest first.
TRIES = 8


@dataclass(frozen=True, slots=True)
class Hint:
    code: str
    line: int  # 1-based
    col: int  # 1-based
    params: dict = field(default_factory=dict)
    fix: dict = field(default_factory=dict, compare=False)  # 1-based line number -> corrected line


@dataclass
class _Level:
    indent: int  # column (0-based) where this mapping's keys start
    key: str  # the last key written at this level
    line: int  # where (1-based)
    has_value: bool  # that key has a value on its own line (nothing can nest under it)


def diagnose(text: str, error_line: int) -> Hint | None:
    """The mistake that made libyaml stop at `error_line` (1-based), or None if none of the
    recognised mistakes explains it."""
    lines = text.split("\n")
    candidates = _candidates(lines, min(max(error_line, 1), len(lines)))
    for hint in reversed(candidates[-TRIES:]):
        fixed = list(lines)
        for number, row in hint.fix.items():
            fixed[number - 1] = row
        stopped = error_at("\n".join(fixed))
        if stopped is None or stopped > error_line:
            return hint
    return None


def error_at(text: str) -> int | None:
    """The 1-based line where libyaml stops reading `text`, or None if it reads all of it."""
    parser = CParser(text)
    try:
        while parser.get_event() is not None:
            pass
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line + 1 if mark else 1
    except ReaderError:
        return 1
    finally:
        parser.dispose()
    return None


def _candidates(lines: list[str], last_line: int) -> list[Hint]:
    out: list[Hint] = []
    levels: list[_Level] = []
    block: tuple[int, str] | None = None  # an open `|` block: (indent of its key, key)
    body: int | None = None  # the block body's indentation, once seen
    ended: tuple[int, str, int] | None = None  # a block that just ended: (key indent, key, body indent)
    seqs: list[tuple[int, int]] = []  # open lists: (indent of their "-", line of the first item)
    opens = False  # the last line was "key:" or "-" with nothing after: it may start a new level
    for number in range(1, last_line + 1):
        row = lines[number - 1].rstrip("\r")
        stripped = row.lstrip(" ")
        indent = len(row) - len(stripped)
        if block is not None:
            if not stripped:
                continue
            if body is None and indent > block[0]:
                body = indent
            if body is not None and indent >= body:
                continue
            if indent > block[0]:
                want = body if body is not None else block[0] + 2
                out.append(Hint("Y022", number, indent + 1, {"problem": (
                    f"正文缩进不一致：这一行缩进了 {indent} 个空格，“{block[1]}”的正文要缩进 {want} 个空格")},
                    {number: " " * want + stripped}))
                continue
            ended = (block[0], block[1], body if body is not None else block[0] + 2)
            block, body = None, None
        if not stripped or stripped.startswith("#"):
            continue
        tab = _tab_in_indent(row)
        if tab is not None:
            spaces = row[:len(row) - len(row.lstrip(" \t"))].replace("\t", "  ")
            out.append(Hint("Y023", number, tab + 1, {"at": tab + 1}, {number: spaces + row.lstrip(" \t")}))
            ended = None
            continue
        dashes = _DASHES.match(stripped).group()
        at = indent + len(dashes)
        content = row[at:]
        was_open, opens = opens, False
        if dashes:
            if any(s == indent for s, _ in seqs):
                while seqs[-1][0] != indent:
                    seqs.pop()
            elif not was_open and seqs:
                first_indent, first_line = min(seqs, key=lambda s: abs(s[0] - indent))
                shift = indent - first_indent
                out.append(Hint("Y022", number, indent + 1, {"problem": (
                    f"列表项缩进不一致：这一项的“-”比第 {first_line} 行的“-”{'多' if shift > 0 else '少'}缩进了 "
                    f"{abs(shift)} 格，同一列表的各项要左端对齐（第 {first_indent + 1} 列）")},
                    {number: " " * first_indent + stripped}))
            else:
                while seqs and seqs[-1][0] > indent:
                    seqs.pop()
                seqs.append((indent, number))
            if not content.strip():
                opens = True
        else:
            while seqs and seqs[-1][0] >= indent:
                seqs.pop()
        quoted = _unclosed_quote(content)
        if quoted is not None:
            key, quote, offset = quoted
            out.append(Hint("Y027", number, at + offset + 1, {"key": key, "quote": quote},
                            {number: row + quote}))
        if ended is not None:
            key_indent, key, want = ended
            ended = None
            if indent <= key_indent and not dashes and not _is_entry(content):
                fix = {}
                for n in range(number, len(lines) + 1):
                    following = lines[n - 1].rstrip("\r")
                    if following.strip() and (len(following) - len(following.lstrip(" ")) > key_indent
                                              or _is_entry(following.lstrip(" -"))):
                        break
                    fix[n] = " " * want + following.lstrip(" ") if following.strip() else following
                out.append(Hint("Y024", number, indent + 1, {"key": key}, fix))
                continue
        wide = _FULLWIDTH.match(content)
        if wide and not _ENTRY.match(content):
            key = wide.group("key")
            rest = content[wide.end():]
            out.append(Hint("Y020", number, at + content.index("：") + 1, {"key": key},
                            {number: row[:at] + key + ":" + (" " + rest if rest else "")}))
            if _BLOCK.match(rest.strip() or "x"):
                block = (at, key)
            _enter(levels, at, key, number, bool(rest.strip()), bool(dashes))
            continue
        tight = _TIGHT.match(content)
        if tight and not _ENTRY.match(content):
            key, value = tight.group("key"), tight.group("value")
            colon = at + len(key)
            out.append(Hint("Y021", number, colon + 2, {"key": key, "value": value},
                            {number: row[:colon + 1] + " " + row[colon + 1:]}))
            _enter(levels, at, key, number, True, bool(dashes))
            continue
        entry = _ENTRY.match(content)
        if not entry:
            continue  # a scalar list item or a value continued on this line
        key = entry.group("key")
        value = (entry.group("value") or "").strip()
        if not dashes:
            hint = _misaligned(levels, indent, key, number, stripped)
            if hint is not None:
                out.append(hint)
        _enter(levels, at, key, number, bool(value) and not _BLOCK.match(value), bool(dashes))
        opens = not value
        if value and _BLOCK.match(value):
            block = (at, key)
    return out


def _unclosed_quote(content: str) -> tuple[str, str, int] | None:
    """(key, quote, offset of the quote in `content`) for `key: "text` with no closing quote."""
    entry = _ENTRY.match(content)
    if not entry or not entry.group("value"):
        return None
    value = entry.group("value").rstrip()
    quote = value[:1]
    if quote not in ('"', "'"):
        return None
    body = value[1:]
    if quote == '"':
        closed = re.search(r'(?<!\\)(?:\\\\)*"', body) is not None
    else:
        closed = "'" in body.replace("''", "")
    if closed:
        return None
    return entry.group("key"), quote, entry.start("value")


def _enter(levels: list[_Level], indent: int, key: str, line: int, has_value: bool, item: bool) -> None:
    """Record a key at `indent`: deeper levels are closed; an item ("- ") starts a new level."""
    while levels and (levels[-1].indent > indent or (item and levels[-1].indent == indent)):
        levels.pop()
    if levels and levels[-1].indent == indent:
        levels[-1] = _Level(indent, key, line, has_value)
    else:
        levels.append(_Level(indent, key, line, has_value))


def _misaligned(levels: list[_Level], indent: int, key: str, number: int, stripped: str) -> Hint | None:
    """Y022 for a key that fits no open level: deeper than a key that already has a value, or
    between two levels."""
    if not levels or any(level.indent == indent for level in levels):
        return None
    innermost = levels[-1]
    if indent > innermost.indent:
        if not innermost.has_value:
            return None  # the first key nested under "key:" starts a new level
        return Hint("Y022", number, indent + 1, {"problem": (
            f"缩进过深：“{key}”比第 {innermost.line} 行的“{innermost.key}”多缩进了 {indent - innermost.indent} 格；"
            f"“{innermost.key}”已经有值，下面不能再有下一层，同一层的字段要左端对齐（第 {innermost.indent + 1} 列）")},
            {number: " " * innermost.indent + stripped})
    inner = next(level for level in reversed(levels) if level.indent > indent)
    return Hint("Y022", number, indent + 1, {"problem": (
        f"缩进不足：“{key}”比第 {inner.line} 行的“{inner.key}”少缩进了 {inner.indent - indent} 格，"
        f"同一层的字段要左端对齐（第 {inner.indent + 1} 列）")},
        {number: " " * inner.indent + stripped})


def _is_entry(content: str) -> bool:
    return bool(_ENTRY.match(content) or _FULLWIDTH.match(content) or _TIGHT.match(content))


def _tab_in_indent(row: str) -> int | None:
    """0-based column of the first tab among a line's leading blanks."""
    for i, ch in enumerate(row):
        if ch == "\t":
            return i
        if ch != " ":
            return None
    return None
