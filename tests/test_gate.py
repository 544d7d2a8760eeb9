"""The gate a pull request cannot talk round.

Each test starts from the sample round laid over the real tree, with individual logins
registered for 万州区, 水利局 (lead unit of measure 19) and the supervision office, committed as
the base of a pull request; it then makes a change as an attacker or a careless clerk would and
checks that `jili validate --changed-since` and `jili authorize` refuse it, with the Chinese
message, code, line and column. The nine reproductions of the gate issue are marked (1)–(9).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import snapshot
from tests.conftest import commit_all, copy_repository, git
from tests.sample_round import edit, findings, promote_all, put, validate

LOGINS = {
    "registry/regions/500101.yaml": "wanzhou-clerk",
    "registry/departments/water-resources.yaml": "water-clerk",
    "registry/departments/supervision-office.yaml": "duchaban",
}
NOTICE = "awards/2021/notices/official-list.yaml"
RIVER_LIST = "awards/2021/recommendations/19/water-resources.yaml"
WANZHOU = "submissions/2021/500101"
ON_TIME = ("--now", "2022-01-20T10:00+08:00")
LATE = ("--now", "2022-02-02T09:00+08:00")
AFTER_LISTS = ("--now", "2022-05-30T10:00+08:00")


@pytest.fixture
def gate(tmp_path: Path, cli) -> tuple[Path, str]:
    """(root, base commit): the sample round as real data, logins registered, committed."""
    root = copy_repository(tmp_path / "repo")
    promote_all(root)
    for path, login in LOGINS.items():
        edit(root / path, "maintainers:\n", f'maintainers:\n  - "@{login}"\n')
    result = validate(cli, root)
    assert result.code == 0 and findings(result) == [], result.out
    return root, commit_all(root)


def check(cli, root: Path, base: str, *args: str) -> list[dict]:
    return findings(validate(cli, root, "--changed-since", base, *args))


def authorize(cli, root: Path, base: str, actor: str) -> list[dict]:
    result = cli("authorize", "--root", str(root), "--actor", actor, "--changed-since", base, "--format", "json")
    return json.loads(result.out)


def own(found: list[dict], rel: str) -> list[dict]:
    """The findings in `rel`; every other finding must be a knock-on naming `rel` as its cause."""
    for d in found:
        if d["path"] != rel:
            assert d.get("caused_by") == [rel], d
    return [d for d in found if d["path"] == rel]


def brief(found: list[dict]) -> set[tuple[str, int, int, str]]:
    return {(d["path"], d["line"], d["col"], d["code"]) for d in found}


def line_of(path: Path, text: str) -> int:
    return path.read_text("utf-8").split("\n").index(text) + 1


def published(root: Path) -> None:
    """Nothing of `root` can be published: the site build refuses invalid data."""
    with pytest.raises(snapshot.InvalidRepository):
        snapshot.take(root)


# --- (1) the judge comes from the base ----------------------------------------------------------


def test_a_schema_change_does_not_judge_its_own_pull_request(gate, cli) -> None:
    """(1) The supervision office adds a required property to the notice schema, writes it into
    the published notice and deletes an entry: the notice is compared with its base version and
    checked against the base's schema."""
    root, base = gate
    schema = root / "schema/notice.schema.json"
    data = json.loads(schema.read_text("utf-8"))
    data["required"].append("approved_by")
    data["properties"]["approved_by"] = {"type": "string", "title": "审批人"}
    schema.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    edit(root / NOTICE, "status: published\n", "status: published\napproved_by: 某某\n")
    edit(root / NOTICE, '      - applicant: "500236"\n', "")
    found = check(cli, root, base)
    assert brief(found) == {
        # the new field, and the entry deleted from measure 1 (where the list now differs)
        (NOTICE, 9, 1, "N002"), (NOTICE, 9, 1, "S002"), (NOTICE, 22, 9, "N002"),
        # once merged, the new schema would also make the untouched draft invalid
        ("awards/2021/notices/supplement-draft.yaml", 4, 1, "S001"),
    }
    messages = {(d["code"], d["line"]): d["message"] for d in found}
    assert messages[("N002", 9)] == "通报已于 2022-05-10 发布，内容不能再改动（改动了“approved_by”）"
    assert messages[("N002", 22)] == "通报已于 2022-05-10 发布，内容不能再改动（改动了“measures”）"
    assert messages[("S002", 9)].startswith("不认识的字段“approved_by”")
    draft = next(d for d in found if d["code"] == "S001")
    assert draft["caused_by"] == ["schema/notice.schema.json"]
    published(root)


