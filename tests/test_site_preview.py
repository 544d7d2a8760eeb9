"""Generated pages through mkdocs: converted once with the same result as mkdocs' own
conversion, record pages lean, and the live preview (`mkdocs serve --dirty`) rebuilding only
what a changed data file touches while ending with the same site a full build makes."""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import urls
from generator.site import render_pages
from generator.snapshot import take

from .browser.sites import demo_site, scratch, source_date
from .conftest import REPO, copy_repository

PARTS = ("programme.yaml", "schema", "registry", "measures", "docs", "examples")


def _config(root: Path, out: Path):
    from mkdocs.config import load_config

    return load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out), strict=True)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class _Outline(HTMLParser):
    """What a reader gets from a page's article: its text, its headings with their anchors,
    and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.headings: list[tuple[str, str | None]] = []
        self.links: list[str] = []
        self._heading: tuple[str, str | None] | None = None
        self._heading_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._heading_text = (tag, attrs.get("id")), []
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((self._heading[0] + " " + "".join(self._heading_text).strip(), self._heading[1]))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading:
            self._heading_text.append(data)


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


# --- pages converted once, as mkdocs converts them -------------------------------------------------


def test_generated_pages_convert_as_mkdocs_converts_them(monkeypatch):
    """Every generated page of the demo: the plugin's converter (one per build) gives the HTML,
    table of contents, title and anchors mkdocs' own Page.render gives."""
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from generator.site.preview import GeneratedPage, generated_file

    monkeypatch.setenv("JILI_DEMO", "1")
    config = _config(REPO, scratch("convert") / "site")
    config.plugins._current_plugin = "jili"  # what mkdocs sets while a plugin event runs
    with source_date():
        pages = render_pages(take(REPO, demo=True))
    files = Files([generated_file(config, path, text) for path, text in pages.items()])
    sample = [p for p in pages if p.startswith(("applications/", "recommendations/", "awards/", "measures/",
                                                 "regions/", "policy/", "experiences/"))] + [urls.HOME]
    assert len(sample) > 50
    for path in sample:
        ours = GeneratedPage(None, generated_file(config, path, pages[path]), config)
        theirs = Page(None, generated_file(config, path, pages[path]), config)
        for page in (ours, theirs):
            page.read_source(config)
            page.render(config, files)
        assert ours.content == theirs.content, path
        assert [(t.title, t.id, t.level) for t in ours.toc] == [(t.title, t.id, t.level) for t in theirs.toc], path
        assert ours.present_anchor_ids == theirs.present_anchor_ids, path
        assert ours.title == theirs.title, path


def test_built_pages_keep_their_text_headings_and_links():
    """The built home, measure, region, application, notice and policy pages say, head and link
    what their Markdown says (nothing lost between the generator and the page)."""
    site = demo_site()
    with source_date():
        pages = render_pages(take(REPO, demo=True))
    app = take(REPO, demo=True).applications[0]
    for path in (urls.HOME, urls.measure(2021, 1), urls.unit("500101"), urls.application(app.year, app.applicant, app.measure),
                 urls.notice(2021, "official-list"), urls.policy(2021)):
        html = (site / urls.html_path(path)).read_text(encoding="utf-8")
        article = _outline(html[html.index("<article"):html.index("</article>")])
        heads = re.findall(r"^(#{1,3}) (.+)$", pages[path], re.MULTILINE)
        assert len([h for h in article.headings if h[0][:2] in ("h1", "h2", "h3")]) == len(heads), path
        assert all(anchor for level, anchor in article.headings if level[:2] != "h1"), path
        links = re.findall(r"\]\(([^)]+)\)", pages[path])
        assert links, path
        missing = {re.sub(r"\.md(?=$|#)", ".html", x) for x in links} - set(article.links)
        assert missing == set(), path
        assert "".join(article.text).count("示例数据") >= 1, path


# --- lean record pages ---------------------------------------------------------------------------


def test_record_pages_are_lean_and_lead_back_to_their_list():
    """Application, recommendation-list and notice pages: no navigation and no table-of-contents
    sidebar on a wide screen, but the header with search, the demo banner and a way back to
    their list."""
    site = demo_site()
    snap = take(REPO, demo=True)
    app, rec = snap.applications[0], snap.recommendations[0]
    records = {
        urls.application(app.year, app.applicant, app.measure): ("2021年度申报材料", urls.applications_index(app.year)),
        urls.recommendation(rec.year, rec.measure, rec.sender): ("2021年度激励推荐名单", urls.recommendations_index(rec.year)),
        urls.notice(2021, "official-list"): ("2021年度激励名单", urls.awards_by_measure(2021)),
    }
    for path, (label, target) in records.items():
        html = (site / urls.html_path(path)).read_text(encoding="utf-8")
        # material hides both on a wide screen; a phone keeps the menu drawer (the nav)
        assert 'data-md-type="navigation" hidden>' in html and 'data-md-type="toc" hidden>' in html, path
        assert 'class="md-search"' in html and 'class="jili-demo-banner"' in html, path
        back = f'返回：<a href="{urls.relative(urls.html_path(path), urls.html_path(target))}">{label}</a>'
        assert back in html, path
    # a section page keeps both sidebars
    measure = (site / urls.html_path(urls.measure(2021, 1))).read_text(encoding="utf-8")
    assert 'data-md-type="navigation" >' in measure and 'data-md-type="toc" >' in measure


# --- the search index ------------------------------------------------------------------------------


