"""`jili authorize`: a pull request's author may change only the data files of the office they file for.

Each test commits a base (the repository's reference data with a few individual logins
registered), makes a change in the working tree as a pull request would, and judges it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.access.authorize import judge
from generator.access.ownership import from_repository
from generator.repository import Repository
from tests.conftest import commit_all, copy_repository

LOGINS = {
    "registry/regions/500101.yaml": "wanzhou-clerk",  # 万州区
    "registry/regions/500102.yaml": "fuling-clerk",  # 涪陵区
    "registry/platforms/liangjiang-new-area.yaml": "liangjiang-clerk",  # 两江新区（平台）
    "registry/departments/economy-information.yaml": "econ-clerk",  # leads measures 6 and 13
    "registry/departments/development-reform.yaml": "ndrc-clerk",  # co-leads measure 6
    "registry/departments/supervision-office.yaml": "duchaban",  # 市政府督查办
}
APPLICATION = "# yaml-language-server: $schema=../../../schema/application.schema.json\nmeasure: 1\n"


def _register(root: Path, path: str, login: str) -> None:
    target = root / path
    text = target.read_text("utf-8")
    assert "maintainers:\n" in text, path
    target.write_text(text.replace("maintainers:\n", f'maintainers:\n  - "@{login}"\n', 1), "utf-8")


def _write(root: Path, path: str, text: str = APPLICATION) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    """A committed base with registered clerks and some filed material; returns (root, base commit)."""
    root = copy_repository(tmp_path / "repo")
    for path, login in LOGINS.items():
        _register(root, path, login)
    _write(root, "submissions/2021/500101/01.yaml")
    _write(root, "submissions/2021/500102/01.yaml")
    _write(root, "awards/2021/notices/official-list.yaml", "title: 通报\n")
    _write(root, "docs/guide/index.md", "# 如何申报\n")
    return root, commit_all(root)


def _authorize(cli, root: Path, base: str, actor: str, *extra: str):
    return cli("authorize", "--root", str(root), "--actor", actor, "--changed-since", base, *extra)


def _codes(out: str) -> set[tuple[str, str]]:
    """{(path, code)} from the text output."""
    found = set()
    for line in out.splitlines():
        path, rest = line.split(":", 1)
        found.add((path, rest.split("[", 1)[1].split("]", 1)[0]))
    return found


def test_district_may_change_its_own_application(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/500101/01.yaml", APPLICATION + "# 补充\n")
    _write(root, "submissions/2021/500101/03.yaml")
    _write(root, "submissions/2021/500101/附件/工作总结.pdf", "%PDF-1.4")
    result = _authorize(cli, root, base, "wanzhou-clerk")
    assert result.code == 0, result.out
    assert result.out == ""
    assert "万州区（500101）的经办账号" in result.err and "3 个文件均有权改动" in result.err


def test_login_matches_whatever_its_case_and_leading_at(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/500101/02.yaml")
    assert _authorize(cli, root, base, "@Wanzhou-Clerk").code == 0


def test_district_may_not_touch_another_districts_application(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/500102/01.yaml", APPLICATION + "# 改别人的\n")
    result = _authorize(cli, root, base, "wanzhou-clerk")
    assert result.code == 1
    assert _codes(result.out) == {("submissions/2021/500102/01.yaml", "U001")}
    line = result.out.splitlines()[0]
    assert line.startswith("submissions/2021/500102/01.yaml:1:1: error [U001] 账号“wanzhou-clerk”")
    assert "涪陵区（500102）的申报材料只能由涪陵区（500102）或市政府督查办改动" in line
    assert "registry/regions/500102.yaml" in line  # where the rule comes from


def test_district_may_not_delete_another_districts_application(repo, cli) -> None:
    root, base = repo
    (root / "submissions/2021/500102/01.yaml").unlink()
    result = _authorize(cli, root, base, "wanzhou-clerk")
    assert result.code == 1
    assert _codes(result.out) == {("submissions/2021/500102/01.yaml", "U001")}


def test_district_may_not_touch_a_notice(repo, cli) -> None:
    root, base = repo
    _write(root, "awards/2021/notices/official-list.yaml", "title: 改过的通报\n")
    result = _authorize(cli, root, base, "wanzhou-clerk")
    assert result.code == 1
    assert _codes(result.out) == {("awards/2021/notices/official-list.yaml", "U005")}
    assert "通报只能由市政府督查办改动" in result.out


def test_one_pull_request_one_applicant(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/500101/02.yaml")
    _write(root, "submissions/2021/500102/02.yaml")
    result = _authorize(cli, root, base, "wanzhou-clerk")
    assert result.code == 1
    assert _codes(result.out) == {
        ("submissions/2021/500101/02.yaml", "U002"),
        ("submissions/2021/500102/02.yaml", "U002"),
        ("submissions/2021/500102/02.yaml", "U001"),
    }
    assert "本次改动涉及 2 个申报单位的申报材料：500101、500102" in result.out


def test_even_the_owner_of_two_applicants_files_them_separately(repo, cli) -> None:
    root, base = repo
    _register(root, "registry/regions/500103.yaml", "two-hats")
    _register(root, "registry/regions/500104.yaml", "two-hats")
    base = commit_all(root, "register")
    _write(root, "submissions/2021/500103/01.yaml")
    _write(root, "submissions/2021/500104/01.yaml")
    result = _authorize(cli, root, base, "two-hats")
    assert result.code == 1
    assert {code for _, code in _codes(result.out)} == {"U002"}


def test_platform_files_for_itself(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/liangjiang-new-area/05.yaml")
    assert _authorize(cli, root, base, "liangjiang-clerk").code == 0
    _write(root, "submissions/2021/500105/05.yaml")  # a host district of the platform: not its own
    result = _authorize(cli, root, base, "liangjiang-clerk")
    assert ("submissions/2021/500105/05.yaml", "U001") in _codes(result.out)


def test_lead_department_files_its_own_recommendation_list(repo, cli) -> None:
    root, base = repo
    _write(root, "awards/2021/recommendations/06/economy-information.yaml", "measure: 6\n")
    _write(root, "awards/2021/recommendations/13/economy-information.yaml", "measure: 13\n")
    assert _authorize(cli, root, base, "econ-clerk").code == 0


def test_department_may_not_file_another_leads_list_or_an_unled_measure(repo, cli) -> None:
    root, base = repo
    _write(root, "awards/2021/recommendations/06/development-reform.yaml", "measure: 6\n")  # the co-lead's
    _write(root, "awards/2021/recommendations/01/economy-information.yaml", "measure: 1\n")  # led by 市乡村振兴局
    result = _authorize(cli, root, base, "econ-clerk")
    assert result.code == 1
    assert _codes(result.out) == {
        ("awards/2021/recommendations/06/development-reform.yaml", "U001"),
        ("awards/2021/recommendations/01/economy-information.yaml", "U001"),
    }
    assert "2021 年第 1 项措施的激励推荐名单只能由市乡村振兴局（rural-revitalization）或市政府督查办改动" in result.out


def test_department_may_not_file_an_application(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/500101/04.yaml")
    result = _authorize(cli, root, base, "ndrc-clerk")
    assert _codes(result.out) == {("submissions/2021/500101/04.yaml", "U001")}


def test_supervision_office_may_change_anything(repo, cli) -> None:
    root, base = repo
    _write(root, "awards/2021/notices/official-list.yaml", "title: 正式通报\n")
    _write(root, "submissions/2021/500101/01.yaml", APPLICATION + "# 督查办更正\n")
    _write(root, "submissions/2021/500102/01.yaml", APPLICATION + "# 督查办更正\n")
    _write(root, "registry/regions/500103.yaml", (root / "registry/regions/500103.yaml").read_text("utf-8"))
    (root / "measures/2021/27.yaml").write_text(
        (root / "measures/2021/27.yaml").read_text("utf-8") + "# 注释\n", "utf-8")
    result = _authorize(cli, root, base, "duchaban")
    assert result.code == 0, result.out
    assert "市政府督查办" in result.err


def test_unregistered_account_may_not_change_data(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/500101/01.yaml", APPLICATION + "# 路人\n")
    _write(root, "registry/regions/500101.yaml",
           (root / "registry/regions/500101.yaml").read_text("utf-8").replace("wanzhou-clerk", "passer-by"))
    result = _authorize(cli, root, base, "passer-by")
    assert result.code == 1
    assert _codes(result.out) == {("submissions/2021/500101/01.yaml", "U003"),
                                  ("registry/regions/500101.yaml", "U005")}
    assert "@passer-by" in result.out and "maintainers" in result.out


def test_only_the_supervision_office_may_change_documentation_and_code(repo, cli) -> None:
    """Code, docs and workflows are not any office's data: only the supervision office may change them."""
    root, base = repo
    _write(root, "docs/guide/index.md", "# 如何申报（修订）\n")
    _write(root, "generator/new_rule.py", "'''x'''\n")
    for actor in ("passer-by", "wanzhou-clerk"):
        result = _authorize(cli, root, base, actor)
        assert _codes(result.out) == {("docs/guide/index.md", "U005"), ("generator/new_rule.py", "U005")}
    assert _authorize(cli, root, base, "duchaban").code == 0


