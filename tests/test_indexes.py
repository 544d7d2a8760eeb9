"""Feeds, notices and per-year data read the indexes `collect()` builds, and a build computes the
awards and the lookups once. Each index is checked against the plain scan it replaced, on a
synthetic repository with several years, notices and township nominees, so a lookup that
dropped, reordered or mixed up entries fails here."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from benchmarks.synth import generate
from generator import facts as facts_module
from generator import outputs
from generator.export import notice_view
from generator.facts import collect
from generator.opendata import atom
from generator.snapshot import Snapshot, take


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Snapshot:
    root = generate(tmp_path_factory.mktemp("synth") / "repo", 400).root
    return take(root)


def test_the_synthetic_round_has_what_the_checks_need(synthetic: Snapshot) -> None:
    facts = collect(synthetic)
    assert len(synthetic.years) >= 3 and len(synthetic.notices) >= 3
    assert len({a.notice.path for a in facts.awards}) >= 3
    # a notice block names several entries, some of them townships (nominee ≠ applicant)
    assert any(len(v) > 1 for v in facts.awards_by_notice.values())
    assert any(a.nominee != facts.unit_name(a.applicant) for a in facts.awards)


def test_per_year_and_per_notice_indexes_equal_the_scans(synthetic: Snapshot) -> None:
    facts = collect(synthetic)
    for year in synthetic.years:
        assert facts.awards_by_year.get(year, []) == [a for a in facts.awards if a.year == year]
        assert facts.applications_by_year.get(year, []) == [a for a in synthetic.applications if a.year == year]
        assert facts.recommendations_by_year.get(year, []) == [
            r for r in synthetic.recommendations if r.year == year]
        assert facts.notices(year) == synthetic.notices_for(year) == [
            n for n in synthetic.notices if n.year == year]
    assert facts.notices() == list(synthetic.notices)
    assert facts.notices(1999) == []
    for notice in synthetic.notices:
        for block in notice.measures:
            assert facts.awards_by_notice.get((notice.path, block.measure), []) == [
                a for a in facts.awards if a.notice.path == notice.path and a.measure == block.measure]


def test_notice_entries_and_feed_text_as_a_scan_gives_them(synthetic: Snapshot) -> None:
    facts = collect(synthetic)
    for notice in synthetic.notices:
        scanned = [a for a in facts.awards if a.notice.path == notice.path]
        view = notice_view(notice, facts)
        assert [e["order"] for block in view["measures"] for e in block["entries"]] == [a.order for a in scanned]
        assert [(block["measure"], e["nominee"], e["applicant"]) for block in view["measures"]
                for e in block["entries"]] == [(a.measure, a.nominee, a.applicant) for a in scanned]
        lines = []
        for block in notice.measures:
            names = [a.nominee + (f"（{facts.unit_name(a.applicant)}）" if a.nominee != facts.unit_name(a.applicant)
                                  else "") for a in scanned if a.measure == block.measure]
            lines.append(f"{facts.measure_title(notice.year, block.measure)}：{'、'.join(names)}")
        assert atom._notice_text(facts, notice) == f"{notice.date.isoformat()} 发布。" + "\n".join(lines)


def test_measure_feed_names_each_notices_entries(synthetic: Snapshot) -> None:
    from xml.etree import ElementTree as ET

    from generator.opendata import provenance

    facts = collect(synthetic)
    prov = provenance.of(synthetic)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    checked = 0
    for year in synthetic.years:
        for number in synthetic.measures[year]:
            root = ET.fromstring(atom.measure_feed(facts, year, number, prov))
            for notice in synthetic.notices_for(year):
                names = [a.nominee for a in facts.awards if a.notice.path == notice.path and a.measure == number]
                if not names:
                    continue
                contents = [e.findtext("a:content", namespaces=ns) for e in root.findall("a:entry", ns)
                            if e.find("a:category", ns).get("term") == "通报"]
                assert f"{notice.title}：{'、'.join(names)}" in contents
                checked += 1
    assert checked >= 10


def test_a_render_computes_the_awards_and_lookups_once(synthetic: Snapshot, monkeypatch) -> None:
    calls: collections.Counter[str] = collections.Counter()
    awards, lookups = Snapshot.awards, facts_module.collect

    def counted_awards(self, *args, **kwargs):
        calls["awards"] += 1
        return awards(self, *args, **kwargs)

    def counted_collect(snapshot):
        calls["collect"] += 1
        return lookups(snapshot)

    monkeypatch.setattr(Snapshot, "awards", counted_awards)
    monkeypatch.setattr(outputs, "collect", counted_collect)
    made = outputs.render(synthetic)
    assert made.pages and made.files
    assert calls == {"awards": 1, "collect": 1}


def test_the_site_build_renders_once_and_reports_every_plugin_step(tmp_path: Path, monkeypatch, capsys) -> None:
    """`jili build` hands its validated Snapshot to the plugin: one validation, one render. With
    JILI_TIMINGS it reports the time of each jili plugin hook, and counts them all (staging
    writes and per-page work included) in the generator's share."""
    import json

    from tests.browser.sites import build

    calls: collections.Counter[str] = collections.Counter()
    render = outputs.render

    def counted_render(*args, **kwargs):
        calls["render"] += 1
        return render(*args, **kwargs)

    monkeypatch.setattr(outputs, "render", counted_render)
    monkeypatch.setenv("JILI_TIMINGS", "1")
    assert build(tmp_path / "site") == 0
    assert calls == {"render": 1}
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("JILI_TIMINGS "))
    timings = json.loads(line[len("JILI_TIMINGS "):])
    assert {"config", "files", "page_markdown", "page_content", "post_build"} <= set(timings["plugin"])
    assert timings["plugin"]["config"] >= timings["render"] > 0
    assert timings["generator"] == pytest.approx(timings["load_validate"] + sum(timings["plugin"].values()),
                                                 abs=0.001 * (len(timings["plugin"]) + 1))
    assert timings["total"] >= timings["generator"]
