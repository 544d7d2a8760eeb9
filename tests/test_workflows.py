"""The pull-request machinery: GitHub Actions workflows, templates, issue forms, pre-commit and editor settings.

The workflows are checked twice: by zizmor (the PyPI package, offline) and by reading them
here for the properties the README's branch protection relies on.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import layout
from generator.cli import build_parser
from generator.codes import CODES
from generator.repository import Repository
from tests.conftest import REPO, commit_all, copy_repository

WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w.-]+)@([0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$")


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    # YAML 1.1 reads the bare key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def _all_workflows() -> dict[str, dict]:
    return {p.name: _workflow(p.name) for p in sorted(WORKFLOWS.glob("*.yml"))}


def _steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


# --- zizmor --------------------------------------------------------------------------------


def _zizmor(target: Path) -> list[dict]:
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-config", "--no-ignores", "--format", "json",
                             str(target)], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 1x: findings; other codes: failure
    return json.loads(result.stdout)


def test_zizmor_reports_nothing() -> None:
    findings = _zizmor(WORKFLOWS)
    assert findings == [], json.dumps(findings, ensure_ascii=False, indent=1)[:3000]


def test_zizmor_would_catch_an_unsafe_workflow(tmp_path: Path) -> None:
    """The check above can fail: the mistakes the workflows avoid are reported."""
    unsafe = tmp_path / ".github" / "workflows"
    unsafe.mkdir(parents=True)
    (unsafe / "unsafe.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", "utf-8")
    found = {f["ident"] for f in _zizmor(unsafe)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"} <= found, found


# --- triggers, permissions, pins -----------------------------------------------------------


def test_validation_runs_on_pull_requests_only() -> None:
    wf = _workflow("validate.yml")
    assert wf["on"] == {"pull_request": {"branches": ["main"]}}
    for name, workflow in _all_workflows().items():
        assert "pull_request_target" not in workflow["on"], name
        code = [line for line in (WORKFLOWS / name).read_text("utf-8").splitlines() if not line.lstrip().startswith("#")]
        assert not any("pull_request_target" in line for line in code), name


def test_validation_token_is_read_only() -> None:
    wf = _workflow("validate.yml")
    assert wf["permissions"] == {"contents": "read"}
    for job_id, job in wf["jobs"].items():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}, job_id
    assert wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"] is True


def test_publish_deploys_main_with_only_what_pages_needs() -> None:
    wf = _workflow("publish.yml")
    assert set(wf["on"]) == {"push", "workflow_dispatch"}
    assert wf["on"]["push"] == {"branches": ["main"]}
    assert wf["permissions"] == {}
    assert wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"] is False
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"
    for job in (build, deploy):  # a manual run from another branch deploys nothing
        assert job["if"].replace(" ", "") == "${{github.ref=='refs/heads/main'}}"
    uses = [s.get("uses", "").split("@")[0] for s in deploy["steps"]]
    assert uses == ["actions/configure-pages", "actions/deploy-pages"]
    assert "actions/checkout" not in uses  # the job that can deploy never runs repository code


def test_every_action_is_pinned_to_a_full_commit_sha() -> None:
    seen: dict[str, set[str]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                m = SHA_PIN.match(line)
                assert m, f"{path.name}:{number}: not pinned to a 40-hex SHA with a '# vX.Y.Z' comment: {line}"
                seen.setdefault(m[1], set()).add(m[2])
    assert {a for a, shas in seen.items() if len(shas) > 1} == set(), "one action, one SHA everywhere"
    assert {"actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/upload-pages-artifact",
            "actions/deploy-pages", "actions/configure-pages"} == set(seen)


def test_checkout_keeps_no_credentials_and_validation_has_history() -> None:
    for name, wf in _all_workflows().items():
        checkouts = [s for _, s in _steps(wf) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts, name
        for step in checkouts:
            assert step["with"]["persist-credentials"] is False, name
    gate = _workflow("validate.yml")["jobs"]["gate"]["steps"]
    (pr,) = [s for s in gate if s.get("uses", "").startswith("actions/checkout@") and s["with"]["path"] == "pr"]
    assert pr["with"]["fetch-depth"] == 0


def test_no_expression_is_expanded_inside_a_script() -> None:
    for name, wf in _all_workflows().items():
        for job_id, step in _steps(wf):
            assert "${{" not in step.get("run", ""), f"{name} {job_id} {step.get('name')}"


def _run_lines(wf: dict) -> list[tuple[dict, str]]:
    return [(step, line.strip()) for _, step in _steps(wf) for line in step.get("run", "").splitlines()
            if line.strip()]


def test_validation_runs_the_checks_in_order() -> None:
    wf = _workflow("validate.yml")
    gate = [line for _, line in _run_lines({"jobs": {"gate": wf["jobs"]["gate"]}})]
    assert [line for line in gate if line.startswith("jili ")] == [
        'jili --root pr validate --changed-since "$BASE_SHA" --format github',
        'jili --root pr authorize --actor "$PR_AUTHOR" --changed-since "$BASE_SHA" --format github',
        "jili --root pr codeowners --check --format github",
    ]
    tests = [line for _, line in _run_lines({"jobs": {"test": wf["jobs"]["test"]}})]
    assert tests.index("python -m pytest") < tests.index("jili build --out preview")
    env = {k: v for step, _ in _run_lines(wf) for k, v in step.get("env", {}).items() if "${{" in v}
    assert env == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}",
                   "PR_AUTHOR": "${{ github.event.pull_request.user.login }}"}
    (upload,) = [s for _, s in _steps(wf) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"].rstrip("/") == "preview"
    # every check reports even when an earlier one failed, so one run shows every problem
    for step, line in _run_lines(wf):
        if line.startswith(("jili", "python -m pytest")):
            assert "!cancelled()" in step["if"], line


def test_the_gate_runs_only_the_base_commits_code() -> None:
    """The gate job installs jili from a checkout of the base commit and reads the pull request
    only as data (--root pr): no step of it installs, imports or runs the pull request's code."""
    gate = _workflow("validate.yml")["jobs"]["gate"]
    checkouts = {s["with"]["path"]: s for s in gate["steps"] if s.get("uses", "").startswith("actions/checkout@")}
    assert set(checkouts) == {"pr", "base"}
    assert checkouts["base"]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert "ref" not in checkouts["pr"]["with"]  # the pull request's merge commit, as GitHub checks it
    runs = [line for _, line in _run_lines({"jobs": {"gate": gate}})]
    installs = [line for line in runs if "pip install" in line]
    assert installs == ["python -m pip install --disable-pip-version-check ./base"]
    for line in runs:
        assert line.startswith(("python -m pip install", "jili --root pr ")), line
        assert "pr/" not in line.replace("--root pr ", ""), line
    # the job that does run the pull request's code is another job on another runner
    assert "needs" not in _workflow("validate.yml")["jobs"]["test"]


