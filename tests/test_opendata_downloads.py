"""CSV and Excel downloads: Chinese reads back (BOM), the workbook holds the data with nothing
added (typed cells, real dates, codes as text), column titles come from the schemas, file names
say what they hold, and nothing a spreadsheet would run as a formula goes out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from generator import opendata, urls
from generator.opendata import apischema
from generator.opendata.spreadsheets import cell, looks_like_formula, neutralise, unquote
from generator.opendata.tables import TABLES

# The shared fixtures are imported by name (pytest finds them here); the test functions'
# parameters of the same names are how pytest hands them over.
# ruff: noqa: F811
from tests.test_opendata_round import (  # noqa: F401
    APOSTROPHE,
    AT,
    AWARDED,
    BUILD_TIME,
    FORMULA,
    FULL_WIDTH,
    MINUS,
    PLUS,
    SPACED,
    TAB,
    demo_files,
    demo_snapshot,
    real_snapshot,
    round_files,
    round_root,
    round_snapshot,
)

NAMES = [name for name, *_ in TABLES]
TITLES = {name: title for name, title, *_ in TABLES}
YEARS = [2021]


def csv_path(name: str) -> str:
    return urls.download(name, YEARS)


def fields_path(name: str) -> str:
    return urls.download_fields(name, YEARS)


WORKBOOK = urls.download_workbook(YEARS)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark, so Excel reads Chinese"
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def as_text(value) -> str:
    """A cell read back from the workbook, as the CSV writes the same value."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        assert value.time() == dt.time(0)
        return value.date().isoformat()
    return str(value)


