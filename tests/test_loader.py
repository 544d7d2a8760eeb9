"""The YAML loader: values stay as written, every value keeps its place, and nothing unsafe or
ambiguous gets through (generator/loader.py; codes Y001–Y011)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.loader import MAX_BYTES, MAX_DEPTH, LoadError, Plain, decode, load_bytes, load_text
from generator.repository import Repository
from generator.validate import Checker
from tests.conftest import copy_repository


def refused(text: str | bytes) -> LoadError:
    with pytest.raises(LoadError) as info:
        if isinstance(text, bytes):
            load_bytes(text, "x.yaml")
        else:
            load_text(text, "x.yaml")
    return info.value


def where(err: LoadError) -> tuple[str, int, int]:
    return err.code, err.line, err.col


def untranslated(problem: str) -> bool:
    """Does a message still contain English words (other than names like YAML, Tab, U+0007)?"""
    return bool(re.search(r"[A-Za-z]{2,}", re.sub(r"YAML|Tab|U\+[0-9A-F]{4,6}", "", problem)))


# --- values stay as written ------------------------------------------------------------------


@pytest.mark.parametrize("written", ["no", "off", "yes", "on", "No", "OFF", "y", "n", "true", "False",
                                     "0755", "0o755", "0x1F", "12:30", "1:20:30", "2022-02-01",
                                     "2022-02-01T09:00:00+08:00", "1e3", "1_000", ".inf", "-.nan", "3.0",
                                     "+1", "007"])
def test_yaml_11_surprises_stay_text(written: str) -> None:
    doc = load_text(f"value: {written}\n", "x.yaml")
    value = doc.data["value"]
    assert value == written
    assert type(value) is Plain  # unquoted: the schema may still read it as a number or boolean


@pytest.mark.parametrize("written", ["~", "null", "Null", "NULL", ""])
def test_null_spellings_are_none(written: str) -> None:
    assert load_text(f"value: {written}\n", "x.yaml").data == {"value": None}


def test_quoted_scalars_are_plain_strings_not_plain() -> None:
    doc = load_text("a: '0755'\nb: \"no\"\nc: |\n  多行\n  文字\nd: >\n  折叠\n  文字\ne: ''\n", "x.yaml")
    assert doc.data == {"a": "0755", "b": "no", "c": "多行\n文字\n", "d": "折叠 文字\n", "e": ""}
    assert not any(type(v) is Plain for v in doc.data.values())
    # a quoted "~" or "null" is text, not null
    assert load_text("a: '~'\nb: \"null\"\n", "x.yaml").data == {"a": "~", "b": "null"}


def test_keys_are_always_text() -> None:
    doc = load_text("1: 一\nno: 否\n2022-02-01: 日期\n~: 空\n", "x.yaml")
    assert list(doc.data) == ["1", "no", "2022-02-01", ""]


def test_nested_values() -> None:
    doc = load_text("nominees:\n  - level: 区县\n    name: 万州区\n  - [a, b]\nflow: {x: 1, y: [2, 3]}\n", "x.yaml")
    assert doc.data == {"nominees": [{"level": "区县", "name": "万州区"}, ["a", "b"]],
                        "flow": {"x": "1", "y": ["2", "3"]}}


def test_empty_file_is_none() -> None:
    assert load_text("", "x.yaml").data is None
    assert load_text("# 只有注释\n", "x.yaml").data is None


# --- positions -------------------------------------------------------------------------------


APPLICATION = """\
# yaml-language-server: $schema=../../../schema/application.schema.json
measure: 3
applicant: "500101"
nominees:
  - level: 区县
    name: 万州区
  -   level: 乡镇（街道）
      name: 龙都街道
