"""Where a character inside a text value sits in its file, for findings about part of a value.

A diagnostic about a list inside a self-assessment must point at that list's line, not at the
`self_assessment: |` line. The loader records where each value starts; this module maps a
(line, column) inside the value to the file:

* a literal block (`|`): value line i is file line start + 1 + i, indented by the block's
  indentation (that of its first non-blank line);
* a one-line plain or quoted value: same line, shifted by the opening quote;
* anything else (folded `>` blocks, values wrapped over lines) cannot be mapped exactly and
  gives the value's own position.
"""

from __future__ import annotations

import re

from .loader import Document, Path

_BLOCK = re.compile(r"\|[+-]?(?P<explicit>[1-9])?[+-]?\s*(?:#.*)?\Z")


def value_offset(doc: Document, jpath: Path, line: int, col: int) -> tuple[int, int]:
    """File position (1-based) of 0-based (`line`, `col`) inside the string value at `jpath`."""
    start = doc.position(tuple(jpath))
    if doc.text is None:
        return start
    rows = doc.text.split("\n")
    if not 0 < start[0] <= len(rows):
        return start
    row = rows[start[0] - 1].rstrip("\r")
    rest = row[start[1] - 1:]
    block = _BLOCK.match(rest)
    if block:
        indent = _block_indent(rows, start[0], row, block["explicit"])
        if indent is None:
            return start
        return start[0] + 1 + line, indent + col + 1
    if line == 0 and not rest.startswith(">"):
        quote = 1 if rest[:1] in ("'", '"') else 0
        return start[0], start[1] + quote + col
    return start


def _block_indent(rows: list[str], header_line: int, header: str, explicit: str | None) -> int | None:
    if explicit:
        # relative to the indentation of the node holding the block; a "- " item adds its own
        own = len(header) - len(header.lstrip(" "))
        return own + int(explicit)
    for text in rows[header_line:]:
        body = text.rstrip("\r")
        if body.strip():
            return len(body) - len(body.lstrip(" "))
    return None
