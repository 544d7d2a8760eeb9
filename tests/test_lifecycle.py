"""The programme's three steps through the CLI, against throw-away git repositories.

Deadlines are judged by when the check runs on a pull request (--now), and only for what
the pull request adds or changes (--changed-since); nominees must be of a level the measure
names; lists come from lead units and point at valid applications; notices list only
recommended entries and, once published, change only by appended errata.

Most scenarios start from the sample round in examples/, copied into the real tree of a
temporary repository (with its schema lines adjusted), so the rules are exercised on data
that looks like a real round.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.layout import EXAMPLES, schema_line
from generator.repository import Repository
from tests.conftest import REPO, commit_all, copy_repository
from tests.sample_round import (
    SAMPLE,
    application,
    codes_at,
    edit,
    findings,
    promote,
    promote_all,
    put,
    validate,
)

POLICY = "渝府办发〔2021〕83号"
NOTICE = "awards/2021/notices/official-list.yaml"
DRAFT = "awards/2021/notices/supplement-draft.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


@pytest.fixture
def round_root(root: Path, cli) -> tuple[Path, str]:
    """A repository whose main branch holds the whole sample round as real data."""
    promote_all(root)
    result = cli("validate", "--root", str(root), "--format", "json")
    assert result.code == 0 and findings(result) == [], result.out
    return root, commit_all(root)


# --- deadlines ------------------------------------------------------------------------------

APP = "submissions/2021/500118/19.yaml"  # 永川区, 河长制, no evidence files


def test_late_application_is_rejected_quoting_deadline_and_clause(cli, root: Path) -> None:
    base = commit_all(root)
    promote(root, APP)  # the pull request adds the application
    result = validate(cli, root, "--changed-since", base, "--now", "2022-02-02T09:00+08:00")
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (APP, "T001")
    assert "2022-02-01 24:00" in finding["message"] and "2022-02-02 09:00" in finding["message"]
    assert finding["source"].startswith(f"{POLICY} 二、组织实施 第1项")
    assert "2022年2月1日前" in finding["source"]
    # the plain text a clerk reads in the CI log says the same
    text = cli("validate", "--root", str(root), "--changed-since", base, "--now", "2022-02-02T09:00+08:00")
    assert f"{APP}:" in text.out and "[T001]" in text.out and f"依据：{POLICY} 二、组织实施 第1项" in text.out


@pytest.mark.parametrize(("moment", "late"), [
    ("2022-02-01T23:59+08:00", False),
    ("2022-02-01T23:59:59", False),  # no offset: Beijing time
    ("2022-02-02T00:00+08:00", True),
    ("2022-02-01T15:59Z", False),  # 23:59 in Beijing
    ("2022-02-01T16:00Z", True),  # midnight in Beijing
    ("2022-02-02", True),
    ("2021-12-01T08:00+08:00", False),
])
def test_application_deadline_is_a_calendar_day_in_beijing(cli, root: Path, moment: str, late: bool) -> None:
    base = commit_all(root)
    promote(root, APP)
    result = validate(cli, root, "--changed-since", base, "--now", moment)
    assert codes_at(result) == ({(APP, "T001")} if late else set()), result.out
    assert result.code == (1 if late else 0)


def test_the_date_typed_in_the_file_does_not_count(cli, root: Path) -> None:
    base = commit_all(root)
    # typed as filed in January, but the pull request comes after the deadline: late
    put(root, "submissions/2021/500101/03.yaml", application("500101", 3, [("区县", "万州区")], filed="2022-01-10"))
    # typed as filed in March, but the pull request comes in time: accepted
    put(root, "submissions/2021/500102/03.yaml", application("500102", 3, [("区县", "涪陵区")], filed="2022-03-01"))
    late = validate(cli, root, "--changed-since", base, "--now", "2022-02-02T09:00+08:00")
    assert codes_at(late) == {("submissions/2021/500101/03.yaml", "T001"), ("submissions/2021/500102/03.yaml", "T001")}
    on_time = validate(cli, root, "--changed-since", base, "--now", "2022-01-30T09:00+08:00")
    assert on_time.code == 0 and findings(on_time) == []


def test_merged_application_is_not_rejudged(cli, root: Path) -> None:
    promote(root, APP)
    base = commit_all(root)  # merged in time
    result = validate(cli, root, "--changed-since", base, "--now", "2022-02-02T09:00+08:00")
    assert result.code == 0 and findings(result) == []
    # a later pull request touching only something else leaves it alone too
    put(root, "submissions/2021/500101/03.yaml", application("500101", 3, [("区县", "万州区")]))
    result = validate(cli, root, "--changed-since", base, "--now", "2022-01-31T09:00+08:00")
    assert result.code == 0, result.out


def test_changing_a_merged_application_after_the_deadline_is_rejudged(cli, root: Path) -> None:
    path = promote(root, APP)
    base = commit_all(root)
    edit(path, "接入视频监控点 210 个", "接入视频监控点 260 个")
    result = validate(cli, root, "--changed-since", base, "--now", "2022-02-02T09:00+08:00")
    assert codes_at(result) == {(APP, "T001")}


def test_full_check_without_now_judges_no_deadlines(cli, round_root) -> None:
    root, _ = round_root
    # long after every deadline, the merged round still validates: history is not re-judged
    result = validate(cli, root)
    assert result.code == 0 and findings(result) == []


RIVER_APPS = ("submissions/2021/500113/19.yaml", "submissions/2021/500113/附件/鱼洞街道河长巡河记录.pdf",
              "submissions/2021/500101/19.yaml", "submissions/2021/500118/19.yaml")
RIVER_LIST = "awards/2021/recommendations/19/water-resources.yaml"


@pytest.mark.parametrize(("moment", "late"), [
    ("2022-03-31T23:59+08:00", False),
    ("2022-04-01T00:00+08:00", True),
    ("2022-04-06T10:00+08:00", True),
])
def test_recommendation_deadline(cli, root: Path, moment: str, late: bool) -> None:
    for rel in RIVER_APPS:
        promote(root, rel)
    base = commit_all(root)
    promote(root, RIVER_LIST)
    result = validate(cli, root, "--changed-since", base, "--now", moment)
    if not late:
        assert result.code == 0 and findings(result) == [], result.out
        return
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (RIVER_LIST, "T001")
    assert "激励推荐名单报送截止时间为 2022-03-31 24:00" in finding["message"]
    assert finding["source"].startswith(f"{POLICY} 二、组织实施 第2项、第3项")
    assert "2022年3月底前" in finding["source"]


def test_merged_recommendation_is_not_rejudged(cli, root: Path) -> None:
    for rel in (*RIVER_APPS, RIVER_LIST):
        promote(root, rel)
    base = commit_all(root)
    result = validate(cli, root, "--changed-since", base, "--now", "2022-04-06T10:00+08:00")
    assert result.code == 0 and findings(result) == []


# --- eligibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(("applicant", "measure", "nominees", "bad", "levels_text"), [
    ("500101", 3, [("区县", "万州区"), ("乡镇（街道）", "龙都街道")], ("乡镇（街道）", 1), "区县和国家级开发开放平台"),
    ("liangjiang-new-area", 1, [("国家级开发开放平台", "两江新区")], ("国家级开发开放平台", 0), "区县、乡镇（街道）"),
    ("chongqing-etdz", 19, [("国家级开发开放平台", "重庆经济技术开发区")], ("国家级开发开放平台", 0), "区县、乡镇（街道）"),
], ids=["township-measure-3", "platform-measure-1", "platform-measure-19"])
def test_ineligible_nominee_is_rejected_naming_the_levels(cli, root: Path, applicant, measure, nominees, bad,
                                                           levels_text) -> None:
    rel = f"submissions/2021/{applicant}/{measure:02d}.yaml"
    text = application(applicant, measure, nominees)
    put(root, rel, text)
    result = validate(cli, root)
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (rel, "A002")
    level, index = bad
    assert f"第 {measure} 项措施的激励对象是“{levels_text}”，不含“{level}”" in finding["message"]
    assert finding["source"] == f"{POLICY} 一、激励措施 第{measure}项"
    # it points at the offending level
    lines = text.split("\n")
    level_lines = [i + 1 for i, line in enumerate(lines) if line.strip().startswith("- level:")]
    assert finding["line"] == level_lines[index]
    assert lines[finding["line"] - 1][finding["col"] - 1:] == level


def test_eligible_nominees_pass(cli, root: Path) -> None:
    put(root, "submissions/2021/500101/03.yaml", application("500101", 3, [("区县", "万州区")]))
    put(root, "submissions/2021/liangjiang-new-area/03.yaml",
        application("liangjiang-new-area", 3, [("国家级开发开放平台", "两江新区")]))
    put(root, "submissions/2021/500101/19.yaml", application("500101", 19, [("区县", "万州区"), ("乡镇（街道）", "分水镇")]))
    result = validate(cli, root)
    assert result.code == 0 and findings(result) == [], result.out


# --- published notices are final ---------------------------------------------------------------

ERRATUM = """  - date: 2022-06-15
    document_number: 渝府办函〔2022〕1000号
    change: 附件名单第 8 项措施中“涪陵区”后的说明文字更正；名单不变。
