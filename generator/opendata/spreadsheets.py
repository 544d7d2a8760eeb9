"""CSV and Excel files of the tables, each with its data dictionary (字段说明).

CSV is written the way Excel on a Chinese Windows desktop reads it without asking: UTF-8
with a byte-order mark, CRLF line ends, every field that needs it quoted. The workbook has a
sheet per table, the header row frozen and filtered, and a 字段说明 sheet.

Both formats get the same cells (`table_cells`), written as each format allows:

* CSV has no types, so a value a spreadsheet would run as a formula (CSV injection: anyone
  can open a pull request) is prefixed with `'`: one that starts, after any blank or invisible
  characters, with `=`, `+`, `-`, `@` or a full-width or small look-alike of them, or that
  starts with a tab or line break. A value that itself starts with `'` gets one too, so the
  rule reverses exactly: drop one leading `'` and you have the value (`unquote`).
* The workbook types every text cell as text, so nothing is ever run and nothing is added:
  a cell that would look like a formula also gets Excel's "quote prefix" style (it stays text
  when edited), a code of digits is formatted as text (leading zeros survive editing), and a
  date column holds real dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .apischema import Field
from .common import DEMO_NOTE
from .tables import Table

#: What a spreadsheet takes as the start of a formula: the ASCII signs, their full-width and
#: small-form look-alikes and the minus sign (some spreadsheets, and input methods, turn these
#: into the ASCII ones). A leading tab or line break is refused too (`looks_like_formula`).
FORMULA_SIGNS = frozenset("=+-@＝＋－＠﹦﹢﹣﹫−")
QUOTE = "'"
LIST_SEPARATOR = "、"
DICTIONARY_HEADER = ("列名", "字段名", "类型", "说明", "取值")
# C0 controls other than tab, LF and CR, DEL, lone surrogates, U+FFFE and U+FFFF: not allowed
# in XLSX cells (XML 1.0, and Excel refuses DEL), and of no use in CSV.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)([^<]*)(</dcterms:modified>)")


def _first_visible(text: str) -> str:
    """The first character that is neither blank nor invisible (a format character)."""
    for ch in text:
        if not ch.isspace() and unicodedata.category(ch) != "Cf":
            return ch
    return ""


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet run `text` as a formula, or cut it at its start?"""
    return text.startswith(("\t", "\r", "\n")) or _first_visible(text) in FORMULA_SIGNS


def neutralise(text: str) -> str:
    """`text` as a CSV cell: a spreadsheet shows it as text and never runs it; `unquote`
    gives `text` back."""
    return QUOTE + text if text.startswith(QUOTE) or looks_like_formula(text) else text


def unquote(value: str) -> str:
    """A CSV cell's value as the data has it (the inverse of `neutralise`)."""
    return value[1:] if value.startswith(QUOTE) else value


def cell(value: Any) -> str | int:
    """A view's value as a spreadsheet cell: lists joined, yes/no, null as empty, characters no
    spreadsheet can hold dropped. Not yet neutralised: each format does that its own way."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    return _CONTROL.sub("", str(value))


def table_cells(table: Table, fields: Sequence[Field]) -> list[list[str | int]]:
    """Header and rows of a table as cells (header titles from the schema)."""
    out: list[list[str | int]] = [[cell(f.title) for f in fields]]
    for row in table.rows:
        out.append([cell(row.get(f.key)) for f in fields])
    return out


def dictionary_cells(fields: Iterable[Field], header: Sequence[str] = DICTIONARY_HEADER) -> list[list[str | int]]:
    """A table's 字段说明: one row per column, from the schema's titles and descriptions."""
    out: list[list[str | int]] = [list(header)]
    for f in fields:
        kind = f.kind + ("；可为空" if f.nullable else "")
        out.append([cell(f.title), cell(f.key), cell(kind), cell(f.description), cell(list(f.values))])
    return out


def to_csv(cells: Sequence[Sequence[str | int]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([neutralise(v) if isinstance(v, str) else v for v in row] for row in cells)
    return buffer.getvalue().encode("utf-8-sig")


# --- the workbook --------------------------------------------------------------------------------

README_SHEET = "说明"
DICTIONARY_SHEET = "字段说明"
WIDTH_SAMPLE = 200
TEXT_FORMAT = "@"  # Excel's "text" number format


Cells = Sequence[Sequence[str | int]]


@dataclass(frozen=True)
class Sheet:
    """A table as the workbook holds it: the CSV's cells, its dictionary, and which columns
    (0-based) hold dates."""

    title: str
    cells: Cells
    dictionary: Cells
    dates: frozenset[int] = frozenset()


def date_columns(fields: Sequence[Field]) -> frozenset[int]:
    """The columns whose schema says `format: date`."""
    return frozenset(i for i, f in enumerate(fields) if f.schema.get("format") == "date")


def workbook(sheets: Sequence[Sheet], *, title: str, notes: Sequence[str], demo: bool,
             modified: dt.datetime, dictionary_header: Sequence[str] = DICTIONARY_HEADER) -> bytes:
    """One .xlsx: a 说明 sheet, a sheet per table and one 字段说明 sheet for them all.

    A sheet has its CSV's cells, typed (text as text, dates as dates), so read back they are the
    data with nothing added. `modified` is written as the document's creation and change time,
    and as every zip member's time, so the same data gives the same bytes."""
    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    lines = [title, *([DEMO_NOTE] if demo else []), *notes,
             "各工作表：" + "、".join(s.title for s in sheets) + "、" + DICTIONARY_SHEET + "。"]
    for number, line in enumerate(lines, 1):
        _append(readme, number, [cell(line)])
    readme["A1"].font = Font(bold=True, size=14)
    if demo:
        readme["A2"].font = Font(bold=True, color="C00000")
    readme.column_dimensions["A"].width = 120

    dictionary: list[list[str | int]] = [["工作表", *dictionary_header]]
    for sheet in sheets:
        _sheet(book, sheet.title, sheet.cells, sheet.dates)
        dictionary += [[sheet.title, *row] for row in sheet.dictionary[1:]]
    _sheet(book, DICTIONARY_SHEET, dictionary, frozenset())

    utc = modified.astimezone(dt.UTC).replace(tzinfo=None)  # the format's times are UTC
    book.properties.creator = "jili"
    book.properties.title = title
    book.properties.created = utc
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue(), utc)


def _append(sheet, row: int, values: Sequence[Any]) -> None:
    """Append row number `row`, then type its text cells as text: openpyxl takes a string that
    starts with `=` for a formula, and a spreadsheet would take one of digits for a number when
    edited."""
    sheet.append(values)
    for column, value in enumerate(values, 1):
        if not isinstance(value, str) or not value:
            continue
        formula = looks_like_formula(value)
        digits = value.isdigit()
        if formula or digits:
            target = sheet.cell(row=row, column=column)
            target.data_type = "s"
            if formula:
                target.quotePrefix = True
            if digits:
                target.number_format = TEXT_FORMAT


def _sheet(book: Workbook, title: str, cells: Cells, dates: frozenset[int]) -> None:
    sheet = book.create_sheet(title)
    for i, row in enumerate(cells):
        if i and dates:
            row = [dt.date.fromisoformat(v) if c in dates and isinstance(v, str) and v else v
                   for c, v in enumerate(row)]
        _append(sheet, i + 1, row)
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
