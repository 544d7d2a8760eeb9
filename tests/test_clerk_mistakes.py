"""The mistakes a district clerk filing for the first time actually makes, each reported in
Chinese at the line and column where it was made (issue: "Real townships, names as officials
write them, and messages that point at what a clerk actually got wrong").

Every case starts from one correct application (APP below: `self_assessment` on line 14,
`person` on line 24, `filed` on the last line, 26) and changes one thing, then runs
`jili validate PATH` as the clerk would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.codes import CODES
from generator.pagetext import rich_html
from generator.yamlhints import diagnose, error_at
from tests.conftest import REPO, copy_repository

APP = """\
# yaml-language-server: $schema=../../../schema/application.schema.json
measure: 19
applicant: "500101"
nominees:
  - level: 区县
    name: 万州区
  - level: 乡镇（街道）
    name: 分水镇
    parent: "500101"
  - level: 乡镇（街道）
    name: 甘宁镇
    parent: "500101"
# 自评
self_assessment: |
  万州区2021年推进“河长制”取得明显成效，全区 3 级河长 1,480 名，巡河 5.6 万人次。
  完成“一河一策”年度任务 118 项。
experiences:
  - title: 分水镇小流域综合治理
    body: |
      分水镇对辖区小流域实施清淤疏浚、岸坡整治和水土保持林建设，
      河道防洪能力和水质同步提升。
contact:
  unit: 万州区水利局
  person: 冉茂林
  phone: 023-60001902
filed: 2022-01-20
"""
PATH = "submissions/2021/500101/19.yaml"


def _line(number: int) -> str:
    return APP.split("\n")[number - 1]


def check(cli, tmp_path: Path, text: str) -> list[dict]:
    """`jili validate PATH` on an application with `text`; the findings as JSON."""
    root = copy_repository(tmp_path / "repo")
    target = root / PATH
    target.parent.mkdir(parents=True)
    target.write_text(text, "utf-8")
    result = cli("validate", "--root", str(root), "--now", "2022-01-25T10:00+08:00", "--format", "json",
                 str(target))
    found = json.loads(result.out)
    errors = [d for d in found if d["severity"] == "error"]
    assert result.code == (1 if errors else 0), result.err
    return found


def only(found: list[dict]) -> dict:
    assert len(found) == 1, found
    return found[0]


def edit(old: str, new: str) -> str:
    assert APP.count(old) == 1, old
    return APP.replace(old, new)


def test_the_base_application_passes(cli, tmp_path: Path) -> None:
    assert _line(14) == "self_assessment: |" and _line(24) == "  person: 冉茂林" and _line(26).startswith("filed")
    assert check(cli, tmp_path, APP) == []


# --- townships ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, code, words", [
    ("分水乡", "A010", "是不是：分水镇？"),
    ("分水", "A010", "是不是：分水镇？"),
    ("中益乡", "A011", "“中益乡”是石柱土家族自治县（500240）的乡镇（街道），不是万州区（500101）的"),
    ("白沙镇", "A011", "江津区（500116）、南川区（500119）"),
])
def test_township_names_are_checked(cli, tmp_path: Path, name: str, code: str, words: str) -> None:
    d = only(check(cli, tmp_path, edit("    name: 分水镇\n", f"    name: {name}\n")))
    assert (d["code"], d["line"], d["col"]) == (code, 8, 11)
    assert words in d["message"] + (d["hint"] or "")
    assert d["source"] == "国家统计局统计用区划代码 2020、2021 年版"


@pytest.mark.parametrize("name", ["高峰镇", "高峰街道"])
def test_a_township_renamed_during_the_round_is_accepted_under_either_name(cli, tmp_path: Path, name: str) -> None:
    """高峰镇 became 高峰街道 in the 2021 edition, published at the end of 2021: in the 2021 round
    (policy in 2021, filing in early 2022) a clerk may write either."""
    assert check(cli, tmp_path, edit("    name: 分水镇\n", f"    name: {name}\n")) == []


def test_another_regions_township_cannot_be_carried_through(cli, tmp_path: Path) -> None:
    # 万州区 names 中益乡 (石柱's); its lead department lists it and the notice names it: every
    # step now fails, so awards.csv can never show 中益乡 under 万州区
    root = copy_repository(tmp_path / "repo")
    app = root / PATH
    app.parent.mkdir(parents=True)
    app.write_text(edit("    name: 分水镇\n", "    name: 中益乡\n"), "utf-8")
    rec = root / "awards/2021/recommendations/19/water-resources.yaml"
    rec.parent.mkdir(parents=True)
    rec.write_text("""# yaml-language-server: $schema=../../../../schema/recommendation.schema.json