def test_publish_uploads_what_it_built() -> None:
    wf = _workflow("publish.yml")
    lines = [line for _, line in _run_lines(wf)]
    assert "jili validate --format github" in lines and "jili build --out site" in lines
    (upload,) = [s for _, s in _steps(wf) if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"].rstrip("/") == "site"


def test_workflow_commands_are_valid_jili_invocations() -> None:
    """Each `jili ...` line in a workflow parses with the real command line (no drift between them)."""
    parser = build_parser()
    count = 0
    for name, wf in _all_workflows().items():
        for step, line in _run_lines(wf):
            if not line.startswith("jili "):
                continue
            argv = [os.path.expandvars(a) for a in shlex.split(line)[1:]]
            args = parser.parse_args(argv)
            assert callable(args.func), f"{name}: {line}"
            count += 1
    assert count >= 6


# --- jili validate --format github -------------------------------------------------------


def test_validate_github_annotations_name_file_line_and_column(tmp_path: Path, cli) -> None:
    root = copy_repository(tmp_path / "repo")
    bad = root / "registry/regions/500101.yaml"
    bad.write_text(bad.read_text("utf-8").replace("kind: 区", "kind: 市\ncolour: 红"), "utf-8")
    as_json = json.loads(cli("validate", "--root", str(root), "--format", "json", str(bad)).out)
    assert {(d["path"], d["line"], d["col"], d["code"]) for d in as_json} == {
        ("registry/regions/500101.yaml", 4, 7, "S004"), ("registry/regions/500101.yaml", 5, 1, "S002")}
    result = cli("validate", "--root", str(root), "--format", "github", str(bad))
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == len(as_json)
    for line, d in zip(lines, as_json):
        assert line.startswith(f"::error file={d['path']},line={d['line']},col={d['col']},title={d['code']} "), line
        assert f"::[{d['code']}] " in line and CJK.search(line)


# --- pull request templates and issue forms -----------------------------------------------

TEMPLATES = REPO / ".github" / "PULL_REQUEST_TEMPLATE"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_one_pull_request_template_per_kind_of_change() -> None:
    names = sorted(p.name for p in TEMPLATES.glob("*.md"))
    assert names == ["application.md", "notice.md", "policy.md", "recommendation.md"]
    default = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    for name in names:
        text = (TEMPLATES / name).read_text("utf-8")
        assert len(CJK.findall(text)) > 100, name
        assert "- [ ] " in text, name
        assert f"template={name}" in default, f"the default template must say how to pick {name}"
    assert "渝府办发〔2021〕83号" in (TEMPLATES / "application.md").read_text("utf-8")
    assert "errata" in (TEMPLATES / "notice.md").read_text("utf-8")
    assert "jili codeowners" in (TEMPLATES / "policy.md").read_text("utf-8")


FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_issue_forms_are_well_formed() -> None:
    forms = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    config = [f for f in forms if f.name == "config.yml"]
    assert config and yaml.safe_load(config[0].read_text("utf-8"))["blank_issues_enabled"] is False
    forms = [f for f in forms if f.name != "config.yml"]
    assert {f.stem for f in forms} >= {"question", "correction"}
    for form in forms:
        data = yaml.safe_load(form.read_text("utf-8"))
        assert CJK.search(data["name"]) and CJK.search(data["description"]), form.name
        ids = []
        assert data["body"] and any(item["type"] != "markdown" for item in data["body"]), form.name
        for item in data["body"]:
            assert item["type"] in FORM_TYPES, form.name
            attrs = item["attributes"]
            if item["type"] == "markdown":
                assert attrs["value"].strip()
                continue
            assert re.fullmatch(r"[a-z][a-z0-9_-]*", item["id"]), item
            ids.append(item["id"])
            assert CJK.search(attrs["label"]), item
            if item["type"] == "dropdown":
                assert attrs["options"] and len(set(attrs["options"])) == len(attrs["options"])
            if item["type"] == "checkboxes":
                assert all(CJK.search(o["label"]) for o in attrs["options"])
            assert isinstance(item.get("validations", {}).get("required", False), bool)
        assert len(ids) == len(set(ids)), form.name


# --- pre-commit ----------------------------------------------------------------------------


def _hooks() -> tuple[dict, dict]:
    manifest = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    (local,) = [r for r in config["repos"] if r["repo"] == "local"]
    return manifest, {h["id"]: h for h in local["hooks"]}


def test_pre_commit_files_are_valid_and_agree() -> None:
    exe = _tool("pre-commit")
    for args in (("validate-config", ".pre-commit-config.yaml"), ("validate-manifest", ".pre-commit-hooks.yaml")):
        result = subprocess.run([exe, *args], cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    manifest, local = _hooks()
    assert set(manifest) == set(local) == {"jili-validate", "jili-codeowners"}
    for hook_id, hook in manifest.items():
        for key in ("entry", "files", "pass_filenames", "require_serial"):
            assert hook.get(key) == local[hook_id].get(key), (hook_id, key)
    assert manifest["jili-validate"]["entry"] == "jili validate"


def test_validate_hook_sees_every_data_file_and_nothing_else() -> None:
    manifest, _ = _hooks()
    files = re.compile(manifest["jili-validate"]["files"])
    repo = Repository(REPO, demo=True)
    data = [s.path for s in (*repo.files.values(), *repo.others.values())]  # attachments are data too
    assert any(p.endswith(".pdf") for p in data)
    data += [layout.application_path(2021, "500101", 1), layout.recommendation_path(2021, 6, "finance"),
             layout.notice_path(2021, "official-list"), "submissions/2021/500101/01-补充.yaml"]
    assert len(data) > 100
    for path in data:
        assert files.search(path), path
    for path in ("README.md", "schema/application.schema.json", "generator/cli.py", ".github/workflows/validate.yml",
                 "examples/submissions/2021/500101/01.yaml", "docs/guide/index.md"):
        assert not files.search(path), path


def test_pre_commit_runs_jili_before_a_commit(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / ".github").mkdir()
    shutil.copyfile(REPO / ".github" / "CODEOWNERS", root / ".github" / "CODEOWNERS")
    shutil.copyfile(REPO / ".pre-commit-config.yaml", root / ".pre-commit-config.yaml")
    commit_all(root)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    region = root / "registry/regions/500101.yaml"

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([_tool("pre-commit"), "run", "--files", "registry/regions/500101.yaml"], cwd=root,
                              env=env, capture_output=True, text=True, check=False)

    region.write_text(region.read_text("utf-8") + "# 注释\n", "utf-8")
    ok = run()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "jili 校验数据文件" in ok.stdout and "Passed" in ok.stdout

    region.write_text(region.read_text("utf-8") + "name: 重名\n", "utf-8")
    bad = run()
    assert bad.returncode == 1
    assert "registry/regions/500101.yaml:" in bad.stdout and "[Y004]" in bad.stdout


# --- the how-to-apply guide ----------------------------------------------------------------

GUIDE = REPO / "docs" / "guide" / "index.md"
TEMPLATE_MARKER = "<!-- generated: jili new application, year 2021, measure 1, applicant 500101 -->\n```yaml\n"


def test_guide_template_is_what_jili_new_writes(cli) -> None:
    text = GUIDE.read_text("utf-8")
    start = text.index(TEMPLATE_MARKER) + len(TEMPLATE_MARKER)
    block = text[start:text.index("```\n", start)]
    made = cli("new", "application", "--year", "2021", "--measure", "1", "--applicant", "500101", "--stdout",
               "--root", str(REPO))
    assert made.code == 0, made.err

    def same_day(t: str) -> str:  # the template dates itself today
        return re.sub(r"^filed: \d{4}-\d{2}-\d{2}", "filed: <date>", t, flags=re.MULTILINE)

    assert same_day(block) == same_day(made.out), "regenerate the guide's template block from jili new"


def test_guide_commands_and_names_exist() -> None:
    text = GUIDE.read_text("utf-8")
    parser = build_parser()
    commands = [line.strip().split("  #")[0] for line in text.splitlines() if line.strip().startswith("jili ")]
    assert {c.split()[1] for c in commands} >= {"new", "validate", "authorize", "codeowners"}
    for command in commands:
        assert callable(parser.parse_args(shlex.split(command)[1:]).func), command
    for name in re.findall(r"template=([\w-]+\.md)", text):
        assert (TEMPLATES / name).is_file(), name
    for form in ("account", "question", "correction"):
        title = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / f"{form}.yml").read_text("utf-8"))["name"]
        assert f"“{title}”" in text or f"**{title}**" in text, title
    for code in re.findall(r"\*\*([A-Z]\d{3})\*\*", text):
        assert code in CODES, code
    assert "渝府办发〔2021〕83号" in text and "Fork" in text and "Create pull request" in text
    # "--" inside an HTML comment ends it early for some parsers (it broke the site's search index)
    for comment in re.findall(r"<!--(.*?)-->", text, flags=re.DOTALL):
        assert "--" not in comment, comment