def test_search_index_is_compact_utf8_and_has_each_experience_once():
    site = demo_site()
    raw = (site / "search/search_index.json").read_bytes()
    assert "关于".encode() in raw and b"\\u5173" not in raw  # three bytes a character, not a six-byte escape
    index = json.loads(raw)
    script = (site / "search/search_index.js").read_text(encoding="utf-8")
    assert json.loads(script.removeprefix("var __index = ")) == index  # the offline copy is the same
    locations = {d["location"] for d in index["docs"]}
    # an awarded experience: found by its title on the year's experiences page, once
    assert [x for x in locations if x.endswith("#河长制巡查改闭环")] == ["experiences/2021.html#河长制巡查改闭环"]
    # its full text is not in the index (a province's decade of texts would be megabytes)
    body = "河长巡河发现的问题通过移动端上报"
    assert not [d["location"] for d in index["docs"] if body in d["text"].replace("\u200b", "")]
    assert "河长巡河发现的问题通过移动端上报" in (site / "experiences/2021.html").read_text(encoding="utf-8")
    # the by-region list repeats the titles; the unit's own page keeps them
    assert not [x for x in locations if x.startswith("experiences/2021-regions.html")]
    assert "regions/500240.html#典型经验做法" in locations
    # the marks that kept a block out are not left in the page
    assert "jili:search-skip" not in (site / "measures/2021/19.html").read_text(encoding="utf-8")


# --- the live preview -----------------------------------------------------------------------------


def _build(config, *, dirty: bool):
    from mkdocs.commands.build import build

    with source_date():
        build(config, dirty=dirty)


@pytest.fixture
def preview_repo(monkeypatch):
    root = copy_repository(scratch("preview") / "repo", parts=PARTS)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.setenv("JILI_DEMO", "1")
    yield root
    # mkdocs keeps plugin instances for the whole process: leave them as a plain build expects
    config = _config(root, root / "after")
    config.plugins.on_startup(command="build", dirty=False)
    config.plugins.on_shutdown()


def test_a_preview_rebuild_changes_what_the_data_file_touches_and_nothing_else(preview_repo):
    root = preview_repo
    site = root / "served"
    config = _config(root, site)
    config.plugins.on_startup(command="serve", dirty=True)
    _build(config, dirty=True)
    snap = take(root, demo=True)
    app = next(a for a in snap.applications if a.applicant == "500101" and a.measure == 2)
    changed = root / snap.source_of(app.path)
    page = site / urls.html_path(urls.application(app.year, app.applicant, app.measure))
    other = next(a for a in snap.applications if a.applicant != "500101")
    other_page = site / urls.html_path(urls.application(other.year, other.applicant, other.measure))
    policy = site / urls.html_path(urls.policy(2021))
    before = _files(site)
    untouched = {p: p.stat().st_mtime_ns for p in (other_page, policy)}
    assert "万州区地处三峡库区腹心" in page.read_text(encoding="utf-8")

    # an edit to one application, as the supervision office makes it while previewing
    changed.write_text(changed.read_text(encoding="utf-8").replace("万州区地处三峡库区腹心", "万州区位于三峡库区腹心"),
                       encoding="utf-8")
    for p in untouched:
        os.utime(p, ns=(1, 1))  # so a rewrite, even of the same bytes, would show
    _build(_config(root, site), dirty=True)
    after = _files(site)
    assert "万州区位于三峡库区腹心" in page.read_text(encoding="utf-8")
    assert all(p.stat().st_mtime_ns == 1 for p in untouched)  # neither converted nor written again
    differ = sorted(p for p in after if before.get(p) != after[p])
    assert urls.html_path(urls.application(app.year, app.applicant, app.measure)) in differ
    assert all(not re.match(r"(applications|recommendations)/", p) or "500101" in p for p in differ), differ
    assert urls.html_path(urls.policy(2021)) not in differ

    # invalid data stops a rebuild before anything is written; once fixed, the next rebuild
    # still keeps the untouched pages
    from mkdocs.exceptions import Abort

    good = changed.read_text(encoding="utf-8")
    changed.write_text(good.replace("measure: 2", "measure: 二"), encoding="utf-8")
    with pytest.raises(Abort):
        _build(_config(root, site), dirty=True)
    changed.write_text(good, encoding="utf-8")
    _build(_config(root, site), dirty=True)
    assert all(p.stat().st_mtime_ns == 1 for p in untouched)
    assert _files(site) == after

    # and the preview is what a full build of the changed data makes, search index included
    full = root / "full"
    config = _config(root, full)
    config.plugins.on_startup(command="build", dirty=False)
    _build(config, dirty=False)
    whole = _files(full)
    assert sorted(whole) == sorted(after)
    assert [p for p in whole if whole[p] != after[p]] == []


def test_a_preview_rebuild_drops_the_page_of_a_removed_application(preview_repo):
    root = preview_repo
    site = root / "served"
    config = _config(root, site)
    config.plugins.on_startup(command="serve", dirty=True)
    _build(config, dirty=True)
    snap = take(root, demo=True)
    recommended = {(e.applicant, r.measure, r.year) for r in snap.recommendations for c in r.categories for e in c.entries}
    app = next(a for a in snap.applications if (a.applicant, a.measure, a.year) not in recommended)
    page = site / urls.html_path(urls.application(app.year, app.applicant, app.measure))
    assert page.is_file()
    (root / snap.source_of(app.path)).unlink()
    _build(_config(root, site), dirty=True)
    assert not page.exists()
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"]
