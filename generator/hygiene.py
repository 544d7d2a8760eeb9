"""Characters no data file may contain: control, line-separator, bidirectional and zero-width
characters.

They are invisible or reorder what a reader sees, so a name, a reason or a title could look
right on screen and be something else in the data; some of them (U+2028, U+0085) make libyaml
see a line break where the editor shows none, and then the YAML error appears lines away from
the real mistake. They usually arrive by copying text from a web page, Word or a PDF.

The scan runs on a file's text before libyaml reads it, so the character is reported at its
true line and column. Double-quoted YAML strings can also produce such characters through
escapes (`"D:\\abc"` holds U+0007 after `\\a`); `escape_at` finds the escape that did.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Allowed in text: tab, line feed and carriage return (line ends), and everything visible.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab, LF, CR), DEL, C1 (incl. U+0085)
    "\u00ad\u061c\u180e"  # soft hyphen, Arabic letter mark, Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e"  # bidirectional embeddings and overrides
    "\u2060-\u2064\u2066-\u2069"  # word joiner, invisible operators; bidirectional isolates
    "\ufeff\ufff9-\ufffb"  # zero-width no-break space (a byte-order mark inside the text); annotations
    "\U000e0000-\U000e007f]"  # tag characters
)

_NAMES = {
    0x00: "空字符", 0x07: "响铃控制符", 0x08: "退格控制符", 0x0B: "垂直制表符", 0x0C: "换页符",
    0x1B: "转义控制符", 0x7F: "删除控制符", 0x85: "不可见的下一行符",
    0xAD: "不可见的软连字符", 0x061C: "不可见的阿拉伯文字母标记", 0x180E: "不可见的蒙古文元音分隔符",
    0x200B: "不可见的零宽空格", 0x200C: "不可见的零宽不连字", 0x200D: "不可见的零宽连字",
    0x200E: "不可见的从左到右标记", 0x200F: "不可见的从右到左标记",
    0x2028: "不可见的行分隔符", 0x2029: "不可见的段落分隔符",
    0x202A: "不可见的从左到右嵌入符", 0x202B: "不可见的从右到左嵌入符", 0x202C: "不可见的方向格式结束符",
    0x202D: "不可见的从左到右覆盖符", 0x202E: "不可见的从右到左覆盖符",
    0x2060: "不可见的单词连接符", 0x2061: "不可见的函数应用符", 0x2062: "不可见的乘号",
    0x2063: "不可见的分隔符", 0x2064: "不可见的加号",
    0x2066: "不可见的从左到右隔离符", 0x2067: "不可见的从右到左隔离符", 0x2068: "不可见的方向隔离符",
    0x2069: "不可见的方向隔离结束符", 0xFEFF: "不可见的零宽不换行空格（字节顺序标记）",
    0xFFF9: "不可见的行间注释起始符", 0xFFFA: "不可见的行间注释分隔符", 0xFFFB: "不可见的行间注释结束符",
}


def describe(ch: str) -> str:
    """How messages name a forbidden character: “不可见的行分隔符（U+2028）”."""
    code = ord(ch)
    name = _NAMES.get(code)
    if name is None:
        if code < 0x20 or code == 0x7F:
            name = "控制字符"
        elif 0x80 <= code <= 0x9F:
            name = "不可见的控制字符"
        elif 0xE0000 <= code <= 0xE007F:
            name = "不可见的标签字符"
        else:
            name = "不可见字符"
    return f"{name}（U+{code:04X}）"


def positions(text: str, limit: int = 20) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of each forbidden character in `text`, 1-based, at most `limit`.

    Columns count characters, as editors do. Lines are counted by line feeds only: the
    separators that YAML would also count are exactly the characters reported here.
    """
    line = 1
    counted_to = 0
    for found, match in enumerate(FORBIDDEN.finditer(text), start=1):
        at = match.start()
        line += text.count("\n", counted_to, at)
        counted_to = at
        yield line, at - text.rfind("\n", 0, at), match.group()
        if found >= limit:
            return


def has_forbidden(text: str) -> bool:
    return FORBIDDEN.search(text) is not None


# --- escapes in double-quoted YAML strings -------------------------------------------------

_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
            "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


def escape_at(text: str, line: int, col: int) -> tuple[int, int, str, str] | None:
    """In the double-quoted scalar starting at (line, col) of `text`, the first escape that
    yields a forbidden character: (line, column, the escape as written, the character).

    None if there is none (the scalar is then clean) or the scalar cannot be followed.
    """
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    row, at = line - 1, col - 1
    if lines[row][at:at + 1] != '"':
        return None
    at += 1
    while row < len(lines):
        current = lines[row]
        while at < len(current):
            ch = current[at]
            if ch == '"':
                return None
            if ch == "\\" and at + 1 < len(current):
                key = current[at + 1]
                if key in _HEX:
                    digits = current[at + 2:at + 2 + _HEX[key]]
                    written = current[at:at + 2 + _HEX[key]]
                    try:
                        value = chr(int(digits, 16))
                    except ValueError:
                        return None
                    step = 2 + _HEX[key]
                else:
                    value = _ESCAPES.get(key, "")
                    written = current[at:at + 2]
                    step = 2
                if value and FORBIDDEN.match(value):
                    return row + 1, at + 1, written, value
                at += step
                continue
            at += 1
        row, at = row + 1, 0
    return None
