"""The pieces behind the clerk-facing messages: Markdown warnings, positions inside values,
characters named in Chinese and the closest-name suggestions."""

from __future__ import annotations

import pytest

from generator.charnames import describe
from generator.loader import load_text
from generator.rules.names import suspicious_characters
from generator.rules.prose import findings
from generator.spans import value_offset
from generator.suggest import closest, stem

# --- Markdown that will not render as written -----------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("主要做法：\n- 建立机制\n- 强化保障", [("W001", 1, 0)]),
    ("主要做法：\n1. 建立机制\n2. 强化保障", [("W001", 1, 0)]),
    ("#主要成效\n正文", [("W002", 0, 0)]),
    ("  ##二、做法", [("W002", 0, 2)]),
    ("1.建立机制", [("W003", 0, 0)]),
    ("-建立机制", [("W003", 0, 0)]),
    ("主要做法：\n1、建立机制\n2、强化保障", [("W004", 1, 0), ("W004", 2, 0)]),
    ("做法如下\n（一）建立机制", [("W004", 1, 0)]),
    ("做法如下\n①建立机制", [("W004", 1, 0)]),
    ("- 建立机制\n- 强化保障\n取得成效", [("W005", 2, 0)]),
])
def test_each_warning_where_it_happens(text: str, expected: list) -> None:
    assert [(code, line, col) for code, line, col, _ in findings(text)] == expected


@pytest.mark.parametrize("text", [
    "主要做法：\n\n- 建立机制\n- 强化保障",  # blank line before the list
    "# 主要成效\n\n正文",  # a heading written right
    "增长 2021.5 万元，同比 -3%。",  # numbers, not markers
    "- 建立机制，\n  续写同一项",  # an indented continuation stays in the item
    "主要做法：\n\n1、建立机制\n\n2、强化保障",  # numbered paragraphs set apart
    "```\n#不是标题\n- 不是列表\n```",  # code is left alone
    "正文\n\n    #缩进的代码\n    - 也是代码",
    "区域养老\n服务中心",  # a wrapped sentence: joined on the site, as meant
])
def test_what_renders_as_written_is_not_warned(text: str) -> None:
    assert findings(text) == []


# --- positions inside values ------------------------------------------------------------------------


def test_positions_inside_a_literal_block() -> None:
    doc = load_text("a:\n  b: |\n    第一行\n\n    第三行\n", "x.yaml")
    assert value_offset(doc, ("a", "b"), 0, 0) == (3, 5)
    assert value_offset(doc, ("a", "b"), 2, 1) == (5, 6)


def test_positions_with_an_explicit_indentation_indicator() -> None:
    doc = load_text("a: |2\n    第一行\n", "x.yaml")
    assert doc.data["a"] == "  第一行\n"
    assert value_offset(doc, ("a",), 0, 2) == (2, 5)


def test_positions_in_one_line_values() -> None:
    doc = load_text('a: 甲乙丙\nb: "甲乙丙"\n', "x.yaml")
    assert value_offset(doc, ("a",), 0, 2) == (1, 6)
    assert value_offset(doc, ("b",), 0, 2) == (2, 7)


def test_a_folded_block_points_at_its_start() -> None:
    doc = load_text("a: >\n  甲\n  乙\n", "x.yaml")
    assert value_offset(doc, ("a",), 1, 0) == (1, 4)


# --- characters named in Chinese ------------------------------------------------------------------


@pytest.mark.parametrize("ch, words", [
    ("\u3000", "全角空格（U+3000）"),
    ("(", "半角左括号“(”（U+0028）"),
    ("\u200b", "不可见的零宽空格（U+200B）"),
    ("\u2f2d", "部首“⼭”（U+2F2D，应为“山”）"),
    ("\uf900", "兼容汉字"),
    ("Ｗ", "全角字符"),
    ("１", "全角数字“１”（U+FF11）"),
    ("W", "拉丁字母“W”（U+0057）"),
    ("Т", "西里尔字母"),
    ("・", "应为“·”"),
])
def test_characters_are_named_in_chinese(ch: str, words: str) -> None:
    assert words in describe(ch)
    assert not any(w in describe(ch) for w in ("SPACE", "LETTER", "IDEOGRAPH", "RADICAL"))


def test_a_name_lists_each_odd_character_once() -> None:
    assert suspicious_characters("万州　区　") == ["全角空格（U+3000）"]
    assert suspicious_characters("乡镇(街道)") == ["半角左括号“(”（U+0028）", "半角右括号“)”（U+0029）"]


# --- closest names --------------------------------------------------------------------------------


def test_stems_and_suggestions() -> None:
    assert stem("分水镇") == "分水" and stem("龙都街道") == "龙都" and stem("石龙民族乡") == "石龙"
    pool = ["分水镇", "龙都街道", "甘宁镇", "高峰街道", "高梁镇"]
    assert closest("分水乡", pool) == ["分水镇"]
    assert closest("高峰镇", pool) == ["高峰街道"]  # the stem wins; 高梁镇 is not offered beside it
    assert closest("隆都街道", pool) == ["龙都街道"]
    assert closest("甘宁镇", pool) == ["甘宁镇"]
    assert closest("幸福镇", pool) == []
    assert closest("白沙镇", pool, strong=True) == []
