"""The site's page set, from `render_pages` (no mkdocs): which pages exist for the real and the
sample data, that links resolve and every page is reachable, provenance, the demo banner,
timeline statuses at given moments, the field reference and hostile text staying inert."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
import re
from pathlib import Path

import markdown
import pytest
import yaml

from generator import clock, urls
from generator.layout import schema_line
from generator.pagetext import DEMO_MARK, plain, rich_html
from generator.repository import Repository
from generator.schemas import SchemaSet, deref
from generator.site import render_pages, status
from generator.site.nav import MENU, navigation
from generator.snapshot import take
from generator.validate import Checker

from .conftest import REPO, copy_repository

NOW = dt.datetime(2022, 6, 1, 9, 0, tzinfo=clock.SHANGHAI)
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
HTML_LINK = re.compile(r'href="([^"]+)"')
EXTENSIONS = ["admonition", "tables", "sane_lists", "toc"]  # as in mkdocs.yml


@pytest.fixture(scope="module")
def real():
    snap = take(REPO, now=NOW)
    return snap, render_pages(snap)


@pytest.fixture(scope="module")
def demo():
    snap = take(REPO, demo=True, now=NOW)
    return snap, render_pages(snap)


def links(page: str, text: str) -> list[str]:
    """Site-internal link targets of a generated page, as source paths."""
    out = []
    for target in [*MD_LINK.findall(text), *HTML_LINK.findall(text)]:
        if re.match(r"[a-z]+:", target):
            continue
        target = target.split("#", 1)[0]
        if target:
            out.append(posixpath.normpath(posixpath.join(posixpath.dirname(page), target)))
    return out


def to_html(page_text: str) -> str:
    """A generated page as mkdocs renders its body: front matter off, the site's extensions."""
    front = re.match(r"---\n(.*?)\n---\n", page_text, re.DOTALL)
    if front:
        assert isinstance(yaml.safe_load(front.group(1)).get("title"), str)
        page_text = page_text[front.end():]
    return markdown.markdown(page_text, extensions=EXTENSIONS)


def at(snap, moment: dt.datetime):
    return dataclasses.replace(snap, built_at=moment)


def still_open(snap):
    """The real data as if the 2021 round were still going on (its edition records how it
    ended): the status rule at a given moment is about a round in progress."""
    editions = {y: dataclasses.replace(e, closure=None) for y, e in snap.editions.items()}
    return dataclasses.replace(snap, editions=editions)


# --- the page set ----------------------------------------------------------------------------


def test_real_site_has_every_section_and_all_27_measures(real):
    snap, pages = real
    for page in (urls.HOME, urls.POLICY_INDEX, urls.policy(2021), urls.MEASURES_INDEX, urls.TIMELINE,
                 urls.AWARDS_INDEX, urls.awards_by_measure(2021), urls.awards_by_region(2021),
                 urls.REGIONS_INDEX, urls.DEPARTMENTS_INDEX, urls.EXPERIENCES_INDEX, urls.experiences(2021),
                 urls.experiences_by_region(2021), urls.FIELDS):
        assert page in pages, page
    measure_pages = [p for p in pages if re.fullmatch(r"measures/2021/\d\d\.md", p)]
    assert len(measure_pages) == 27
    index_rows = re.findall(r"^\| \d+ \| \[", pages[urls.MEASURES_INDEX], re.MULTILINE)
    assert len(index_rows) == 27
    for number in range(1, 28):
        assert f"(2021/{number:02d}.md)" in pages[urls.MEASURES_INDEX]
    assert all(urls.unit(u.id) in pages for u in [*snap.regions(), *snap.platforms()])
    assert all(urls.department(d.id) in pages for d in snap.departments())
    assert not [p for p in pages if p.startswith(("applications/2021/5", "recommendations/2021/0"))]