def test_a_district_cannot_raise_its_own_limit(gate, cli) -> None:
    """(1) A district raises nominees.maxItems and files 60 nominees: the base schema still
    allows 50, and the district may not change the schema at all."""
    root, base = gate
    schema = root / "schema/application.schema.json"
    data = json.loads(schema.read_text("utf-8"))
    data["properties"]["nominees"]["maxItems"] = 100
    schema.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    extra = "".join(f"  - level: 乡镇（街道）\n    name: 第{'一二三四五六七八九十'[i % 10]}镇{'甲乙丙丁戊己'[i // 10]}\n"
                    f'    parent: "500101"\n' for i in range(58))
    edit(root / WANZHOU / "02.yaml", "self_assessment:", extra + "self_assessment:")
    found = [d for d in check(cli, root, base, *ON_TIME) if d["code"] == "S008"]
    assert brief(found) == {(f"{WANZHOU}/02.yaml", 6, 3, "S008")}
    assert found[0]["message"] == "“申报对象（nominees）”最多 50 项（现有 60 项）"
    refused = authorize(cli, root, base, "wanzhou-clerk")
    assert brief(refused) == {("schema/application.schema.json", 1, 1, "U005")}
    assert refused[0]["message"] == ("账号“wanzhou-clerk”（万州区（500101）的经办账号）不能改动此路径（“schema/”不是数据目录）："
                                     "数据结构（JSON Schema）只能由市政府督查办改动")


def test_a_registry_change_takes_effect_once_merged(gate, cli) -> None:
    """(1) Registering a new applicant and filing for it in the same pull request does not
    work: the applicant is judged against the base's registry until the change is merged."""
    root, base = gate
    put(root, "registry/platforms/test-zone.yaml",
        "# yaml-language-server: $schema=../../schema/platform.schema.json\n"
        "id: test-zone\nname: 示例高新区\nkind: 国家级高新技术产业开发区\nhosts:\n  - \"500101\"\nmaintainers: []\n")
    app = (root / WANZHOU / "02.yaml").read_text("utf-8")
    app = app.replace('applicant: "500101"', "applicant: test-zone").replace(
        "  - level: 区县\n    name: 万州区\n", "  - level: 国家级开发开放平台\n    name: 示例高新区\n")
    app = app[:app.index("  - level: 乡镇（街道）")] + app[app.index("self_assessment:"):]
    put(root, "submissions/2021/test-zone/02.yaml", app)
    found = check(cli, root, base, *ON_TIME)
    assert [(d["path"], d["code"]) for d in found] == [("submissions/2021/test-zone/02.yaml", "A001")]
    assert found[0]["message"] == "“test-zone”不是 2021 年有效的区县或国家级开发开放平台"
    # once the supervision office has merged the registry change, the same application passes
    (root / "submissions/2021/test-zone/02.yaml").unlink()
    merged = commit_all(root, "registry")
    put(root, "submissions/2021/test-zone/02.yaml", app)
    assert check(cli, root, merged, *ON_TIME) == []


def test_changed_reference_files_are_checked_against_the_base_schema(gate, cli) -> None:
    """(1) A pull request that loosens the region schema and uses the loosened field in the same
    change is refused: its registry file is read with the base's schema."""
    root, base = gate
    schema = root / "schema/region.schema.json"
    data = json.loads(schema.read_text("utf-8"))
    data["properties"]["secret"] = {"type": "string"}
    schema.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    edit(root / "registry/regions/500101.yaml", "kind: 区\n", "kind: 区\nsecret: 后门\n")
    found = check(cli, root, base)
    assert brief(found) == {("registry/regions/500101.yaml", 5, 1, "S002")}


def test_what_the_change_breaks_elsewhere_is_reported_with_its_cause(gate, cli) -> None:
    """(1) Rules that take effect once merged must hold for the whole tree: a stricter schema that
    every existing application fails is reported on them, each naming the schema change."""
    root, base = gate
    schema = root / "schema/application.schema.json"
    data = json.loads(schema.read_text("utf-8"))
    data["properties"]["self_assessment"]["maxLength"] = 10
    schema.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    found = check(cli, root, base)
    assert all(d["caused_by"] == ["schema/application.schema.json"] for d in found)
    too_long = [d for d in found if d["code"] == "S006"]
    assert {d["path"] for d in too_long} == {p.relative_to(root).as_posix()
                                             for p in root.glob("submissions/2021/*/*.yaml")}
    # and what stands on them falls with them: lists cannot recommend them (C003), notices award nothing (N001)
    assert {d["code"] for d in found} == {"S006", "C003", "N001"}


