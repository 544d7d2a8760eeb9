"""`jili new`: templates land where the layout says, never overwrite, fail while blank and
pass once filled; refusals explain themselves in Chinese."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.layout import schema_line
from tests.conftest import copy_repository

#: what a clerk would type into each blank, by field name
FILLS = {
    "title": "示例标题：经验做法",
    "name": "龙都街道",
    "unit": "万州区人民政府办公室",
    "person": "王明",
    "phone": "023-60009999",
    "applicant": "500101",
    "nominee": "龙都街道",
    "method": "部门评审，结合市政府综合督查情况",
    "reason": "工作成效明显",
    "document_number": "渝府办发〔2022〕999号",
    "url": "https://example.com/evidence.html",
    "file": "附件/工作总结.pdf",
}
ON_TIME = "2022-01-20T10:00+08:00"
BLANK = re.compile(r'^(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+): ""')


def _code_part(line: str) -> str:
    """A template line without its trailing comment (templates put no # inside values)."""
    return line.split("  #", 1)[0] if not line.lstrip().startswith("#") else ""


def blank_lines(text: str) -> set[int]:
    """1-based numbers of the lines a clerk still has to fill: "" values and empty | blocks."""
    lines = text.splitlines()
    out = set()
    for i, line in enumerate(lines):
        code = _code_part(line)
        if BLANK.match(code) or (code.rstrip().endswith(": |") and i + 1 < len(lines) and not lines[i + 1].strip()):
            out.add(i + 1)
    return out


def uncomment(text: str, first_line_starting: str, count: int) -> str:
    """Take the '# ' off `count` lines, starting at the first line that starts (after
    indentation) with `first_line_starting`, as the template tells a clerk to do."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(first_line_starting))
    for i in range(start, start + count):
        indent = len(lines[i]) - len(lines[i].lstrip())
        assert lines[i][indent:].startswith("# "), lines[i]
        lines[i] = lines[i][:indent] + lines[i][indent + 2:]
    return "".join(lines)


def fill(text: str, overrides: dict[str, str] | None = None) -> str:
    """Fill every blank of a template the way its comments ask."""
    values = {**FILLS, **(overrides or {})}
    lines = text.splitlines(keepends=True)
    out = []
    for i, line in enumerate(lines):
        code = _code_part(line)
        m = BLANK.match(code)
        if m:
            line = line.replace('""', f'"{values[m["key"]]}"', 1)
        elif i > 0 and not line.strip() and _code_part(lines[i - 1]).rstrip().endswith(": |"):
            indent = len(lines[i - 1]) - len(lines[i - 1].lstrip()) + 2
            if lines[i - 1].lstrip().startswith("- "):
                indent += 2
            line = " " * indent + "全年推进有力，成效明显：\n" + " " * indent + "\n" + " " * indent + "- 第一项；\n"
        out.append(line)
    return "".join(out)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


def _validate(cli, root: Path, *paths: str):
    # paths on the command line are relative to the working directory, as for a clerk; the
    # files named are judged against the clock, so the check runs inside the filing period
    result = cli("validate", "--root", str(root), "--format", "json", "--now", ON_TIME,
                 *(str(root / p) for p in paths))
    return result, json.loads(result.out)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- applications -----------------------------------------------------------------------------


def test_new_application_writes_template_at_layout_path(cli, root: Path) -> None:
    result = cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "1",
                 "--applicant", "500101")
    assert result.code == 0, result.err
    path = "submissions/2021/500101/01.yaml"
    assert path in result.out and "jili validate" in result.out
    text = (root / path).read_text("utf-8")
    assert text.splitlines()[0] == schema_line(path, "application")
    # commented for the clerk: what, why (the clause), until when
    assert "万州区申报第 1 项措施“巩固拓展脱贫攻坚成果”" in text
    assert "渝府办发〔2021〕83号 一、激励措施 第1项" in text
    assert "2022-02-01 24:00" in text
    assert "不会在网站或开放数据中公开" in text


def test_platform_template_names_the_platform(cli, root: Path) -> None:
    result = cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "3",
                 "--applicant", "liangjiang-new-area")
    assert result.code == 0, result.err
    text = (root / "submissions/2021/liangjiang-new-area/03.yaml").read_text("utf-8")
    assert "level: 国家级开发开放平台\n    name: 两江新区\n" in text
    assert "乡镇（街道）\n" not in text.split("nominees:", 1)[1].split("self_assessment", 1)[0]


def test_blank_application_fails_at_each_blank(cli, root: Path) -> None:
    cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "1", "--applicant", "500101")
    path = "submissions/2021/500101/01.yaml"
    text = (root / path).read_text("utf-8")
    result, found = _validate(cli, root, path)
    assert result.code == 1
    assert {d["path"] for d in found} == {path}
    assert {d["line"] for d in found} == blank_lines(text)
    assert len(blank_lines(text)) == 6  # 自评, 标题, 正文, 联系单位, 联系人, 电话


def test_filled_application_passes(cli, root: Path) -> None:
    cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "1", "--applicant", "500101")
    path = root / "submissions/2021/500101/01.yaml"
    path.write_text(fill(path.read_text("utf-8")), "utf-8")
    result, found = _validate(cli, root, "submissions/2021/500101/01.yaml")
    assert found == [] and result.code == 0, result.out


def test_filled_application_with_township_and_evidence_passes(cli, root: Path) -> None:
    """Following the template's own instructions for the optional parts also validates."""
    cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "1", "--applicant", "500101")
    path = root / "submissions/2021/500101/01.yaml"
    text = path.read_text("utf-8")
    text = uncomment(text, "# - level: 乡镇（街道）", 3)
    text = uncomment(text, "# evidence:", 5)
    path.write_text(fill(text), "utf-8")
    (path.parent / "附件").mkdir()
    (path.parent / "附件" / "工作总结.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result, found = _validate(cli, root, "submissions/2021/500101/01.yaml")
    assert found == [] and result.code == 0, result.out
    filled = path.read_text("utf-8")
    assert 'name: "龙都街道"' in filled and 'parent: "500101"' in filled


def test_new_application_never_overwrites(cli, root: Path) -> None:
    path = root / "submissions/2021/500101/01.yaml"
    path.parent.mkdir(parents=True)
    original = "# 已经写了一半的申报，不能丢\nmeasure: 1\n".encode()
    path.write_bytes(original)
    before = _tree(root)
    result = cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "1",
                 "--applicant", "500101")
    assert result.code == 2
    assert result.err.startswith("jili: ") and "submissions/2021/500101/01.yaml" in result.err
    assert "未做任何改动" in result.err and "Traceback" not in result.err
    assert path.read_bytes() == original
    assert _tree(root) == before