def test_real_site_says_how_the_2021_round_ended(real):
    # measures/2021/edition.yaml records that the round ran outside this repository
    _, pages = real
    ended = "2021年度的工作已经结束，督查激励正式名单没有收录在本仓库中。"
    for page in (urls.AWARDS_INDEX, urls.awards_by_measure(2021), urls.awards_by_region(2021), urls.HOME):
        assert ended in pages[page] and "尚未发布" not in pages[page], page
    assert "本仓库中没有已发布的督查激励通报" in pages[urls.HOME]
    timeline = pages[urls.TIMELINE]
    assert "## 2021年度" in timeline
    assert timeline.count("data-jili-milestone") == 4
    assert ended in timeline and "已逾期" not in timeline


def test_policy_page_rebuilds_the_notice(real):
    snap, pages = real
    page = pages[urls.policy(2021)]
    edition = snap.editions[2021]
    assert edition.document_number in page and "二、组织实施" in page
    assert "渝府办发〔2020〕17号" in page  # what it superseded
    for number in snap.measures[2021]:
        assert f"]({number:02d}.md)" not in page  # links go to measure pages, not siblings
        assert f"(../measures/2021/{number:02d}.md)" in page


@pytest.mark.parametrize("which", ["real", "demo"])
def test_every_link_resolves(which, request):
    snap, pages = request.getfixturevalue(which)
    from urllib.parse import unquote

    from generator import opendata
    from generator.site import evidence, forms

    # evidence beside its application; the forms' scripts, style and data
    data = set(opendata.publish(snap)) | set(evidence.files(snap)) | set(forms.files(snap))
    for page, text in pages.items():
        for target in links(page, text):
            assert target in pages or unquote(target) in data, f"{page} links to missing {target}"


def test_every_page_is_reachable_from_the_navigation(demo):
    snap, pages = demo
    seen: set[str] = set()
    todo = [next(iter(entry.values())) for entry in navigation(pages, snap.programme)]
    while todo:
        page = todo.pop()
        if page in seen or page not in pages:
            continue
        seen.add(page)
        todo.extend(links(page, pages[page]))
    assert set(pages) - seen == set()


def test_navigation_lists_sections_not_pages(demo):
    snap, pages = demo
    nav = [next(iter(entry.values())) for entry in navigation(pages, snap.programme)]
    assert set(nav) <= {page for _, page in MENU}
    assert len(nav) <= len(MENU) < len(pages) / 10
    assert not [p for p in nav if p.startswith(("measures/20", "regions/5", "applications/"))]


def test_render_is_deterministic():
    first = render_pages(take(REPO, demo=True, now=NOW))
    second = render_pages(take(REPO, demo=True, now=NOW))
    assert first == second
    assert list(first) == sorted(first)


# --- the demo round ----------------------------------------------------------------------------


def test_demo_banner_on_every_page_and_only_in_demo(demo, real):
    _, pages = demo
    for path, text in pages.items():
        body = re.sub(r"\A---\n.*?\n---\n\s*", "", text, flags=re.DOTALL)
        assert re.match(rf'(# .*\n\s*)?<div class="{DEMO_MARK}"', body), path
        assert "示例数据" in body[:400]
    _, real_pages = real
    assert not any(DEMO_MARK in text for text in real_pages.values())


def test_award_list_by_measure_follows_the_notice(demo):
    snap, pages = demo
    notices = snap.notices_for(2021)
    assert notices, "the sample round has a published notice"
    page = pages[urls.awards_by_measure(2021)]
    position = 0
    for notice in notices:
        for block in notice.measures:
            heading = f"### [第{block.measure}项 "
            found = page.find(heading, position)
            assert found >= 0, f"第{block.measure}项 out of the notice's order"
            position = found
            section = page[found:page.find("\n### ", found + 1) if page.find("\n### ", found + 1) > 0 else None]
            names = [row.split(" | ")[1] for row in re.findall(r"^\| \d+ \| .*$", section, re.MULTILINE)]
            expected = []
            for entry in block.entries:
                app = snap.application(2021, block.measure, entry.applicant)
                expected.append(plain(app.nominee(entry.nominee).name))
            assert names == expected