# --- (2) evidence is judged against the clock like its application -------------------------------


def test_evidence_cannot_be_replaced_after_the_deadline(gate, cli) -> None:
    """(2) Overwriting an attachment after 2022-02-01 is refused, though the district owns the file."""
    root, base = gate
    evidence = root / WANZHOU / "附件/龙都街道养老服务中心运营情况.txt"
    evidence.write_text("龙都街道养老服务中心运营情况（修改后）\n", "utf-8")
    assert authorize(cli, root, base, "wanzhou-clerk") == []
    found = check(cli, root, base, *LATE)
    assert brief(found) == {(f"{WANZHOU}/附件/龙都街道养老服务中心运营情况.txt", 1, 1, "T001")}
    assert found[0]["message"] == ("申报材料报送截止时间为 2022-02-01 24:00（北京时间），"
                                   "按--now 指定的时间 2022-02-02 09:00 判断已逾期")
    assert found[0]["source"].startswith("渝府办发〔2021〕83号 二、组织实施 第1项")
    assert check(cli, root, base, *ON_TIME) == []


def test_new_evidence_after_the_deadline_is_late_too(gate, cli) -> None:
    root, base = gate
    put(root, f"{WANZHOU}/附件/补充说明.txt", "补充说明\n")
    edit(root / WANZHOU / "22.yaml", "contact:\n", "  - title: 补充说明\n    file: 附件/补充说明.txt\ncontact:\n")
    found = check(cli, root, base, *LATE)
    assert brief(found) == {(f"{WANZHOU}/附件/补充说明.txt", 1, 1, "T001"),
                            (f"{WANZHOU}/22.yaml", line_of(root / WANZHOU / "22.yaml", "measure: 22"), 1, "T001")}


# --- (3) published once ------------------------------------------------------------------------


def test_a_copied_notice_is_refused_on_the_copy(gate, cli) -> None:
    """(3) The same notice under a second name: same 文号 (N008), same awards (N009); the
    published statistics can never double, because nothing invalid is published."""
    root, base = gate
    copy = "awards/2021/notices/official-list-copy.yaml"
    put(root, copy, (root / NOTICE).read_text("utf-8"))
    found = check(cli, root, base, *AFTER_LISTS)
    assert {d["path"] for d in found} == {copy}
    n008 = [d for d in found if d["code"] == "N008"]
    assert brief(n008) == {(copy, 5, 18, "N008"), (copy, 68, 22, "N008")}
    assert n008[0]["message"] == f"文号“渝府办发〔2022〕999号”已用于 {NOTICE}"
    n009 = [d for d in found if d["code"] == "N009"]
    entries = (root / NOTICE).read_text("utf-8").count("      - applicant:")
    assert len(n009) == entries
    first = min(n009, key=lambda d: d["line"])
    assert (first["line"], first["col"]) == (line_of(root / copy, '      - applicant: "500240"'), 9)
    assert first["message"] == f"2021 年第 1 项措施的“石柱土家族自治县”（石柱土家族自治县（500240））已在 {NOTICE} 中通报"
    published(root)


def test_a_second_notice_cannot_award_again(gate, cli) -> None:
    """(3) Another way to publish twice: a new notice with its own 文号 that repeats one award."""
    root, base = gate
    text = (root / NOTICE).read_text("utf-8")
    head = text[:text.index("measures:")].replace("渝府办发〔2022〕999号", "渝府办发〔2022〕1000号").replace(
        "date: 2022-05-10", "date: 2022-06-01")
    put(root, "awards/2021/notices/second.yaml",
        head + "measures:\n  - measure: 1\n    entries:\n      - applicant: \"500242\"\n        nominee: 花田乡\n")
    found = check(cli, root, base, *AFTER_LISTS)
    second = root / "awards/2021/notices/second.yaml"
    assert brief(found) == {("awards/2021/notices/second.yaml", line_of(second, '      - applicant: "500242"'), 9, "N009")}
    assert found[0]["message"].startswith("2021 年第 1 项措施的“花田乡”（酉阳土家族苗族自治县（500242））已在")


def test_an_erratum_cannot_reuse_a_document_number(gate, cli) -> None:
    root, base = gate
    edit(root / NOTICE, "document_number: 渝府办函〔2022〕999号", "document_number: 渝府办发〔2022〕999号")
    found = [d for d in check(cli, root, base, *AFTER_LISTS) if d["code"] == "N008"]
    assert brief(found) == {(NOTICE, 68, 22, "N008")}
    assert found[0]["message"] == f"文号“渝府办发〔2022〕999号”已用于 {NOTICE}"


