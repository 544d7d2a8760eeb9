""".gitlab-ci.yml run by gitlab-ci-local (npm, tests/forge/) on a scratch repository, with its shell executor.

The scratch repository is the real project (code, schemas, registry, policy) with one
individual account registered for 万州区 (500101). Two merge requests add the same application
for measure 3: one in a pipeline created after the application deadline, one before it. The
gate job (jili from the base commit) must reject the first with a Code Quality report naming
T001 on the line where the application starts, and accept the second.

Without node, npm or rsync (or when npm cannot install the locked gitlab-ci-local, as on a
runner with no npm mirror) these tests skip with the reason, unless JILI_REQUIRE_GITLAB=1
(set by .ci/run), which turns a missing tool into a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import REPO, git

FORGE = REPO / "tests" / "forge"
GITLAB_CI_LOCAL = FORGE / "node_modules" / ".bin" / "gitlab-ci-local"
PIPELINE = REPO / ".gitlab-ci.yml"
#: What the scratch repository holds: everything `pip install` and `jili` need.
PROJECT = ("pyproject.toml", "README.md", "mkdocs.yml", "programme.yaml", "generator", "schema", "registry", "measures", "docs",
           ".gitlab-ci.yml", ".gitignore")
LOGIN = "wanzhou-zhangsan"
APPLICATION = "submissions/2021/500101/03.yaml"
FIXTURE = REPO / "tests" / "fixtures" / "rules" / "T001-application-late" / "valid" / APPLICATION
BEFORE_DEADLINE = "2022-01-20T02:00:00Z"  # 10:00 Beijing time; the deadline is 2022-02-01 24:00
AFTER_DEADLINE = "2022-02-02T01:00:00Z"  # 09:00 Beijing time the day after
REPORTS = ("validate", "authorize", "codeowners")


def _missing() -> str | None:
    for tool, package in (("node", "nodejs"), ("npm", "npm"), ("rsync", "rsync")):
        if shutil.which(tool) is None:
            return f"找不到 {tool}（apt-get install -y {package}）：gitlab-ci-local 需要它"
    return None


@pytest.fixture(scope="module")
def gitlab_ci_local() -> Path:
    required = os.environ.get("JILI_REQUIRE_GITLAB") == "1"
    reason = _missing()
    if reason:
        if required:
            pytest.fail("GitLab 流水线测试是必需的（JILI_REQUIRE_GITLAB=1）：" + reason)
        pytest.skip(reason)
    if not GITLAB_CI_LOCAL.exists():
        # node and npm are here: install the locked version rather than skip
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FORGE, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            # e.g. a runner on an intranet without an npm mirror: gitlab-ci-local cannot be had there
            reason = "npm ci 未能安装 gitlab-ci-local（tests/forge/）：" + (done.stderr.strip().splitlines() or [""])[-1]
            if required:
                pytest.fail("GitLab 流水线测试是必需的（JILI_REQUIRE_GITLAB=1）：" + reason)
            pytest.skip(reason)
    return GITLAB_CI_LOCAL


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> tuple[Path, str]:
    """The scratch repository's main branch, and its commit (every merge request's base)."""
    root = tmp_path_factory.mktemp("gitlab") / "main"
    root.mkdir()
    for name in PROJECT:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(src, root / name)
    region = root / "registry" / "regions" / "500101.yaml"
    text = region.read_text("utf-8")
    assert '  - "@cq-jili/500101"\n' in text
    region.write_text(text.replace('  - "@cq-jili/500101"\n', f'  - "@cq-jili/500101"\n  - "@{LOGIN}"\n'), "utf-8")
    assert main(["--root", str(root), "codeowners", "--forge", "gitlab"]) == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root, git(root, "rev-parse", "HEAD")


def _merge_request(scratch: tuple[Path, str], name: str) -> Path:
    """A copy of the scratch repository on branch `name`, adding the application for measure 3."""
    main, _ = scratch
    root = main.parent / name
    shutil.copytree(main, root)
    git(root, "checkout", "-q", "-b", name)
    target = root / APPLICATION
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURE, target)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"万州区申报第 3 项措施（{name}）")
    return root


def _start(tool: Path, root: Path, job: str, variables: dict[str, str]) -> subprocess.Popen:
    args = [str(tool), "--shell-executor-no-image", "--no-color", "--ignore-predefined-vars", ",".join(variables)]
    for key, value in variables.items():
        args += ["--variable", f"{key}={value}"]
    # gitlab-ci-local takes the project from the working directory (it refuses an absolute --cwd)
    return subprocess.Popen([*args, job], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@dataclass
class Run:
    root: Path
    code: int
    log: str


@pytest.fixture(scope="module")
def runs(gitlab_ci_local: Path, scratch) -> dict[str, Run]:
    """The gate on a late and an on-time merge request, and the default branch's pages job, run side by side."""
    main, base = scratch

    def merge_request(created_at: str) -> dict[str, str]:
        return {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
                "CI_MERGE_REQUEST_AUTHOR": LOGIN, "CI_PIPELINE_CREATED_AT": created_at}

    plans = {
        "late": (_merge_request(scratch, "late"), "gate", merge_request(AFTER_DEADLINE)),
        "on-time": (_merge_request(scratch, "on-time"), "gate", merge_request(BEFORE_DEADLINE)),
        "main": (main, "pages", {"CI_PIPELINE_SOURCE": "push"}),
    }
    started = {name: (root, _start(gitlab_ci_local, root, job, variables))
               for name, (root, job, variables) in plans.items()}
    done = {}
    for name, (root, process) in started.items():
        log, _ = process.communicate(timeout=900)
        done[name] = Run(root, process.returncode, log)
    return done


