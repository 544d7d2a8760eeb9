"""The 开放数据, 字段说明, 更新记录 and 统计 pages: every published thing listed, charts that a
screen reader can read with the table behind them, and honest words when nothing is awarded."""

from __future__ import annotations

import json
import posixpath
import re
from xml.etree import ElementTree as ET

import markdown

from generator import opendata, urls
from generator.opendata import apischema
from generator.opendata.charts import Bar, bar_chart

# The shared fixtures are imported by name (pytest finds them here); the test functions'
# parameters of the same names are how pytest hands them over.
# ruff: noqa: F811
from tests.test_opendata_round import (  # noqa: F401
    demo_files,
    demo_snapshot,
    real_snapshot,
    round_files,
    round_root,
    round_snapshot,
)

LINK = re.compile(r"\]\(([^)\s]+)\)")
SVG = re.compile(r"<svg.*?</svg>", re.DOTALL)


def links(page: str, text: str) -> list[str]:
    """The site paths `page` links to (links to other sites, such as the licence's, left out)."""
    return [posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) for href in LINK.findall(text)
            if "://" not in href]


def test_pages_are_the_four_data_pages(round_snapshot):
    assert set(opendata.pages(round_snapshot)) == {urls.OPEN_DATA, urls.OPEN_DATA_FIELDS, urls.OPEN_DATA_CHANGELOG,
                                                   urls.STATISTICS}


def test_open_data_page_lists_every_kind_download_feed_and_calendar(round_snapshot, round_files):
    page = opendata.pages(round_snapshot)[urls.OPEN_DATA]
    targets = set(links(urls.OPEN_DATA, page))
    schemas = {p for p in round_files if p.endswith(".schema.json")}
    assert schemas - {urls.api_schema("common")} <= targets
    index = json.loads(round_files[urls.api_index()])
    for item in [*index["downloads"], *index["feeds"][:2], *index["calendars"]]:
        assert item["path"] in targets, item["path"]
    for item in index["downloads"]:
        assert item["fields"] is None or item["fields"] in targets
    assert {urls.api_index(), urls.feed_notices(), urls.OPEN_DATA_FIELDS, urls.OPEN_DATA_CHANGELOG,
            urls.STATISTICS} <= targets
    # the descriptions are the schemas' own
    for name in ("awards", "measure", "unit"):
        assert json.loads(round_files[urls.api_schema(name)])["description"] in page


def test_every_link_on_the_data_pages_resolves(round_snapshot, round_files):
    from generator.site import render_pages

    site = render_pages(round_snapshot)
    for page, text in opendata.pages(round_snapshot).items():
        for target in links(page, text):
            assert target in round_files or target in site, f"{page}: {target}"


def test_fields_page_describes_every_column_from_the_schemas(round_snapshot):
    page = opendata.pages(round_snapshot)[urls.OPEN_DATA_FIELDS]
    schemas = apischema.load(round_snapshot.root / "schema")
    for name, pointer in (("awards", "/$defs/award"), ("measures", "/$defs/measure"),
                          ("recommendations", "/$defs/row"), ("applications", "/$defs/row")):
        for column in apischema.columns(schemas, name, pointer):
            assert f"| `{column.key}` | {column.title} |" in page
    assert "`notices[].measures[].entries[].nominee`" in page


def test_changelog_page_and_file_agree(round_snapshot, round_files):
    page = opendata.pages(round_snapshot)[urls.OPEN_DATA_CHANGELOG]
    releases = json.loads(round_files[urls.api_changelog()])["releases"]
    assert releases and releases[0]["version"] == "v1"
    # newest first, each a later release than the one after it
    numbers = [tuple(map(int, r["release"].split("."))) for r in releases]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)
    assert [r["date"] for r in releases] == sorted((r["date"] for r in releases), reverse=True)
    for release in releases:
        assert f"## {release['release']} 版（{release['date']}，接口 {release['version']}）" in page


def test_statistics_charts_are_accessible_with_a_table_behind(round_snapshot):
    page = opendata.pages(round_snapshot)[urls.STATISTICS]
    charts = SVG.findall(page)
    assert len(charts) == 2
    for chart in charts:
        svg = ET.fromstring(chart)
        assert svg.get("role") == "img" and svg.get("aria-label")
        title, desc = svg.get("aria-labelledby").split()
        ns = "{http://www.w3.org/2000/svg}"
        assert svg.find(f"{ns}title").get("id") == title and svg.find(f"{ns}title").text
        assert svg.find(f"{ns}desc").get("id") == desc
        after = page[page.index(chart) + len(chart):]
        assert after.split("\n| ", 1)[0].count("\n") < 8, "a table follows the chart"
    assert "| [万州区](../regions/500101.md) | 区县 | 2 | 2 |" in page
    assert "| [第1项 巩固拓展脱贫攻坚成果](../measures/2021/01.md) | 2 | 3 | 2 |" in page
    assert "<script" not in page


def test_statistics_render_through_markdown_intact(round_snapshot):
    page = opendata.pages(round_snapshot)[urls.STATISTICS]
    html = markdown.markdown(page, extensions=["tables", "admonition", "sane_lists"])
    assert html.count("<svg") == 2 and html.count('role="img"') == 2
    assert "<table>" in html
    assert "<p><svg" not in html and "<p><figure" not in html


def test_statistics_with_no_awards_say_so(real_snapshot):
    page = opendata.pages(real_snapshot)[urls.STATISTICS]
    assert "本仓库中没有已发布的通报" in page
    assert "<svg" not in page


def test_demo_pages_carry_the_demo_banner(demo_snapshot):
    for text in opendata.pages(demo_snapshot).values():
        before_heading = text.split("\n# ", 1)[0]
        assert "示例数据" in before_heading


def test_chart_values_and_escaping():
    chart = bar_chart("c", "标题 <x>", "说明", ["2021年", "2022年"], [Bar("甲&乙", (2, 1)), Bar("丙", (0, 3))])
    svg = ET.fromstring(chart[chart.index("<svg"): chart.index("</svg>") + 6])
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "甲&乙" in texts and "3" in texts and "2021年" in texts
    rects = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect") if r.find("{http://www.w3.org/2000/svg}title")
             is not None]
    # bar lengths are percentages of the chart's width (it is never scaled: labels keep their size)
    widths = {r.find("{http://www.w3.org/2000/svg}title").text: float(r.get("width").removesuffix("%"))
              for r in rects}
    assert abs(widths["甲&乙（2021年）：2"] * 3 / 2 - widths["丙（2022年）：3"]) < 0.2
    assert "\n\n" not in chart  # one raw HTML block for Markdown