# --- (4)(5)(6) characters nobody can see --------------------------------------------------------


def test_an_escape_that_makes_a_control_character_is_refused_where_it_is(gate, cli) -> None:
    """(4) `"名单附件改存 D:\\abc 目录"`: YAML reads `\\a` as U+0007, which breaks every feed."""
    root, base = gate
    edit(root / NOTICE, "    change: 通报正文", '    change: "名单附件改存 D:\\abc 目录"\n    note: 通报正文')
    found = [d for d in check(cli, root, base, *AFTER_LISTS) if d["code"] == "Y014"]
    line = '    change: "名单附件改存 D:\\abc 目录"'
    assert brief(found) == {(NOTICE, line_of(root / NOTICE, line), line.index("\\") + 1, "Y014")}
    assert found[0]["message"] == "双引号中的“\\a”会被读成响铃控制符（U+0007）"
    assert "单引号" in found[0]["hint"]
    published(root)


@pytest.mark.parametrize("escape, name", [("\\v", "垂直制表符（U+000B）"), ("\\x1b", "转义控制符（U+001B）"),
                                          ("\\u202e", "不可见的从右到左覆盖符（U+202E）"), ("\\L", "不可见的行分隔符（U+2028）")])
def test_other_escapes_in_a_notice_title(gate, cli, escape: str, name: str) -> None:
    root, base = gate
    text = (root / NOTICE).read_text("utf-8")
    title = next(line for line in text.split("\n") if line.startswith("title: "))
    edit(root / NOTICE, title, f'title: "通报{escape}标题"')
    found = check(cli, root, base, *AFTER_LISTS)
    row = line_of(root / NOTICE, f'title: "通报{escape}标题"')
    assert {(d["code"], d["line"], d["col"], d["message"]) for d in found if d["code"] == "Y014"} == {
        ("Y014", row, 11, f"双引号中的“{escape}”会被读成{name}")}


def test_a_raw_control_character_in_a_milestone(gate, cli) -> None:
    """(4) A control character typed into the policy's milestones (it would land in the ICS file)."""
    root, base = gate
    path = root / "measures/2021/edition.yaml"
    text = path.read_text("utf-8")
    at = text.index("title:", text.index("milestones:"))
    path.write_text(text[:at + 7] + "\x07" + text[at + 7:], "utf-8")
    row = text[:at].count("\n") + 1
    found = own(check(cli, root, base), "measures/2021/edition.yaml")
    assert brief(found) == {("measures/2021/edition.yaml", row, len(text[:at].split("\n")[-1]) + 8, "Y013")}
    assert found[0]["message"] == "这里有一个响铃控制符（U+0007）：屏幕上看不见它，它却会改变文字的显示或让文件被误读"


def test_a_line_separator_is_reported_on_its_own_line(gate, cli) -> None:
    """(5) U+2028 in a `self_assessment: |` block: libyaml would see a line break and complain four
    lines below; the character is reported where it is, and named."""
    root, base = gate
    path = root / WANZHOU / "19.yaml"
    old = "  - 全区 3 级河长 1,480 名，巡河 5.6 万人次；"
    edit(path, old, old.replace("名，", "名，\u2028"))
    found = own(check(cli, root, base, *ON_TIME), f"{WANZHOU}/19.yaml")
    row = line_of(path, old.replace("名，", "名，\u2028"))
    assert brief(found) == {(f"{WANZHOU}/19.yaml", row, old.index("名，") + 3, "Y013")}
    assert found[0]["message"] == ("这里有一个不可见的行分隔符（U+2028）：屏幕上看不见它，"
                                   "它却会改变文字的显示或让文件被误读")
    assert "网页" in found[0]["hint"] and "Word" in found[0]["hint"]


