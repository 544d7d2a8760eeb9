"""Atom feeds (RFC 4287): notices and errata, and one feed per measure.

Every time in a feed is a date from the data (a notice's date, the day a list was sent), at
midnight Beijing time; ids are stable URNs derived from what an entry is about, so a feed
reader shows an entry once and notices when it changes (same id, later `updated`), wherever
the site is hosted.

Links are absolute when the site's address is configured (mkdocs.yml `site_url`); without it
no absolute address can be known, so they are relative to the feed's own address, which
readers resolve against the address they fetched the feed from (RFC 4287 §4.2.7).

Nothing outside XML 1.0's characters is ever written (`xml_safe`): one control character in
a title would make the whole feed unreadable to every client.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .. import urls
from ..export import nominee_name
from ..facts import Facts
from .common import as_of, beijing_midnight, publisher, titled
from .provenance import Provenance, absolute, line

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Names the ids of this programme's feeds; ids stay the same wherever the site is hosted.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://jili.invalid/feeds/")
# Everything but XML 1.0's Char production (§2.2): C0 controls other than tab, LF and CR,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 does not allow removed (there is no escape for them)."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Entry:
    key: str  # what the entry is about, e.g. "notice/2021/official-list"; makes its id
    title: str
    updated: dt.date
    link: str  # a page (source path) or data file the entry is about
    content: str  # plain text
    category: str
    author: str | None = None
    related: str | None = None  # a data file: the machine-readable twin


def entry_id(facts: Facts, key: str) -> str:
    """A stable id; a demo build's ids differ, so sample entries never pose as real ones."""
    scope = "demo/" if facts.snapshot.demo else ""
    return uuid.uuid5(ID_NAMESPACE, scope + key).urn


def feed(facts: Facts, path: str, *, key: str, title: str, subtitle: str, alternate: str,
         entries: Sequence[Entry], prov: Provenance) -> bytes:
    """The Atom document published at `path`; newest entries first. A comment before the feed
    names the build it came from (`prov`)."""
    snap = facts.snapshot
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "zh-CN"})
    ordered = sorted(entries, key=lambda e: (e.updated, e.key), reverse=True)
    updated = max((e.updated for e in ordered), default=None) or as_of(snap)
    _text(root, "id", entry_id(facts, key))
    _text(root, "title", titled(snap, title))
    _text(root, "subtitle", subtitle)
    _text(root, "updated", _time(updated))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", publisher(snap))
    _link(root, "self", absolute(prov, path) or urls.relative(path, path), "application/atom+xml")
    _link(root, "alternate", _href(path, alternate, prov), "text/html")
    _text(root, "generator", "jili")
    for e in ordered:
        node = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(node, "id", entry_id(facts, e.key))
        _text(node, "title", titled(snap, e.title))
        _text(node, "updated", _time(e.updated))
        _text(node, "published", _time(e.updated))
        if e.author:
            who = ET.SubElement(node, f"{{{ATOM}}}author")
            _text(who, "name", e.author)
        _link(node, "alternate", _href(path, e.link, prov), "text/html" if e.link.endswith(".md") else None)
        if e.related:
            _link(node, "related", _href(path, e.related, prov), "application/json")
        ET.SubElement(node, f"{{{ATOM}}}category", {"term": e.category})
        _text(node, "content", e.content, type="text")
    ET.indent(root)
    note = line(prov).replace("--", "—")  # "--" may not occur in a comment
    text = f'<?xml version="1.0" encoding="utf-8"?>\n<!-- {note} -->\n' + ET.tostring(root, encoding="unicode") + "\n"
    return xml_safe(text).encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    node.text = text
    return node


def _link(parent: ET.Element, rel: str, href: str, kind: str | None) -> None:
    attrs = {"rel": rel, "href": href}
    if kind:
        attrs["type"] = kind
    ET.SubElement(parent, f"{{{ATOM}}}link", attrs)


def _href(feed_path: str, target: str, prov: Provenance) -> str:
    """A link from the feed to a page (its built HTML) or a data file: absolute when the site's
    address is known, else relative to the feed."""
    return absolute(prov, target) or urls.relative(feed_path, urls.html_path(target))


def _time(day: dt.date) -> str:
    return beijing_midnight(day).isoformat()


# --- the feeds -------------------------------------------------------------------------------