def test_guide_says_where_make_installed_jili() -> None:
    text = GUIDE.read_text("utf-8")
    assert "`.venv/bin/`" in text and "source .venv/bin/activate" in text and "`.venv/bin/jili`" in text
    # the browser method's template points at the command-line method that makes it (三、方法二)
    assert "按本部分方法二的第 3 步生成" in text and "按第四部分的方法生成" not in text


def test_guide_numbered_steps_are_separate_items() -> None:
    """A numbered line right after an indented paragraph of the step before continues that
    paragraph (the site's Markdown ran §四 steps 3–5 into one): such a step needs a blank line."""
    lines = GUIDE.read_text("utf-8").splitlines()
    for i, line in enumerate(lines[1:], 1):
        before = lines[i - 1]
        if re.match(r"\d+\. ", line) and before.startswith(" ") and before.strip():
            raise AssertionError(f"line {i + 1}: {line[:30]} follows an indented paragraph without a blank line")


def test_guide_commands_run_as_written(tmp_path: Path) -> None:
    """After the README's Quick start (`make` puts jili in .venv/bin/), every `jili` command of
    the guide runs as written, in its order, in a checkout with the guide's `upstream` remote:
    no usage error (exit 2), no traceback; a check may find errors in a template just made."""
    root = copy_repository(tmp_path / "repo")
    (root / ".github").mkdir()
    shutil.copyfile(REPO / ".github" / "CODEOWNERS", root / ".github" / "CODEOWNERS")
    base = commit_all(root)
    subprocess.run(["git", "-C", str(root), "update-ref", "refs/remotes/upstream/main", base], check=True)
    text = GUIDE.read_text("utf-8")
    commands = [line.strip().split("  #")[0] for line in text.splitlines() if line.strip().startswith("jili ")]
    assert len(commands) >= 8
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in commands:
        result = subprocess.run(shlex.split(command), cwd=root, env=env, capture_output=True, text=True,
                                check=False)
        assert result.returncode in (0, 1), (command, result.stdout[-800:], result.stderr[-800:])
        assert "Traceback" not in result.stderr, (command, result.stderr)
    for made in ("submissions/2021/500101/01.yaml", "awards/2021/recommendations/06/economy-information.yaml",
                 "awards/2021/notices/official-list.yaml"):
        assert (root / made).is_file(), made