def test_new_application_refuses_a_second_file_for_the_same_measure(cli, root: Path) -> None:
    other = root / "submissions/2021/500101/01-巩固脱贫.yaml"
    other.parent.mkdir(parents=True)
    other.write_text("measure: 1\n", "utf-8")
    before = _tree(root)
    result = cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "1",
                 "--applicant", "500101")
    assert result.code == 2
    assert "01-巩固脱贫.yaml" in result.err and "只能有一份" in result.err
    assert _tree(root) == before


def test_write_refuses_even_if_the_file_appears_after_the_check(root: Path) -> None:
    """The file is created exclusively: a file that appears between check and write survives."""
    from generator import scaffold
    from generator.repository import Repository
    from generator.validate import Checker

    made = scaffold.new_application(Checker(Repository(root)), 2021, 1, "500101")
    target = root / made.path
    target.parent.mkdir(parents=True)
    target.write_bytes(b"someone else's work\n")
    with pytest.raises(scaffold.ScaffoldError, match="已存在"):
        scaffold.write(root, made)
    assert target.read_bytes() == b"someone else's work\n"


def test_stdout_writes_nothing(cli, root: Path) -> None:
    before = _tree(root)
    result = cli("new", "application", "--root", str(root), "--year", "2021", "--measure", "3",
                 "--applicant", "500240", "--stdout")
    assert result.code == 0
    assert result.out.startswith("# yaml-language-server: $schema=")
    assert "石柱土家族自治县" in result.out and "本措施不含乡镇（街道）" in result.out
    assert _tree(root) == before