contact: {unit: 万州区人民政府办公室, person: 王明}
"""


def test_positions_of_values_and_keys() -> None:
    doc = load_text(APPLICATION, "x.yaml")
    assert doc.position(()) == (2, 1)
    assert doc.position(("measure",)) == (2, 10)
    assert doc.position(("measure",), key=True) == (2, 1)
    assert doc.position(("applicant",)) == (3, 12)  # the opening quote
    assert doc.position(("nominees",)) == (5, 3)  # the sequence starts at its first "-"
    assert doc.position(("nominees",), key=True) == (4, 1)
    assert doc.position(("nominees", 0)) == (5, 5)
    assert doc.position(("nominees", 0, "name")) == (6, 11)
    assert doc.position(("nominees", 0, "name"), key=True) == (6, 5)
    assert doc.position(("nominees", 1, "level")) == (7, 14)
    assert doc.position(("nominees", 1, "level"), key=True) == (7, 7)
    assert doc.position(("contact", "person")) == (9, 37)
    assert doc.position(("contact", "person"), key=True) == (9, 29)


def test_position_of_a_missing_value_is_its_nearest_ancestor() -> None:
    doc = load_text(APPLICATION, "x.yaml")
    assert doc.position(("nominees", 1, "parent")) == doc.position(("nominees", 1))
    assert doc.position(("nominees", 9, "name")) == doc.position(("nominees",))
    assert doc.position(("nope",)) == doc.position(())
    # key=True for a path without a key (a list item) falls back to the value
    assert doc.position(("nominees", 0), key=True) == (5, 5)


def test_columns_count_characters_not_bytes() -> None:
    doc = load_text("名称: 万州区\n简称: [万州, 万县]\n", "x.yaml")
    assert doc.position(("名称",)) == (1, 5)
    assert doc.position(("简称", 1)) == (2, 10)


def test_utf8_byte_order_mark_is_accepted_and_does_not_shift_positions() -> None:
    raw = "\ufeffmeasure: 3\nname: 万州区\n".encode("utf-8")
    doc = load_bytes(raw, "x.yaml")
    assert doc.data == {"measure": "3", "name": "万州区"}
    assert doc.position(("measure",), key=True) == (1, 1)
    assert doc.position(("name",)) == (2, 7)


def test_mixed_crlf_and_lf_line_endings() -> None:
    raw = b"a: 1\r\nb: 2\nc:\r\n  - x\r\n  - y\nd: |\r\n  one\r\n  two\n"
    doc = load_bytes(raw, "x.yaml")
    assert doc.data == {"a": "1", "b": "2", "c": ["x", "y"], "d": "one\ntwo\n"}
    assert doc.position(("b",)) == (2, 4)
    assert doc.position(("c", 1)) == (5, 5)
    assert doc.position(("d",), key=True) == (6, 1)
    # an error after CRLF lines is placed on the right line too
    err = refused(b"a: 1\r\nb: 2\r\na: 3\r\n")
    assert where(err) == ("Y004", 3, 1)


# --- refused constructs ----------------------------------------------------------------------


def test_duplicate_keys() -> None:
    err = refused("id: a\nname: 甲\nname: 乙\n")
    assert where(err) == ("Y004", 3, 1)
    assert err.params == {"key": "name"}
    # nested, and a quoted spelling of the same key
    assert where(refused("contact:\n  person: 王明\n  'person': 李静\n")) == ("Y004", 3, 3)
    # the same key in different mappings is fine
    assert load_text("a: {x: 1}\nb: {x: 2}\n", "x.yaml").data == {"a": {"x": "1"}, "b": {"x": "2"}}


@pytest.mark.parametrize("text, pos, anchor", [
    ("contact: &c\n  person: 王明\n", (1, 10), "c"),
    ("a: &x 1\n", (1, 4), "x"),
    ("list: &l [1, 2]\n", (1, 7), "l"),
    ("- &first 万州区\n", (1, 3), "first"),
])
def test_anchors_are_refused(text: str, pos: tuple[int, int], anchor: str) -> None:
    err = refused(text)
    assert where(err) == ("Y005", *pos)
    assert err.params == {"anchor": anchor}


def test_aliases_are_refused() -> None:
    # an alias can only appear without its anchor (the anchor is refused first)
    err = refused("contact: *contact\n")
    assert where(err) == ("Y006", 1, 10)
    assert err.params == {"anchor": "contact"}


def test_billion_laughs_is_refused_at_its_first_anchor() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 30):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    err = refused("\n".join(lines) + "\n")
    assert where(err) == ("Y005", 1, 4)


def test_refusal_happens_before_the_rest_of_the_file_is_read() -> None:
    # the anchor on line 1 is reported, not the syntax error further down: parsing stopped
    err = refused("a: &a [x]\n" + "b: c\n" * 1000 + "d: [unclosed\n")
    assert err.code == "Y005"


def test_merge_keys_are_refused() -> None:
    assert where(refused("contact:\n  <<: {unit: 万州区人民政府办公室}\n  person: 王明\n")) == ("Y007", 2, 3)
    assert where(refused("<<: *base\n")) == ("Y007", 1, 1)
    # a quoted "<<" is an ordinary key
    assert load_text("'<<': 文字\n", "x.yaml").data == {"<<": "文字"}


@pytest.mark.parametrize("text, shown", [
    ("filed: !!str 2022-01-20\n", "!!str"),
    ("measure: !!int 3\n", "!!int"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
    ("a: !custom x\n", "!custom"),
    ("a: !!map {b: 1}\n", "!!map"),
    ("a: !!seq [1]\n", "!!seq"),
    ("a: !!python/object:os.system x\n", "!!python/object:os.system"),
])
def test_tags_are_refused_and_shown_as_written(text: str, shown: str) -> None:
    err = refused(text)
    assert where(err)[:2] == ("Y009", 1)
    assert err.params == {"tag": shown}


def test_one_document_only() -> None:
    assert where(refused("a: 1\n---\nb: 2\n")) == ("Y008", 2, 1)
    assert where(refused("---\na: 1\n---\nb: 2\n")) == ("Y008", 3, 1)
    # explicit start and end markers around one document are fine
    assert load_text("---\na: 1\n...\n", "x.yaml").data == {"a": "1"}


@pytest.mark.parametrize("text, pos", [
    ("[区县, 乡镇（街道）]: 万州区\n", (1, 1)),
    ("{a: 1}: x\n", (1, 1)),
    ("? - a\n  - b\n: c\n", (1, 3)),
    ("outer:\n  ? {k: v}\n  : x\n", (2, 5)),
])
def test_complex_keys_are_refused(text: str, pos: tuple[int, int]) -> None:
    assert where(refused(text)) == ("Y010", *pos)


def test_nesting_limit() -> None:
    # the root counts as one level
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_text(ok + "\n", "x.yaml").data is not None
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    err = refused(deep + "\n")
    assert where(err) == ("Y011", 1, MAX_DEPTH + 1)
    assert err.params == {"limit": MAX_DEPTH}
    # block style nesting counts the same way
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "- x\n"
    assert where(refused(block))[0] == "Y011"


def test_size_limit() -> None:
    assert decode(b"#" * MAX_BYTES) == "#" * MAX_BYTES
    with pytest.raises(LoadError) as info:
        decode(b"#" * (MAX_BYTES + 1))
    assert where(info.value) == ("Y001", 1, 1)
    assert info.value.params == {"size": MAX_BYTES + 1, "limit": MAX_BYTES}


@pytest.mark.parametrize("raw, pos, byte", [
    (b"a: 1\nb: \xff\n", (2, 4), "0xff"),
    ("name: 万州".encode() + b"\xff\n", (1, 9), "0xff"),  # columns in characters, not bytes
    ("名称: 万州区\n".encode("gbk"), (1, 1), "0xc3"),  # a GBK file saved by a Windows editor
    (b"a: \xe4\xb8\n", (1, 4), "0xe4"),  # a truncated character
    ("\ufeff名称: 万州区\n简称: ".encode() + "万县".encode("gbk"), (2, 5), "0xcd"),
])
def test_invalid_utf8_reports_where(raw: bytes, pos: tuple[int, int], byte: str) -> None:
    with pytest.raises(LoadError) as info:
        decode(raw)
    assert where(info.value) == ("Y002", *pos)
    assert info.value.params == {"byte": byte}


# --- syntax errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, pos, words", [
    ("title: 经验一: 征地拆迁\n", (1, 11), "冒号"),
    ("a: [1, 2\n", (1, 9), "方括号"),  # libyaml stops past the end; the last character written
    ("a: {b: 1\n", (1, 9), "花括号"),
    ("a:\n  - 1\n  b: 2\n", (3, 3), "列表"),
    ('a: "\\q"\n', (1, 5), "转义"),
    ("a: @x\n", (1, 4), "开头"),
    ("a: *\n", (1, 5), "&"),
    ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", (2, 1), "指令"),
])
def test_syntax_errors_are_placed_and_explained_in_chinese(text: str, pos: tuple[int, int], words: str) -> None:
    err = refused(text)
    assert where(err) == ("Y003", *pos)
    problem = err.params["problem"]
    assert words in problem
    assert not untranslated(problem), problem


def test_every_libyaml_message_we_meet_is_translated() -> None:
    # guards the table against libyaml rewording: each English key must still occur in libyaml
    samples = ["a: b: c\n", "a:\n  - 1\n  b: 2\n", "a: [1, 2\n", "a: {b: 1\n", '- "x\n', "a: @x\n",
               'a: "\\q"\n', "a: *\n", "[a]]\n", "a: !e!x 1\n", "a: 'x' y\n", "- a\nb: 1\n"]
    for text in samples:
        problem = refused(text).params["problem"]
        assert not untranslated(problem), (text, problem)


def test_load_error_is_the_only_exception_for_any_text() -> None:
    # hostile inputs: every outcome is a document or a LoadError, never another exception
    samples = ["\x00", "\ufffe", "a: \ud7ff\n", "- - - - -", "? ? ?", "&a *a", "!<tag:x> y", "'''",
               "a: |\n b\n  c\n", "a: >-\n\n\n", "\\", "[", "{", "}", "]", ",", "#", "- &x\n- *x\n",
               "a: 1\n" * 10, "\t", "\r", "\r\n\r\n", "a:\r  b", "\u2028a: 1", "\x85", "%TAG ! tag:x,2000:\n---\n!a b\n"]
    for text in samples:
        try:
            load_text(text, "x.yaml")
        except LoadError as err:
            assert err.code.startswith("Y"), text


# --- through the validator: file-level codes Y001, Y002, Y012 ---------------------------------


APP = """\
# yaml-language-server: $schema=../../../schema/application.schema.json
measure: 3
applicant: "500101"
nominees:
  - level: 区县
    name: 万州区
