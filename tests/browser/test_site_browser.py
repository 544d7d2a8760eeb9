"""The demo site in a real headless Chromium: from home to a measure and to the award lists,
Chinese search, the timeline refreshing in the browser, no console error, no request leaving
localhost, and axe-core finding no serious or critical accessibility violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from generator.snapshot import take

from ..conftest import REPO

BUILT = "2022-06-01"  # the demo build's moment (tests/browser/sites.py EPOCH)


def expect_clean(watch) -> None:
    assert watch.errors == []
    assert watch.requests, "the page made no request at all?"
    assert watch.outside() == []


def test_from_home_to_a_measure_and_to_the_award_lists(watched, site_url):
    page, watch = watched
    page.goto(f"{site_url}/index.html")
    assert page.locator(".jili-demo-banner").first.is_visible()
    assert "示例数据" in page.locator(".jili-demo-banner").first.inner_text()

    page.locator(".md-nav--primary").get_by_role("link", name="激励措施", exact=True).click()
    page.wait_for_url("**/measures/index.html")
    assert page.locator("h1").inner_text() == "激励措施"
    page.get_by_role("link", name="巩固拓展脱贫攻坚成果", exact=True).click()
    page.wait_for_url("**/measures/2021/01.html")
    assert page.locator("h1").inner_text() == "第1项 巩固拓展脱贫攻坚成果"
    assert page.locator(".jili-demo-banner").is_visible()

    page.locator(".md-nav--primary").get_by_role("link", name="激励名单", exact=True).click()
    page.wait_for_url("**/awards/index.html")
    page.get_by_role("link", name="按措施浏览").first.click()
    page.wait_for_url("**/awards/2021/index.html")
    snap = take(REPO, demo=True)
    first = snap.awards(2021)[0]
    table = page.locator("table").first
    assert first.nominee in table.inner_text()
    assert table.get_by_role("link", name="申报材料").first.is_visible()

    page.get_by_role("link", name="按区县和平台浏览").first.click()
    page.wait_for_url("**/awards/2021/regions.html")
    assert snap.registry.unit(first.applicant).name in page.locator("table").inner_text()

    # provenance: from the award list to the application, which names its data file
    page.go_back()
    page.locator("table").first.get_by_role("link", name="申报材料").first.click()
    page.wait_for_url("**/applications/2021/**")
    assert "数据文件：examples/submissions/2021/" in page.locator("article").inner_text()
    expect_clean(watch)


@pytest.mark.parametrize("query, expected", [
    ("脱贫", "measures/2021/01.html"),
    ("招商引资", "measures/2021/04.html"),
    ("申报材料", "applications/"),
])
def test_search_in_chinese_finds_results(watched, site_url, query, expected):
    page, watch = watched
    page.goto(f"{site_url}/index.html")
    page.locator(".md-search__input").click()
    meta = page.locator(".md-search-result__meta")
    # the search worker loads and indexes the site first; type once it is ready
    expect(meta).not_to_have_text("正在初始化搜索引擎", timeout=30000)
    box = page.locator(".md-search__input")
    # Chinese arrives as composed text (as from an input method), which fires no key events;
    # material reads the query on keyup, which the key confirming the input gives it
    box.fill(query)
    box.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30000)
    links = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any(expected in (href or "") for href in links), links
    assert "没有找到" not in page.locator(".md-search-result__meta").inner_text()
    expect_clean(watch)


def _status(page, title: str) -> str:
    row = page.locator(f'tr[data-jili-title="{title}"]').first
    return row.locator("[data-jili-status]").inner_text() + row.locator("[data-jili-left]").inner_text()


def test_timeline_is_refreshed_by_the_browser_clock(watched, site_url):
    page, watch = watched
    page.clock.set_fixed_time("2022-01-15T10:00:00+08:00")
    page.goto(f"{site_url}/timeline.html")
    assert _status(page, "报送申报材料") == "进行中（还剩 17 天）"
    assert _status(page, "报送激励推荐名单").startswith("进行中")
    # delivered before the build (the sample notice is published): done whatever the clock says
    assert _status(page, "审核并通报正式名单") == "已结束"
    summary = page.locator("[data-jili-summary]").first.inner_text()
    assert "区县申报（报送申报材料，进行中）" in summary and "2022年2月1日前（还剩 17 天）" in summary

    page.clock.set_fixed_time("2022-02-01T20:00:00+08:00")
    page.reload()
    assert _status(page, "报送申报材料") == "进行中（今天截止）"
    page.clock.set_fixed_time("2021-08-01T10:00:00+08:00")
    page.reload()
    assert _status(page, "报送申报材料") == "未开始"
    expect_clean(watch)


def test_timeline_reads_without_javascript(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/timeline.html")
    # as built (2022-06-01): the application step is over, the notice published
    assert _status(page, "报送申报材料") == "已结束"
    assert _status(page, "审核并通报正式名单") == "已结束"
    assert "状态按网站生成时间 2022-06-01" in page.locator("article").inner_text()
    context.close()


@pytest.mark.parametrize("path", ["index.html", "measures/2021/01.html", "awards/2021/index.html"])
def test_no_serious_accessibility_violations(watched, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page, watch = watched
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} 处"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    expect_clean(watch)


def test_pages_in_every_section_load_cleanly(watched, site_url):
    page, watch = watched
    for path in ("index.html", "policy/2021.html", "timeline.html", "regions/index.html", "regions/500240.html",
                 "departments/index.html", "experiences/2021.html", "experiences/2021-regions.html",
                 "guide/fields.html", "awards/2021/notices/official-list.html", "about.html"):
        response = page.goto(f"{site_url}/{path}")
        assert response.status == 200, path
        assert re.search(r"\S", page.locator("h1").first.inner_text()), path
    expect_clean(watch)