def read_sheets(data: bytes) -> dict[str, list[list[str]]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [[as_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def test_file_names_say_what_they_hold_and_for_which_years():
    assert urls.download("awards", [2021]) == "downloads/2021年度获激励名单.csv"
    assert urls.download("awards", [2023, 2021, 2022]) == "downloads/2021—2023年度获激励名单.csv"
    assert urls.download_fields("measures", [2021]) == "downloads/2021年度激励措施（字段说明）.csv"
    assert urls.download_workbook([2021, 2022]) == "downloads/2021—2022年度督查激励开放数据.xlsx"
    assert urls.download("units", [2021, 2022]) == "downloads/申报单位名录.csv"  # the registry has no year
    assert urls.download("awards", []) == "downloads/获激励名单.csv"


def test_every_table_is_published_under_its_chinese_name(round_files):
    downloads = sorted(p for p in round_files if p.startswith("downloads/"))
    assert downloads == sorted([*(csv_path(n) for n in NAMES), *(fields_path(n) for n in NAMES), WORKBOOK,
                                urls.datapackage()])
    # no ASCII alias: a script finds a table by its name in the data package instead
    names = [p.split("/", 1)[1] for p in downloads if p != urls.datapackage()]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names), names


@pytest.mark.parametrize("name", NAMES)
def test_csv_reads_back_with_chinese_and_crlf(round_files, name):
    data = round_files[csv_path(name)]
    body = data[3:]
    assert body.count(b"\r\n") >= 1
    assert b"\n" not in body.replace(b"\r\n", b"") or name in ("measures",)  # only inside quoted text
    rows = read_csv(data)
    assert len({len(r) for r in rows}) == 1, "every row has every column"
    assert all(cell_ == cell_.strip("\ufeff") for cell_ in rows[0])


def test_csv_header_titles_come_from_the_published_schema(round_files):
    rows = read_csv(round_files[csv_path("awards")])
    schema = json.loads(round_files[urls.api_schema("awards")])
    properties = schema["$defs"]["award"]["properties"]
    titles = []
    for node in properties.values():
        if "$ref" in node and "title" not in node:  # a title given where the $ref points
            target = schema
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            titles.append(target["title"])
        else:
            titles.append(node["title"])
    assert rows[0] == titles
    assert rows[0][:3] == ["激励年度", "措施编号", "措施标题"]


def test_award_rows_match_the_api(round_files):
    rows = read_csv(round_files[csv_path("awards")])
    header, body = rows[0], rows[1:]
    nominee = header.index("激励对象")
    level = header.index("对象层级")
    assert [(r[nominee], r[level]) for r in body] == [(n, lv) for _, _, n, lv in AWARDED]
    api = json.loads(round_files[urls.api_awards(2021)])["awards"]
    recommended = header.index("推荐单位")
    assert body[0][recommended] == "、".join(api[0]["recommended_by_names"])


def test_registry_tables_list_every_unit_and_department(round_snapshot, round_files):
    units = read_csv(round_files[csv_path("units")])
    ids = [r[units[0].index("申报单位编号")] for r in units[1:]]
    snap = round_snapshot
    assert ids == [u.id for u in [*snap.regions(), *snap.platforms()]]
    liangjiang = units[1 + ids.index("liangjiang-new-area")]
    assert liangjiang[units[0].index("申报单位类别")] == "国家级开发开放平台"
    assert liangjiang[units[0].index("行政区划代码")] == ""
    assert units[1 + ids.index("500101")][units[0].index("行政区划代码")] == "500101"
    departments = read_csv(round_files[csv_path("departments")])
    assert [r[0] for r in departments[1:]] == [d.id for d in snap.departments()]
    assert departments[0][:3] == ["部门编号", "简称", "全称"]


@pytest.mark.parametrize("name", NAMES)
def test_workbook_holds_the_data_with_nothing_added(round_files, name):
    """Read back with openpyxl, a sheet has the CSV's values with the CSV's neutralising
    apostrophe taken off, and not one character more."""
    sheets = read_sheets(round_files[WORKBOOK])
    rows = read_csv(round_files[csv_path(name)])
    assert sheets[TITLES[name]] == [[unquote(v) for v in row] for row in rows]
    book = load_workbook(io.BytesIO(round_files[WORKBOOK]))
    assert book[TITLES[name]].freeze_panes == "A2"
    assert book[TITLES[name]]["A1"].font.b


def test_workbook_text_is_typed_as_text_and_equal_to_the_data(round_files):
    book = load_workbook(io.BytesIO(round_files[WORKBOOK]))
    values = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{sheet.title}!{c.coordinate} is a formula"
                if isinstance(c.value, str):
                    values[c.value] = c
                    assert not c.value.startswith("'") or c.value == APOSTROPHE, f"{sheet.title}!{c.coordinate}"
                    if looks_like_formula(c.value):
                        assert c.data_type == "s" and c.quotePrefix, f"{sheet.title}!{c.coordinate}"
    # the API's own values, character for character
    for text in (PLUS, MINUS, AT, TAB, APOSTROPHE, FORMULA + "、产业帮扶", SPACED, FULL_WIDTH):
        assert text in values, text
    assert values[FORMULA + "、产业帮扶"].quotePrefix and values[FULL_WIDTH].quotePrefix
    assert not values[APOSTROPHE].quotePrefix
    # codes of digits are text formatted as text: Excel keeps 500101 (or 050101) as written
    assert values["500101"].data_type == "s" and values["500101"].number_format == "@"


def test_workbook_dates_are_dates(round_files):
    book = load_workbook(io.BytesIO(round_files[WORKBOOK]))
    awards = book[TITLES["awards"]]
    header = [c.value for c in awards[1]]
    day = awards.cell(row=2, column=header.index("通报日期") + 1)
    assert day.is_date and day.value == dt.datetime(2022, 5, 10) and day.number_format == "yyyy-mm-dd"
    applications = book[TITLES["applications"]]
    column = [c.value for c in applications[1]].index("报送日期") + 1
    filed = [applications.cell(row=r, column=column) for r in range(2, applications.max_row + 1)]
    assert len(filed) == 3 and all(c.is_date for c in filed)


def test_workbook_names_its_build(round_files):
    readme = read_sheets(round_files[WORKBOOK])["说明"]
    lines = [r[0] for r in readme]
    assert any(BUILD_TIME.isoformat(timespec="seconds") in line and "数据提交" in line for line in lines)


def test_workbook_and_csv_agree_in_a_demo_build(demo_files):
    sheets = read_sheets(demo_files[WORKBOOK])
    for name in NAMES:
        rows = read_csv(demo_files[csv_path(name)])
        assert sheets[TITLES[name]] == [[unquote(v) for v in row] for row in rows]


def test_workbook_has_readme_and_dictionary_sheets(round_files):
    sheets = read_sheets(round_files[WORKBOOK])
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
    dictionary = read_csv(round_files[fields_path(name)])
    assert dictionary[0] == [f.title for f in apischema.columns(schemas, "common", "/$defs/dictionary_row")]
    assert dictionary[0] == ["列名", "字段名", "类型", "说明", "取值"]
    assert [(r[0], r[1], r[3]) for r in dictionary[1:]] == [(c.title, c.key, c.description) for c in columns]
    assert [r[0] for r in dictionary[1:]] == read_csv(round_files[csv_path(name)])[0]
    assert all(r[3] for r in dictionary[1:]), "every column is described"


def test_formula_injection_is_neutralised_in_csv(round_files):
    recommendations = read_csv(round_files[csv_path("recommendations")])
    reasons = [r[recommendations[0].index("推荐理由")] for r in recommendations[1:]]
    assert reasons == ["'" + PLUS, "'" + MINUS, "'" + AT, "'" + TAB]
    methods = [r[recommendations[0].index("评审方式")] for r in recommendations[1:]]
    assert methods[-1] == "'" + APOSTROPHE  # so that dropping one apostrophe gives the data back
    applications = read_csv(round_files[csv_path("applications")])
    experiences = [r[applications[0].index("典型经验做法")] for r in applications[1:]]
    assert experiences == ["'" + FORMULA + "、产业帮扶", "'" + FULL_WIDTH, "'" + SPACED]
    for name in NAMES:
        for row in read_csv(round_files[csv_path(name)]):
            for value in row:
                assert value.startswith("'") or not looks_like_formula(value), (name, value)


@pytest.mark.parametrize("text", [
    "=1+1", "+86 23", "-5", "@x", "\tx", "\rx", "\nx",
    " =1+1", "  +1", "\u3000=1", "\u00a0@x", "\u200b=1", "\ufeff=1", "\u2060-1",  # blanks, invisible
    "＝1+1", "＋1", "－1", "＠x", "﹦1", "﹢1", "﹣1", "﹫x", "−1",  # full-width, small forms, minus sign
    "'=1+1", "'plain", "'",  # the apostrophe itself
])
def test_neutralise_quotes_and_unquote_restores(text):
    assert neutralise(text) == "'" + text
    assert unquote(neutralise(text)) == text


@pytest.mark.parametrize("text", ["万州区=1", "500101", "2022-01-20", "a-b", "", " 前导空格", "（=1）", "e=mc²"])
def test_neutralise_leaves_plain_text_alone(text):
    assert neutralise(text) == text
    assert unquote(neutralise(text)) == text


def test_cells():
    assert cell(None) == "" and cell(True) == "是" and cell(False) == "否" and cell(3) == 3
    assert cell(["=a", "b"]) == "=a、b"  # neutralised by each format, not here
    assert cell("a\x07b\x7fc\ud800d\ufffee\uffff") == "abcde"  # characters no spreadsheet can store


def test_workbook_keeps_codes_and_text_exactly():
    """Straight into the writer: codes with leading zeros, formula look-alikes and dates come
    back from openpyxl as they went in."""
    from generator.opendata.spreadsheets import Sheet, workbook

    cells = [["编号", "名称", "日期"], ["050101", "=1+1", "2022-01-02"], ["007", "＋1", ""]]
    data = workbook([Sheet("表", cells, [["列名", "字段名", "类型", "说明", "取值"]], frozenset({2}))],
                    title="标题", notes=["=说明"], demo=False, modified=BUILD_TIME)
    book = load_workbook(io.BytesIO(data))
    sheet = book["表"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == \
        [["050101", "=1+1", dt.datetime(2022, 1, 2)], ["007", "＋1", None]]
    assert sheet["A2"].number_format == "@" and sheet["B2"].quotePrefix and sheet["B3"].quotePrefix
    assert book["说明"]["A2"].value == "=说明" and book["说明"]["A2"].data_type == "s"


def test_demo_files_carry_a_visible_marker(demo_files):
    for name in NAMES:
        rows = read_csv(demo_files[csv_path(name)])
        assert rows[0][0] == "示例数据"
        assert all(r[0] == "示例数据" for r in rows[1:])
        dictionary = read_csv(demo_files[fields_path(name)])
        assert dictionary[1][0] == "示例数据"
    sheets = read_sheets(demo_files[WORKBOOK])
    assert "示例数据" in sheets["说明"][0][0] and "示例数据" in sheets["说明"][1][0]


def test_real_data_downloads_have_headers_and_no_awards(real_snapshot):
    files = opendata.publish(real_snapshot)
    years = real_snapshot.years
    awards = read_csv(files[urls.download("awards", years)])
    assert len(awards) == 1 and awards[0][0] == "激励年度"
    measures = read_csv(files[urls.download("measures", years)])
    assert len(measures) == 1 + sum(len(m) for m in real_snapshot.measures.values())
    assert read_sheets(files[urls.download_workbook(years)])["激励措施"] == measures