"""


def test_editing_a_published_notice_is_rejected(cli, round_root) -> None:
    root, base = round_root
    edit(root / NOTICE, '      - applicant: "500154"\n        nominee: 汉丰街道\n', "")
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (NOTICE, "N002")
    assert "通报已于 2022-05-10 发布" in finding["message"] and "measures" in finding["message"]
    assert "errata 末尾追加一条勘误" in finding["hint"]
    # reported where the notice now differs: the entry list the last entry was removed from
    lines = (root / NOTICE).read_text("utf-8").split("\n")
    assert lines[finding["line"] - 1] == "    entries:"
    assert lines[finding["line"] - 2] == "  - measure: 22"


@pytest.mark.parametrize(("old", "new", "field"), [
    ("title: 示例：", "title: 示例（修订）：", "title"),
    ("date: 2022-05-10", "date: 2022-05-11", "date"),
    ("document_number: 渝府办发〔2022〕999号", "document_number: 渝府办发〔2022〕998号", "document_number"),
    ("status: published", "status: draft", "status"),
    ("希望受到激励的地方", "希望受到激励的单位", "preamble"),
], ids=["title", "date", "document-number", "unpublish", "preamble"])
def test_every_field_of_a_published_notice_is_frozen(cli, round_root, old: str, new: str, field: str) -> None:
    root, base = round_root
    edit(root / NOTICE, old, new)
    result = validate(cli, root, "--changed-since", base)
    assert (NOTICE, "N002") in codes_at(result)
    assert any(f"“{field}”" in d["message"] for d in findings(result) if d["code"] == "N002")


def test_appending_an_erratum_is_accepted(cli, round_root) -> None:
    root, base = round_root
    (root / NOTICE).write_text((root / NOTICE).read_text("utf-8") + ERRATUM, "utf-8")
    result = validate(cli, root, "--changed-since", base, "--now", "2022-06-15T10:00+08:00")
    assert result.code == 0 and findings(result) == [], result.out


def test_comments_and_layout_of_a_published_notice_may_change(cli, round_root) -> None:
    root, base = round_root
    edit(root / NOTICE, "status: published\n", "status: published  # 2022-05-10 正式发布\n")
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 0 and findings(result) == [], result.out


def test_appending_an_erratum_does_not_excuse_other_changes(cli, round_root) -> None:
    root, base = round_root
    path = root / NOTICE
    path.write_text(path.read_text("utf-8") + ERRATUM, "utf-8")
    edit(path, '      - applicant: "500153"\n', '      - applicant: "500154"\n')
    result = validate(cli, root, "--changed-since", base)
    assert (NOTICE, "N002") in codes_at(result)


@pytest.mark.parametrize(("old", "new"), [
    ("“生态环境保护、河长制、养老服务等方面”", "“生态环境保护等方面”"),
    ("    document_number: 渝府办函〔2022〕999号\n", "    document_number: 渝府办函〔2022〕998号\n"),
], ids=["reworded", "other-document"])
def test_changing_an_existing_erratum_is_rejected(cli, round_root, old: str, new: str) -> None:
    root, base = round_root
    edit(root / NOTICE, old, new)
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (NOTICE, "N002")
    assert "已有勘误" in finding["message"]


def test_removing_an_erratum_is_rejected(cli, round_root) -> None:
    root, base = round_root
    path = root / NOTICE
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("errata:")], "utf-8")
    result = validate(cli, root, "--changed-since", base)
    assert codes_at(result) == {(NOTICE, "N002")}


def test_deleting_a_published_notice_is_rejected(cli, round_root) -> None:
    root, base = round_root
    (root / NOTICE).unlink()
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (NOTICE, "N003")


def test_a_draft_may_change_freely(cli, round_root) -> None:
    root, base = round_root
    path = root / DRAFT
    edit(path, "title: （草稿）示例：", "title: （草稿，二稿）示例：")
    edit(path, "      - applicant: chongqing-hi-tech-zone\n", "")
    edit(path, "  - measure: 12\n", "  - measure: 3\n    entries:\n      - applicant: \"500102\"\n  - measure: 12\n")
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 0 and findings(result) == [], result.out


def test_a_draft_may_be_deleted(cli, round_root) -> None:
    root, base = round_root
    (root / DRAFT).unlink()
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 0 and findings(result) == [], result.out


def test_a_draft_may_be_published_and_is_final_from_then_on(cli, round_root) -> None:
    root, base = round_root
    path = root / DRAFT
    edit(path, "status: draft\n", "document_number: 渝府办发〔2022〕1000号\ndate: 2022-06-20\nstatus: published\n")
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 0 and findings(result) == [], result.out
    published = commit_all(root, "publish")
    edit(path, "      - applicant: chongqing-hi-tech-zone\n", "")
    result = validate(cli, root, "--changed-since", published)
    assert codes_at(result) == {(DRAFT, "N002")}


def test_published_sample_notice_is_final_under_demo_too(cli, root: Path) -> None:
    shutil.copytree(SAMPLE, root / EXAMPLES)
    base = commit_all(root)
    shown = f"{EXAMPLES}/{NOTICE}"
    edit(root / shown, '      - applicant: "500153"\n', "")
    result = validate(cli, root, "--demo", "--changed-since", base)
    assert codes_at(result) == {(shown, "N002")}
    (root / shown).unlink()
    result = validate(cli, root, "--demo", "--changed-since", base)
    assert codes_at(result) == {(shown, "N003")}


# --- recommendation lists and the notice's entries ---------------------------------------------


def test_list_from_a_department_that_does_not_lead_the_measure(cli, round_root) -> None:
    root, base = round_root
    rel = "awards/2021/recommendations/19/ecology-environment.yaml"
    text = (root / RIVER_LIST).read_text("utf-8").replace("sender: water-resources", "sender: ecology-environment")
    put(root, rel, text)
    result = validate(cli, root, "--changed-since", base, "--now", "2022-03-20T10:00+08:00")
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (rel, "C001")
    assert "“市生态环境局”不是第 19 项措施的牵头单位（牵头单位：市水利局）" in finding["message"]
    assert finding["source"] == f"{POLICY} 一、激励措施 第19项"


def test_list_naming_an_application_to_another_measure(cli, round_root) -> None:
    root, base = round_root
    # 涪陵区 applied for measures 3, 8 and 26, not for 19
    edit(root / RIVER_LIST, '      - applicant: "500118"\n', '      - applicant: "500102"\n')
    result = validate(cli, root, "--changed-since", base, "--now", "2022-03-20T10:00+08:00")
    assert result.code == 1
    [finding] = [d for d in findings(result) if d["path"] == RIVER_LIST]
    assert finding["code"] == "C002"
    assert "submissions/2021/500102/19.yaml" in finding["message"]
    assert finding["line"] == (root / RIVER_LIST).read_text("utf-8").split("\n").index('      - applicant: "500102"') + 1


def test_list_naming_an_invalid_application(cli, round_root) -> None:
    root, base = round_root
    # the application now cites a file that is not there: it is invalid, so cannot be recommended
    edit(root / APP, "contact:\n", "evidence:\n  - title: 巡河记录\n    file: 附件/不存在.pdf\ncontact:\n")
    result = validate(cli, root, "--changed-since", base, "--now", "2022-01-20T10:00+08:00")
    assert {(APP, "A007"), (RIVER_LIST, "C003")} <= codes_at(result)
    # the file the change touched comes first; the list it breaks says which change did it
    assert [d["code"] for d in findings(result) if d["path"] in (APP, RIVER_LIST)] == ["A007", "C003"]
    c003 = next(d for d in findings(result) if d["code"] == "C003")
    assert APP in c003["hint"]
    assert c003["caused_by"] == [APP]


def test_notice_entry_not_recommended(cli, round_root) -> None:
    root, base = round_root
    # 开州区 applied for measure 8 but the lead unit did not recommend it
    edit(root / DRAFT, "  - measure: 12\n", '  - measure: 8\n    entries:\n      - applicant: "500154"\n  - measure: 12\n')
    result = validate(cli, root, "--changed-since", base)
    assert result.code == 1
    [finding] = findings(result)
    assert (finding["path"], finding["code"]) == (DRAFT, "N001")
    assert "“开州区”（500154）不在第 8 项措施的任何一份激励推荐名单中" in finding["message"]
    assert finding["source"] == f"{POLICY} 二、组织实施 第3项（通报实施）"


def test_recommendation_by_a_non_lead_unit_does_not_count_for_the_notice(cli, round_root) -> None:
    root, base = round_root
    rel = "awards/2021/recommendations/26/development-reform.yaml"
    put(root, rel, "\n".join([
        schema_line(rel, "recommendation"), "measure: 26", "sender: development-reform", "sent: 2022-03-20",
        "categories:", "  - level: 区县", "    entries:", '      - applicant: "500102"', "",
    ]))
    edit(root / DRAFT, "  - measure: 12\n", '  - measure: 26\n    entries:\n      - applicant: "500102"\n  - measure: 12\n')
    result = validate(cli, root, "--changed-since", base, "--now", "2022-03-20T10:00+08:00")
    assert codes_at(result) == {(rel, "C001"), (DRAFT, "N001")}


def test_one_broken_entry_does_not_void_the_rest_of_a_list(cli, round_root) -> None:
    """Entries count one by one: the notice's other measure-2 entries stay recommended."""
    root, base = round_root
    rel = "awards/2021/recommendations/02/ecology-environment.yaml"
    # 大渡口区 never applied for measure 2: that entry is broken (C002), the others are not
    edit(root / rel, "        reason: 城市河流综合治理成效明显\n",
         '        reason: 城市河流综合治理成效明显\n      - applicant: "500104"\n        rank: 4\n')
    result = validate(cli, root, "--changed-since", base, "--now", "2022-03-20T10:00+08:00")
    assert codes_at(result) == {(rel, "C002")}, result.out
    assert not any(code.startswith("N") for _, code in codes_at(result)), result.out