FIELDS = {
    "experience title": (f"{WANZHOU}/19.yaml", "  - title: 河长制与检察公益诉讼衔接", ON_TIME),
    "evidence title": (f"{WANZHOU}/19.yaml", "  - title: 万州区河长制工作总结", ON_TIME),
    "recommendation reason": (RIVER_LIST, "        reason: 河长制与检察公益诉讼衔接机制有创新", ("--now", "2022-03-20")),
    "review method": (RIVER_LIST, "method: 部门评审，结合市级河长制工作考核结果", ("--now", "2022-03-20")),
    "notice title": (NOTICE, None, AFTER_LISTS),
}
INVISIBLE = {"\u202e": "不可见的从右到左覆盖符（U+202E）", "\u200b": "不可见的零宽空格（U+200B）",
             "\u200d": "不可见的零宽连字（U+200D）", "\u2066": "不可见的从左到右隔离符（U+2066）",
             "\u00ad": "不可见的软连字符（U+00AD）", "\ufeff": "不可见的零宽不换行空格（字节顺序标记）（U+FEFF）",
             "\x85": "不可见的下一行符（U+0085）", "\U000e0041": "不可见的标签字符（U+E0041）"}


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("char", sorted(INVISIBLE))
def test_invisible_characters_are_refused_in_every_text(gate, cli, field: str, char: str) -> None:
    """(6) Bidirectional overrides, zero-width and other invisible characters, in every kind of text
    value (not only names), at their line and column; nothing of it can be published."""
    root, base = gate
    rel, old, now = FIELDS[field]
    path = root / rel
    if old is None:
        old = next(line for line in path.read_text("utf-8").split("\n") if line.startswith("title: "))
    new = old[:-2] + char + old[-2:]
    edit(path, old + "\n", new + "\n")
    found = own(check(cli, root, base, *now), rel)
    assert [(d["path"], d["line"], d["col"], d["code"], d["message"]) for d in found] == [
        (rel, line_of(path, new), len(old) - 1, "Y013",
         f"这里有一个{INVISIBLE[char]}：屏幕上看不见它，它却会改变文字的显示或让文件被误读")]
    published(root)


# --- (7) every entry of an applicant's folder --------------------------------------------------


def _pdf(text: str = "x") -> bytes:
    return f"%PDF-1.4\n% {text}\n%%EOF\n".encode()


def _cite(root: Path, name: str) -> None:
    """Cite `附件/<name>` from 万州区's application to measure 22, so it is not an orphan."""
    edit(root / WANZHOU / "22.yaml", "contact:\n", f"  - title: 附件 {len(name)}\n    file: 附件/{name}\ncontact:\n")