measure: 19
sender: water-resources
sent: 2022-03-20
categories:
  - level: 乡镇（街道）
    entries:
      - applicant: "500101"
        nominee: 中益乡
""", "utf-8")
    notice = root / "awards/2021/notices/official-list.yaml"
    notice.parent.mkdir(parents=True)
    notice.write_text("""# yaml-language-server: $schema=../../../schema/notice.schema.json
title: 重庆市人民政府办公厅关于对2021年落实有关重大政策措施真抓实干成效明显地方予以督查激励的通报
document_number: 渝府办发〔2022〕40号
date: 2022-05-06
issuer: general-office
status: published
measures:
  - measure: 19
    entries:
      - applicant: "500101"
        nominee: 中益乡
""", "utf-8")
    result = cli("validate", "--root", str(root), "--format", "json")
    assert result.code == 1
    found = {(d["path"], d["code"]) for d in json.loads(result.out)}
    assert found == {(PATH, "A011"), ("awards/2021/recommendations/19/water-resources.yaml", "C003"),
                     ("awards/2021/notices/official-list.yaml", "N001")}


# --- typing mistakes ----------------------------------------------------------------------------


@pytest.mark.parametrize("old, new, code, pos, words", [
    ("  person: 冉茂林\n", "  person：\"张三\"\n", "Y020", (24, 9), "全角冒号"),
    ("filed: 2022-01-20\n", "filed：2022-01-20\n", "Y020", (26, 6), "全角冒号"),
    ("self_assessment: |\n", "self_assessment：|\n", "Y020", (14, 16), "全角冒号"),
    ("    name: 万州区\n", "    name:万州区\n", "Y021", (6, 10), "缺少空格"),
    ("    name: 万州区\n", "      name: 万州区\n", "Y022", (6, 7), "缩进过深"),
    ("    name: 万州区\n", "   name: 万州区\n", "Y022", (6, 4), "缩进不足"),
    ("  完成“一河一策”年度任务 118 项。\n", "完成“一河一策”年度任务 118 项。\n", "Y024", (16, 1), "没有缩进"),
    ("      河道防洪能力和水质同步提升。\n", "     河道防洪能力和水质同步提升。\n", "Y022", (21, 6), "正文缩进不一致"),
    ("  - level: 乡镇（街道）\n    name: 甘宁镇\n", "    - level: 乡镇（街道）\n      name: 甘宁镇\n", "Y022", (10, 5),
     "列表项缩进不一致"),
    ("  person: 冉茂林\n", "\tperson: 冉茂林\n", "Y023", (24, 1), "制表符"),
    ("  - title: 分水镇小流域综合治理\n", "  - title: \"分水镇小流域综合治理\n", "Y027", (18, 12), "引号"),
])
def test_typing_mistakes_are_named_where_they_are(cli, tmp_path: Path, old, new, code, pos, words) -> None:
    d = only(check(cli, tmp_path, edit(old, new)))
    assert (d["code"], d["line"], d["col"]) == (code, *pos), d
    assert words in d["message"]
    assert "引号" not in d["message"] or code == "Y027"  # no advice to quote a value that is fine


def test_full_width_colon_message_and_hint(cli, tmp_path: Path) -> None:
    d = only(check(cli, tmp_path, edit("  person: 冉茂林\n", "  person：\"张三\"\n")))
    assert d["message"] == "字段名“person”后面是全角冒号“：”，YAML 只认半角冒号“:”"
    assert d["hint"] == "改为“person: ”（半角冒号，后面加一个空格）；切换到英文输入法再输入冒号"


def test_a_mapping_read_as_text_is_a_colon_mistake(cli, tmp_path: Path) -> None:
    # with only one field under contact, YAML reads the line as text: no syntax error at all
    text = edit("  unit: 万州区水利局\n  person: 冉茂林\n  phone: 023-60001902\n", "  person：冉茂林\n")
    d = only(check(cli, tmp_path, text))
    assert (d["code"], d["line"], d["col"]) == ("Y020", 23, 9)


def test_half_width_brackets_and_full_width_digits(cli, tmp_path: Path) -> None:
    d = only(check(cli, tmp_path, edit("  - level: 乡镇（街道）\n    name: 分水镇", "  - level: 乡镇(街道)\n    name: 分水镇")))
    assert (d["code"], d["line"], d["col"]) == ("Y025", 7, 12)
    assert "半角括号" in d["message"] and d["hint"] == "改为“乡镇（街道）”"
    d = only(check(cli, tmp_path / "2", edit("measure: 19\n", "measure: １９\n")))
    assert (d["code"], d["line"], d["col"]) == ("Y026", 2, 10)
    assert "全角数字" in d["message"] and "“19”" in d["hint"]


# --- names and ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("written, words", [
    ("万州区", "万州区的编号是 500101"),
    ("石柱县", "石柱县（石柱土家族自治县）的编号是 500240"),
    ("梁平县", "梁平县（今梁平区）的编号是 500155"),
])
def test_a_unit_name_gets_its_id(cli, tmp_path: Path, written: str, words: str) -> None:
    d = only(check(cli, tmp_path, edit('applicant: "500101"\n', f"applicant: {written}\n")))
    assert (d["code"], d["line"], d["col"]) == ("R010", 3, 12)
    assert words in d["message"]


def test_two_units_of_one_name_are_told_apart_by_year() -> None:
    from generator.loader import load_text
    from generator.model import Platform, Region, Registry
    from generator.refine import refine

    reg = Registry(regions={"liangjiang-district": Region("r", "liangjiang-district", "两江新区", "区", valid_from=2025)},
                   platforms={"liangjiang-new-area": Platform("p", "liangjiang-new-area", "两江新区", "国家级新区")})
    doc = load_text("applicant: 两江新区\n", "x.yaml")
    args = ("S005", ("applicant",), {"refers_to": "unit"}, "申报单位（applicant）")
    from generator.repository import Repository
    from generator.validate import Checker
    from tests.conftest import REPO

    programme = Checker(Repository(REPO)).programme
    assert "编号是 liangjiang-new-area" in refine(reg, doc, *args, 2021, programme).message
    both = refine(reg, doc, *args, 2025, programme)
    assert "两江新区的编号是 liangjiang-district（区县） 或 liangjiang-new-area（国家级开发开放平台）" in both.message
    assert both.hint == '改为 applicant: "liangjiang-district" 或 "liangjiang-new-area"'


@pytest.mark.parametrize("args, words", [
    (["application", "--measure", "19", "--applicant", "万州区"], "万州区的编号是 500101"),
    (["application", "--measure", "19", "--applicant", "石柱县"], "石柱县（石柱土家族自治县）的编号是 500240"),
    (["recommendation", "--measure", "19", "--sender", "市水利局"], "市水利局的编号是 water-resources"),
    (["notice", "--issuer", "市政府办公厅"], "市政府办公厅的编号是 general-office"),
])
def test_jili_new_tells_the_id_of_a_name(cli, args: list[str], words: str) -> None:
    result = cli("new", args[0], "--year", "2021", *args[1:], "--root", str(REPO), "--stdout")
    assert result.code == 2 and words in result.err


# --- phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["(023)12345678", "（023）12345678", "023-12345678转801", "023-12345678-801",
                                   "023 1234 5678", "023-58000000", "62345678", "+86 23 6000 1902"])
def test_office_phone_forms_are_accepted(cli, tmp_path: Path, phone: str) -> None:
    assert check(cli, tmp_path, edit("  phone: 023-60001902\n", f'  phone: "{phone}"\n')) == []


@pytest.mark.parametrize("phone", ["12345", "023-1234", "电话023", "1380000000"])
def test_what_is_not_a_phone_is_refused(cli, tmp_path: Path, phone: str) -> None:
    d = only(check(cli, tmp_path, edit("  phone: 023-60001902\n", f'  phone: "{phone}"\n')))
    assert d["code"] == "S005" and "023-12345678转801" in d["message"]


@pytest.mark.parametrize("phone", ["13800000000", "138 0000 0000", "+86 138 0000 0000"])
def test_a_mobile_number_is_a_warning(cli, tmp_path: Path, phone: str) -> None:
    d = only(check(cli, tmp_path, edit("  phone: 023-60001902\n", f'  phone: "{phone}"\n')))
    assert (d["code"], d["severity"], d["line"], d["col"]) == ("A013", "warning", 25, 10)
    assert "申报指南" in d["source"] and phone not in d["message"]  # the number is not repeated in CI logs


def test_full_width_digits_in_a_phone_are_explained(cli, tmp_path: Path) -> None:
    d = only(check(cli, tmp_path, edit("  phone: 023-60001902\n", "  phone: ０２３-６０００１９０２\n")))
    assert (d["code"], d["line"], d["col"]) == ("Y026", 25, 10)
    assert d["hint"].startswith("改为“023-60001902”")


# --- prose --------------------------------------------------------------------------------------


def test_a_list_right_after_a_line_is_a_warning_where_it_starts(cli, tmp_path: Path) -> None:
    text = edit("  完成“一河一策”年度任务 118 项。\n", "  主要做法：\n  - 建立巡河制度；\n  - 完成“一河一策”年度任务 118 项。\n")
    d = only(check(cli, tmp_path, text))
    assert (d["code"], d["severity"], d["line"], d["col"]) == ("W001", "warning", 17, 3)


def test_a_wrapped_chinese_line_shows_without_a_space() -> None:
    assert rich_html("建成区域养老\n服务中心") == "<p>建成区域养老服务中心</p>"
    assert rich_html("养老 **服务**\n中心") == "<p>养老 <strong>服务</strong>中心</p>"
    assert rich_html("Wrapped English\nwords") == "<p>Wrapped English\nwords</p>"  # a space is right there
    assert rich_html("```\n代码\n块\n```") == "<p><code>代码\n块</code></p>"  # code is left as written


# --- the diagnosis itself -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "title: 经验一: 征地拆迁\n",  # a colon inside a value: libyaml's own message is right
    "a: [1, 2\n",
    "- \"x\n",
])
def test_no_typing_mistake_is_invented(text: str) -> None:
    line = error_at(text)
    assert line is not None and diagnose(text, line) is None


def test_a_look_alike_line_before_the_error_is_not_blamed() -> None:
    # "- level:区县" is valid YAML (a text item); the real mistake is the unclosed bracket
    text = "items:\n  - level:区县\nother: [1, 2\n"
    line = error_at(text)
    assert diagnose(text, line) is None


# --- the CLI ------------------------------------------------------------------------------------


def test_version_and_did_you_mean(cli) -> None:
    with pytest.raises(SystemExit) as done:
        cli("--version")
    assert done.value.code == 0
    result = cli("valdate")
    assert result.code == 2 and "是不是：validate？" in result.err
    result = cli("validate", "--root", str(REPO), "--chaned-since", "HEAD")
    assert result.code == 2 and "是不是：--changed-since？" in result.err
    result = cli("new", "aplication", "--root", str(REPO))
    assert result.code == 2 and "是不是：application？" in result.err


def test_help_has_examples(capsys) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "示例：" in out and "jili validate submissions/2021/500101/01.yaml" in out


# --- no English in what a clerk reads ----------------------------------------------------------


def _field_names() -> set[str]:
    """Every field name of the data files: a clerk types these, so messages may name them."""
    names: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (REPO / "schema").glob("*.schema.json"):
        walk(json.loads(path.read_text("utf-8")))
    return names


def test_messages_and_hints_are_chinese() -> None:
    # placeholders, paths, commands, field names and the names of products are not words to translate
    allowed = {"YAML", "Markdown", "Tab", "UTF-", "PDF", "Word", "Git", "GitHub", "Windows", "macOS", "CODEOWNERS",
               "yaml-language-server", "schema"} | _field_names()
    for code, entry in CODES.items():
        for text in (entry.title, entry.message, entry.hint or "", entry.source or ""):
            bare = re.sub(r"\{[a-z_]+\}", "", text)
            bare = re.sub(r"\b(?:git|jili)(?: +-{0,2}[a-z][a-z=-]*)+", "", bare)  # commands to type
            bare = re.sub(r"\S*[/.$]\S*", "", bare)  # paths and file names: registry/departments, edition.yaml
            words = set(re.findall(r"[A-Za-z][A-Za-z-]+", bare)) - allowed
            assert not words, (code, words)
    assert "IDEOGRAPHIC" not in json.dumps([c.message for c in CODES.values()])
    assert not any("schema" in (c.hint or "") for c in CODES.values() if "$schema" not in (c.hint or ""))