@pytest.mark.parametrize(("args", "expected"), [
    (("--measure", "30", "--applicant", "500101"), ["没有第 30 项措施", "共 27 项"]),
    (("--measure", "0", "--applicant", "500101"), ["没有第 0 项措施"]),
    (("--measure", "3", "--applicant", "500999"), ["“500999”不在名录中"]),
    (("--measure", "3", "--applicant", "liangjiang-district"), ["有效期为 2025 年起", "不能申报 2021 年度"]),
    (("--measure", "1", "--applicant", "liangjiang-new-area"),
     ["“区县、乡镇（街道）”", "不含国家级开发开放平台", "两江新区不能申报", "渝府办发〔2021〕83号 一、激励措施 第1项"]),
    (("--measure", "19", "--applicant", "chongqing-etdz"), ["不含国家级开发开放平台", "第19项"]),
], ids=["no-measure-30", "no-measure-0", "unknown-applicant", "not-valid-in-year", "platform-measure-1",
        "platform-measure-19"])
def test_application_refusals(cli, root: Path, args: tuple[str, ...], expected: list[str]) -> None:
    before = _tree(root)
    result = cli("new", "application", "--root", str(root), "--year", "2021", *args)
    assert result.code == 2
    assert result.err.startswith("jili: ") and "Traceback" not in result.err
    for part in expected:
        assert part in result.err, result.err
    assert _tree(root) == before


def test_year_without_policy_is_refused(cli, root: Path) -> None:
    result = cli("new", "application", "--root", str(root), "--year", "2030", "--measure", "1",
                 "--applicant", "500101")
    assert result.code == 2 and "没有 2030 年的政策版次" in result.err and "2021" in result.err


# --- recommendation lists ---------------------------------------------------------------------


def _filed_application(cli, root: Path, measure: int = 1, applicant: str = "500101", *, township: bool = True) -> None:
    cli("new", "application", "--root", str(root), "--year", "2021", "--measure", str(measure),
        "--applicant", applicant)
    path = root / f"submissions/2021/{applicant}/{measure:02d}.yaml"
    text = path.read_text("utf-8")
    if township:
        text = uncomment(text, "# - level: 乡镇（街道）", 3)
    path.write_text(fill(text), "utf-8")


def test_new_recommendation_lists_received_applications(cli, root: Path) -> None:
    _filed_application(cli, root)
    result = cli("new", "recommendation", "--root", str(root), "--year", "2021", "--measure", "1",
                 "--sender", "rural-revitalization")
    assert result.code == 0, result.err
    path = "awards/2021/recommendations/01/rural-revitalization.yaml"
    text = (root / path).read_text("utf-8")
    assert text.splitlines()[0] == schema_line(path, "recommendation")
    assert "市乡村振兴局对第 1 项措施" in text and "2022-03-31 24:00" in text
    assert "#   500101：区县 万州区；乡镇（街道） 龙都街道" in text
    # one category per level the measure names
    assert re.findall(r"^  - level: (\S+)$", text, re.MULTILINE) == ["区县", "乡镇（街道）"]


def test_blank_recommendation_fails_at_blanks_and_filled_passes(cli, root: Path) -> None:
    _filed_application(cli, root)
    cli("new", "recommendation", "--root", str(root), "--year", "2021", "--measure", "1",
        "--sender", "rural-revitalization")
    rel = "awards/2021/recommendations/01/rural-revitalization.yaml"
    path = root / rel
    text = path.read_text("utf-8")
    result, found = _validate(cli, root, rel)
    assert result.code == 1
    flagged = {d["line"] for d in found if d["path"] == rel}
    assert flagged and flagged <= blank_lines(text)
    applicant_lines = {i + 1 for i, line in enumerate(text.splitlines()) if 'applicant: ""' in line}
    assert applicant_lines <= flagged
    path.write_text(fill(text), "utf-8")
    result, found = _validate(cli, root)
    assert found == [] and result.code == 0, result.out


def test_second_lead_unit_gets_its_own_file(cli, root: Path) -> None:
    for sender in ("rural-revitalization", "agriculture-rural"):
        result = cli("new", "recommendation", "--root", str(root), "--year", "2021", "--measure", "17",
                     "--sender", sender)
        assert result.code == 0, result.err
        assert (root / f"awards/2021/recommendations/17/{sender}.yaml").is_file()