@pytest.mark.parametrize("name, content, code, message", [
    (".gitattributes", b"*.yaml -diff linguist-generated=true\n", "F001",
     "数据目录中不能有隐藏的文件（“.gitattributes”，以“.”开头）：submissions/2021/500101/.gitattributes"),
    ("附件/.~lock.总结.docx#", b"x", "F001",
     "数据目录中不能有隐藏的文件（“.~lock.总结.docx#”，以“.”开头）：submissions/2021/500101/附件/.~lock.总结.docx#"),
    ("附件/工具.exe", b"MZ\x90\x00" + b"\0" * 60, "F005",
     ("“submissions/2021/500101/附件/工具.exe”的类型（.exe）不在允许的范围内；允许：.pdf、.ofd、.jpg、.jpeg、.png、"
      ".docx、.xlsx、.pptx、.doc、.xls、.ppt、.wps、.et、.dps、.txt、.csv")),
    ("附件/说明.html", b"<html><script>alert(1)</script></html>", "F005", None),
    ("附件/标志.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "F005", None),
    ("附件/说明", b"text", "F005", None),
    ("附件/总结.pdf", b"MZ\x90\x00" + b"\0" * 60, "F006",
     "“submissions/2021/500101/附件/总结.pdf”的扩展名是 .pdf（PDF 文档），但文件内容是Windows 可执行程序"),
    ("附件/照片.jpg", b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "F006",
     "“submissions/2021/500101/附件/照片.jpg”的扩展名是 .jpg（JPEG 图片），但文件内容是PNG 图片"),
    ("附件/台账.xlsx", b"PK\x03\x04" + b"\0" * 30, "F006", None),
    ("附件/记录.txt", b"\x00\x01\x02binary", "F006", None),
    ("附件/记录.txt", "第一行\n第二\u202e行\n".encode(), "Y013",
     "这里有一个不可见的从右到左覆盖符（U+202E）：屏幕上看不见它，它却会改变文字的显示或让文件被误读"),
    ("附件/总\u200b结.pdf", _pdf(), "F011",
     "文件名“submissions/2021/500101/附件/总\u200b结.pdf”含有不可见的零宽空格（U+200B）"),
    ("附件/总结 .pdf", _pdf(), None, None),  # a space inside a name is fine
    ("附件/ 总结.pdf", _pdf(), "F011", "文件名“submissions/2021/500101/附件/ 总结.pdf”含有开头或结尾的空格"),
])
def test_an_applicant_folder_holds_only_cited_documents(gate, cli, name: str, content: bytes, code: str | None,
                                                       message: str | None) -> None:
    """(7) Hidden files that change how git shows a folder, programs, web pages and images that can
    carry scripts, files that are not what their names say, and invisible characters in names."""
    root, base = gate
    target = root / WANZHOU / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    if not name.split("/")[-1].startswith("."):
        _cite(root, name.split("/", 1)[1])
    found = [d for d in check(cli, root, base, *ON_TIME) if d["path"] == f"{WANZHOU}/{name}"]
    if code is None:
        assert found == []
        return
    assert [(d["code"], d["line"] if code == "Y013" else 1) for d in found] == [(code, 2 if code == "Y013" else 1)]
    if message is not None:
        assert found[0]["message"] == message
    assert authorize(cli, root, base, "wanzhou-clerk") == []  # the district owns the folder: only validation stops it


def test_an_orphan_attachment_is_refused(gate, cli) -> None:
    root, base = gate
    put(root, f"{WANZHOU}/附件/无人引用.pdf", _pdf().decode())
    found = check(cli, root, base, *ON_TIME)
    assert brief(found) == {(f"{WANZHOU}/附件/无人引用.pdf", 1, 1, "F009")}
    assert found[0]["message"] == "附件“submissions/2021/500101/附件/无人引用.pdf”没有被本单位目录中的任何申报材料引用"
    assert found[0]["hint"].startswith("在申报材料的佐证材料（evidence）中写 file: 附件/无人引用.pdf 引用它")


def test_an_application_that_stops_citing_a_file_orphans_it(gate, cli) -> None:
    root, base = gate
    edit(root / WANZHOU / "22.yaml", "    file: 附件/龙都街道养老服务中心运营情况.txt\n",
         "    url: https://example.com/longdu.html\n")
    found = check(cli, root, base, *ON_TIME)
    assert brief(found) == {(f"{WANZHOU}/附件/龙都街道养老服务中心运营情况.txt", 1, 1, "F009")}
    assert found[0]["caused_by"] == [f"{WANZHOU}/22.yaml"]


def test_size_limits_per_file_and_per_folder(gate, cli) -> None:
    """(7) A 150 MB file, and a folder of files each within the limit but together over it."""
    root, base = gate
    big = root / WANZHOU / "附件/扫描件.pdf"
    with open(big, "wb") as fh:  # sparse: the size is what counts
        fh.write(_pdf())
        fh.truncate(150 * 1024 * 1024)
    _cite(root, "扫描件.pdf")
    found = [d for d in check(cli, root, base, *ON_TIME) if d["code"] in ("F007", "F008")]
    assert brief(found) == {(f"{WANZHOU}/附件/扫描件.pdf", 1, 1, "F007"), (f"{WANZHOU}/", 1, 1, "F008")}
    messages = {d["code"]: d["message"] for d in found}
    assert messages["F007"] == "“submissions/2021/500101/附件/扫描件.pdf”有 150.0 MB，超过单个文件的上限 20.0 MB"
    assert messages["F008"].startswith("万州区（500101）的申报目录共 150.0 MB，超过上限 100.0 MB")
    big.unlink()
    for i in range(6):
        with open(root / WANZHOU / f"附件/扫描件{i}.pdf", "wb") as fh:
            fh.write(_pdf())
            fh.truncate(19 * 1024 * 1024)
        _cite(root, f"扫描件{i}.pdf")
    found = [d for d in check(cli, root, base, *ON_TIME) if d["code"] in ("F007", "F008")]
    assert brief(found) == {(f"{WANZHOU}/", 1, 1, "F008")}


def test_links_submodules_and_executable_bits(gate, cli, tmp_path: Path) -> None:
    """(7) A symbolic link to a folder, a submodule and an executable bit, each refused."""
    root, base = gate
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "机密.pdf").write_bytes(_pdf())
    os.symlink(outside, root / WANZHOU / "链接")
    os.symlink(outside / "机密.pdf", root / WANZHOU / "附件/链接.pdf")
    pdf = root / WANZHOU / "附件/总结.pdf"
    pdf.write_bytes(_pdf())
    _cite(root, "总结.pdf")
    git(root, "add", "-A")
    git(root, "update-index", "--chmod=+x", f"{WANZHOU}/附件/总结.pdf")
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{base},{WANZHOU}/子模块")
    found = check(cli, root, base, *ON_TIME)
    assert brief(found) == {
        (f"{WANZHOU}/链接", 1, 1, "F002"), (f"{WANZHOU}/附件/链接.pdf", 1, 1, "F002"),
        (f"{WANZHOU}/附件/总结.pdf", 1, 1, "F004"), (f"{WANZHOU}/子模块", 1, 1, "F003"),
    }
    messages = {d["code"]: d["message"] for d in found}
    assert messages["F003"] == "“submissions/2021/500101/子模块”是 Git 子模块，数据目录中只能放文件本身"
    assert messages["F004"] == "“submissions/2021/500101/附件/总结.pdf”带有可执行权限，数据和附件都不需要"
    assert f"指向“{outside}”" in next(d["message"] for d in found if d["path"] == f"{WANZHOU}/链接")