def _reports(root: Path, job: str = "gate", names: tuple[str, ...] = REPORTS) -> dict[str, list]:
    folder = root / ".gitlab-ci-local" / "artifacts" / job
    raw = {name: (folder / f"gl-code-quality-{name}.json").read_bytes() for name in names}
    for name, data in raw.items():
        assert not data.startswith(b"\xef\xbb\xbf"), f"{name}: GitLab refuses a byte order mark"
    return {name: json.loads(data) for name, data in raw.items()}


def test_late_application_is_rejected_with_the_error_on_its_line(runs) -> None:
    run = runs["late"]
    assert run.code != 0, run.log
    line = FIXTURE.read_text("utf-8").splitlines().index("measure: 3") + 1
    assert f"{APPLICATION}:{line}:1: error [T001]" in run.log, run.log[-4000:]

    reports = _reports(run.root)
    assert reports["authorize"] == [] and reports["codeowners"] == [], reports
    (issue,) = reports["validate"]
    assert issue["check_name"] == "T001"
    assert issue["severity"] == "blocker"
    assert issue["location"]["path"] == APPLICATION
    assert issue["location"]["positions"]["begin"] == {"line": line, "column": 1}
    assert issue["description"].startswith("[T001 申报已截止] ")
    assert "2022-02-01 24:00（北京时间）" in issue["description"]
    assert "按检查本次拉取请求的时间 2022-02-02 09:00 判断已逾期" in issue["description"]


def test_application_on_time_is_accepted(runs) -> None:
    run = runs["on-time"]
    assert run.code == 0, run.log[-4000:]
    assert "已检查 1 个文件，全部通过。" in run.log
    assert f"账号 {LOGIN}（万州区（500101）的经办账号）：改动的 1 个文件均有权改动。" in run.log
    assert _reports(run.root) == {name: [] for name in REPORTS}


def test_default_branch_publishes_the_site_and_the_baseline_report(runs) -> None:
    """The pages job builds public/ and leaves the (empty) report merge requests are compared with."""
    run = runs["main"]
    assert run.code == 0, run.log[-4000:]
    public = run.root / ".gitlab-ci-local" / "artifacts" / "pages" / "public"
    assert b"<html" in (public / "index.html").read_bytes()
    assert (public / "deploy" / "index.html").is_file()
    assert _reports(run.root, "pages", ("validate",)) == {"validate": []}


def _jobs(tool: Path, root: Path, **variables: str) -> dict[str, str]:
    args = [str(tool), "--list-json", "--ignore-predefined-vars", ",".join(variables)]
    for key, value in variables.items():
        args += ["--variable", f"{key}={value}"]
    listed = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    return {job["name"]: job["when"] for job in json.loads(listed.stdout)}


def test_merge_requests_and_the_default_branch_run_their_own_jobs(gitlab_ci_local: Path, scratch) -> None:
    """gitlab-ci-local reads the pipeline (checking it against GitLab's schema) and evaluates its rules."""
    main, _ = scratch
    on_mr = _jobs(gitlab_ci_local, main, CI_PIPELINE_SOURCE="merge_request_event")
    assert on_mr == {"gate": "on_success", "test": "on_success", "preview": "on_success", "pages": "never"}
    on_main = _jobs(gitlab_ci_local, main, CI_PIPELINE_SOURCE="push")
    assert on_main == {"gate": "never", "test": "never", "preview": "never", "pages": "on_success"}


# --- the pipeline's shape, read without running it ---------------------------------------


def _pipeline() -> dict:
    return yaml.safe_load(PIPELINE.read_text("utf-8"))


def test_gate_runs_only_the_base_commits_code() -> None:
    gate = _pipeline()["gate"]
    script = "\n".join(gate["script"])
    assert 'git archive --format=tar "$BASE_SHA"' in script
    assert '"$BASE/venv/bin/python" -m pip install --quiet "$BASE/src"' in script
    # nothing from the merge request's checkout is installed or run in the gate job
    assert "pip install ." not in script and "-e ." not in script and ".venv/" not in script
    commands = [line.strip() for line in script.splitlines() if line.strip().startswith('"$JILI"')]
    assert len(commands) == 6 and all('--root "$CI_PROJECT_DIR"' in c for c in commands)
    assert {c.split()[3] for c in commands} == {"validate", "authorize", "codeowners"}
    # the author and the base commit come from GitLab, as plain strings, never from the branch
    assert 'AUTHOR="${CI_MERGE_REQUEST_AUTHOR:-}"' in script
    assert 'BASE_SHA="${CI_MERGE_REQUEST_TARGET_BRANCH_SHA:-$CI_MERGE_REQUEST_DIFF_BASE_SHA}"' in script
    assert gate["artifacts"]["when"] == "always"
    assert gate["artifacts"]["reports"]["codequality"] == [f"gl-code-quality-{name}.json" for name in REPORTS]


def test_no_secrets_or_job_token_and_pages_only_from_the_default_branch() -> None:
    text = PIPELINE.read_text("utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for word in ("CI_JOB_TOKEN", "secrets:", "id_tokens:", "CI_DEPLOY_PASSWORD", "CI_REGISTRY_PASSWORD"):
        assert word not in code, word
    pipeline = _pipeline()
    assert pipeline["pages"]["rules"] == [
        {"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "merge_request_event"'}]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public/", "gl-code-quality-validate.json"]
    assert pipeline["pages"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-validate.json"}
    for job in ("gate", "test", "preview"):
        assert pipeline[job]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}], job
