"""The statistics and open-data pages of the built demo site in a real browser: charts drawn
and named for a screen reader, with their tables; data links that load; nothing fetched
from another host. (Open data, issue 5; uses this folder's browser and server fixtures.)"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .sites import demo_site, real_site


def test_statistics_charts_render_and_are_named(watched, site_url):
    page, watch = watched
    page.goto(f"{site_url}/stats/index.html")
    chart = page.get_by_role("img", name="各申报单位历年激励对象数")
    assert chart.count() == 1
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50
    assert page.locator("svg[role=img] rect").count() > 5
    # the table behind the chart: the first region drawn is a row with the same total
    stats = json.loads((demo_site() / "api/v1/stats.json").read_text(encoding="utf-8"))
    first = stats["by_region"][0]
    row = page.locator("article table").first.locator("tr", has_text=first["applicant_name"]).first
    assert row.locator("td").last.inner_text().strip() == str(first["total"])
    assert page.get_by_role("img", name="2021年各项措施的激励对象数").count() == 1
    assert watch.errors == [] and watch.outside() == []


def test_statistics_charts_pass_axe(watched, site_url):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = watched
    page.goto(f"{site_url}/stats/index.html")
    results = Axe().run(page, context={"include": [[".jili-chart"], ["article table"]]})
    assert results.violations_count == 0, results.generate_report()


def test_no_chart_without_awards(chromium):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto((real_site() / "stats/index.html").as_uri())
        assert page.locator("svg[role=img]").count() == 0
        assert page.get_by_text("本仓库中没有已发布的通报").count() >= 1
    finally:
        context.close()


def test_open_data_links_load(watched, site_url):
    page, watch = watched
    page.goto(f"{site_url}/data/index.html")
    with page.expect_download() as download:
        page.get_by_role("link", name="2021年度获激励名单.csv").click()
    data = Path(download.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "示例数据" and len(rows) > 1
    assert watch.errors == []
    page.get_by_role("link", name="index.json").first.click()
    page.wait_for_load_state()
    # (a JSON document has no favicon link, so the browser's own /favicon.ico request 404s)
    assert json.loads(page.locator("body").inner_text())["api_version"] == "v1"
    assert watch.outside() == []