# --- editor support ------------------------------------------------------------------------


def _glob(pattern: str) -> re.Pattern[str]:
    """VS Code / yaml-language-server glob semantics for the patterns used in settings.json."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif c == "*":
            out, i = out + "[^/]*", i + 1
        elif c == "?":
            out, i = out + "[^/]", i + 1
        elif c == "[":
            end = pattern.index("]", i)
            out, i = out + pattern[i:end + 1], end + 1
        else:
            out, i = out + re.escape(c), i + 1
    return re.compile(out + r"\Z")


def test_vscode_maps_each_data_folder_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (REPO / schema).is_file(), schema
    globs = [(schema, _glob(g)) for schema, patterns in mapping.items() for g in patterns]
    samples = {s.path: s.kind for s in Repository(REPO).files.values() if s.kind}
    samples.update({
        layout.application_path(2021, "500101", 1): "application",
        "submissions/2021/500101/01-补充.yaml": "application",
        layout.recommendation_path(2021, 6, "finance"): "recommendation",
        layout.notice_path(2021, "official-list"): "notice",
        layout.edition_path(2030): "edition", "measures/2030/12.yaml": "measure",
    })
    samples.update({f"{layout.EXAMPLES}/{p}": k for p, k in list(samples.items())
                    if k in ("application", "recommendation", "notice")})
    assert set(samples.values()) == set(layout.KIND_SCHEMA)
    for path, kind in samples.items():
        matched = {schema for schema, rx in globs if rx.match(path)}
        assert matched == {f"./schema/{layout.KIND_SCHEMA[kind]}.schema.json"}, (path, matched)
    assert settings["[yaml]"]["editor.insertSpaces"] is True


@pytest.mark.parametrize("kind", sorted(layout.KIND_SCHEMA))
def test_every_data_file_starts_with_its_schema_line(kind: str) -> None:
    """The first line every editor reads; `jili validate` enforces it too (S011, S012)."""
    for source in Repository(REPO, demo=True).of_kind(kind):
        first = (REPO / source.display).read_text("utf-8").split("\n", 1)[0]
        assert first == layout.schema_line(source.display, kind), source.display
