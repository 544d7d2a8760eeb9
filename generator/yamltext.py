"""How a clerk's text is written into a YAML template: a quoted line, or a literal block.

The templates of `jili new` (generator/templates/new/) use these as Jinja filters; the forms
on the site render the same templates with nunjucks and the same two filters written in
JavaScript (generator/site/assets/forms.js: `quoted`, `block`). tests/browser/test_forms_browser.py
renders one set of values both ways and compares the files byte for byte.
"""

from __future__ import annotations

#: Characters written as escapes inside double quotes: YAML's own (backslash, quote), and
#: every control or line-separating character, so a value stays on its line.
_ESCAPE_ALWAYS = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _ESCAPE_ALWAYS:
        return _ESCAPE_ALWAYS[ch]
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02X}"
    if code in (0x2028, 0x2029, 0xFEFF):
        return f"\\u{code:04X}"
    return ch


def quoted(value: object) -> str:
    """`value` as a double-quoted YAML scalar: "龙都街道", "说明\\"引号\\""."""
    text = "" if value is None else str(value)
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def normalise(text: str | None) -> str:
    """A text box's content as a literal block keeps it: line ends as line feeds, blank lines
    at the start and the end dropped, spaces at the end of each line dropped (invisible in a
    text box; YAML would keep them, and Markdown reads two as a line break nobody meant)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = ["" if not line.strip(" \t") else line.rstrip(" \t") for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def block_value(text: str | None) -> str:
    """The string YAML reads back from `block(text)`: the normalised text and one line feed."""
    body = normalise(text)
    return body + "\n" if body else ""


def block(text: str | None, indent: int = 2) -> str:
    """What follows `key: |` for `text`: each line on its own line, indented by `indent` spaces.

    An empty text leaves the one indented blank line a clerk types into. A first line that
    starts with a space gets an indentation indicator (`|2`), else YAML would take its spaces
    for the block's indentation; so does one that starts with a tab (text pasted from a word
    processor), else YAML reads a tab where indentation is expected and stops."""
    body = normalise(text)
    pad = " " * indent
    if not body:
        return "\n" + pad
    lines = body.split("\n")
    head = "2" if lines[0].startswith((" ", "\t")) else ""
    return head + "".join("\n" + (pad + line if line else "") for line in lines)