# --- the sample round and the real data ---------------------------------------------------------


def test_real_data_with_the_sample_round_passes(cli) -> None:
    result = cli("validate", "--root", str(REPO), "--demo", "--format", "json")
    assert result.code == 0 and findings(result) == [], result.out
    # every entry of the sample's data folders is checked: its YAML files and its attachments
    samples = sum(1 for top in ("registry", "measures", "submissions", "awards")
                  for p in (SAMPLE / top).rglob("*") if p.is_file())
    plain = cli("validate", "--root", str(REPO))
    assert plain.code == 0, plain.out
    demo = cli("validate", "--root", str(REPO), "--demo")
    assert _checked(demo.err) == _checked(plain.err) + samples


def _checked(summary: str) -> int:
    """The file count of the summary line “已检查 N 个文件…”."""
    return int(summary.split("已检查 ", 1)[1].split(" ", 1)[0])


def test_no_sample_file_is_read_without_demo(cli) -> None:
    repo = Repository(REPO)
    assert not any(s.demo or s.display.startswith(EXAMPLES + "/") for s in repo.files.values())
    assert any(s.demo for s in Repository(REPO, demo=True).files.values())
    sample = REPO / EXAMPLES / NOTICE
    result = cli("validate", "--root", str(REPO), str(sample))
    assert result.code == 2 and "找不到这些数据文件" in result.err


def test_a_broken_sample_file_breaks_only_demo(cli, root: Path) -> None:
    put(root, f"{EXAMPLES}/submissions/2021/500101/01.yaml", "measure: [\n")
    plain = validate(cli, root)
    assert plain.code == 0 and findings(plain) == []
    demo = validate(cli, root, "--demo")
    assert demo.code == 1
    assert {d["path"] for d in findings(demo)} == {f"{EXAMPLES}/submissions/2021/500101/01.yaml"}