def test_award_list_by_region_names_every_awarded_unit(demo):
    snap, pages = demo
    page = pages[urls.awards_by_region(2021)]
    awarded = {a.applicant for a in snap.awards(2021)}
    assert awarded
    for unit_id in awarded:
        assert f"(../../regions/{unit_id}.md)" in page
    for unit in snap.regions():
        if unit.id not in awarded:
            assert f"(../../regions/{unit.id}.md)" not in page


def test_every_awarded_entry_links_its_sources_and_they_name_their_files(demo):
    snap, pages = demo
    page = pages[urls.awards_by_measure(2021)]
    for award in snap.awards(2021):
        app = urls.relative(urls.awards_by_measure(2021), urls.application(2021, award.applicant, award.measure))
        assert f"[申报材料]({app})" in page
        for rec in award.recommendations:
            target = urls.relative(urls.awards_by_measure(2021), urls.recommendation(2021, rec.measure, rec.sender))
            assert f"({target})" in page
        assert award.recommendations, "every awarded entry was recommended"
        for source, path in ((urls.application(2021, award.applicant, award.measure), award.application.path),
                             (urls.notice(2021, award.notice.slug), award.notice.path),
                             *((urls.recommendation(2021, r.measure, r.sender), r.path) for r in award.recommendations)):
            shown = snap.source_of(path)
            assert shown.startswith("examples/")
            assert f"数据文件：`{shown}`" in pages[source]


def test_source_files_link_into_the_repository_when_configured():
    snap = take(REPO, demo=True, now=NOW, repo_url="https://git.example.invalid/jili/blob/main/")
    pages = render_pages(snap)
    app = snap.applications[0]
    page = pages[urls.application(app.year, app.applicant, app.measure)]
    assert f'href="https://git.example.invalid/jili/blob/main/{snap.source_of(app.path)}"' in page


def test_measure_page_shows_applications_lists_awards_and_experiences(demo):
    snap, pages = demo
    award = snap.awards(2021)[0]
    page = pages[urls.measure(2021, award.measure)]
    apps = snap.applications_for(2021, award.measure)
    assert f"共收到 {len(apps)} 份申报材料" in page
    for rec in snap.recommendations_for(2021, award.measure):
        assert f"({rec.sender}.md)" in page or f"/{rec.sender}.md)" in page
    assert "## 激励对象" in page and "## 典型经验做法" in page
    for exp in award.application.experiences:
        assert f"#### {plain(exp.title)}" in page
        assert rich_html(exp.body) in page


