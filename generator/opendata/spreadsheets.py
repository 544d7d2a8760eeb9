"""CSV and Excel files of the tables, each with its data dictionary (字段说明).

CSV is written the way Excel on a Chinese Windows desktop reads it without asking: UTF-8
with a byte-order mark, CRLF line ends, every field that needs it quoted. The workbook has a
sheet per table, the header row frozen and filtered, and a 字段说明 sheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`:
a spreadsheet would otherwise run it as a formula (CSV injection), and anyone can open a
pull request. Both formats get the same cells, so a CSV row and an Excel row never differ.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .apischema import Field
from .common import DEMO_NOTE
from .tables import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "、"
DICTIONARY_HEADER = ("列名", "字段名", "类型", "说明", "取值")
# C0 controls other than tab, LF and CR: not allowed in XLSX cells, and of no use in CSV.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)([^<]*)(</dcterms:modified>)")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value: Any) -> str | int:
    """A view's value as a spreadsheet cell: lists joined, yes/no, null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    return neutralise(_CONTROL.sub("", str(value)))


def table_cells(table: Table, fields: Sequence[Field]) -> list[list[str | int]]:
    """Header and rows of a table as cells (header titles from the schema)."""
    out: list[list[str | int]] = [[neutralise(f.title) for f in fields]]
    for row in table.rows:
        out.append([cell(row.get(f.key)) for f in fields])
    return out


def dictionary_cells(fields: Iterable[Field]) -> list[list[str | int]]:
    """A table's 字段说明: one row per column, from the schema's titles and descriptions."""
    out: list[list[str | int]] = [list(DICTIONARY_HEADER)]
    for f in fields:
        kind = f.kind + ("；可为空" if f.nullable else "")
        out.append([cell(f.title), cell(f.key), cell(kind), cell(f.description), cell(list(f.values))])
    return out


def to_csv(cells: Sequence[Sequence[str | int]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(cells)
    return buffer.getvalue().encode("utf-8-sig")


# --- the workbook --------------------------------------------------------------------------------

README_SHEET = "说明"
DICTIONARY_SHEET = "字段说明"
WIDTH_SAMPLE = 200


Cells = Sequence[Sequence[str | int]]


def workbook(sheets: Sequence[tuple[str, Cells, Cells]], *, title: str, notes: Sequence[str],
             demo: bool, modified: dt.datetime) -> bytes:
    """One .xlsx: a 说明 sheet, a sheet per table and one 字段说明 sheet for them all.

    `sheets` are (title, table cells, dictionary cells) as the CSV files have them, so a
    sheet and its CSV cannot differ. `modified` is written as the document's creation and
    change time, and as every zip member's time, so the same data gives the same bytes."""
    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    lines = [title, *([DEMO_NOTE] if demo else []), *notes,
             "各工作表：" + "、".join(name for name, _, _ in sheets) + "、" + DICTIONARY_SHEET + "。"]
    for i, line in enumerate(lines, 1):
        readme.cell(row=i, column=1, value=neutralise(line))
    readme["A1"].font = Font(bold=True, size=14)
    if demo:
        readme["A2"].font = Font(bold=True, color="C00000")
    readme.column_dimensions["A"].width = 120

    dictionary: list[list[str | int]] = [["工作表", *DICTIONARY_HEADER]]
    for name, cells, fields in sheets:
        _sheet(book, name, cells)
        dictionary += [[name, *row] for row in fields[1:]]
    _sheet(book, DICTIONARY_SHEET, dictionary)

    utc = modified.astimezone(dt.UTC).replace(tzinfo=None)  # the format's times are UTC
    book.properties.creator = "jili"
    book.properties.title = title
    book.properties.created = utc
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue(), utc)


def _sheet(book: Workbook, title: str, cells: Cells) -> None:
    sheet = book.create_sheet(title)
    for row in cells:
        sheet.append(list(row))
    sample = cells[:WIDTH_SAMPLE]  # widths from the first rows: measuring every cell costs more than it helps
    for column in range(1, len(cells[0]) + 1):
        sheet.cell(row=1, column=column).font = Font(bold=True)
        widest = max(_width(row[column - 1]) for row in sample)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    if len(cells) > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _width(value: str | int) -> int:
    """Display width in character cells: a Chinese character takes two."""
    text = str(value).split("\n")[0]
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fixed_times(data: bytes, moment: dt.datetime) -> bytes:
    """The same zip with every member dated `moment`, and `moment` as the document's last
    change (openpyxl stamps the clock on both when it saves)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    modified = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m.group(1) + modified + m.group(3), content)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()
