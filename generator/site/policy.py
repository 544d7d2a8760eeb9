"""The policy rebuilt from the data: each edition's notice as a document, and the editions."""

from __future__ import annotations

from .. import urls
from ..facts import Facts
from ..pagetext import date, external_link, header, link, paragraphs, plain, source_line, table


def pages(facts: Facts) -> dict[str, str]:
    snap = facts.snapshot
    out = {urls.POLICY_INDEX: _index(facts)}
    for year in snap.years:
        out[urls.policy(year)] = _edition(facts, year)
    return out


def _index(facts: Facts) -> str:
    snap = facts.snapshot
    here = urls.POLICY_INDEX
    rows = []
    for year in reversed(snap.years):
        e = snap.editions[year]
        rows.append([str(year), link(here, urls.policy(year), e.title), plain(e.document_number),
                     date(e.published), str(len(snap.measures.get(year, {})))])
    return (header(snap, "政策原文")
            + (f"每年度的激励措施由{plain(snap.editions[snap.years[-1]].issuer)}印发。" if snap.years else "")
            + "下表列出各年度的政策通知，点击查看全文。\n\n"
            + table(["年度", "政策", "文号", "印发日期", "措施数"], rows) + "\n")


def _edition(facts: Facts, year: int) -> str:
    snap = facts.snapshot
    here = urls.policy(year)
    e = snap.editions[year]
    parts = [header(snap, e.notice_title)]
    facts_rows = [
        ["文号", plain(e.document_number)],
        ["发文单位", plain(e.issuer)],
        ["成文日期", date(e.signed)],
        ["发布日期", date(e.published)],
    ]
    if e.source_url:
        facts_rows.append(["原文", external_link(e.source_url, "政府网站公开发布的原文")])
    parts.append(table(["项目", "内容"], facts_rows) + "\n\n")
    if e.addressees:
        parts.append(paragraphs(e.addressees) + "\n\n")
    if e.cover_letter:
        parts.append(paragraphs(e.cover_letter) + "\n\n")
    parts.append(f"## {plain(e.title)}\n\n")
    parts.append(paragraphs(e.preamble) + "\n\n")
    parts.append(f"### {plain(snap.programme.measures_clause)}\n\n")
    for number, m in snap.measures.get(year, {}).items():
        parts.append(f"{number}\\. {link(here, urls.measure(year, number), m.title)}。"
                     f"{plain(_rest(m.text, m.title))}\n\n")
    parts.append(f"### {plain(snap.programme.organisation_clause)}\n\n")
    parts.append(paragraphs(e.organisation) + "\n\n")
    if e.closing:
        parts.append(paragraphs(e.closing) + "\n\n")
    if e.disclosure:
        parts.append(f"（{plain(e.disclosure)}）\n\n")
    if e.supersedes:
        parts.append("## 废止的文件\n\n")
        for s in e.supersedes:
            parts.append(f"- {plain(s.title)}（{plain(s.document_number)}）\n")
        parts.append("\n")
    parts.append("## 时间节点\n\n")
    parts.append(f"本年度的时间节点和当前状态见{link(here, urls.TIMELINE, '工作进度')}。\n\n")
    parts.append(source_line(snap, e.path) + "\n")
    return "".join(parts)


def _rest(text: str, title: str) -> str:
    """A measure's text without its leading title sentence (the title is the link)."""
    head = title + "。"
    return text.removeprefix(head)
