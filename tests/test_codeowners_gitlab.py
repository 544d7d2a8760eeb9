"""`jili codeowners --forge gitlab`: .gitlab/CODEOWNERS written from the same ownership rule, in sections.

The file is read here the way GitLab documents it ("Syntax of CODEOWNERS file"): a `[name]`
line starts a section, each section is judged separately, and within a section the last
matching pattern decides. The owners that section gives each path are compared with the
ownership rule `jili authorize` applies and with GitHub's file.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
from pathlib import Path

import pytest

from generator.access import codeowners, codeowners_gitlab
from generator.access.ownership import from_repository
from generator.repository import Repository
from tests.conftest import REPO, copy_repository

SECTION = re.compile(r"^(\^)?\[([^\]]+)\](?:\[(\d+)\])?(.*)$")
SAMPLES = ("README.md", "docs/guide/index.md", ".gitlab-ci.yml", ".gitlab/CODEOWNERS", ".github/workflows/x.yml",
           "submissions/2021/500101/01.yaml", "submissions/2030/wanzhou-etdz/附件/总结.pdf",
           "awards/2021/recommendations/06/economy-information.yaml", "awards/2021/recommendations/06/说明.pdf",
           "awards/2021/notices/official-list.yaml", "measures/2021/01.yaml", "registry/regions/500101.yaml",
           "schema/application.schema.json", "generator/cli.py")


def _sections(text: str) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    """[(section name, [(pattern, owners), ...]), ...]; lines before any heading form an unnamed section."""
    sections: list[tuple[str, list]] = [("", [])]
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        heading = SECTION.match(line)
        if heading:
            assert heading[1] is None and heading[3] is None and not heading[4].strip(), line  # required, 1 approval
            sections.append((heading[2], []))
            continue
        pattern, *owners = line.split()
        sections[-1][1].append((pattern, tuple(owners)))
    return [s for s in sections if s[1]]


def _matches(pattern: str, path: str) -> bool:
    """GitLab's path matching for the forms written here: `*`, `/dir/`, `/a/*/b/`, `/a/file`."""
    if pattern == "*":
        return True
    want, have = pattern.strip("/").split("/"), path.split("/")
    if pattern.endswith("/"):
        return len(have) > len(want) and all(fnmatch.fnmatchcase(h, w) for h, w in zip(have, want))
    return len(have) == len(want) and all(fnmatch.fnmatchcase(h, w) for h, w in zip(have, want))


def _owners_per_section(text: str, path: str) -> dict[str, set[str]]:
    found = {}
    for name, rules in _sections(text):
        owners = None
        for pattern, line_owners in rules:
            if _matches(pattern, path):
                owners = line_owners
        if owners is not None:
            found[name] = set(owners)
    return found


@pytest.fixture(scope="module")
def ownership():
    rule, errors = from_repository(Repository(REPO))
    assert errors == []
    return rule


def test_committed_file_is_current(cli) -> None:
    result = cli("codeowners", "--forge", "gitlab", "--check", "--root", str(REPO))
    assert result.code == 0, result.out + result.err
    assert result.out == "" and result.err == ".gitlab/CODEOWNERS 与名录一致。\n"


def test_sections_follow_the_ownership_rule(ownership) -> None:
    text = (REPO / codeowners_gitlab.PATH).read_text("utf-8")
    names = [name for name, _ in _sections(text)]
    expected = list(dict.fromkeys(codeowners_gitlab.section_name(g.section) for g in ownership.grants))
    assert names == expected == ["默认", "申报材料", "激励推荐名单", "通报、项目设置、政策、名录、数据结构、生成器和工作流"]
    for grant in ownership.grants:  # each section's long description is written under its heading
        assert f"[{codeowners_gitlab.section_name(grant.section)}]\n# {grant.section}\n" in text


def test_owners_per_section_are_the_rules_owners(ownership) -> None:
    """The section that decides a path gives exactly the owners `jili authorize` and GitHub's file use;
    the default section covers every path, and the supervision office can approve in every section."""
    gitlab = codeowners_gitlab.render(ownership)
    github = codeowners.render(ownership)
    supervision = set(ownership.supervision.maintainers)
    for path in SAMPLES:
        sections = _owners_per_section(gitlab, path)
        grant = ownership.grant_for(path)
        decisive = codeowners_gitlab.section_name(grant.section)
        assert sections[decisive] == set(ownership.owners(grant)), path
        assert sections["默认"] == supervision, path
        assert all(supervision <= owners for owners in sections.values()), path
        github_owners = set()
        for line in github.splitlines():
            if line and not line.startswith("#"):
                pattern, *owners = line.split()
                if _matches(pattern, path):
                    github_owners = set(owners)
        assert github_owners == sections[decisive], path
    # a unit's approval satisfies its own section only
    assert _owners_per_section(gitlab, "submissions/2021/500101/01.yaml") == {
        "默认": supervision, "申报材料": {"@cq-jili/500101", *supervision}}


