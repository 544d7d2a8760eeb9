"""Atom feeds parse back as valid Atom (xml.etree, and feedparser as feed readers do), hold the
expected entries, link absolutely when the site's address is known, and cannot carry a
character XML 1.0 refuses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import feedparser
import pytest

from generator import opendata, urls
from generator.facts import collect
from generator.opendata import atom, provenance

# The shared fixtures are imported by name (pytest finds them here); the test functions'
# parameters of the same names are how pytest hands them over.
# ruff: noqa: F811
from tests.test_opendata_round import (  # noqa: F401
    BUILD_TIME,
    DRAFT_TITLE,
    demo_files,
    demo_snapshot,
    real_snapshot,
    round_files,
    round_root,
    round_snapshot,
)

NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)\Z")


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root


def check_atom(root: ET.Element) -> None:
    """The RFC 4287 requirements a validator checks first."""
    for tag in ("id", "title", "updated"):
        assert len(root.findall(f"a:{tag}", NS)) == 1, tag
    assert root.find("a:author/a:name", NS).text
    assert root.find("a:link[@rel='self']", NS) is not None
    assert RFC3339.match(root.findtext("a:updated", namespaces=NS))
    ids = set()
    for entry in root.findall("a:entry", NS):
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"a:{tag}", NS)) == 1, tag
        entry_id = entry.findtext("a:id", namespaces=NS)
        assert entry_id.startswith("urn:uuid:") and entry_id not in ids
        ids.add(entry_id)
        assert RFC3339.match(entry.findtext("a:updated", namespaces=NS))
        assert entry.find("a:link[@rel='alternate']", NS) is not None
        assert entry.find("a:content", NS).get("type") == "text"
    updated = [entry.findtext("a:updated", namespaces=NS) for entry in root.findall("a:entry", NS)]
    if updated:
        assert root.findtext("a:updated", namespaces=NS) == max(updated)
        assert updated == sorted(updated, reverse=True)


def entries(root: ET.Element) -> list[tuple[str, str, str]]:
    return [(e.find("a:category", NS).get("term"), e.findtext("a:title", namespaces=NS),
             e.findtext("a:updated", namespaces=NS)[:10])
            for e in root.findall("a:entry", NS)]


def test_notices_feed_holds_notices_and_errata(round_files):
    root = parse(round_files[urls.feed_notices()])
    check_atom(root)
    got = entries(root)
    assert [(c, u) for c, _, u in got] == [("勘误", "2022-06-01"), ("通报", "2022-05-10")]
    assert "渝府办发〔2022〕45号" in got[0][1] and "渝府办发〔2022〕30号" in got[1][1]
    assert root.findtext("a:updated", namespaces=NS) == "2022-06-01T00:00:00+08:00"
    content = root.findall("a:entry", NS)[1].findtext("a:content", namespaces=NS)
    assert "龙都街道" in content and "两江新区" in content
    assert DRAFT_TITLE not in round_files[urls.feed_notices()].decode("utf-8")


def test_measure_feed_follows_the_whole_process(round_files):
    root = parse(round_files[urls.feed_measure(2021, 1)])
    check_atom(root)
    assert [c for c, _, _ in entries(root)] == ["勘误", "通报", "推荐", "申报", "措施"]
    titles = [t for _, t, _ in entries(root)]
    assert "已收到 2 份申报" in titles[3]
    assert "市乡村振兴局" in titles[2]
    quiet = parse(round_files[urls.feed_measure(2021, 2)])
    check_atom(quiet)
    assert [c for c, _, _ in entries(quiet)] == ["措施"]
    assert quiet.findtext("a:updated", namespaces=NS) == "2021-08-20T00:00:00+08:00"  # the edition's publication


def test_every_feed_is_valid_atom(round_files):
    feeds = [p for p in round_files if p.startswith("feeds/")]
    assert len(feeds) == 1 + 27
    for path in feeds:
        check_atom(parse(round_files[path]))


def test_feed_links_resolve_to_published_files_and_pages(round_snapshot, round_files):
    from generator.site import render_pages

    pages = render_pages(round_snapshot)
    html = {urls.html_path(p) for p in pages}
    for path in [p for p in round_files if p.startswith("feeds/")]:
        root = parse(round_files[path])
        for link in root.iter("{http://www.w3.org/2005/Atom}link"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link.get("href")))
            assert target in round_files or target in html, f"{path}: {link.get('href')}"


def test_feed_ids_are_stable_and_differ_in_a_demo_build(round_files, demo_files):
    real = parse(round_files[urls.feed_notices()])
    demo = parse(demo_files[urls.feed_notices()])
    real_ids = {e.findtext("a:id", namespaces=NS) for e in real.findall("a:entry", NS)}
    demo_ids = {e.findtext("a:id", namespaces=NS) for e in demo.findall("a:entry", NS)}
    assert real_ids and not real_ids & demo_ids


def test_demo_feeds_are_marked_in_titles(demo_files):
    for path in [p for p in demo_files if p.startswith("feeds/")]:
        root = parse(demo_files[path])
        assert root.findtext("a:title", namespaces=NS).startswith("【示例数据】")
        for entry in root.findall("a:entry", NS):
            assert entry.findtext("a:title", namespaces=NS).startswith("【示例数据】")


def test_real_data_feeds_without_notices(real_snapshot):
    files = opendata.publish(real_snapshot)
    root = parse(files[urls.feed_notices()])
    check_atom(root)
    assert root.findall("a:entry", NS) == []
    # With nothing filed yet, `updated` is the latest date the data has (the policy's
    # publication), not the build's clock.
    assert not real_snapshot.applications and not real_snapshot.recommendations
    latest = max(e.published for e in real_snapshot.editions.values())
    assert root.findtext("a:updated", namespaces=NS) == f"{latest.isoformat()}T00:00:00+08:00"


@pytest.mark.parametrize("year,number", [(2021, 1), (2021, 27)])
def test_real_measure_feeds_have_the_measure(real_snapshot, year, number):
    files = opendata.publish(real_snapshot)
    root = parse(files[urls.feed_measure(year, number)])
    check_atom(root)
    assert [c for c, _, _ in entries(root)][-1] == "措施"


# --- as real clients read them ------------------------------------------------------------------

# Every character of the Basic Multilingual Plane (surrogates and U+FFFE/U+FFFF included) and a
# few beyond it: whatever the data holds, the feed must stay well-formed XML 1.0.
EVERY_CHARACTER = "".join(map(chr, range(0x10000))) + "\U00010000\U0001F600\U0010FFFF"
SITE = "https://data.example.gov.cn/jili/"


def _feeds(files: dict[str, bytes]) -> list[str]:
    return [p for p in files if p.startswith("feeds/")]


def test_every_feed_parses_with_feedparser_without_bozo(round_files, demo_files):
    for files in (round_files, demo_files):
        for path in _feeds(files):
            parsed = feedparser.parse(files[path])
            assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
            assert parsed.version == "atom10"
            assert parsed.feed.title and all(e.id and e.title and e.link for e in parsed.entries)


def test_feed_names_its_build(round_files):
    text = round_files[urls.feed_notices()].decode("utf-8")
    head = text.split("<feed", 1)[0]
    assert "数据提交：无（不是从 Git 仓库生成的）" in head
    assert f"生成时间：{BUILD_TIME.isoformat(timespec='seconds')}" in head


def test_links_are_absolute_when_the_site_address_is_known(round_snapshot):
    files = opendata.publish(dataclasses.replace(round_snapshot, site_url=SITE.rstrip("/")))
    for path in _feeds(files):
        root = parse(files[path])
        hrefs = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
        assert hrefs and all(h.startswith(SITE) for h in hrefs), path
        ids = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}id")]
        assert all(urlsplit(i).scheme for i in ids), path  # urn:uuid: ids are absolute IRIs already
        assert root.find("a:link[@rel='self']", NS).get("href") == SITE + path
        parsed = feedparser.parse(files[path])  # no base given: links must stand on their own
        assert not parsed.bozo and all(e.link.startswith(SITE) for e in parsed.entries)
    notices = parse(files[urls.feed_notices()])
    entry = notices.find("a:entry", NS)
    assert entry.find("a:link[@rel='alternate']", NS).get("href") == SITE + "awards/2021/notices/official-list.html"
    assert entry.find("a:link[@rel='related']", NS).get("href") == SITE + "api/v1/notices/2021/official-list.json"


def test_links_are_relative_without_the_site_address(round_files):
    for path in _feeds(round_files):
        for link in parse(round_files[path]).iter("{http://www.w3.org/2005/Atom}link"):
            assert not urlsplit(link.get("href")).scheme, (path, link.get("href"))
    # a reader resolves them against the feed's own address
    parsed = feedparser.parse(round_files[urls.feed_notices()],
                              response_headers={"content-location": SITE + urls.feed_notices()})
    assert parsed.entries[0].link == SITE + "awards/2021/notices/official-list.html"


def test_no_character_outside_xml_can_be_written(round_snapshot):
    facts = collect(round_snapshot)
    prov = provenance.of(round_snapshot)
    entry = atom.Entry(key="test/all", title="标题" + EVERY_CHARACTER, updated=dt.date(2022, 1, 1),
                       link=urls.measure(2021, 1), content=EVERY_CHARACTER, category="类" + EVERY_CHARACTER,
                       author="作者\x00\x1b", related=urls.api_measure(2021, 1))
    data = atom.feed(facts, urls.feed_notices(), key="feed/test", title="订阅\x0c" + EVERY_CHARACTER,
                     subtitle="\ud800\udfff\ufffe", alternate=urls.HOME, entries=[entry], prov=prov)
    root = parse(data)  # expat refuses anything XML 1.0 does not allow
    check_atom(root)
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    content = root.find("a:entry/a:content", NS).text
    allowed = [c for c in EVERY_CHARACTER if atom.xml_safe(c)]
    # everything XML allows is kept (an XML parser reads CR as LF), the rest is gone
    assert content == "".join(allowed).replace("\r", "\n")
    assert len(allowed) == len(EVERY_CHARACTER) - 29 - 2048 - 2
    assert root.find("a:entry/a:author/a:name", NS).text == "作者"


def test_xml_safe():
    assert atom.xml_safe("a\x00b\x08c\td\ne\rf\x0bg\x1fh\x7fi\ud800j\ufffek\uffffl\U0001F600") == \
        "abc\td\ne\rfgh\x7fij" + "kl\U0001F600"
