"""The deadline calendar parses back (a small RFC 5545 reader below, and icalendar as calendar
apps do) with every dated milestone as an event with two reminders, no invented date for the
undated one, absolute addresses when the site's is known, and nothing outside the grammar."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import urlsplit

import icalendar

from generator import opendata, urls
from generator.facts import collect
from generator.opendata import ical, provenance
from generator.opendata.ical import escape, fold

# The shared fixtures are imported by name (pytest finds them here); the test functions'
# parameters of the same names are how pytest hands them over.
# ruff: noqa: F811
from tests.test_opendata_round import (  # noqa: F401
    BUILD_TIME,
    demo_files,
    demo_snapshot,
    real_snapshot,
    round_files,
    round_root,
    round_snapshot,
)


class Component(dict):
    """Properties by name (each a list of (params, value)), and sub-components."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.children: list[Component] = []

    def value(self, key: str) -> str:
        [(_, value)] = self[key]
        return value

    def of(self, name: str) -> list[Component]:
        return [c for c in self.children if c.name == name]


def unescape(text: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def parse_ics(data: bytes) -> Component:
    """RFC 5545 §3.1: CRLF lines, folded lines unfolded, NAME;PARAM=V:VALUE, BEGIN/END nesting."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "lines end in CRLF"
    physical = text.split("\r\n")
    assert physical[-1] == ""
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, f"not folded: {line!r}"
    unfolded: list[str] = []
    for line in physical[:-1]:
        if line.startswith((" ", "\t")):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    stack: list[Component] = []
    root = None
    for line in unfolded:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].children.append(component)
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == value, f"END:{value} does not close {stack[-1].name}"
            root = stack.pop()
        else:
            stack[-1].setdefault(name, []).append((dict(p.split("=", 1) for p in params), value))
    assert not stack and root is not None and root.name == "VCALENDAR"
    return root


def test_calendar_has_every_dated_milestone(round_snapshot, round_files):
    calendar = parse_ics(round_files[urls.calendar(2021)])
    assert calendar.value("VERSION") == "2.0" and calendar.value("PRODID")
    assert calendar.value("X-WR-TIMEZONE") == "Asia/Shanghai"
    [zone] = calendar.of("VTIMEZONE")
    assert zone.value("TZID") == "Asia/Shanghai"
    assert zone.of("STANDARD")[0].value("TZOFFSETTO") == "+0800"
    edition = round_snapshot.editions[2021]
    dated = [m for m in edition.milestones if m.due]
    events = calendar.of("VEVENT")
    assert len(events) == len(dated) == 3
    for milestone, event in zip(dated, events):
        params, start = event["DTSTART"][0]
        assert params == {"VALUE": "DATE"} and start == milestone.due.strftime("%Y%m%d")
        end = dt.datetime.strptime(event.value("DTEND"), "%Y%m%d").date()
        assert end == milestone.due + dt.timedelta(days=1)
        assert milestone.title in unescape(event.value("SUMMARY"))
        assert event.value("UID") == f"2021-{milestone.id}@jili.invalid"
        assert event.value("DTSTAMP") == "20210819T160000Z"  # the edition's publication, 00:00 Beijing
        description = unescape(event.value("DESCRIPTION"))
        assert milestone.clause in description and "北京时间" in description
        alarms = event.of("VALARM")
        assert [a.value("TRIGGER") for a in alarms] == ["-P6DT15H", "-PT15H"]
        assert all(a.value("ACTION") == "DISPLAY" and a.value("DESCRIPTION") for a in alarms)
    assert len({e.value("UID") for e in events}) == len(events)


def test_reminders_fall_seven_days_and_one_day_before_at_nine():
    due = dt.date(2022, 2, 1)
    start = dt.datetime.combine(due, dt.time(0))
    seven = start - dt.timedelta(days=6, hours=15)
    one = start - dt.timedelta(hours=15)
    assert seven == dt.datetime(2022, 1, 25, 9, 0) and one == dt.datetime(2022, 1, 31, 9, 0)


def test_undated_milestone_is_described_not_dated(round_files):
    calendar = parse_ics(round_files[urls.calendar(2021)])
    summaries = [unescape(e.value("SUMMARY")) for e in calendar.of("VEVENT")]
    assert not any("审核并通报正式名单" in s for s in summaries)
    assert "审核并通报正式名单" in unescape(calendar.value("X-WR-CALDESC"))
    recommendation = calendar.of("VEVENT")[2]
    assert "下一步：审核并通报正式名单" in unescape(recommendation.value("DESCRIPTION"))


def test_demo_calendar_is_marked(demo_files):
    calendar = parse_ics(demo_files[urls.calendar(2021)])
    assert unescape(calendar.value("X-WR-CALNAME")).startswith("【示例数据】")
    for event in calendar.of("VEVENT"):
        assert unescape(event.value("SUMMARY")).startswith("【示例数据】")
        assert event.value("UID").startswith("demo-")


def test_real_calendar_parses(real_snapshot):
    files = opendata.publish(real_snapshot)
    for year in real_snapshot.years:
        calendar = parse_ics(files[urls.calendar(year)])
        dated = [m for m in real_snapshot.editions[year].milestones if m.due]
        assert len(calendar.of("VEVENT")) == len(dated)


def test_folding_and_escaping():
    line = "DESCRIPTION:" + escape("截止；a,b\\c\n" * 20)
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    for raw in folded.encode("utf-8").split(b"\r\n"):
        raw.decode("utf-8")  # each physical line is whole characters
    for part in parts:
        assert (len(part) - len(part.rstrip("\\"))) % 2 == 0, "an escape split across lines"
    assert unescape(escape("a;b,c\\d\ne")) == "a;b,c\\d\ne"


# --- as real clients read them ------------------------------------------------------------------

SITE = "https://data.example.gov.cn/jili/"
# Every character of the Basic Multilingual Plane and a few beyond: whatever the data holds, the
# calendar must stay within the iCalendar grammar.
EVERY_CHARACTER = "".join(map(chr, range(0x10000))) + "\U00010000\U0001F600\U0010FFFF"
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # RFC 5545 §3.1 CONTROL (tab is allowed)


def _calendars(files: dict[str, bytes]) -> list[str]:
    return [p for p in files if p.startswith("calendar/")]


def test_every_calendar_parses_with_icalendar(round_snapshot, round_files, demo_files):
    for files in (round_files, demo_files):
        for path in _calendars(files):
            calendar = icalendar.Calendar.from_ical(files[path])
            assert calendar.errors == []
            events = calendar.walk("VEVENT")
            assert events and all(e.errors == [] for e in events)
            assert all(isinstance(e.decoded("DTSTART"), dt.date) for e in events)
            [zone] = calendar.walk("VTIMEZONE")
            assert str(zone["TZID"]) == "Asia/Shanghai"
            assert zone.to_tz().utcoffset(dt.datetime(2022, 1, 1)) == dt.timedelta(hours=8)
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(round_files[urls.calendar(2021)])
                 .walk("VEVENT")]
    assert [m.title for m in round_snapshot.editions[2021].milestones if m.due] == \
        [s.removeprefix("截止：").split("（")[0] for s in summaries]


def test_calendar_names_its_build(round_files):
    calendar = parse_ics(round_files[urls.calendar(2021)])
    assert calendar.value("X-JILI-BUILT-AT") == BUILD_TIME.isoformat(timespec="seconds")
    assert "X-JILI-DATA-COMMIT" not in calendar  # the round is not a git checkout


def test_addresses_are_absolute_when_the_site_address_is_known(round_snapshot):
    files = opendata.publish(dataclasses.replace(round_snapshot, site_url=SITE))
    text = files[urls.calendar(2021)]
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["SOURCE"]) == SITE + "calendar/2021.ics"
    assert str(calendar["URL"]) == SITE + "policy/2021.html"
    for event in calendar.walk("VEVENT"):
        assert str(event["URL"]) == SITE + "policy/2021.html"
        assert str(event["UID"]).endswith("@data.example.gov.cn")
    # URI values are URIs: nothing outside ASCII, nothing relative
    raw = parse_ics(text)
    for name in ("SOURCE", "URL"):
        for _, value in raw[name]:
            assert value.isascii() and urlsplit(value).scheme == "https"


def test_no_addresses_without_the_site_address(round_files):
    calendar = parse_ics(round_files[urls.calendar(2021)])
    assert "SOURCE" not in calendar and "URL" not in calendar
    assert all("URL" not in e for e in calendar.of("VEVENT"))
    assert all(e.value("UID").endswith("@jili.invalid") for e in calendar.of("VEVENT"))


def test_no_character_outside_the_grammar_can_be_written(round_snapshot):
    snap = round_snapshot
    edition = snap.editions[2021]
    strange = dataclasses.replace(
        edition, title="日历" + EVERY_CHARACTER,
        milestones=tuple(dataclasses.replace(m, title=m.title + EVERY_CHARACTER, delivers="材料\x00\x1b\x7f\ud800")
                         for m in edition.milestones))
    facts = collect(dataclasses.replace(snap, editions={**snap.editions, 2021: strange}))
    data = ical.calendar(facts, 2021, provenance.of(snap))
    data.decode("utf-8")  # strict: a lone surrogate would not have encoded at all
    calendar = parse_ics(data)  # lines, folding, nesting
    for event in calendar.of("VEVENT"):
        for name, values in event.items():
            for _, value in values:
                assert not CONTROL.search(value), name
    parsed = icalendar.Calendar.from_ical(data)
    assert parsed.errors == [] and all(e.errors == [] for e in parsed.walk("VEVENT"))
    summary = str(parsed.walk("VEVENT")[0]["SUMMARY"])
    # line breaks are escaped (and read back as LF); every other control and the surrogates go
    kept = "".join("\n" if c in "\r\n" else c for c in EVERY_CHARACTER
                   if c in "\r\n" or not (CONTROL.match(c) or 0xD800 <= ord(c) <= 0xDFFF))
    assert kept in summary and len(kept) == len(EVERY_CHARACTER) - 32 + 2 - 2048
    assert "材料" in str(parsed.walk("VEVENT")[0]["DESCRIPTION"])


def test_escape_drops_what_text_may_not_hold():
    assert escape("a\x00b\x1bc\x7fd\ud800e\tf\ng") == "abcde\tf\\ng"
    assert unescape(escape("甲；乙,丙\\丁\r\n戊")) == "甲；乙,丙\\丁\n戊"