def notices_feed(facts: Facts, prov: Provenance) -> bytes:
    """Every published notice and every erratum, all years."""
    snap = facts.snapshot
    entries: list[Entry] = []
    for notice in snap.notices:
        author = _full_name(facts, notice.issuer)
        number = f"（{notice.document_number}）" if notice.document_number else ""
        entries.append(Entry(
            key=f"notice/{notice.year}/{notice.slug}",
            title=f"{notice.title}{number}",
            updated=notice.date or as_of(snap),
            link=urls.notice(notice.year, notice.slug),
            content=_notice_text(facts, notice),
            category="通报",
            author=author,
            related=urls.api_notice(notice.year, notice.slug),
        ))
        for i, erratum in enumerate(notice.errata, 1):
            entries.append(Entry(
                key=f"notice/{notice.year}/{notice.slug}/erratum/{i}",
                title=f"勘误：{notice.title}（{erratum.document_number}）",
                updated=erratum.date,
                link=urls.notice(notice.year, notice.slug),
                content=f"{erratum.date.isoformat()} 依据{erratum.document_number}更正：{erratum.change}",
                category="勘误",
                author=author,
                related=urls.api_notice(notice.year, notice.slug),
            ))
    notice = facts.snapshot.programme.notice_name
    return feed(facts, urls.feed_notices(), key="feed/notices", title=f"{notice}和勘误",
                subtitle=f"已发布的{notice}（正式名单）和发布后追加的勘误。",
                alternate=urls.AWARDS_INDEX, entries=entries, prov=prov)


def _notice_text(facts: Facts, notice) -> str:
    lines = []
    for block in notice.measures:
        # the notice's entries for this measure, in its order, from the index (not a scan of
        # every award for every block of every notice)
        names = [f"{a.nominee}" + (f"（{facts.unit_name(a.applicant)}）" if a.nominee != facts.unit_name(a.applicant)
                                   else "")
                 for a in facts.awards_by_notice.get((notice.path, block.measure), ())]
        lines.append(f"{facts.measure_title(notice.year, block.measure)}：{'、'.join(names)}")
    head = f"{notice.date.isoformat()} 发布。" if notice.date else ""
    return head + "\n".join(lines)


def measure_feed(facts: Facts, year: int, number: int, prov: Provenance) -> bytes:
    """What a follower of one measure wants to hear: the measure, the applications received,
    each recommendation list, the notice entries and their errata."""
    snap = facts.snapshot
    measure = snap.measures[year][number]
    edition = snap.editions[year]
    label = f"{year}年{facts.measure_title(year, number)}"
    page = urls.measure(year, number)
    data = urls.api_measure(year, number)
    entries = [Entry(
        key=f"measure/{year}/{number}",
        title=f"{label}（{edition.document_number}）",
        updated=edition.published,
        link=page,
        content=measure.text,
        category="措施",
        author=edition.issuer,
        related=data,
    )]
    apps = facts.applications_by_measure.get((year, number), [])
    if apps:
        entries.append(Entry(
            key=f"measure/{year}/{number}/applications",
            title=f"{label}：已收到 {len(apps)} 份申报",
            updated=max((a.filed for a in apps if a.filed), default=edition.published),
            link=page,
            content="\n".join(f"{facts.unit_name(a.applicant)}（{a.filed.isoformat() if a.filed else '日期未填'}）："
                              + "、".join(n.name for n in a.nominees) for a in apps),
            category="申报",
            related=urls.api_applications(year),
        ))
    for rec in facts.recommendations_by_measure.get((year, number), []):
        sender = facts.department_name(rec.sender)
        lines = [
            f"{category.level}："
            + "、".join((f"{e.rank}. " if e.rank else "") + nominee_name(facts, year, number, e.applicant, e.nominee)
                       for e in category.entries)
            for category in rec.categories
        ]
        entries.append(Entry(
            key=f"recommendation/{year}/{number}/{rec.sender}",
            title=f"{label}：{sender}报送激励推荐名单",
            updated=rec.sent,
            link=urls.recommendation(year, number, rec.sender),
            content="\n".join(lines),
            category="推荐",
            author=_full_name(facts, rec.sender),
            related=data,
        ))
    for notice in facts.notices(year):
        if not any(block.measure == number for block in notice.measures):
            continue
        names = [a.nominee for a in facts.awards_by_notice.get((notice.path, number), ())]
        number_text = f"（{notice.document_number}）" if notice.document_number else ""
        entries.append(Entry(
            key=f"notice/{year}/{notice.slug}/measure/{number}",
            title=f"{label}：通报激励对象{number_text}",
            updated=notice.date or as_of(snap),
            link=urls.notice(year, notice.slug),
            content=f"{notice.title}：{'、'.join(names)}",
            category="通报",
            related=urls.api_notice(year, notice.slug),
        ))
        for i, erratum in enumerate(notice.errata, 1):
            entries.append(Entry(
                key=f"measure/{year}/{number}/notice/{notice.slug}/erratum/{i}",
                title=f"{label}：通报勘误（{erratum.document_number}）",
                updated=erratum.date,
                link=urls.notice(year, notice.slug),
                content=f"{erratum.date.isoformat()} 依据{erratum.document_number}更正：{erratum.change}",
                category="勘误",
                related=urls.api_notice(year, notice.slug),
            ))
    return feed(facts, urls.feed_measure(year, number), key=f"feed/measure/{year}/{number}",
                title=label, subtitle=f"{edition.document_number} 第{number}项措施的申报、推荐、通报和勘误。",
                alternate=page, entries=entries, prov=prov)



def _full_name(facts: Facts, dept_id: str) -> str:
    dept = facts.department(dept_id)
    return dept.full_name if dept is not None else dept_id
