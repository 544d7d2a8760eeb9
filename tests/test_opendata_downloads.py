"""CSV and Excel downloads: Chinese reads back (BOM), the workbook has the CSV's rows, column
titles come from the schemas, and nothing a spreadsheet would run as a formula goes out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from generator import opendata, urls
from generator.opendata import apischema
from generator.opendata.spreadsheets import FORMULA_START, cell, neutralise
from generator.opendata.tables import TABLES

# The shared fixtures are imported by name (pytest finds them here); the test functions'
# parameters of the same names are how pytest hands them over.
# ruff: noqa: F811
from tests.test_opendata_round import (  # noqa: F401
    AT,
    AWARDED,
    FORMULA,
    MINUS,
    PLUS,
    TAB,
    demo_files,
    demo_snapshot,
    real_snapshot,
    round_files,
    round_root,
    round_snapshot,
)

NAMES = [name for name, *_ in TABLES]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark, so Excel reads Chinese"
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_sheets(data: bytes) -> dict[str, list[list[str]]]:
    book = load_workbook(io.BytesIO(data))
    out = {}
    for sheet in book.worksheets:
        out[sheet.title] = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return out


@pytest.mark.parametrize("name", NAMES)
def test_csv_reads_back_with_chinese_and_crlf(round_files, name):
    data = round_files[urls.download(name)]
    body = data[3:]
    assert body.count(b"\r\n") >= 1
    assert b"\n" not in body.replace(b"\r\n", b"") or name in ("measures",)  # only inside quoted text
    rows = read_csv(data)
    assert len({len(r) for r in rows}) == 1, "every row has every column"
    assert all(cell_ == cell_.strip("\ufeff") for cell_ in rows[0])


def test_csv_header_titles_come_from_the_published_schema(round_files):
    rows = read_csv(round_files[urls.download("awards")])
    schema = json.loads(round_files[urls.api_schema("awards")])
    properties = schema["$defs"]["award"]["properties"]
    titles = []
    for node in properties.values():
        if "$ref" in node and "title" not in node:  # a title given where the $ref points
            target_file, pointer = node["$ref"].split("#")
            target = json.loads(round_files[urls.api_schema(target_file.removesuffix(".schema.json"))])
            for part in pointer.strip("/").split("/"):
                target = target[part]
            titles.append(target["title"])
        else:
            titles.append(node["title"])
    assert rows[0] == titles
    assert rows[0][:3] == ["激励年度", "措施编号", "措施标题"]


def test_award_rows_match_the_api(round_files):
    rows = read_csv(round_files[urls.download("awards")])
    header, body = rows[0], rows[1:]
    nominee = header.index("激励对象")
    level = header.index("对象层级")
    assert [(r[nominee], r[level]) for r in body] == [(n, lv) for _, _, n, lv in AWARDED]
    api = json.loads(round_files[urls.api_awards(2021)])["awards"]
    recommended = header.index("推荐单位")
    assert body[0][recommended] == "、".join(api[0]["recommended_by_names"])


@pytest.mark.parametrize("name", NAMES)
def test_workbook_has_the_csv_rows_with_header_frozen(round_files, name):
    sheets = read_sheets(round_files[urls.download_workbook()])
    title = {n: t for n, t, *_ in TABLES}[name]
    assert sheets[title] == read_csv(round_files[urls.download(name)])
    book = load_workbook(io.BytesIO(round_files[urls.download_workbook()]))
    assert book[title].freeze_panes == "A2"
    assert book[title]["A1"].font.b


def test_workbook_has_readme_and_dictionary_sheets(round_files):
    sheets = read_sheets(round_files[urls.download_workbook()])
    assert next(iter(sheets)) == "说明"
    assert "字段说明" in sheets
    dictionary = sheets["字段说明"]
    assert dictionary[0] == ["工作表", "列名", "字段名", "类型", "说明", "取值"]
    assert ["获激励名单", "激励对象", "nominee"] == dictionary[1 + 4][:3]


@pytest.mark.parametrize("name", NAMES)
def test_each_file_has_a_dictionary_from_the_schema(round_snapshot, round_files, name):
    table = next(t for t in TABLES if t[0] == name)
    schemas = apischema.load(round_snapshot.root / "schema")
    columns = apischema.columns(schemas, table[2], table[3])
    dictionary = read_csv(round_files[urls.download_fields(name)])
    assert dictionary[0] == ["列名", "字段名", "类型", "说明", "取值"]
    assert [(r[0], r[1], r[3]) for r in dictionary[1:]] == [(c.title, c.key, c.description) for c in columns]
    assert [r[0] for r in dictionary[1:]] == read_csv(round_files[urls.download(name)])[0]
    assert all(r[3] for r in dictionary[1:]), "every column is described"


def test_formula_injection_is_neutralised_in_csv_and_xlsx(round_files):
    recommendations = read_csv(round_files[urls.download("recommendations")])
    reasons = [r[recommendations[0].index("推荐理由")] for r in recommendations[1:]]
    assert reasons == ["'" + PLUS, "'" + MINUS, "'" + AT, "'" + TAB]
    applications = read_csv(round_files[urls.download("applications")])
    experiences = [r[applications[0].index("典型经验做法")] for r in applications[1:]]
    assert "'" + FORMULA + "、产业帮扶" in experiences

    book = load_workbook(io.BytesIO(round_files[urls.download_workbook()]))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{sheet.title}!{c.coordinate} is a formula"
                if isinstance(c.value, str):
                    assert not c.value.startswith(FORMULA_START), f"{sheet.title}!{c.coordinate}"
    for name in NAMES:
        for row in read_csv(round_files[urls.download(name)]):
            for value in row:
                assert not value.startswith(FORMULA_START), (name, value)


def test_neutralise_and_cells():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+86 23") == "'+86 23"
    assert neutralise("-5") == "'-5"
    assert neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("万州区=1") == "万州区=1"
    assert cell(None) == "" and cell(True) == "是" and cell(False) == "否" and cell(3) == 3
    assert cell(["=a", "b"]) == "'=a、b"
    assert cell("a\x07b") == "ab"  # a control character Excel cannot store


def test_demo_files_carry_a_visible_marker(demo_files):
    for name in NAMES:
        rows = read_csv(demo_files[urls.download(name)])
        assert rows[0][0] == "示例数据"
        assert all(r[0] == "示例数据" for r in rows[1:])
        dictionary = read_csv(demo_files[urls.download_fields(name)])
        assert dictionary[1][0] == "示例数据"
    sheets = read_sheets(demo_files[urls.download_workbook()])
    assert "示例数据" in sheets["说明"][0][0] and "示例数据" in sheets["说明"][1][0]
    assert sheets["获激励名单"] == read_csv(demo_files[urls.download("awards")])


def test_real_data_downloads_have_headers_and_no_awards(real_snapshot):
    files = opendata.publish(real_snapshot)
    awards = read_csv(files[urls.download("awards")])
    assert len(awards) == 1 and awards[0][0] == "激励年度"
    measures = read_csv(files[urls.download("measures")])
    assert len(measures) == 1 + sum(len(m) for m in real_snapshot.measures.values())
    assert read_sheets(files[urls.download_workbook()])["激励措施"] == measures
