"""What a reader gets from the generated pages (issue 13, no browser): rounds that tell how
they ended, answers before details, one nominee per row, names instead of ids, official and
pinyin order, evidence beside its application, and search that ranks and reads well."""

from __future__ import annotations

import datetime as dt
import glob
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator import clock, urls
from generator.model import OUTCOME_ELSEWHERE, Closure
from generator.site import evidence, render_pages, search
from generator.site.labels import by_pinyin, pinyin_key
from generator.snapshot import take

from .conftest import REPO, copy_repository

#: the day the issue was written: the 2021 round ran years before, outside this repository
LATE = dt.datetime(2026, 11, 30, 12, 0, tzinfo=clock.SHANGHAI)
BUILT = dt.datetime(2022, 6, 1, 9, 0, tzinfo=clock.SHANGHAI)


@pytest.fixture(scope="module")
def real():
    snap = take(REPO, now=LATE)
    return snap, render_pages(snap)


@pytest.fixture(scope="module")
def demo():
    snap = take(REPO, demo=True, now=BUILT)
    return snap, render_pages(snap)


def visible(markdown_text: str) -> str:
    """A page's text as a reader sees it, roughly: without front matter, tags and link targets."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown_text, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"`[^`]*`", "", text)
    return text


# --- rounds that tell the truth --------------------------------------------------------------


def test_the_real_2021_round_is_recorded_as_ended_outside_this_repository(real) -> None:
    snap, _ = real
    closure = snap.editions[2021].closure
    assert closure is not None and closure.outcome == "not-recorded"
    assert closure.document_number is None  # nothing invented
    assert snap.closure(2021) == closure


def test_the_real_site_in_2026_says_plainly_how_2021_ended(real) -> None:
    _, pages = real
    home = pages[urls.HOME]
    assert "当前步骤：<strong data-jili-current>本年度工作已结束（在本仓库之外进行，结果没有收录在本仓库）" in home
    assert "下一个截止时间：<strong data-jili-next>无</strong>" in home
    assert "2021年度的工作已经结束，督查激励正式名单没有收录在本仓库中。" in home
    for page in (urls.HOME, urls.TIMELINE, urls.AWARDS_INDEX, urls.awards_by_measure(2021), urls.measure(2021, 1),
                 urls.measure(2021, 26), urls.experiences(2021)):
        text = pages[page]
        assert "进行中" not in text and "尚未" not in text and "已逾期" not in text, page
        assert "没有收录在本仓库" in text, page
    measure = pages[urls.measure(2021, 1)]
    assert "**激励对象**：本站没有记录。" in measure
    assert "本仓库没有收录2021年度的申报材料。" in measure
    assert 'data-jili-closed="1"' in pages[urls.TIMELINE]


def test_a_round_published_elsewhere_names_its_notice(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    edition = root / "measures/2021/edition.yaml"
    text = edition.read_text("utf-8")
    text = text[:text.index("\nclosure:") + 1] + (
        "closure:\n  outcome: published-elsewhere\n  title: 关于2021年督查激励的通报\n"
        "  document_number: 渝府办发〔2022〕12号\n  date: 2022-05-20\n  url: https://example.gov.cn/tb.html\n")
    edition.write_text(text, "utf-8")
    snap = take(root, now=LATE)
    assert snap.closure(2021) == Closure(OUTCOME_ELSEWHERE, "关于2021年督查激励的通报", "渝府办发〔2022〕12号",
                                         dt.date(2022, 5, 20), "https://example.gov.cn/tb.html")
    pages = render_pages(snap)
    said = "2021年度督查激励正式名单已于2022年5月20日以《关于2021年督查激励的通报》（渝府办发〔2022〕12号）发布"
    for page in (urls.HOME, urls.AWARDS_INDEX, urls.measure(2021, 4)):
        assert said in pages[page], page
    assert 'href="https://example.gov.cn/tb.html"' in pages[urls.HOME]


def test_published_elsewhere_needs_a_number_and_a_date(tmp_path: Path, cli) -> None:
    root = copy_repository(tmp_path / "repo")
    edition = root / "measures/2021/edition.yaml"
    text = edition.read_text("utf-8")
    edition.write_text(text[:text.index("\nclosure:") + 1] + "closure:\n  outcome: published-elsewhere\n", "utf-8")
    result = cli("validate", "--root", str(root), str(edition))
    assert result.code == 1
    assert "[S001]" in result.out and "document_number" in result.out and "date" in result.out


def test_the_sample_round_stands_in_for_the_real_one_in_a_demo(demo) -> None:
    snap, pages = demo
    assert 2021 in snap.sample_years and snap.closure(2021) is None
    assert 'data-jili-closed="1"' not in pages[urls.TIMELINE]


def test_overdue_names_what_is_late_and_whose(demo) -> None:
    snap, pages = demo
    lead = "、".join(snap.measures[2021][26].lead_units)
    late = f"第26项措施：{lead}未报送激励推荐名单"
    for page in (urls.HOME, urls.TIMELINE, urls.measure(2021, 26)):
        text = pages[page]
        assert "已逾期" in text, page
        row = next(r for r in text.split("<tr ") if "已逾期" in r)
        assert f'<span class="jili-late" data-jili-late>{late}</span>' in row, page
    # a measure whose list came in is not overdue, and says nothing late
    assert "已逾期" not in pages[urls.measure(2021, 1)]


# --- answers first ----------------------------------------------------------------------------


def test_a_measure_page_opens_with_who_was_awarded(demo) -> None:
    _, pages = demo
    text = pages[urls.measure(2021, 1)]
    body = text[text.index("\n# "):]
    first = body.split("\n\n")[2]
    assert first.startswith("**激励对象**（共 4 个，依据[渝府办发〔2022〕999号]")
    assert "花田乡（酉阳土家族苗族自治县）" in first
    assert body.index("## 激励对象") < body.index("## 要点") < body.index("## 申报情况")


def test_an_unawarded_measure_says_why(demo) -> None:
    _, pages = demo
    assert "**激励对象**：2021年度督查激励通报中本项措施没有激励对象。" in pages[urls.measure(2021, 4)]


def test_each_row_is_one_nominee(demo) -> None:
    _, pages = demo
    text = pages[urls.measure(2021, 1)]
    table = text[text.index("## 申报情况"):text.index("## 激励推荐名单")]
    rows = {r.split(" | ")[0].lstrip("| "): r.split(" | ")[1:3] for r in table.splitlines() if r.startswith("| ")}
    assert rows["酉阳土家族苗族自治县"] == ["是", "否"]  # recommended, not awarded: its township was
    assert rows["花田乡"] == ["是", "是"]
    assert rows["奉节县"] == ["是", "是"] and rows["草堂镇"] == ["是", "否"]


def test_the_home_page_shows_the_latest_list(demo) -> None:
    snap, pages = demo
    home = pages[urls.HOME]
    assert home.index("## 最新激励名单") < home.index("## 工作进度")
    listed = home[home.index("## 最新激励名单"):home.index("## 工作进度")]
    for award in snap.awards(2021):
        assert award.nominee in listed
    assert "龙都街道（万州区）" in listed


def test_a_region_page_starts_with_its_awards(demo) -> None:
    _, pages = demo
    text = pages[urls.unit("500240")]
    assert text.index("## 获得激励") < text.index("## 基本情况") < text.index("## 申报情况")
    assert "共 4 个激励对象：2021年度第1项 石柱土家族自治县、2021年度第1项 中益乡" in text


# --- Chinese to readers -----------------------------------------------------------------------

IDS = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")


@pytest.mark.parametrize("page", [urls.REGIONS_INDEX, urls.unit("liangjiang-district"), urls.unit("liangjiang-new-area"),
                                  urls.DEPARTMENTS_INDEX, urls.STATISTICS, urls.HOME, urls.measure(2021, 2)])
def test_no_registry_ids_in_visible_text(demo, page) -> None:
    snap, pages = demo
    ids = {*snap.registry.platforms, *snap.registry.departments, *snap.registry.regions}
    shown = visible(pages[page])
    assert not [w for w in IDS.findall(shown) if w in ids], page
    assert "api/v1" not in shown


def test_liangjiang_is_what_it_was_each_year(real) -> None:
    _, pages = real
    index = pages[urls.REGIONS_INDEX]
    tables = index[:index.index("名录中另有")]
    assert tables.count("[两江新区]") == 1  # 2021: the national new area only
    assert "名录中另有本站各年度都不能申报的单位：[两江新区](liangjiang-district.md)（区，2025年起）" in index
    district = pages[urls.unit("liangjiang-district")]
    assert "区县（区），2025年起。名录中另有同名的国家级开发开放平台：[两江新区](liangjiang-new-area.md)（国家级新区，2010年起）" in district


def test_official_and_pinyin_order(real) -> None:
    snap, pages = real
    index = pages[urls.REGIONS_INDEX]
    codes = re.findall(r'jili-nb">(50\d{4})</span> \|$', index, flags=re.MULTILINE)
    assert codes == sorted(codes) and len(codes) == 38
    names = re.findall(r"^\| <span class=\"jili-nb\">\[([^\]]+)\]", index[index.index("## 国家级开发开放平台"):],
                       flags=re.MULTILINE)
    assert names == [p.name for p in by_pinyin(snap.platforms())] and names[0] == "璧山高新技术产业开发区"
    depts = re.findall(r"^\| \[([^\]]+)\]", pages[urls.DEPARTMENTS_INDEX], flags=re.MULTILINE)
    assert depts == sorted(depts, key=pinyin_key) and depts[0] != "市财政局"


def test_open_data_page_leads_with_the_downloads(real) -> None:
    _, pages = real
    text = pages[urls.OPEN_DATA]
    assert text.index("## 下载（CSV 和 Excel）") < text.index("## 接口（JSON，v1）")
    assert text.index("## 下载") < text.index("2021年度获激励名单.csv") < text.index("## 接口")


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_is_published_beside_its_application(demo) -> None:
    snap, pages = demo
    files = evidence.files(snap)
    app = next(a for a in snap.applications if a.applicant == "500101" and a.measure == 22)
    target = "applications/2021/500101/附件/龙都街道养老服务中心运营情况.txt"
    assert files[target] == (REPO / "examples/submissions/2021/500101/附件/龙都街道养老服务中心运营情况.txt").resolve()
    page = pages[urls.application(2021, "500101", 22)]
    link = re.search(r"\[龙都街道养老服务中心运营情况\.txt\]\(([^)]+)\)", page)
    assert link and unquote(link[1]) == "附件/龙都街道养老服务中心运营情况.txt"
    assert "修改历史" not in page  # no repository address configured
    cited = {evidence.site_path(a, e.file) for a in snap.applications for e in a.evidence if e.file}
    assert set(files) == cited  # only what applications cite
    assert all("/附件/" in p for p in files) and app.evidence


def test_evidence_history_link_only_with_a_repository_address() -> None:
    path = "submissions/2021/500101/附件/说明.pdf"
    assert evidence.history_url(None, path) is None
    assert evidence.history_url("https://github.com/o/r/blob/main/", path) == \
        "https://github.com/o/r/commits/main/submissions/2021/500101/%E9%99%84%E4%BB%B6/%E8%AF%B4%E6%98%8E.pdf"
    assert evidence.history_url("https://gitlab.example.gov.cn/o/r/-/blob/main/", "a.pdf") == \
        "https://gitlab.example.gov.cn/o/r/-/commits/main/a.pdf"
    assert evidence.history_url("https://git.example.gov.cn/o/r/src/branch/main/", "a.pdf") == \
        "https://git.example.gov.cn/o/r/commits/branch/main/a.pdf"


def test_evidence_outside_the_folder_or_too_large_is_not_published(tmp_path: Path, monkeypatch) -> None:
    import dataclasses

    from generator.model import Evidence

    snap = take(REPO, demo=True, now=BUILT)
    app = next(a for a in snap.applications if a.applicant == "500101" and a.measure == 22)
    outside = dataclasses.replace(app, evidence=(Evidence("外面", file="../500102/附件/南沱镇产业融合发展情况.txt"),
                                                 Evidence("绝对", file="/etc/hostname"), *app.evidence))
    other = dataclasses.replace(snap, applications=(outside,))
    assert list(evidence.files(other)) == ["applications/2021/500101/附件/龙都街道养老服务中心运营情况.txt"]
    monkeypatch.setattr(evidence, "MAX_FILE_BYTES", 10)
    assert evidence.files(other) == {}


# --- search -----------------------------------------------------------------------------------


def test_topic_pages_outrank_departments_in_search(demo) -> None:
    _, pages = demo
    assert "search:\n  boost: 2\n" in pages[urls.measure(2021, 4)]
    assert "search:\n  boost: 2\n" in pages[urls.unit("500101")]
    assert "search:\n  boost: 2\n" in pages[urls.experiences(2021)]
    assert "search:\n  boost: 0.5\n" in pages[urls.department("investment-promotion")]


def test_names_are_whole_words_for_jieba(demo) -> None:
    import jieba

    snap, _ = demo
    assert {"龙都街道", "石柱县", "万州区", "花田乡", "两江新区"} <= set(search.names(snap))
    search.add_names(snap)
    total = jieba.dt.total
    assert search.add_names(snap) == [] and jieba.dt.total == total  # a second build cuts text the same way
    for name in ("龙都街道", "花田乡", "酉阳土家族苗族自治县"):
        assert next(iter(jieba.cut(f"{name}开展工作"))) == name


def test_tables_are_left_out_of_the_search_index() -> None:
    html = '<p>共收到 3 份。</p>\n<table>\n<tr><td>1</td></tr></table><table class="x"></table><tabled>'
    assert search.without_tables(html) == ('<p>共收到 3 份。</p>\n<table data-search-exclude>\n<tr><td>1</td></tr>'
                                           '</table><table data-search-exclude class="x"></table><tabled>')


def _material_worker() -> str:
    import material

    (worker,) = glob.glob(str(Path(material.__file__).parent / "templates/assets/javascripts/workers/search.*.min.js"))
    return Path(worker).read_text("utf-8")


def test_the_query_segmenter_reaches_the_end_of_the_query() -> None:
    source = _material_worker()
    patched = search.patch_worker(source)
    assert len(patched) == len(source) - 1  # "<" became "<=", "-1" went: nothing else changed
    assert "o<=t.length;o++)t.slice(s,o)in e" in patched or re.search(r"<=\w+\.length;\w+\+\+\)\w+\.slice", patched)
    with pytest.raises(search.WorkerChanged):
        search.patch_worker(patched)  # the bounds are no longer the ones the patch corrects
    with pytest.raises(search.WorkerChanged):
        search.patch_worker("console.log(1)")


def test_evidence_links_its_history_where_the_repository_is_configured() -> None:
    snap = take(REPO, demo=True, now=BUILT, repo_url="https://github.com/cq-jili/jili/blob/main/")
    page = render_pages(snap)[urls.application(2021, "500101", 22)]
    history = ("https://github.com/cq-jili/jili/commits/main/examples/submissions/2021/500101/"
               "%E9%99%84%E4%BB%B6/%E9%BE%99%E9%83%BD%E8%A1%97%E9%81%93%E5%85%BB%E8%80%81%E6%9C%8D%E5%8A%A1"
               "%E4%B8%AD%E5%BF%83%E8%BF%90%E8%90%A5%E6%83%85%E5%86%B5.txt")
    assert f'<a href="{history}" rel="noopener noreferrer nofollow">修改历史</a>' in page
    assert "[龙都街道养老服务中心运营情况.txt](" in page  # the copy on the site still comes first
