"""Hostile input from a pull request stays inert: references and look-alike names.

Anyone can open a pull request against a public repository. This file holds the hostile cases
of the hardening issue that concern references and names; the others are tested where their
protection lives:

* text rendered into pages (raw HTML, <script>, event handlers, javascript:/data: links,
  attribute lists, snippet markers, template syntax): tests/test_site_pages.py and
  tests/test_site_build.py (test_hostile_*), in Markdown and in the built HTML;
* YAML (duplicate keys, anchors and "billion laughs", deep nesting, huge files, invalid UTF-8,
  a byte-order mark, mixed line endings, YAML 1.1 surprises): tests/test_loader.py;
* spreadsheet formulas in downloads: tests/test_opendata_downloads.py;
* deterministic and atomic builds: tests/test_site_build.py.

Each test here removes nothing but adds one hostile file and expects its code, so deleting
the protection (the schema pattern, the evidence rule, the name check) makes it fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.layout import schema_line

APP = "submissions/2021/500101/02.yaml"


def application(*, nominee: str = "万州区", level: str = "区县", evidence: list[str] | None = None) -> str:
    lines = [schema_line(APP, "application"), "measure: 2", 'applicant: "500101"', "nominees:",
             f"  - level: {level}", f"    name: {json.dumps(nominee, ensure_ascii=False)}"]
    if level == "乡镇（街道）":
        lines.append('    parent: "500101"')
    lines += ["self_assessment: 生态环境质量持续改善。", "experiences:", "  - title: 河长制全覆盖",
              "    body: 建立区、镇、村三级河长体系。"]
    if evidence:
        lines.append("evidence:")
        lines += evidence
    lines += ["contact:", "  unit: 区政府办公室", "  person: 王明", "  phone: 023-60001234", "filed: 2022-01-20", ""]
    return "\n".join(lines)


def findings(cli, root: Path) -> set[tuple[str, int, int, str]]:
    # the file is named, so it is judged against the clock: file it before the deadline
    result = cli("validate", "--root", str(root), "--format", "json", "--now", "2022-01-20T10:00+08:00",
                 str(root / APP))
    assert result.code in (0, 1), result.err
    return {(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(result.out)}


def put(root: Path, text: str) -> Path:
    path = root / APP
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_application_passes(cli, repo_copy: Path) -> None:
    put(repo_copy, application(evidence=["  - title: 年度工作总结", "    url: https://www.cq.gov.cn/a.html"]))
    assert findings(cli, repo_copy) == set()


# --- links with other schemes ---------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com/a.pdf",
    "//evil.example/a.pdf",
    "https://example.com/a b.pdf",
])
def test_evidence_links_other_than_http_are_refused(cli, repo_copy: Path, url: str) -> None:
    put(repo_copy, application(evidence=["  - title: 年度工作总结", f"    url: {json.dumps(url)}"]))
    assert findings(cli, repo_copy) == {(APP, 13, 10, "S005")}


# --- evidence files that reach outside the applicant's folder --------------------------------


@pytest.mark.parametrize("ref", [
    "../500102/附件/总结.pdf",
    "附件/../../500102/总结.pdf",
    "/etc/passwd.txt",
    "C:/Windows/win.ini.txt",
    "附件\\..\\..\\总结.pdf",
    ".git/config.txt",
])
def test_evidence_paths_outside_the_folder_are_refused(cli, repo_copy: Path, ref: str) -> None:
    put(repo_copy, application(evidence=["  - title: 年度工作总结", f"    file: {json.dumps(ref, ensure_ascii=False)}"]))
    assert findings(cli, repo_copy) == {(APP, 13, 11, "A007")}


def test_evidence_symlink_to_a_file_elsewhere_is_refused(cli, repo_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("不应被发布", encoding="utf-8")
    path = put(repo_copy, application(evidence=["  - title: 年度工作总结", "    file: 附件/总结.txt"]))
    (path.parent / "附件").mkdir()
    os.symlink(secret, path.parent / "附件" / "总结.txt")
    assert findings(cli, repo_copy) == {(APP, 13, 11, "A007")}


def test_evidence_inside_a_symlinked_folder_is_refused(cli, repo_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "总结.txt").write_text("不应被发布", encoding="utf-8")
    path = put(repo_copy, application(evidence=["  - title: 年度工作总结", "    file: 附件/总结.txt"]))
    os.symlink(outside, path.parent / "附件")
    assert findings(cli, repo_copy) == {(APP, 13, 11, "A007")}


def test_evidence_of_an_unsafe_type_is_refused(cli, repo_copy: Path) -> None:
    path = put(repo_copy, application(evidence=["  - title: 年度工作总结", "    file: 附件/总结.html"]))
    (path.parent / "附件").mkdir()
    (path.parent / "附件" / "总结.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    assert findings(cli, repo_copy) == {(APP, 13, 11, "A007")}


def test_evidence_file_inside_the_folder_passes(cli, repo_copy: Path) -> None:
    path = put(repo_copy, application(evidence=["  - title: 年度工作总结", "    file: 附件/总结.txt"]))
    (path.parent / "附件").mkdir()
    (path.parent / "附件" / "总结.txt").write_text("二〇二一年工作总结", encoding="utf-8")
    assert findings(cli, repo_copy) == set()


# --- look-alike names -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["万\u200b州区", "万州\u200d区", "\ufeff万州区", "万州区\u2060", "万州\u202e区"])
def test_an_invisible_character_refuses_the_whole_file(cli, repo_copy: Path, name: str) -> None:
    """Zero-width and bidirectional characters are refused before the file is read (Y013), at
    the character itself, so such a name can never resolve to the region."""
    put(repo_copy, application(nominee=name))
    found = findings(cli, repo_copy)
    assert {code for *_, code in found} == {"Y013"}
    line = application(nominee=name).split("\n").index(f'    name: "{name}"') + 1
    assert {(ln, col) for _, ln, col, _ in found} == {(line, 12 + next(
        i for i, ch in enumerate(name) if ch in "\u200b\u200d\ufeff\u2060\u202e"))}


@pytest.mark.parametrize("name, what", [
    ("万州\u2f98", "Kangxi radical ⾘ standing in for a character"),
    ("萬州區", "traditional characters: another name, not the registered one"),
    ("万州⾽", "Kangxi radical"),
    ("万州区 ", "trailing space"),
    ("Ｗ万州区", "full-width Latin letter"),
])
def test_a_look_alike_never_passes_for_the_region(cli, repo_copy: Path, name: str, what: str) -> None:
    """A name that looks like 万州区 but is not those three characters is refused (A008) and
    does not resolve to the registered region (A005)."""
    put(repo_copy, application(nominee=name))
    codes = {code for *_, code in findings(cli, repo_copy)}
    assert "A005" in codes, what
    if what.startswith("traditional"):
        assert codes == {"A005"}
    else:
        assert codes == {"A005", "A008"}, what


@pytest.mark.parametrize("name", ["太⽩街道", "太白街道\u00a0", "Тайбай街道"])
def test_look_alike_township_names_are_refused(cli, repo_copy: Path, name: str) -> None:
    put(repo_copy, application().replace(
        '    name: "万州区"\n', f'    name: "万州区"\n  - level: 乡镇（街道）\n    name: {json.dumps(name, ensure_ascii=False)}\n'
        '    parent: "500101"\n'))
    assert {code for *_, code in findings(cli, repo_copy)} == {"A008"}


def test_the_real_township_name_passes(cli, repo_copy: Path) -> None:
    put(repo_copy, application().replace(
        '    name: "万州区"\n', '    name: "万州区"\n  - level: 乡镇（街道）\n    name: 太白街道\n    parent: "500101"\n'))
    assert findings(cli, repo_copy) == set()
