# ruff: noqa: F811
"""The output registry (generator/outputs.py): every page family and data file registers once,
and the catalogue, the 开放数据 page, the twins lists and the changelog follow from it."""

from __future__ import annotations

import json

from generator import outputs, urls
from generator.opendata import api
from tests.test_opendata_round import real_snapshot  # noqa: F401  (fixture)


def test_outputs_are_registered_once_in_two_stages() -> None:
    data, pages = outputs.outputs(outputs.DATA), outputs.outputs(outputs.PAGES)
    names = [o.name for o in (*data, *pages)]
    assert len(names) == len(set(names))
    assert {"api", "downloads", "feeds", "calendars", "schemas", "index"} <= {o.name for o in data}
    assert data[-1].name == "index"  # the catalogue lists what the others made
    assert [o.name for o in pages][-2:] == ["home", "twins"]


def test_every_data_output_is_in_the_changelog() -> None:
    releases = {r["release"] for r in api.changelog()["releases"]}
    for out in outputs.outputs(outputs.DATA):
        assert out.since in releases, out.name


def test_the_catalogue_lists_every_entry(real_snapshot) -> None:
    made = outputs.publish(real_snapshot)
    index = json.loads(made.files[urls.api_index()])
    endpoints = {e["path"] for e in index["endpoints"]}
    assert {e.path for e in made.of_kind("json")} == endpoints
    assert {d["path"] for d in index["downloads"]} == {e.path for e in made.of_kind("download")}
    assert {f["path"] for f in index["feeds"]} == {e.path for e in made.of_kind("feed")}
    assert {c["path"] for c in index["calendars"]} == {e.path for e in made.of_kind("calendar")}
    # every file is an entry's, or the 字段说明 of a download
    described = {e.path for e in made.entries} | {e.fields for e in made.entries if e.fields}
    assert described == set(made.files)


def test_every_twin_is_a_page_and_links_back(real_snapshot) -> None:
    made = outputs.render(real_snapshot)
    twinned = 0
    for entry in made.entries:
        for page, label in entry.twins:
            if page in made.pages:
                twinned += 1
                assert f"]({urls.relative(page, entry.path)})" in made.pages[page], (page, entry.path)
                assert label in made.pages[page]
    assert twinned > 100


def test_a_new_output_is_one_registration(real_snapshot) -> None:
    """What the issue asked for: a new export format is one registered function, and the catalogue
    and the twins list pick it up without other edits."""
    def extra(context: outputs.Context) -> None:
        context.put(outputs.Entry("downloads/extra.csv", "额外的表", "download",
                                  twins=((urls.MEASURES_INDEX, "额外的表（CSV）"),)), b"a,b\n")

    outputs.REGISTRY.append(outputs.Output("extra-test", outputs.DATA, 60, extra, "1.0.0"))
    try:
        made = outputs.render(real_snapshot)
    finally:
        outputs.REGISTRY.pop()
    index = json.loads(made.files[urls.api_index()])
    assert "downloads/extra.csv" in {d["path"] for d in index["downloads"]}
    assert "额外的表（CSV）" in made.pages[urls.MEASURES_INDEX]
    assert "额外的表" in made.pages[urls.OPEN_DATA]
