"""Gitea / Forgejo Actions workflows (.gitea/workflows/): zizmor, and the properties the guide relies on.

zizmor only discovers `.github/workflows/` by itself, so the files are named to it one by one.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import yaml

from generator.cli import build_parser
from tests.conftest import REPO
from tests.test_workflows import SHA_PIN, _tool

GITEA = REPO / ".gitea" / "workflows"
FILES = sorted(GITEA.glob("*.yml"))


def _zizmor(*files: Path) -> list[dict]:
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-config", "--no-ignores", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 1x: findings; other codes: failure
    return json.loads(result.stdout)


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:  # YAML 1.1 reads the bare key `on` as the boolean True
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_both_workflows_exist() -> None:
    assert [p.name for p in FILES] == ["publish.yml", "validate.yml"]


def test_zizmor_reports_nothing() -> None:
    findings = _zizmor(*FILES)
    assert findings == [], json.dumps(findings, ensure_ascii=False, indent=1)[:3000]


def test_zizmor_reads_a_file_named_to_it(tmp_path: Path) -> None:
    """The check above can fail: an unsafe workflow outside .github/ is still audited."""
    unsafe = tmp_path / ".gitea" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", "utf-8")
    found = {f["ident"] for f in _zizmor(unsafe)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= found, found


def test_triggers_and_token() -> None:
    validate, publish = _load(GITEA / "validate.yml"), _load(GITEA / "publish.yml")
    assert validate["on"] == {"pull_request": {"branches": ["main"]}}
    assert publish["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    for workflow in (validate, publish):
        assert workflow["permissions"] == {"contents": "read"}
        assert all("permissions" not in job for job in workflow["jobs"].values())
    for path in FILES:
        code = [line for line in path.read_text("utf-8").splitlines() if not line.lstrip().startswith("#")]
        assert not any("pull_request_target" in line for line in code), path.name


def test_actions_are_pinned_and_nothing_is_fetched_from_outside() -> None:
    for path in FILES:
        text = path.read_text("utf-8")
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        for line in code.splitlines():
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                assert SHA_PIN.match(line), line
                # only the two actions an office mirrors on its own instance
                assert SHA_PIN.match(line)[1] in ("actions/checkout", "actions/upload-artifact"), line
        assert "setup-python" not in code, "setup-python downloads Python from outside"
        for _, step in _steps(_load(path)):
            if "uses" in step and step["uses"].startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, path.name
            # Gitea shows no annotations, and ${{ }} is never expanded inside a command
            assert "${{" not in step.get("run", ""), (path.name, step.get("name"))
            assert "--format github" not in step.get("run", ""), (path.name, step.get("name"))


def test_gate_runs_only_the_base_commits_code() -> None:
    gate = _load(GITEA / "validate.yml")["jobs"]["gate"]
    checkouts = [s for s in gate["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [c["with"]["path"] for c in checkouts] == ["pr", "base"]
    assert checkouts[1]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    runs = [s["run"] for s in gate["steps"] if "run" in s]
    assert any('pip install --quiet --disable-pip-version-check ./base' in r for r in runs)
    assert not any("./pr" in r or "-e ." in r or "install ." in r for r in runs)
    commands = [line.strip() for r in runs for line in r.splitlines() if line.strip().startswith("jili ")]
    assert commands and all(c.startswith("jili --root pr ") for c in commands)
    parser = build_parser()
    for command in commands:
        words = shlex.split(command.split(" >")[0].replace("\\", ""))
        assert callable(parser.parse_args(words[1:]).func), command
    env = {k: v for s in gate["steps"] for k, v in s.get("env", {}).items()}
    assert env["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert env["PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