def test_a_team_alone_does_not_identify_an_author(repo, cli) -> None:
    """500103 lists only its team; team membership cannot be resolved offline."""
    root, base = repo
    _write(root, "submissions/2021/500103/01.yaml")
    result = _authorize(cli, root, base, "cq-jili")
    assert _codes(result.out) == {("submissions/2021/500103/01.yaml", "U003")}


def test_rights_come_from_the_base_commit_not_the_pull_request(repo, cli) -> None:
    root, base = repo
    # A district adds itself to the supervision office in the same pull request that edits a notice.
    _register(root, "registry/departments/supervision-office.yaml", "wanzhou-clerk")
    _write(root, "awards/2021/notices/official-list.yaml", "title: 自己发的通报\n")
    result = _authorize(cli, root, base, "wanzhou-clerk")
    assert result.code == 1
    assert _codes(result.out) == {("awards/2021/notices/official-list.yaml", "U005"),
                                  ("registry/departments/supervision-office.yaml", "U005")}
    # Once merged by the supervision office, the new right applies to later pull requests.
    merged = commit_all(root, "registered")
    _write(root, "awards/2021/notices/official-list.yaml", "title: 之后的通报\n")
    assert _authorize(cli, root, merged, "wanzhou-clerk").code == 0


def test_committed_changes_since_base_are_judged(repo, cli) -> None:
    root, base = repo
    _write(root, "submissions/2021/500102/09.yaml")
    commit_all(root, "pull request commit")
    result = _authorize(cli, root, base, "wanzhou-clerk")
    assert _codes(result.out) == {("submissions/2021/500102/09.yaml", "U001")}


