"""The derived facts (generator/derived.py and the Snapshot's awards): which nominee an entry
stands for, what a list validly recommends, which lists recommended each awarded nominee; and
the Checker judging a file's own validity without the clock."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import clock
from generator.derived import counted_nominee, nominee_of, recommended_pairs, shown_name
from generator.model import Application, Nominee, Recommendation, RecommendationCategory, RecommendationEntry
from generator.repository import Repository
from generator.snapshot import take
from generator.validate import Checker, Options
from tests.conftest import REPO, copy_repository
from tests.sample_round import application, put

NOW = dt.datetime(2022, 6, 1, 9, 0, tzinfo=clock.SHANGHAI)


@pytest.fixture(scope="module")
def sample():
    """The repository with its sample round (examples/)."""
    return take(REPO, demo=True, now=NOW)


def _senders(recs) -> list[str]:
    return [r.sender for r in recs]


def test_each_awarded_nominee_names_the_lists_that_recommended_it(sample):
    # measure 17: 石柱土家族自治县 is on both lists, its township 黄水镇 on one, 吴滩镇 on the other
    got = {(a.applicant, a.nominee): _senders(a.recommendations) for a in sample.awards(2021) if a.measure == 17}
    assert got == {
        ("500240", "石柱土家族自治县"): ["agriculture-rural", "rural-revitalization"],
        ("500116", "江津区"): ["agriculture-rural"],
        ("500240", "黄水镇"): ["rural-revitalization"],
        ("500116", "吴滩镇"): ["agriculture-rural"],
    }
    assert _senders(sample.recommended_by(2021, 17, "500240", "黄水镇")) == ["rural-revitalization"]
    # 濯水镇 is recommended, not awarded; 开州区 applied for measure 8 and is on no list
    assert _senders(sample.recommended_by(2021, 17, "500114", "濯水镇")) == ["rural-revitalization"]
    assert sample.recommended_by(2021, 8, "500154", "开州区") == ()
    assert sample.recommended_by(2021, 17, "500114", "黔江区") != ()
    assert sample.recommended_by(2022, 17, "500114", "黔江区") == ()


def test_awards_follow_each_notice_in_order_with_level_and_application(sample):
    awards = sample.awards(2021)
    assert [a.order for a in awards] == list(range(1, len(awards) + 1))
    first = awards[0]
    assert (first.measure, first.applicant, first.nominee, first.level) == (1, "500240", "石柱土家族自治县", "区县")
    assert first.application is sample.application(2021, 1, "500240")
    township = next(a for a in awards if a.nominee == "黄水镇")
    assert township.level == "乡镇（街道）"
    assert sample.awards(2020) == []
    assert sample.awards() == awards


APP = Application(path="submissions/2021/500101/02.yaml", year=2021, measure=2, applicant="500101",
                  nominees=(Nominee("区县", "万州区"), Nominee("乡镇（街道）", "龙都街道", parent="500101")),
                  self_assessment="", experiences=(), evidence=(), contact=None, filed=None)


def test_nominee_of_an_entry():
    assert nominee_of(APP, None).name == "万州区"
    assert nominee_of(APP, "龙都街道").level == "乡镇（街道）"
    assert nominee_of(APP, "分水镇") is None
    assert nominee_of(None, None) is None
    assert shown_name(APP, "500101", None) == "万州区"
    assert shown_name(None, "500101", None) == "500101"
    assert shown_name(None, "500101", "分水镇") == "分水镇"


def _entry(nominee: str | None) -> RecommendationEntry:
    return RecommendationEntry(applicant="500101", nominee=nominee)


def test_counted_nominee_needs_a_valid_application_and_the_category_level():
    assert counted_nominee(APP, True, _entry(None), "区县").name == "万州区"
    assert counted_nominee(APP, True, _entry("龙都街道"), "乡镇（街道）").name == "龙都街道"
    assert counted_nominee(APP, True, _entry("龙都街道"), "区县") is None
    assert counted_nominee(APP, False, _entry(None), "区县") is None
    assert counted_nominee(None, True, _entry(None), "区县") is None
    assert counted_nominee(APP, True, _entry("分水镇"), "乡镇（街道）") is None


def test_recommended_pairs_count_each_valid_entry_of_a_named_level():
    rec = Recommendation(path="awards/2021/recommendations/02/ecology-environment.yaml", year=2021, measure=2,
                         sender="ecology-environment", sent=dt.date(2022, 3, 20), categories=(
                             RecommendationCategory("区县", (_entry(None), RecommendationEntry("500240", None))),
                             RecommendationCategory("乡镇（街道）", (_entry("龙都街道"), _entry("分水镇"))),
                             RecommendationCategory("国家级开发开放平台", (_entry(None),)),
                         ))
    apps = {"500101": APP}
    pairs = list(recommended_pairs(rec, ["区县", "乡镇（街道）"], apps.get, lambda app: True))
    assert pairs == [("500101", "万州区", "区县"), ("500101", "龙都街道", "乡镇（街道）")]
    assert list(recommended_pairs(rec, ["乡镇（街道）"], apps.get, lambda app: True)) == [
        ("500101", "龙都街道", "乡镇（街道）")]
    assert list(recommended_pairs(rec, ["区县", "乡镇（街道）"], apps.get, lambda app: False)) == []


LATE = dt.datetime(2022, 2, 2, 9, 0, tzinfo=clock.SHANGHAI)  # after the 2021 round's filing deadline


def test_a_files_own_validity_ignores_the_clock(tmp_path):
    root = copy_repository(tmp_path / "repo")
    app = "submissions/2021/500101/03.yaml"
    put(root, app, application("500101", 3, [("区县", "万州区")]))
    attachment = "submissions/2021/500101/附件/说明.txt"
    put(root, attachment, "重大项目推进情况说明。\n")
    checker = Checker(Repository(root), Options(now=LATE, basis="测试时间", judged=frozenset({app, attachment})))
    assert [d.code for d in checker.check_file(app)] == ["T001"]
    assert [d.code for d in checker.check_file(app, clock_free=True)] == []
    assert checker.file_ok(app)
    assert "T001" in [d.code for d in checker.check_other(attachment)]
    assert "T001" not in [d.code for d in checker.check_other(attachment, clock_free=True)]


def test_recommended_pairs_ask_validity_only_of_applications_that_exist():
    # an entry whose applicant filed nothing counts nothing, and `valid` (which reads the
    # application's path in the rules) is never asked about a missing one
    rec = Recommendation(path="awards/2021/recommendations/02/ecology-environment.yaml", year=2021, measure=2,
                         sender="ecology-environment", sent=dt.date(2022, 3, 20), categories=(
                             RecommendationCategory("区县", (RecommendationEntry("500240", None), _entry(None))),
                         ))
    asked = []
    pairs = list(recommended_pairs(rec, ["区县"], {"500101": APP}.get, lambda app: asked.append(app.path) or True))
    assert pairs == [("500101", "万州区", "区县")]
    assert asked == [APP.path]


def test_facts_find_each_award_under_its_application(sample):
    # the application page and the measure page's 获激励 column look awards up this way
    from generator.facts import collect

    facts = collect(sample)
    app = sample.application(2021, 17, "500240")
    assert sorted(a.nominee for a in facts.awards_by_application[app.path]) == ["石柱土家族自治县", "黄水镇"]
    assert sample.application(2021, 8, "500154").path not in facts.awards_by_application
    # and each list entry under the application it recommends (the 获推荐 column)
    named = {(n.recommendation.sender, n.name) for n in facts.nominations_by_application[app.path]}
    assert named >= {("agriculture-rural", "石柱土家族自治县"), ("rural-revitalization", "黄水镇")}


def test_facts_list_the_measures_each_department_leads_or_cooperates_on(sample):
    # the department pages: 市生态环境局 leads measure 2, 市财政局 cooperates on measure 4
    from generator.facts import collect

    facts = collect(sample)
    assert (2021, 2) in {(m.year, m.number) for m in facts.led_by["ecology-environment"]}
    assert (2021, 4) in {(m.year, m.number) for m in facts.cooperated_by["finance"]}
    assert (2021, 4) not in {(m.year, m.number) for m in facts.led_by.get("finance", [])}


def test_a_measure_page_says_which_nominees_were_recommended_and_awarded(sample):
    # the 获推荐 and 获激励 columns, nominee by nominee (issue 12, named mutant f)
    from generator.facts import collect
    from generator.site.measures import nominee_rows

    facts = collect(sample)
    apps = [sample.application(2021, 17, "500114")]
    rows = {row[0]: row[1:3] for row in nominee_rows(facts, "measures/2021/17.md", apps)}
    assert rows["濯水镇"] == ["是", "否"]  # recommended, not awarded
    assert rows["黔江区"][0] == "是"
