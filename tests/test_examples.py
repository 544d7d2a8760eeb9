"""The sample round under examples/: complete, plainly marked as sample data, and valid.

The site and open-data builds show this round with --demo, so it has to look like a real
round (several districts and platforms, townships, two lead units for one measure, a
published notice with an erratum, a draft) while never passing for real data.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator import snapshot
from generator.layout import EXAMPLES, classify, schema_line
from generator.model import Application, Notice, Recommendation
from generator.repository import Repository
from generator.validate import Checker
from tests.conftest import REPO
from tests.sample_round import sample_files

SAMPLE = REPO / EXAMPLES
MARK = "# 示例数据：仅用于测试和演示，不是真实申报"
#: every phone number in the sample round is in this fictional block
FICTIONAL_PHONE = re.compile(r"023-6000\d{4}\Z")
#: anything that looks like a Chinese landline or mobile number
PHONE_LIKE = re.compile(r"(?<!\d)(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)")

#: the levels of the Chongqing programme (programme.yaml)
LEVEL_REGION, LEVEL_TOWNSHIP, LEVEL_PLATFORM = "区县", "乡镇（街道）", "国家级开发开放平台"


@pytest.fixture(scope="module")
def checker() -> Checker:
    repo = Repository(REPO, demo=True)
    result = Checker(repo).run()
    assert result.ok, [str(d) for d in result.diagnostics]
    return Checker(repo)


def _sample_records(checker: Checker, kind: str) -> list:
    out = []
    for source in checker.repo.of_kind(kind):
        if source.demo:
            out.append(checker.record(source.path))
    return out


@pytest.fixture(scope="module")
def applications(checker) -> list[Application]:
    return _sample_records(checker, "application")


@pytest.fixture(scope="module")
def recommendations(checker) -> list[Recommendation]:
    return _sample_records(checker, "recommendation")


@pytest.fixture(scope="module")
def notices(checker) -> list[Notice]:
    return _sample_records(checker, "notice")


@pytest.fixture(scope="module")
def snap() -> snapshot.Snapshot:
    return snapshot.take(REPO, demo=True)


# --- every file is marked -------------------------------------------------------------------


def _sample_yaml() -> list[Path]:
    return sample_files("*.yaml")


def test_sample_round_exists_and_mirrors_the_real_tree() -> None:
    files = _sample_yaml()
    assert len(files) >= 40
    for path in files:
        rel = path.relative_to(SAMPLE).as_posix()
        place = classify(rel)
        assert place is not None and place.kind in ("application", "recommendation", "notice"), rel
        # never the same path as real data: the sample is laid over, never mixed in
        assert not (REPO / rel).exists(), f"{rel} exists in the real tree too"


@pytest.mark.parametrize("path", _sample_yaml(), ids=lambda p: p.relative_to(SAMPLE).as_posix())
def test_every_sample_file_starts_with_schema_line_and_sample_mark(path: Path) -> None:
    rel = path.relative_to(REPO).as_posix()
    lines = path.read_text("utf-8").splitlines()
    kind = classify(path.relative_to(SAMPLE).as_posix()).kind
    assert lines[0] == schema_line(rel, kind)
    assert lines[1] == MARK


def test_evidence_files_are_marked_as_sample_too() -> None:
    texts = sample_files("*.txt")
    assert texts, "the sample round keeps some evidence as small text files"
    for path in texts:
        assert "示例数据" in path.read_text("utf-8"), path


def test_no_real_looking_phone_numbers(applications) -> None:
    for app in applications:
        assert FICTIONAL_PHONE.match(app.contact.phone), (app.path, app.contact.phone)
    for path in sample_files("*"):
        if path.suffix in (".yaml", ".txt"):
            for found in PHONE_LIKE.findall(path.read_text("utf-8")):
                assert FICTIONAL_PHONE.match(found), f"{path}: {found}"


def test_links_point_to_reserved_example_domains(applications) -> None:
    # sample evidence must not send readers to invented pages on real government sites
    urls = [e.url for a in applications for e in a.evidence if e.url]
    assert urls
    for url in urls:
        assert re.match(r"https?://(?:[a-z0-9-]+\.)*example\.(?:com|org|net)/", url), url


# --- shape of the round ---------------------------------------------------------------------


def test_applications_cover_districts_platforms_and_measures(applications, checker) -> None:
    assert 25 <= len(applications) <= 40
    registry = checker.registry
    regions = {a.applicant for a in applications if a.applicant in registry.regions}
    platforms = {a.applicant for a in applications if a.applicant in registry.platforms}
    assert len(regions) >= 8
    assert any(registry.regions[r].kind == "自治县" for r in regions), "an autonomous county applies"
    assert len(platforms) >= 3
    assert len({a.measure for a in applications}) >= 8


def test_townships_are_nominated_for_several_measures(applications, checker) -> None:
    with_townships = {a.measure for a in applications if any(n.level == LEVEL_TOWNSHIP for n in a.nominees)}
    assert len(with_townships) >= 4
    for number in with_townships:
        assert LEVEL_TOWNSHIP in checker.measure(2021, number).levels
    for app in applications:
        for nominee in app.nominees:
            if nominee.level == LEVEL_TOWNSHIP:
                assert nominee.parent == app.applicant
                assert nominee.name.endswith(("镇", "乡", "街道")), nominee.name


def test_evidence_is_given_as_links_and_as_files(applications) -> None:
    kinds = Counter("url" if e.url else "file" for a in applications for e in a.evidence)
    assert kinds["url"] >= 5 and kinds["file"] >= 5
    suffixes = {Path(e.file).suffix for a in applications for e in a.evidence if e.file}
    assert {".txt", ".pdf"} <= suffixes
    for path in sample_files("*.pdf"):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert len(data) < 4096


def test_experiences_use_markdown_sections_and_lists(applications) -> None:
    assert all(a.experiences for a in applications)
    assert sum(len(a.experiences) >= 2 for a in applications) >= 10
    assert any(re.search(r"^- ", a.self_assessment, re.MULTILINE) for a in applications)
    assert any(re.search(r"^1\. ", e.body, re.MULTILINE) for a in applications for e in a.experiences)


def test_recommendation_lists_from_several_lead_units(recommendations) -> None:
    senders = {r.sender for r in recommendations}
    assert len(senders) >= 3
    levels = {c.level for r in recommendations for c in r.categories}
    assert levels == {LEVEL_REGION, LEVEL_TOWNSHIP, LEVEL_PLATFORM}
    ranked = [e for r in recommendations for c in r.categories for e in c.entries if e.rank]
    assert ranked and all(e.reason for e in ranked)
    unranked = [e for r in recommendations for c in r.categories for e in c.entries if not e.rank]
    assert unranked, "ranking is optional; some lists do without"


def test_a_measure_with_two_lead_units_has_lists_from_both(recommendations) -> None:
    by_measure: dict[int, set[str]] = {}
    for r in recommendations:
        by_measure.setdefault(r.measure, set()).add(r.sender)
    assert any(by_measure.get(n, set()) >= {"rural-revitalization", "agriculture-rural"} for n in (16, 17))


def test_one_published_notice_and_one_draft(notices) -> None:
    published = [n for n in notices if n.published]
    drafts = [n for n in notices if not n.published]
    assert len(published) == 1 and len(drafts) == 1
    notice = published[0]
    # clearly fictional: not to be mistaken for a real document
    assert "示例" in notice.title and "999号" in notice.document_number
    assert len(notice.measures) >= 5
    assert len(notice.errata) == 1
    assert notice.errata[0].date > notice.date


def test_notice_entries_come_from_recommendation_lists(snap) -> None:
    awards = snap.awards(2021)
    assert awards
    for award in awards:
        assert award.application is not None, award
        assert award.recommendations, f"{award.nominee} (measure {award.measure}) was not recommended"


def test_a_township_is_awarded(snap) -> None:
    townships = [a for a in snap.awards(2021) if a.level == LEVEL_TOWNSHIP]
    assert townships
    assert any(a.nominee == "龙都街道" for a in townships)


def test_awards_keep_the_notice_order(snap, notices) -> None:
    notice = next(n for n in notices if n.published)
    expected = [(b.measure, e.applicant, e.nominee) for b in notice.measures for e in b.entries]
    got = [(a.measure, a.applicant, a.nominee if a.level == LEVEL_TOWNSHIP else None) for a in snap.awards(2021)]
    assert got == expected
    assert [a.order for a in snap.awards(2021)] == list(range(1, len(expected) + 1))


def test_draft_notice_is_not_in_the_snapshot(snap, notices) -> None:
    draft = next(n for n in notices if not n.published)
    assert draft.slug not in {n.slug for n in snap.notices}
    assert [n.slug for n in snap.notices] == ["official-list"]
    assert all(a.notice.published for a in snap.awards())


def test_snapshot_keeps_contact_data_out(snap) -> None:
    assert len(snap.applications) >= 25
    assert all(a.contact is None for a in snap.applications)


def test_sample_round_is_absent_without_demo() -> None:
    plain = snapshot.take(REPO)
    assert not any(p.startswith(EXAMPLES + "/") for p in plain.display_paths.values())
    demo = snapshot.take(REPO, demo=True)
    assert len(demo.applications) - len(plain.applications) == len(list(SAMPLE.glob("submissions/*/*/*.yaml")))
