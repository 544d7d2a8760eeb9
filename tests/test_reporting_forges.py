"""`--format sarif` and `--format gitlab`: the reports other forges and review tools read.

SARIF output is validated against the SARIF 2.1.0 JSON Schema kept in tests/vendor/sarif/
(with every format the schema names checked, so a URI that is not a URI fails). GitLab's Code
Quality output is validated against the fields GitLab documents ("Code Quality report format":
description, check_name, fingerprint, severity, location.path, and location.lines.begin or
location.positions.begin.line), written below as a JSON Schema.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker

from generator.cli import build_parser
from generator.codes import CODES
from generator.diagnostics import Diagnostic, make
from generator.reporting import REPORTERS, Report, emit
from tests.conftest import commit_all, copy_repository
from tests.test_rule_fixtures import CASES, _prepare

VENDOR = Path(__file__).parent / "vendor" / "sarif"
SARIF_SCHEMA = VENDOR / "sarif-2.1.0-rtm.5.json"

#: GitLab's documented Code Quality fields (docs: ci/testing/code_quality, "Code Quality report
#: format"); GitLab reads nothing else, so nothing else is allowed here either.
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {
                    "path": {"type": "string", "pattern": r"^[^/]"},  # relative to the repository
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                    "positions": {"type": "object", "required": ["begin"], "properties": {
                        "begin": {"type": "object", "required": ["line"], "properties": {
                            "line": {"type": "integer", "minimum": 1},
                            "column": {"type": "integer", "minimum": 1}}}}},
                },
                "anyOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    return Draft4Validator(schema, format_checker=FormatChecker())


def _errors(validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def _emit(report: Report, fmt: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    emit(report, fmt, out=out, err=err)
    return out.getvalue(), err.getvalue()


def _sample() -> Report:
    """Findings with everything a reporter must carry: a clause, a hint, a cause, a Chinese path, a warning."""
    late = make("T001", "submissions/2021/500101/03.yaml", (2, 1), terms={"supervision": "市政府督查办"},
                kind="申报材料报送", deadline="2022-02-01 24:00",
                now="2022-02-02 09:00", basis="检查本次拉取请求的时间", source="渝府办发〔2021〕83号 二、组织实施 第1项")
    evidence = make("A007", "submissions/2021/500101/附件/说明 1.yaml", (4, 7), ref="附件/总结.pdf", problem="不存在")
    knock_on = make("C003", "awards/2021/recommendations/03/development-reform.yaml", (9, 11), applicant="万州区",
                    number=3, file="submissions/2021/500101/03.yaml")
    warning = Diagnostic("S003", "submissions/2021/500101/03.yaml", 5, 3, "一个警告", severity="warning")
    twin = make("A007", "submissions/2021/500101/附件/说明 1.yaml", (9, 7), ref="附件/总结.pdf", problem="不存在")
    return Report((knock_on, late, evidence, warning, twin), "已检查 3 个文件：4 个错误，1 个警告。",
                  changed=frozenset({"submissions/2021/500101/03.yaml", "submissions/2021/500101/附件/说明 1.yaml"}),
                  causes={"awards/2021/recommendations/03/development-reform.yaml": ("submissions/2021/500101/03.yaml",)})


# --- SARIF ---------------------------------------------------------------------------------


def test_vendored_schema_is_the_published_file() -> None:
    digest = hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest()
    assert f"SHA-256: `{digest}`" in (VENDOR / "README.md").read_text("utf-8")
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    assert schema["properties"]["version"] == {"description": "The SARIF format version of this log file.",
                                               "enum": ["2.1.0"]}


def test_the_schema_check_can_fail(sarif_validator) -> None:
    """The validation below is not vacuous: a wrong version, a raw Chinese URI, a bad level are refused."""
    log = json.loads(_emit(_sample(), "sarif")[0])
    assert _errors(sarif_validator, log) == []
    broken = json.loads(json.dumps(log))
    broken["version"] = "2.0.0"
    assert _errors(sarif_validator, broken)
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "附件 1.pdf"
    assert any("uri" in e for e in _errors(sarif_validator, broken))
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert _errors(sarif_validator, broken)


def test_sarif_carries_every_part_of_a_finding(sarif_validator) -> None:
    report = _sample()
    out, err = _emit(report, "sarif")
    assert err == report.summary + "\n"
    log = json.loads(out)
    assert _errors(sarif_validator, log) == []
    (run,) = log["runs"]
    assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "jili"
    assert run["language"] == "zh-CN" and run["columnKind"] == "unicodeCodePoints"
    assert run["automationDetails"] == {"id": "jili/validate/"}
    assert run["properties"] == {"summary": report.summary}

    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["A007", "C003", "S003", "T001"]
    for rule in rules:
        assert rule["shortDescription"] == {"text": CODES[rule["id"]].title}
        hint = CODES[rule["id"]].hint
        assert rule.get("help") == ({"text": hint} if hint and "{" not in hint else None), rule["id"]

    results = run["results"]
    # the same order as every other format: changed files first, each by place
    places = [(unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
               r["locations"][0]["physicalLocation"]["region"]["startLine"],
               r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"]) for r in results]
    assert places == [(d.path, d.line, d.col, d.code) for d in report.ordered()]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"

    late = next(r for r in results if r["ruleId"] == "T001")
    assert late["level"] == "error"
    assert late["message"]["text"] == (
        "申报材料报送截止时间为 2022-02-01 24:00（北京时间），按检查本次拉取请求的时间 2022-02-02 09:00 判断已逾期"
        "（依据：渝府办发〔2021〕83号 二、组织实施 第1项） 提示：逾期材料不能再提交或修改；如有特殊情况请联系市政府督查办")
    assert late["properties"]["source"] == "渝府办发〔2021〕83号 二、组织实施 第1项"
    evidence = [r for r in results if r["ruleId"] == "A007"]
    uri = evidence[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "submissions/2021/500101/%E9%99%84%E4%BB%B6/%E8%AF%B4%E6%98%8E%201.yaml"
    assert next(r for r in results if r["ruleId"] == "S003")["level"] == "warning"

    knock_on = next(r for r in results if r["ruleId"] == "C003")
    assert "（此文件未改动，因本次改动的 submissions/2021/500101/03.yaml 而受检查）" in knock_on["message"]["text"]
    assert knock_on["properties"]["causedBy"] == ["submissions/2021/500101/03.yaml"]
    (related,) = knock_on["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "submissions/2021/500101/03.yaml"
    assert "region" not in related["physicalLocation"]


def test_fingerprints_are_unique_and_survive_moved_lines() -> None:
    report = _sample()
    first = [r["partialFingerprints"]["jiliFinding/v1"] for r in json.loads(_emit(report, "sarif")[0])["runs"][0]["results"]]
    assert len(set(first)) == len(first)  # two equal findings in one file stay apart
    moved = Report(tuple(Diagnostic(d.code, d.path, d.line + 3, d.col, d.message, d.hint, d.source, d.severity)
                         for d in report.diagnostics), report.summary, report.changed, report.causes)
    second = [r["partialFingerprints"]["jiliFinding/v1"] for r in json.loads(_emit(moved, "sarif")[0])["runs"][0]["results"]]
    assert second == first


@pytest.mark.parametrize("family", list("YSGPRMACNT"))
def test_sarif_of_each_rule_familys_fixture_validates(family: str, tmp_path: Path, cli, sarif_validator) -> None:
    """One failing fixture per family of codes: `jili validate --format sarif` gives exactly its findings."""
    case = next(c for c in CASES if c.name.startswith(family))
    args = _prepare(case, "invalid", tmp_path / "repo")
    args[args.index("--format") + 1] = "sarif"
    result = cli(*args)
    assert result.code == 1, result.err
    log = json.loads(result.out)
    assert _errors(sarif_validator, log) == []
    found = set()
    for r in log["runs"][0]["results"]:
        physical = r["locations"][0]["physicalLocation"]
        found.add(f"{unquote(physical['artifactLocation']['uri'])}:{physical['region']['startLine']}:"
                  f"{physical['region']['startColumn']} {r['ruleId']}")
    # place and code: the first two fields of each line (a line may go on with the message text)
    expected = {" ".join(line.split(" ", 2)[:2]) for line in (case / "expected.txt").read_text("utf-8").splitlines()
                if line.strip()}
    assert found == expected


def test_a_clean_repository_gives_an_empty_valid_log(repo_copy: Path, cli, sarif_validator) -> None:
    result = cli("validate", "--root", str(repo_copy), "--format", "sarif")
    assert result.code == 0, result.err
    log = json.loads(result.out)
    assert _errors(sarif_validator, log) == []
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []
    assert result.err.startswith("已检查 ") and "全部通过" in result.err


def test_authorize_as_sarif(tmp_path: Path, cli, sarif_validator) -> None:
    root = copy_repository(tmp_path / "repo")
    base = commit_all(root)
    target = root / "registry" / "regions" / "500101.yaml"
    target.write_text(target.read_text("utf-8") + "# 注释\n", "utf-8")
    result = cli("authorize", "--root", str(root), "--actor", "stranger", "--changed-since", base, "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.out)
    assert _errors(sarif_validator, log) == []
    (run,) = log["runs"]
    assert run["automationDetails"] == {"id": "jili/authorize/"}
    (finding,) = run["results"]
    assert finding["ruleId"] == "U005"
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "registry/regions/500101.yaml"
    assert finding["message"]["text"].startswith("账号“stranger”（未在名录中登记的账号）不能改动此路径")


# --- GitLab Code Quality ---------------------------------------------------------------------


def test_code_quality_has_gitlabs_documented_fields() -> None:
    report = _sample()
    out, err = _emit(report, "gitlab")
    assert err == report.summary + "\n"
    assert not out.encode("utf-8").startswith(b"\xef\xbb\xbf")
    issues = json.loads(out)
    problems = [e.message for e in Draft202012Validator(CODE_QUALITY_SCHEMA).iter_errors(issues)]
    assert problems == []
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    places = [(i["location"]["path"], i["location"]["positions"]["begin"]["line"],
               i["location"]["positions"]["begin"]["column"], i["check_name"]) for i in issues]
    assert places == [(d.path, d.line, d.col, d.code) for d in report.ordered()]
    assert [i["severity"] for i in issues] == ["blocker" if d.severity == "error" else "minor"
                                               for d in report.ordered()]
    late = next(i for i in issues if i["check_name"] == "T001")
    assert late["description"] == (
        "[T001 申报已截止] 申报材料报送截止时间为 2022-02-01 24:00（北京时间），按检查本次拉取请求的时间 2022-02-02 09:00 判断已逾期"
        "（依据：渝府办发〔2021〕83号 二、组织实施 第1项） 提示：逾期材料不能再提交或修改；如有特殊情况请联系市政府督查办")
    knock_on = next(i for i in issues if i["check_name"] == "C003")
    assert "因本次改动的 submissions/2021/500101/03.yaml 而受检查" in knock_on["description"]
    # the path is the one in the merge request's diff, not a URI
    assert "submissions/2021/500101/附件/说明 1.yaml" in {i["location"]["path"] for i in issues}


def test_the_code_quality_check_can_fail() -> None:
    issues = json.loads(_emit(_sample(), "gitlab")[0])
    validator = Draft202012Validator(CODE_QUALITY_SCHEMA)
    for broken in ({**issues[0], "severity": "error"}, {k: v for k, v in issues[0].items() if k != "fingerprint"},
                   {**issues[0], "location": {"path": "a.yaml"}}, {**issues[0], "categories": ["Style"]}):
        assert list(validator.iter_errors([broken])), broken


def test_validate_as_code_quality_matches_the_text_format(repo_copy: Path, cli) -> None:
    target = repo_copy / "submissions/2021/500101/28.yaml"
    target.parent.mkdir(parents=True)
    target.write_text('# yaml-language-server: $schema=../../../schema/application.schema.json\nmeasure: 28\n'
                      'applicant: "500101"\n', "utf-8")
    text = cli("validate", "--root", str(repo_copy))
    gitlab = cli("validate", "--root", str(repo_copy), "--format", "gitlab")
    assert text.code == gitlab.code == 1 and text.err == gitlab.err
    issues = json.loads(gitlab.out)
    assert list(Draft202012Validator(CODE_QUALITY_SCHEMA).iter_errors(issues)) == []
    lines = text.out.splitlines()
    assert len(lines) == len(issues)
    for line, issue in zip(lines, issues):
        where = re.match(r"(.+?):(\d+):(\d+): error \[([A-Z]\d{3})\] ", line)
        assert where, line
        begin = issue["location"]["positions"]["begin"]
        assert (issue["location"]["path"], begin["line"], begin["column"], issue["check_name"]) == (
            where[1], int(where[2]), int(where[3]), where[4])


def test_codeowners_check_as_code_quality(tmp_path: Path, cli) -> None:
    from generator.access import codeowners_gitlab

    root = copy_repository(tmp_path / "repo")
    assert cli("codeowners", "--root", str(root), "--forge", "gitlab").code == 0
    office = root / "registry/regions/500102.yaml"
    office.write_text(office.read_text("utf-8").replace('"@cq-jili/500102"', '"@cq-jili/fuling"'), "utf-8")
    result = cli("codeowners", "--root", str(root), "--forge", "gitlab", "--check", "--format", "gitlab")
    assert result.code == 1
    (issue,) = json.loads(result.out)
    committed = (root / codeowners_gitlab.PATH).read_text("utf-8").splitlines()
    line = next(i for i, t in enumerate(committed, start=1) if t.startswith("/submissions/*/500102/"))
    assert issue["check_name"] == "U004" and issue["location"]["path"] == ".gitlab/CODEOWNERS"
    assert issue["location"]["positions"]["begin"]["line"] == line
    assert "运行 jili codeowners --forge gitlab 重新生成" in issue["description"]


# --- every command has every format ----------------------------------------------------------


def test_every_command_offers_every_format() -> None:
    assert {"sarif", "gitlab"} <= set(REPORTERS)
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        formats = [a for a in command._actions if a.dest == "format"]
        if name in ("new", "townships"):
            continue  # write templates or township lists, report no findings
        (option,) = formats
        assert tuple(option.choices) == tuple(REPORTERS), name
        assert "SARIF 2.1.0" in option.help and "GitLab 代码质量报告" in option.help, name