def test_names_that_differ_only_in_case(gate, cli) -> None:
    root, base = gate
    for name in ("总结.pdf", "总结.PDF"):
        (root / WANZHOU / "附件" / name).write_bytes(_pdf())
        _cite(root, name)
    found = [d for d in check(cli, root, base, *ON_TIME) if d["code"] == "F012"]
    assert brief(found) == {(f"{WANZHOU}/附件/总结.pdf", 1, 1, "F012"), (f"{WANZHOU}/附件/总结.PDF", 1, 1, "F012")}
    assert found[0]["message"].endswith("只差字母大小写，在 Windows 和 macOS 上会变成同一个文件")


def test_files_outside_an_applicant_folder(gate, cli) -> None:
    """Data folders hold data files; a document dropped into a recommendation folder or next to the
    notices is refused (F010), and a look-alike data folder is named (F013)."""
    root, base = gate
    (root / "awards/2021/recommendations/19/评审记录.pdf").write_bytes(_pdf())
    put(root, "Submissions/2021/500101/01.yaml", "measure: 1\n")
    found = check(cli, root, base)
    assert brief(found) == {("awards/2021/recommendations/19/评审记录.pdf", 1, 1, "F010")}
    full = findings(validate(cli, root))
    assert ("Submissions/", 1, 1, "F013") in brief(full)
    f013 = next(d for d in full if d["code"] == "F013")
    assert f013["message"] == "目录“Submissions”与数据目录“submissions”只差字母大小写，其中的文件不会被当作数据检查"


# --- (8) every path is judged -------------------------------------------------------------------


@pytest.mark.parametrize("path, why", [
    (".github/workflows/steal.yml", "（“.github/”不是数据目录）"),
    ("generator/rules/applications.py", "（“generator/”不是数据目录）"),
    ("schema/application.schema.json", "（“schema/”不是数据目录）"),
    ("tests/test_gate.py", "（“tests/”不是数据目录）"),
    ("docs/guide/index.md", "（“docs/”不是数据目录）"),
    ("mkdocs.yml", "（仓库顶层的文件）"),
    (".gitattributes", "（仓库顶层的文件）"),
    ("new-folder/readme.txt", "（“new-folder/”不是数据目录）"),
    ("Submissions/2021/500101/01.yaml", "（目录“Submissions”不是数据目录“submissions”：字母大小写或字形不同）"),
    ("ｓubmissions/2021/500101/01.yaml", "（目录“ｓubmissions”不是数据目录“submissions”：字母大小写或字形不同）"),
    ("examples/submissions/2021/500101/01.yaml", "（“examples/”不是数据目录）"),
])
def test_a_district_may_change_nothing_outside_its_folder(gate, cli, path: str, why: str) -> None:
    """(8) Code, schemas, workflows, tests, docs, configuration, new folders and data folders spelt
    another way: only the supervision office may change them (U005), naming the path."""
    root, base = gate
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as fh:
        fh.write("# 改动\n")
    found = authorize(cli, root, base, "wanzhou-clerk")
    assert [(d["path"], d["code"]) for d in found] == [(path, "U005")]
    assert found[0]["message"].startswith(f"账号“wanzhou-clerk”（万州区（500101）的经办账号）不能改动此路径{why}：")
    assert found[0]["message"].endswith("只能由市政府督查办改动")
    assert authorize(cli, root, base, "duchaban") == []


# --- (9) reporting a reviewer can trust --------------------------------------------------------