def test_new_recommendation_never_overwrites(cli, root: Path) -> None:
    path = root / "awards/2021/recommendations/01/rural-revitalization.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"measure: 1\n")
    result = cli("new", "recommendation", "--root", str(root), "--year", "2021", "--measure", "1",
                 "--sender", "rural-revitalization")
    assert result.code == 2 and "已存在" in result.err
    assert path.read_bytes() == b"measure: 1\n"


@pytest.mark.parametrize(("measure", "sender", "expected"), [
    ("19", "ecology-environment", ["（市生态环境局）不是第 19 项措施的牵头单位", "water-resources（市水利局）"]),
    ("17", "water-resources", ["rural-revitalization（市乡村振兴局）、agriculture-rural（市农业农村委）"]),
    ("1", "no-such-unit", ["“no-such-unit”不是第 1 项措施的牵头单位"]),
    ("28", "rural-revitalization", ["没有第 28 项措施"]),
])
def test_recommendation_refusals(cli, root: Path, measure: str, sender: str, expected: list[str]) -> None:
    before = _tree(root)
    result = cli("new", "recommendation", "--root", str(root), "--year", "2021", "--measure", measure,
                 "--sender", sender)
    assert result.code == 2 and result.err.startswith("jili: ")
    for part in expected:
        assert part in result.err, result.err
    assert _tree(root) == before


# --- notices ------------------------------------------------------------------------------------


def test_new_notice_prefills_recommended_entries(cli, root: Path) -> None:
    _filed_application(cli, root)
    cli("new", "recommendation", "--root", str(root), "--year", "2021", "--measure", "1",
        "--sender", "rural-revitalization")
    rec = root / "awards/2021/recommendations/01/rural-revitalization.yaml"
    rec.write_text(fill(rec.read_text("utf-8")), "utf-8")
    result = cli("new", "notice", "--root", str(root), "--year", "2021")
    assert result.code == 0, result.err
    rel = "awards/2021/notices/official-list.yaml"
    text = (root / rel).read_text("utf-8")
    assert text.splitlines()[0] == schema_line(rel, "notice")
    assert "status: draft" in text
    assert '- applicant: "500101"  # 万州区，区县；市乡村振兴局推荐第1名' in text
    assert "nominee: 龙都街道" in text
    # blank: title and document number are flagged, nothing else
    result, found = _validate(cli, root, rel)
    assert result.code == 1
    assert {d["line"] for d in found} == blank_lines(text)
    (root / rel).write_text(fill(text), "utf-8")
    result, found = _validate(cli, root)
    assert found == [] and result.code == 0, result.out


def test_notice_without_lists_has_a_blank_entry(cli, root: Path) -> None:
    result = cli("new", "notice", "--root", str(root), "--year", "2021", "--name", "supplement-2022")
    assert result.code == 0, result.err
    rel = "awards/2021/notices/supplement-2022.yaml"
    text = (root / rel).read_text("utf-8")
    assert "尚未收到任何激励推荐名单" in text
    _, found = _validate(cli, root, rel)
    assert {d["line"] for d in found} == blank_lines(text)
    assert any(d["code"] == "S005" and d["line"] in blank_lines(text) for d in found)


def test_new_notice_never_overwrites(cli, root: Path) -> None:
    path = root / "awards/2021/notices/official-list.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"status: published\n")
    result = cli("new", "notice", "--root", str(root), "--year", "2021")
    assert result.code == 2 and "已存在" in result.err and "不会覆盖" in result.err
    assert path.read_bytes() == b"status: published\n"


@pytest.mark.parametrize(("args", "expected"), [
    (("--name", "Official List"), "只能用英文小写字母、数字和短横线"),
    (("--name", "../../etc"), "只能用英文小写字母、数字和短横线"),
    (("--issuer", "water-resources"), "general-office（市政府办公厅）"),
])
def test_notice_refusals(cli, root: Path, args: tuple[str, ...], expected: str) -> None:
    before = _tree(root)
    result = cli("new", "notice", "--root", str(root), "--year", "2021", *args)
    assert result.code == 2 and expected in result.err, result.err
    assert _tree(root) == before
