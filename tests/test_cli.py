"""`jili validate` as a clerk and CI use it: exit codes, output formats, what gets checked, and
never a Python traceback for anything a user can type or put in a file."""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from generator.codes import CODES
from tests.conftest import REPO, commit_all, copy_repository

APP = """\
# yaml-language-server: $schema=../../../schema/application.schema.json
measure: {measure}
applicant: "{applicant}"
nominees:
  - level: 区县
    name: {name}
self_assessment: |
  全力保障市级重大项目建设供地和施工环境。
experiences:
  - title: 征地拆迁“一站式”服务
    body: |
      设立重大项目服务专班，征地拆迁平均用时缩短三成。
contact:
  unit: {name}人民政府办公室
  person: 王明
  phone: 023-58000000
filed: 2022-01-20
"""


def application(root: Path, applicant: str = "500101", measure: int = 3, name: str = "万州区",
                *, level: str = "区县") -> Path:
    path = root / f"submissions/2021/{applicant}/{measure:02d}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(APP.format(measure=measure, applicant=applicant, name=name).replace(
        "level: 区县", f"level: {level}"), "utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the reference data that is not a git checkout: no file is known to be new, so
    none is judged against the clock."""
    return copy_repository(tmp_path / "repo")


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """A git checkout of the reference data: what a clerk adds is pending, so judged by the clock."""
    root = copy_repository(tmp_path / "repo")
    commit_all(root)
    return root


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`jili` in a child process, as a user's shell runs it (arguments may be raw bytes)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or REPO, capture_output=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


# --- exit status -----------------------------------------------------------------------------


def test_repository_validates(cli) -> None:
    result = cli("validate", "--root", str(REPO))
    assert result.code == 0, result.out
    assert result.out == ""
    assert "全部通过" in result.err


def test_valid_application_exits_0(cli, repo: Path) -> None:
    application(repo)
    result = cli("validate", "--root", str(repo))
    assert (result.code, result.out) == (0, "")


def test_invalid_data_exits_1_and_reports_every_error(cli, repo: Path) -> None:
    application(repo, level="乡镇（街道）")  # measure 3 names no townships; no parent given either
    application(repo, "500240", 1, "石柱县")  # fine
    application(repo, "500241", 3, "石柱县")  # not the applicant itself
    result = cli("validate", "--root", str(repo))
    assert result.code == 1
    lines = result.out.splitlines()
    assert [re.match(r"(\S+):(\d+):(\d+): error \[(\w+)\]", line).groups() for line in lines] == [
        ("submissions/2021/500101/03.yaml", "5", "5", "S001"),
        ("submissions/2021/500241/03.yaml", "6", "11", "A005"),
    ]
    assert "2 个错误" in result.err


@pytest.mark.parametrize("args, words", [
    (["validate", "--bogus"], "不认识的参数"),
    (["validate", "--format", "xml"], "无效的选项"),
    (["validate", "--now", "明天"], "--now"),
    (["validate", "--now", "2022-02-30"], "--now"),
    (["validate", "--now", "2022-02-02T25:00+08:00"], "--now"),
    (["validate", "--changed-since", "no-such-ref"], "no-such-ref"),
    (["validate", "--changed-since", "--help"], ""),
    (["validate", "submissions/2021/999999/01.yaml"], "找不到"),
    (["validate", "/etc"], "找不到"),
    (["export", "measures"], "--year"),
    (["export", "measures", "--year", "二〇二一"], "不是整数"),
    (["frobnicate"], "不认识的子命令"),
    ([], ""),
])
def test_usage_errors_exit_2(cli, args: list[str], words: str) -> None:
    result = cli(*args[:1], "--root", str(REPO), *args[1:]) if args else cli()
    assert result.code == 2, result
    assert words in result.err
    assert "Traceback" not in result.err


def test_root_that_is_not_a_repository(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("validate", "--root", str(empty))
    assert result.code == 2 and "不是 jili 数据仓库" in result.err
    result = cli("validate", "--root", str(tmp_path / "nowhere"))
    assert result.code == 2 and "不存在" in result.err
    not_a_dir = tmp_path / "file.txt"
    not_a_dir.write_text("x", "utf-8")
    result = cli("validate", "--root", str(not_a_dir))
    assert result.code == 2


def test_changed_since_needs_git(cli, repo: Path) -> None:
    result = cli("validate", "--root", str(repo), "--changed-since", "HEAD")
    assert result.code == 2
    assert "git" in result.err


def test_outside_any_repository(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "--root" in result.stderr.decode()


# --- output formats ----------------------------------------------------------------------------


def test_text_format(cli, repo: Path) -> None:
    application(repo, level="乡镇（街道）")
    (repo / "submissions/2021/500101/03.yaml").write_text(
        APP.format(measure=3, applicant="500101", name="万州区").replace(
            "    name: 万州区\n", "    name: 万州区\n  - level: 乡镇（街道）\n    name: 龙都街道\n    parent: \"500101\"\n"),
        "utf-8")
    result = cli("validate", "--root", str(repo))
    assert result.code == 1
    assert result.out == (
        "submissions/2021/500101/03.yaml:7:12: error [A002] 第 3 项措施的激励对象是“区县和国家级开发开放平台”，"
        "不含“乡镇（街道）”（依据：渝府办发〔2021〕83号 一、激励措施 第3项） 提示：只能申报措施原文列明的对象层级："
        "区县、国家级开发开放平台\n")


def test_github_format(cli, repo: Path) -> None:
    application(repo, "500101", 28)
    result = cli("validate", "--root", str(repo), "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines, result.err
    for line in lines:
        assert re.match(r"::error file=[^,:]+,line=\d+,col=\d+,title=[A-Z]\d{3} [^:]+::\[[A-Z]\d{3}\] ", line), line
        assert "\n" not in line
    assert lines[0].startswith("::error file=submissions/2021/500101/28.yaml,line=2,col=10,title=M001 没有这项措施::")
    # the hint travels on an escaped second line of the same annotation
    assert "%0A提示：" in lines[0]


def test_json_format(cli, repo: Path) -> None:
    result = cli("validate", "--root", str(repo), "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])
    application(repo, "500101", 28)
    result = cli("validate", "--root", str(repo), "--format", "json")
    assert result.code == 1
    found = json.loads(result.out)
    assert isinstance(found, list) and found
    assert found[0] == {
        "code": "M001", "path": "submissions/2021/500101/28.yaml", "line": 2, "col": 10,
        "message": "2021 年的政策中没有第 28 项措施（共 27 项）",
        "hint": "措施编号见 measures/2021/ 或网站“激励措施”页",
        "source": "渝府办发〔2021〕83号 一、激励措施", "severity": "error",
    }


# --- what gets checked -------------------------------------------------------------------------


BEFORE_DEADLINE = ("--now", "2022-01-25T10:00+08:00")  # files named on the command line are judged


def test_single_file_or_folder(cli, git_repo: Path) -> None:
    repo = git_repo
    good = application(repo, "500101", 3, "万州区")
    bad = application(repo, "500240", 3, "万州区")  # A005
    assert cli("validate", "--root", str(repo), *BEFORE_DEADLINE, str(good)).code == 0
    assert cli("validate", "--root", str(repo), *BEFORE_DEADLINE, str(bad)).code == 1
    assert cli("validate", "--root", str(repo), *BEFORE_DEADLINE, str(good.parent)).code == 0
    result = cli("validate", "--root", str(repo), *BEFORE_DEADLINE, str(repo / "submissions"), "--format", "json")
    assert result.code == 1
    assert {d["path"] for d in json.loads(result.out)} == {"submissions/2021/500240/03.yaml"}
    # relative paths are taken from the current directory
    result = run("validate", *BEFORE_DEADLINE, "submissions/2021/500101/03.yaml", cwd=repo)
    assert result.returncode == 0, result.stderr.decode()
    assert "已检查 1 个文件" in result.stderr.decode()
    # and named later than the deadline, they are late
    result = cli("validate", "--root", str(repo), str(good))
    assert result.code == 1 and "[T001]" in result.out


def test_a_path_without_data_files_is_not_a_silent_full_run(cli, repo: Path) -> None:
    (repo / "docs").mkdir()
    (repo / "docs/说明.md").write_text("# 说明\n", "utf-8")
    for arg in (repo / "docs", repo / "docs/说明.md", repo / "schema/application.schema.json"):
        result = cli("validate", "--root", str(repo), str(arg))
        assert result.code == 2, arg
        assert "找不到这些数据文件" in result.err


def test_deadline_is_judged_in_beijing_time(cli, git_repo: Path) -> None:
    repo = git_repo
    path = application(repo)
    for now, late in (("2022-02-01T23:59+08:00", False), ("2022-02-02T00:00+08:00", True),
                      ("2022-02-01T15:59Z", False), ("2022-02-01T16:00Z", True),
                      ("2022-02-01", False), ("2022-02-02", True), ("2022-02-01T23:59:59", False)):
        result = cli("validate", "--root", str(repo), "--now", now, "--format", "json", str(path))
        codes = [d["code"] for d in json.loads(result.out)]
        assert codes == (["T001"] if late else []), now
        assert result.code == (1 if late else 0)


def test_the_date_typed_in_the_file_does_not_count(cli, git_repo: Path) -> None:
    repo = git_repo
    path = application(repo)
    path.write_text(path.read_text("utf-8").replace("filed: 2022-01-20", "filed: 2022-01-31"), "utf-8")
    result = cli("validate", "--root", str(repo), "--now", "2022-02-05T10:00+08:00", str(path))
    assert result.code == 1 and "[T001]" in result.out
    assert "2022-02-01 24:00" in result.out and "2022-02-05 10:00" in result.out


def test_without_now_a_full_run_does_not_judge_the_clock(cli, repo: Path) -> None:
    application(repo)
    # years after the deadline, the repository's history is still valid
    assert cli("validate", "--root", str(repo)).code == 0


def test_changed_since_judges_only_what_changed(cli, repo: Path) -> None:
    application(repo, "500101", 3)
    base = commit_all(repo)
    application(repo, "500240", 1, "石柱县")
    result = cli("validate", "--root", str(repo), "--changed-since", base, "--now", "2022-02-02T09:00+08:00",
                 "--format", "json")
    found = [(d["path"], d["code"]) for d in json.loads(result.out)]
    assert found == [("submissions/2021/500240/01.yaml", "T001")]


# --- hostile input: never a traceback ---------------------------------------------------------


def _no_traceback(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert result.returncode in (0, 1, 2), err
    return err


def test_garbage_bytes_as_a_data_file(repo: Path) -> None:
    folder = repo / "submissions/2021/500101"
    folder.mkdir(parents=True)
    samples = {
        "01.yaml": bytes(range(256)) * 4,
        "02.yaml": b"\x00\x01\x02measure: 1\n",
        "03.yaml": b"\xff\xfe" + "measure: 3\n".encode("utf-16-le"),
        "04.yaml": "\ufeff\ufeffmeasure: 4\n".encode(),
        "05.yaml": b"- [" * 5000,
        "06.yaml": b"a: \x1b[31m\n",
        "07.yaml": b"",
        "08.yaml": b"\n\n\n",
        "09.yaml": b"'" * 10000,
        "10.yaml": "measure: ３\n".encode(),
        "11.yaml": b"!!python/object/apply:os.system ['echo pwned']\n",
    }
    for name, raw in samples.items():
        (folder / name).write_bytes(raw)
    result = run("validate", "--root", str(repo), "--format", "json")
    _no_traceback(result)
    assert result.returncode == 1
    reported = {Path(d["path"]).name for d in json.loads(result.stdout)}
    assert reported == set(samples)


def test_directory_named_like_a_yaml_file(repo: Path) -> None:
    (repo / "submissions/2021/500101/03.yaml").mkdir(parents=True)
    (repo / "registry/regions/500199.yaml").mkdir()
    result = run("validate", "--root", str(repo))
    _no_traceback(result)
    assert result.returncode == 0
    result = run("validate", "--root", str(repo), str(repo / "submissions/2021/500101/03.yaml"))
    assert "找不到" in _no_traceback(result)
    assert result.returncode == 2


def test_paths_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("measure: 1\n", "utf-8")
    for arg in (str(outside), "../outside.yaml", "/", str(repo / ".." / "outside.yaml")):
        result = run("validate", "--root", str(repo), arg, cwd=repo)
        assert result.returncode == 2, arg
        assert "找不到" in _no_traceback(result)


def test_non_utf8_arguments_and_file_names(repo: Path) -> None:
    folder = repo / "submissions/2021/500101"
    folder.mkdir(parents=True)
    (folder / os.fsdecode(b"\xff\xfe.yaml")).write_bytes(b"measure: 1\n")
    for env in ({}, {"PYTHONIOENCODING": "utf-8"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}):
        for args in ([os.fsdecode(b"\xff.yaml")], ["--now", os.fsdecode(b"\xb2\xbb")],
                     ["--root", os.fsdecode(b"/tmp/\xff")], [], ["--format", "github"], ["--format", "json"]):
            full = ["validate", "--root", str(repo), *args] if "--root" not in args else ["validate", *args]
            result = subprocess.run([sys.executable, "-m", "generator", *map(os.fsencode, full)], cwd=repo, check=False,
                                    capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO), **env})
            _no_traceback(result)
            assert result.returncode in (1, 2), (env, args)


def test_help_is_chinese(repo: Path) -> None:
    result = run("--help")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "用法" in out and "子命令" in out
    result = run("validate", "--help")
    assert result.returncode == 0 and "退出码" in result.stdout.decode()


# --- the message catalogue ---------------------------------------------------------------------


RESERVED = {"code", "path", "pos"}  # diagnostics.make()'s own parameters


@pytest.mark.parametrize("code", sorted(CODES))
def test_message_templates_can_be_filled(code: str) -> None:
    entry = CODES[code]
    for template in (entry.message, entry.hint or ""):
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        assert not names & RESERVED, f"{code}: {names & RESERVED} collides with make()'s parameters"
        assert all(re.fullmatch(r"[a-z_]+", n) for n in names), names
    assert re.search(r"[\u4e00-\u9fff]", entry.title)
    assert re.fullmatch(r"[YSGPRMACNTUFW][0-9]{3}", code)