def test_github_annotations_put_the_changed_file_first_and_say_what_was_cut(gate, cli, tmp_path: Path,
                                                                        monkeypatch) -> None:
    """(9) 12 errors in a changed recommendation list and knock-on errors in the notice it breaks:
    the list's errors are annotated first, a notice says how many were not annotated, and the job
    summary lists all of them, the knock-on ones naming the change that caused them."""
    root, base = gate
    path = root / RIVER_LIST
    text = path.read_text("utf-8")
    # every entry now names an applicant that never applied for measure 19 (C002) ...
    for code in ("500113", "500101", "500118", "500116"):
        text = text.replace(f'applicant: "{code}"', 'applicant: "500104"')
    extra = "".join(f'      - applicant: "5001{n:02d}"\n        rank: {5 + i}\n' for i, n in enumerate(range(5, 13)))
    text = text.replace("  - level: 乡镇（街道）", extra.rstrip("\n") + "\n  - level: 乡镇（街道）", 1) if (
        "  - level: 乡镇（街道）" in text) else text + extra
    path.write_text(text, "utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("validate", "--root", str(root), "--changed-since", base, "--now", "2022-03-20",
                 "--format", "github")
    lines = result.out.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 10
    assert all(f"file={RIVER_LIST}," in line for line in annotations)
    list_errors = sum(1 for line in lines if line.startswith(("::error file=" + RIVER_LIST, RIVER_LIST + ":")))
    notice_errors = [line for line in lines if line.startswith(NOTICE + ":")]
    assert list_errors >= 12 and notice_errors
    cut = list_errors - 10 + len(notice_errors)
    (note,) = [line for line in lines if line.startswith("::notice ")]
    assert f"另有 {cut} 个错误没有标注到文件行上（GitHub 每个步骤只显示前 10 个）" in note
    assert all(f"（此文件未改动，因本次改动的 {RIVER_LIST} 而受检查）" in line for line in notice_errors)
    table = summary.read_text("utf-8")
    rows = [row for row in table.splitlines() if row.startswith("| 错误 |")]
    assert len(rows) == list_errors + len(notice_errors)
    assert rows[0].split("|")[3].strip().startswith(f"`{RIVER_LIST}:")
    assert f"因本次改动的 {RIVER_LIST} 而受检查" in rows[-1]


# --- one clock ---------------------------------------------------------------------------------


def test_one_file_and_the_whole_repository_judge_deadlines_alike(gate, cli, monkeypatch) -> None:
    """A file not yet merged is judged against the clock whether it is named or not; a merged file
    never is; the message says which moment counted."""
    root, _ = gate
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    new = put(root, "submissions/2021/500101/01.yaml",
              (root / WANZHOU / "02.yaml").read_text("utf-8").replace("measure: 2", "measure: 1"))
    by_path = findings(validate(cli, root, str(new)))
    whole = findings(validate(cli, root))
    assert [(d["path"], d["code"]) for d in by_path] == [(d["path"], d["code"]) for d in whole if d["code"] == "T001"]
    assert [d["code"] for d in by_path if d["code"] == "T001"] == ["T001"]
    assert "按本地检查的当前时间" in next(d for d in by_path if d["code"] == "T001")["message"]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    ci = findings(validate(cli, root, str(new)))
    assert "按检查本次拉取请求的时间" in next(d for d in ci if d["code"] == "T001")["message"]
    # merged, it is history: neither run judges it again
    commit_all(root, "merged")
    assert [d for d in findings(validate(cli, root, str(new))) if d["code"] == "T001"] == []
    assert [d for d in findings(validate(cli, root)) if d["code"] == "T001"] == []


def test_outside_git_no_deadline_is_judged_and_the_summary_says_so(cli, tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "plain")
    result = cli("validate", "--root", str(root))
    assert result.code == 0
    assert "未判断截止时间：这里不是 git 仓库，无法知道哪些文件尚未提交。" in result.err


def test_the_check_never_runs_the_pull_requests_code(gate, tmp_path: Path) -> None:
    """A pull request that edits the rules in generator/ is still judged by the base's code: the
    workflow runs the base's jili on the pull request's tree, which this reproduces with two
    checkouts and the base's code on PYTHONPATH."""
    root, base = gate
    base_code = Path(__file__).resolve().parent.parent  # the code under test stands for the base's
    rule = root / "generator/rules/applications.py"
    rule.parent.mkdir(parents=True, exist_ok=True)
    rule.write_text("raise SystemExit(0)  # a pull request's own 'rules'\n", "utf-8")
    edit(root / WANZHOU / "02.yaml", "  - level: 区县\n    name: 万州区\n", "  - level: 区县\n    name: 涪陵区\n")
    env = {**os.environ, "PYTHONPATH": str(base_code)}
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "validate", "--changed-since", base,
                             "--now", "2022-01-20", "--format", "json"], capture_output=True, text=True, env=env,
                            cwd=tmp_path, check=False)
    assert result.returncode == 1, result.stderr
    assert "A005" in {d["code"] for d in json.loads(result.stdout)}