self_assessment: |
  全力保障市级重大项目建设供地和施工环境。
experiences:
  - title: 征地拆迁“一站式”服务
    body: |
      设立重大项目服务专班，征地拆迁平均用时缩短三成。
contact:
  unit: 万州区人民政府办公室
  person: 王明
  phone: 023-58000000
filed: 2022-01-20
"""


def check_one(root: Path, path: str) -> list[tuple[str, str, int, int]]:
    repo = Repository(root)
    result = Checker(repo).run([path])
    return [(d.code, d.path, d.line, d.col) for d in result.diagnostics]


def test_checker_reports_oversize_file(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    target = root / "submissions/2021/500101/03.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(APP + "# " + "很长的注释" * (MAX_BYTES // 15) + "\n", "utf-8")
    assert check_one(root, "submissions/2021/500101/03.yaml") == [
        ("Y001", "submissions/2021/500101/03.yaml", 1, 1)]


def test_checker_reports_invalid_utf8(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    target = root / "submissions/2021/500101/03.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(APP.replace("王明", "{gbk}").encode().replace(b"{gbk}", "王明".encode("gbk")))
    assert check_one(root, "submissions/2021/500101/03.yaml") == [
        ("Y002", "submissions/2021/500101/03.yaml", 15, 11)]


def test_checker_accepts_bom_and_crlf(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    target = root / "submissions/2021/500101/03.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\xef\xbb\xbf" + APP.replace("\n", "\r\n").encode())
    assert check_one(root, "submissions/2021/500101/03.yaml") == []
    # and positions stay right in such a file
    target.write_bytes(b"\xef\xbb\xbf" + APP.replace("\n", "\r\n").replace("区县", "区").encode())
    assert check_one(root, "submissions/2021/500101/03.yaml") == [
        ("S004", "submissions/2021/500101/03.yaml", 5, 12)]


def test_checker_refuses_symlinked_data_file(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(APP, "utf-8")
    folder = root / "submissions/2021/500101"
    folder.mkdir(parents=True)
    (folder / "03.yaml").symlink_to(outside)
    findings = check_one(root, "submissions/2021/500101/03.yaml")
    assert findings == [("F002", "submissions/2021/500101/03.yaml", 1, 1)]
    # a dangling link too
    (folder / "27.yaml").symlink_to(tmp_path / "missing.yaml")
    assert check_one(root, "submissions/2021/500101/27.yaml") == [
        ("F002", "submissions/2021/500101/27.yaml", 1, 1)]