def test_github_and_json_formats(repo, cli) -> None:
    root, base = repo
    _write(root, "awards/2021/notices/official-list.yaml", "title: x\n")
    github = _authorize(cli, root, base, "wanzhou-clerk", "--format", "github")
    assert github.code == 1
    assert github.out.startswith("::error file=awards/2021/notices/official-list.yaml,line=1,col=1,title=U005 ")
    data = json.loads(_authorize(cli, root, base, "wanzhou-clerk", "--format", "json").out)
    assert [(d["path"], d["line"], d["col"], d["code"]) for d in data] == [
        ("awards/2021/notices/official-list.yaml", 1, 1, "U005")]


@pytest.mark.parametrize("args, expected", [
    (("--actor", "wanzhou-clerk", "--changed-since", "no-such-ref"), "找不到提交"),
    (("--actor", "wanzhou-clerk", "--changed-since=--output=x"), "不是有效的提交"),
    (("--actor", "  ", "--changed-since", "HEAD"), "--actor 不能为空"),
    (("--changed-since", "HEAD"), "缺少必需的参数"),
])
def test_usage_errors_are_explained(repo, cli, args, expected) -> None:
    root, _ = repo
    result = cli("authorize", "--root", str(root), *args)
    assert result.code == 2
    assert expected in result.err and "Traceback" not in result.err


def test_base_without_a_registry_is_explained(tmp_path: Path, cli) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    (root / "README.md").write_text("x", "utf-8")
    base = commit_all(root)
    copy_repository(root)
    result = cli("authorize", "--root", str(root), "--actor", "x", "--changed-since", base)
    assert result.code == 2 and "没有 schema/" in result.err


def test_judge_is_a_function_of_data(repo) -> None:
    root, _ = repo
    ownership, _ = from_repository(Repository(root))
    verdict = judge(ownership, "fuling-clerk", ["submissions/2022/500102/01.yaml"], ["submissions/2021/500101/01.yaml"])
    assert [(d.path, d.code) for d in verdict.diagnostics] == [
        ("submissions/2021/500101/01.yaml", "U001"), ("submissions/2021/500101/01.yaml", "U002"),
        ("submissions/2022/500102/01.yaml", "U002")]
    assert verdict.role == "涪陵区（500102）的经办账号" and verdict.files == 2


def test_the_readme_states_the_rule_authorize_applies() -> None:
    """The README's “谁可以改什么” table is the ownership module's own table, word for word."""
    from generator.access.ownership import table_markdown
    from generator.validate import Checker
    from tests.conftest import REPO

    programme = Checker(Repository(REPO)).programme
    assert programme.supervision == "市政府督查办"
    assert table_markdown(programme) in (REPO / "README.md").read_text("utf-8")
