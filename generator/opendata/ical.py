"""The deadline calendar (iCalendar, RFC 5545): every dated milestone of a year's edition.

A deadline is a calendar day in Beijing time (the notice's "前" includes the day; see
`generator.clock`), so each one is an all-day event on its last day, with reminders at
09:00 seven days and one day before. The calendar declares Asia/Shanghai (a VTIMEZONE and
X-WR-TIMEZONE) for apps that place all-day events by the calendar's zone.

A milestone the notice gives no date (the notice step: "after the recommendations") gets no
invented date: it is described in the event of the milestone it follows and in the
calendar's description.

Everything is derived from the data: DTSTAMP is the edition's publication, UIDs name the
year and the milestone, so subscribers' apps update events in place rather than duplicate
them. The build the calendar came from is named in X-JILI-DATA-COMMIT and X-JILI-BUILT-AT.

When the site's address is configured (mkdocs.yml `site_url`), the calendar gives its own
address (SOURCE, RFC 7986) and each event the address of the year's policy page (URL), and
UIDs use the site's host; URI values must be absolute, so without the address there are none.

No character outside the iCalendar grammar is ever written (`escape`): controls other than
tab are not allowed in a TEXT value (RFC 5545 §3.3.11), and a lone surrogate is not UTF-8.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from .. import urls
from ..clock import show_deadline
from ..facts import Facts
from ..model import Edition, Milestone
from .common import beijing_midnight, publisher, titled
from .provenance import Provenance, absolute, built_at

PRODID = "-//jili//Open data v1//ZH"
DOMAIN = "jili.invalid"
# Seven days and one day before the last day, at 09:00 (the event starts at 00:00 that day).
REMINDERS = (("-P6DT15H", 7), ("-PT15H", 1))
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "X-LIC-LOCATION:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
)


# What RFC 5545's TEXT may not hold once line breaks are escaped: CONTROL (§3.1: every C0
# control but tab, and DEL), and lone surrogates, which have no UTF-8 form.
_NOT_TEXT = re.compile("[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]")


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped,
    every other character the grammar does not allow dropped."""
    escaped = (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
               .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))
    return _NOT_TEXT.sub("", escaped)


def fold(line: str) -> str:
    """A content line folded at 75 octets (§3.1): never inside a UTF-8 character, and never
    inside an escape like `\\n` (valid, but some readers get it wrong)."""
    units = re.findall(r"\\.|.", line, flags=re.DOTALL)
    out: list[str] = []
    current, size = "", 0
    for unit in units:
        width = len(unit.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += unit
        size += width
    out.append(current)
    return "\r\n".join(out)


def calendar(facts: Facts, year: int, prov: Provenance) -> bytes:
    snap = facts.snapshot
    edition = snap.editions[year]
    name = titled(snap, f"{edition.title}时间节点")
    undated = [m for m in edition.milestones if m.due is None]
    description = (f"{edition.document_number}《{edition.title}》规定的工作时间节点（北京时间，截止日当天有效）。"
                   + "".join(f"“{m.title}”原文未规定具体日期：{_undated_text(edition, m)}" for m in undated))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape(name)}",
        f"X-WR-CALNAME:{escape(name)}",
        f"DESCRIPTION:{escape(description)}",
        f"X-WR-CALDESC:{escape(description)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    source, page = absolute(prov, urls.calendar(year)), absolute(prov, urls.policy(year))
    if source and page:
        lines += [f"SOURCE;VALUE=URI:{source}", f"URL;VALUE=URI:{page}"]
    if prov.data_commit:
        lines.append(f"X-JILI-DATA-COMMIT:{escape(prov.data_commit)}")
    lines += [f"X-JILI-BUILT-AT:{escape(built_at(prov))}", *VTIMEZONE]
    stamp = beijing_midnight(edition.published).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for milestone in edition.milestones:
        if milestone.due is not None:
            lines += _event(facts, edition, milestone, stamp, prov)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def _event(facts: Facts, edition: Edition, m: Milestone, stamp: str, prov: Provenance) -> list[str]:
    snap = facts.snapshot
    due = m.due
    assert due is not None
    step = f"（{m.step}）" if m.step else ""
    summary = titled(snap, f"截止：{m.title}{step}")
    parts = [
        f"{m.due_text or due.isoformat()}（截止 {show_deadline(due)}，北京时间）",
        f"办理：{'、'.join(m.actors)}",
        f"报送材料：{m.delivers}",
    ]
    if m.recipients:
        parts.append(f"报送对象：{'、'.join(m.recipients)}" + (f"；抄送：{'、'.join(m.copy_to)}" if m.copy_to else ""))
    where = f"{edition.document_number} {m.clause_ref}" if m.clause_ref else edition.document_number
    parts.append(f"依据：{where}：{m.clause}")
    for following in edition.milestones:
        if following.after == m.id and following.due is None:
            parts.append(f"下一步：{following.title}（{'、'.join(following.actors)}），原文未规定具体日期，在本节点之后进行。")
    parts.append(f"发布：{publisher(snap)}")
    scope = "demo-" if snap.demo else ""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape(f'{scope}{edition.year}-{m.id}@{_domain(prov)}')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(parts))}",
        f"CATEGORIES:{escape('截止日期')}",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",
        "SEQUENCE:0",
    ]
    page = absolute(prov, urls.policy(edition.year))
    if page:
        lines.append(f"URL;VALUE=URI:{page}")
    for trigger, days in REMINDERS:
        when = "明天" if days == 1 else f"{days} 天后"
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:{trigger}",
            f"DESCRIPTION:{escape(titled(snap, f'{when}截止：{m.title}'))}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def _domain(prov: Provenance) -> str:
    """The host UIDs are made unique with: the site's, when its address is configured."""
    host = urlsplit(prov.site_url).hostname if prov.site_url else None
    return host or DOMAIN


def _undated_text(edition: Edition, m: Milestone) -> str:
    before = next((x for x in edition.milestones if x.id == m.after), None)
    after_text = f"在“{before.title}”之后进行" if before is not None else "日期另行确定"
    return f"{after_text}（{'、'.join(m.actors)}：{m.delivers}）。"