def test_section_names() -> None:
    assert codeowners_gitlab.section_name("申报材料 submissions/<年度>/：某某") == "申报材料"
    assert codeowners_gitlab.section_name("默认：仓库中其他所有文件") == "默认"
    assert codeowners_gitlab.section_name("a[b]c") == "a（b）c"


def _copy(tmp_path: Path) -> Path:
    root = copy_repository(tmp_path / "repo")
    for path in (codeowners.PATH, codeowners_gitlab.PATH):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / path, root / path)
    return root


def test_check_fails_after_a_registry_change_until_regenerated(tmp_path: Path, cli) -> None:
    root = _copy(tmp_path)
    region = root / "registry/regions/500102.yaml"
    region.write_text(region.read_text("utf-8").replace('"@cq-jili/500102"', '"@cq-jili/fuling-office"'), "utf-8")
    result = cli("codeowners", "--forge", "gitlab", "--check", "--root", str(root))
    assert result.code == 1
    committed = (root / codeowners_gitlab.PATH).read_text("utf-8").splitlines()
    line = next(i for i, t in enumerate(committed, start=1) if t.startswith("/submissions/*/500102/"))
    assert result.out == (
        f".gitlab/CODEOWNERS:{line}:1: error [U004] .gitlab/CODEOWNERS 与名录和政策数据不一致：第 {line} 行应为"
        f"“/submissions/*/500102/ @cq-jili/fuling-office @cq-jili/supervision-office”，实际为"
        f"“/submissions/*/500102/ @cq-jili/500102 @cq-jili/supervision-office”"
        " 提示：运行 jili codeowners --forge gitlab 重新生成，并与名录或措施的改动一起提交\n")
    assert result.err == ".gitlab/CODEOWNERS 已过期：运行 jili codeowners --forge gitlab 重新生成并提交。\n"
    # each forge's file is checked on its own
    github = cli("codeowners", "--check", "--root", str(root))
    assert github.code == 1 and github.out.startswith(".github/CODEOWNERS:")
    assert "提示：运行 jili codeowners 重新生成" in github.out

    written = cli("codeowners", "--forge", "gitlab", "--root", str(root))
    assert (written.code, written.out) == (0, "已生成 .gitlab/CODEOWNERS\n")
    assert cli("codeowners", "--forge", "gitlab", "--check", "--root", str(root)).code == 0
    again = cli("codeowners", "--forge", "gitlab", "--root", str(root))
    assert again.out == ".gitlab/CODEOWNERS 已是最新，未改动。\n"


def test_missing_file_and_stdout(tmp_path: Path, cli, ownership) -> None:
    root = _copy(tmp_path)
    (root / codeowners_gitlab.PATH).unlink()
    result = cli("codeowners", "--forge", "gitlab", "--check", "--root", str(root))
    assert result.code == 1 and result.out.startswith(".gitlab/CODEOWNERS:1:1: error [U004] ") and "文件不存在" in result.out
    shown = cli("codeowners", "--forge", "gitlab", "--stdout", "--root", str(root))
    assert shown.code == 0 and shown.out == codeowners_gitlab.render(ownership)
    assert not (root / codeowners_gitlab.PATH).exists()


def test_hand_written_file_is_kept_unless_forced(tmp_path: Path, cli) -> None:
    root = _copy(tmp_path)
    own = "[人工]\n* @someone\n"
    (root / codeowners_gitlab.PATH).write_text(own, "utf-8")
    result = cli("codeowners", "--forge", "gitlab", "--root", str(root))
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.startswith("jili: .gitlab/CODEOWNERS 不是 jili codeowners 生成的") and "--force" in result.err
    assert (root / codeowners_gitlab.PATH).read_text("utf-8") == own
    assert cli("codeowners", "--forge", "gitlab", "--force", "--root", str(root)).code == 0
    assert cli("codeowners", "--forge", "gitlab", "--check", "--root", str(root)).code == 0


def test_unknown_forge_is_a_usage_error(cli) -> None:
    result = cli("codeowners", "--forge", "bitbucket", "--root", str(REPO))
    assert result.code == 2 and "无效的选项" in result.err and "gitlab" in result.err