def _table_rows(page: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under `heading`, as cell texts."""
    rows = []
    for line in page.split(heading, 1)[1].split("\n## ", 1)[0].splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows[1:]  # the header row


def test_measure_page_says_which_nominees_were_recommended_and_awarded(demo):
    _snap, pages = demo
    # measure 17: the two lists name every nominee (石柱土家族自治县 on both); the notice
    # awards 江津区, 石柱土家族自治县 and their townships
    rows = _table_rows(pages[urls.measure(2021, 17)], "## 申报情况")
    assert [row[:3] for row in rows] == [
        ["黔江区", "是", "否"], ["濯水镇", "是", "否"], ["江津区", "是", "是"], ["吴滩镇", "是", "是"],
        ["石柱土家族自治县", "是", "是"], ["黄水镇", "是", "是"]]
    # measure 26: no list sent, nothing awarded
    rows = _table_rows(pages[urls.measure(2021, 26)], "## 申报情况")
    assert [row[:3] for row in rows] == [["涪陵区", "否", "否"], ["重庆经济技术开发区", "否", "否"]]


def test_experiences_by_measure_and_by_region(demo):
    snap, pages = demo
    by_measure = pages[urls.experiences(2021)]
    by_region = pages[urls.experiences_by_region(2021)]
    for award in snap.awards(2021):
        for exp in award.application.experiences:
            assert plain(exp.title) in by_measure
            assert plain(exp.title) in by_region
        assert f"(../regions/{award.applicant}.md)" in by_region


def test_region_and_department_pages(demo):
    snap, pages = demo
    award = snap.awards(2021)[0]
    unit_page = pages[urls.unit(award.applicant)]
    assert "## 获得激励" in unit_page and plain(award.nominee) in unit_page
    rec = snap.recommendations[0]
    dept_page = pages[urls.department(rec.sender)]
    assert f"../recommendations/2021/{rec.measure:02d}/{rec.sender}.md" in dept_page
    assert "## 牵头的措施" in dept_page


def test_contact_data_appears_on_no_page(demo):
    _, pages = demo
    checker = Checker(Repository(REPO, demo=True))
    contacts = []
    for source in checker.repo.of_kind("application"):
        app = checker.record(source.path)
        contacts.extend(v for v in (app.contact.person, app.contact.phone, app.contact.email, app.contact.unit) if v)
    assert contacts
    text = "\n".join(pages.values())
    leaked = [c for c in contacts if c in text]
    assert leaked == []


# --- the timeline ------------------------------------------------------------------------------


def moment(text: str) -> dt.datetime:
    return clock.parse_now(text)


@pytest.mark.parametrize("when, expected", [
    ("2021-08-19T12:00", ["upcoming", "upcoming", "upcoming", "upcoming"]),
    ("2021-09-30T23:59", ["open", "open", "open", "upcoming"]),
    ("2021-10-01T00:00", ["done", "open", "open", "upcoming"]),
    ("2022-02-01T10:00", ["done", "open", "open", "upcoming"]),
    ("2022-02-02T00:00", ["done", "done", "open", "upcoming"]),
    ("2022-04-01T00:00", ["done", "done", "done", "open"]),
    ("2030-01-01T00:00", ["done", "done", "done", "open"]),
])
def test_real_timeline_status_at_moments(real, when, expected):
    snap = still_open(real[0])
    found = status.states(snap, snap.editions[2021], moment(when))
    assert [s.milestone.id for s in found] == ["implementing-rules", "application", "recommendation", "notice"]
    assert [s.status for s in found] == expected
    # as recorded (the round ended outside this repository) every step is over, at any moment
    closed = status.states(real[0], real[0].editions[2021], moment(when))
    assert [s.status for s in closed] == ["done"] * 4 and all(s.closed and not s.late for s in closed)


def test_demo_timeline_overdue_and_done(demo):
    snap, _ = demo
    after = moment("2022-06-01T00:00")
    found = {s.milestone.id: s for s in status.states(snap, snap.editions[2021], after)}
    assert found["notice"].status == "done"  # the sample notice is published
    lacking = [n for n in snap.measures[2021] if snap.applications_for(2021, n) and not snap.recommendations_for(2021, n)]
    assert found["recommendation"].status == ("overdue" if lacking else "done")
    for n in snap.measures[2021]:
        per_measure = {s.milestone.id: s for s in status.states(snap, snap.editions[2021], after, n)}
        assert per_measure["recommendation"].status == ("overdue" if n in lacking else "done")
    before = {s.milestone.id: s for s in status.states(snap, snap.editions[2021], moment("2022-03-01T00:00"))}
    assert before["recommendation"].status == "open"


def test_days_left_counts_calendar_days_in_beijing():
    closes = clock.closes_at(dt.date(2022, 2, 1))
    assert status.days_left(closes, moment("2022-02-01T23:59")) == 0
    assert status.days_left(closes, moment("2022-01-31T00:01")) == 1
    assert status.days_left(closes, moment("2022-01-15T10:00")) == 17


def test_pages_state_the_status_as_built(real):
    snap = still_open(real[0])
    pages = render_pages(at(snap, moment("2022-01-15T10:00")))
    home = pages[urls.HOME]
    assert "当前步骤：<strong data-jili-current>区县申报（报送申报材料，进行中）</strong>" in home
    assert "报送申报材料：2022年2月1日前（还剩 17 天）" in home
    row = re.search(r'<tr data-jili-milestone[^>]*data-jili-title="报送申报材料".*?</tr>', home).group(0)
    assert 'data-jili-start="2021-08-20T00:00:00+08:00"' in row
    assert 'data-jili-end="2022-02-02T00:00:00+08:00"' in row
    assert "jili-status--open" in row and "（还剩 17 天）" in row


# --- the field reference -----------------------------------------------------------------------


def _properties(name: str, schema: dict) -> list[tuple[str, dict, bool]]:
    """Top-level properties, with `$ref`s followed (the referring node's title wins)."""
    schemas = SchemaSet(REPO / "schema")
    return [(k, deref(schemas.raw, name, v)[1], k in schema.get("required", ()))
            for k, v in schema["properties"].items()]


def test_field_reference_comes_from_the_schemas(real):
    _, pages = real
    page = pages[urls.FIELDS]
    for path in sorted((REPO / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "common.schema.json":
            continue
        assert f"## {schema['title']}" in page
        for key, prop, required in _properties(path.name.removesuffix('.schema.json'), schema):
            row = re.search(rf"^\| `{re.escape(key)}` \| (.*)$", page[page.index(f"## {schema['title']}"):], re.MULTILINE)
            assert row, f"{path.name}: {key}"
            cells = row.group(1).split(" | ")
            assert cells[0] == plain(prop["title"])
            assert cells[2] == ("是" if required else "否")
    assert "可选值：draft、published" in page  # an enum, read from notice.schema.json
    assert "`nominees[].level`" in page  # fields inside lists


def test_field_reference_follows_a_changed_schema(tmp_path):
    root = copy_repository(tmp_path / "repo")
    path = root / "schema" / "application.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["filed"]["description"] = "新的说明：以落款日期为准。"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    page = render_pages(take(root, now=NOW))[urls.FIELDS]
    assert "新的说明：以落款日期为准。" in page


# --- hostile text --------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    "[数据](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="javascript:alert(2)">链接</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "![像素](https://evil.example/pixel.png)",
    '段落 {: onclick="alert(3)" }',
    "{ onclick=alert(4) }",
    '--8<-- "README.md"',
    "{{ config.site_name }}",
    "{% include 'x.html' %}",
    '<div onmouseover="alert(5)">悬停</div>',
]
PLAIN_HOSTILE = "<script>alert(1)</script>{{ x }}{% y %}"


def write_yaml(root: Path, rel: str, kind: str, data: dict) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    target.write_text(schema_line(rel, kind) + "\n" + body, encoding="utf-8")


def hostile_repository(root: Path) -> Path:
    """A valid repository whose free text is all attacks: an application, its recommendation
    list and a published notice awarding it."""
    copy_repository(root)
    body = "\n\n".join(HOSTILE)
    write_yaml(root, "submissions/2021/500101/03.yaml", "application", {
        "measure": 3, "applicant": "500101",
        "nominees": [{"level": "区县", "name": "万州区"}],
        "self_assessment": body,
        "experiences": [{"title": PLAIN_HOSTILE, "body": body}],
        "evidence": [{"title": "<b onclick=x>材料</b>", "url": "https://example.com/a?b=<c>&d=\"e\""}],
        "contact": {"unit": "万州区测试科", "person": "张三丰", "phone": "023-55555555"},
        "filed": "2022-01-20",
    })
    write_yaml(root, "awards/2021/recommendations/03/development-reform.yaml", "recommendation", {
        "measure": 3, "sender": "development-reform", "sent": "2022-03-20",
        "method": "| 表格 | <b onmouseover=alert(6)>评审</b> --8<-- {{ x }}",
        "categories": [{"level": "区县", "entries": [
            {"applicant": "500101", "rank": 1, "reason": "<script>alert(7)</script> | {% y %} [x](javascript:z)"}]}],
        "note": "# 不是标题\n\n- 不是列表 <img src=x onerror=alert(8)>",
    })
    write_yaml(root, "awards/2021/notices/official-list.yaml", "notice", {
        "title": "通报 <script>alert(9)</script> {{ x }}", "document_number": "渝府办发〔2022〕1号",
        "date": "2022-05-10", "issuer": "general-office", "status": "published",
        "preamble": body,
        "measures": [{"measure": 3, "entries": [{"applicant": "500101"}]}],
        "errata": [{"date": "2022-05-20", "document_number": "渝府办发〔2022〕2号",
                    "change": "<script>alert(10)</script> 更正 [x](javascript:y)"}],
    })
    return root


def assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered and "<img" not in lowered
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", lowered), "an event handler attribute survived"
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data):""", lowered)
    assert "evil.example" not in lowered


def test_hostile_text_is_shown_or_stripped_never_executed(tmp_path):
    root = hostile_repository(tmp_path / "repo")
    pages = render_pages(take(root, now=NOW))
    touched = [urls.application(2021, "500101", 3), urls.recommendation(2021, 3, "development-reform"),
               urls.notice(2021, "official-list"), urls.measure(2021, 3), urls.experiences(2021),
               urls.awards_by_measure(2021), urls.HOME]
    for page in touched:
        html = to_html(pages[page])
        assert_inert(html)
    app_html = to_html(pages[urls.application(2021, "500101", 3)])
    text = re.sub(r"<[^>]+>", "", app_html)
    from html import unescape

    shown = unescape(text)
    for literal in ("{{ config.site_name }}", "{% include 'x.html' %}", '--8<-- "README.md"',
                    '{: onclick="alert(3)" }', "{ onclick=alert(4) }", "<script>alert(1)</script>{{ x }}{% y %}"):
        assert literal in shown, literal
    rec_html = to_html(pages[urls.recommendation(2021, 3, "development-reform")])
    rec_text = unescape(re.sub(r"<[^>]+>", "", rec_html))
    assert "<script>alert(7)</script> | {% y %} [x](javascript:z)" in rec_text  # a table cell, whole
    assert "# 不是标题" in rec_text and rec_html.count("<h1") == 1


def test_rich_text_keeps_formatting_and_drops_the_rest():
    html = rich_html("**加粗** 和 [政府网站](https://www.cq.gov.cn/) 和 [本地](../x.md)\n\n# 标题\n\n"
                     "<b onclick=x>粗</b><span style='color:red'>红</span>")
    assert "<strong>加粗</strong>" in html
    assert '<a href="https://www.cq.gov.cn/" rel="noopener noreferrer nofollow">政府网站</a>' in html
    assert "../x.md" not in html  # relative links would point nowhere on the site
    assert "<h4>标题</h4>" in html  # user headings sit under the page's own
    assert "onclick" not in html and "style" not in html and "<span" not in html


@pytest.mark.parametrize("value", ["1. 不是列表", "- 不是列表", "# 不是标题", "> 不是引用", "| a | b |", "```", "=== ", "+ x"])
def test_plain_text_never_starts_a_block(value):
    html = markdown.markdown(plain(value), extensions=EXTENSIONS)
    assert re.fullmatch(r"<p>.*</p>", html, re.DOTALL), html


def test_relative_links_match_posixpath():
    import itertools

    paths = ["index.md", "timeline.md", "measures/index.md", "measures/2021/01.md", "regions/500101.md",
             "applications/2021/500101/01.md", "api/v1/measures/2021/01.json", "awards/2021/notices/x.md"]
    for here, there in itertools.product(paths, paths):
        assert urls.relative(here, there) == posixpath.relpath(there, posixpath.dirname(here) or ".")


def test_pages_link_their_machine_readable_twins(demo):
    """Every page with data twins closes with links to them, and each link is published."""
    from generator import opendata

    snap, pages = demo
    published = set(opendata.publish(snap))
    notice = snap.notices[0]
    expected = {
        urls.measure(2021, 1): [urls.api_measure(2021, 1), urls.feed_measure(2021, 1)],
        urls.department("rural-revitalization"): [urls.api_department("rural-revitalization")],
        urls.notice(notice.year, notice.slug): [urls.api_notice(notice.year, notice.slug)],
        urls.unit("500101"): [urls.api_unit("500101")],
        urls.policy(2021): [urls.api_edition(2021), urls.calendar(2021)],
        urls.TIMELINE: [urls.calendar(2021)],
        urls.HOME: [urls.api_index(), urls.feed_notices()],
    }
    for page, targets in expected.items():
        text = pages[page]
        assert "## 开放数据" in text, page
        found = set(links(page, text))
        for target in targets:
            assert target in published, target
            assert target in found, (page, target)
