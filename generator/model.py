"""Typed records built from schema-checked data, and the registry that rules resolve against.

Records are frozen: rendering and exports read them and can never change what validation saw.
Every record keeps `path`, the repository path of the file it came from (provenance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _valid_in(valid_from: int | None, valid_until: int | None, year: int) -> bool:
    return (valid_from is None or valid_from <= year) and (valid_until is None or year <= valid_until)


# --- policy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Milestone:
    id: str
    title: str
    actors: tuple[str, ...]
    delivers: str
    clause: str
    step: str | None = None
    due: dt.date | None = None
    due_text: str | None = None
    after: str | None = None
    file_kind: str | None = None
    recipients: tuple[str, ...] = ()
    copy_to: tuple[str, ...] = ()
    clause_ref: str | None = None


@dataclass(frozen=True, slots=True)
class Superseded:
    document_number: str
    title: str
    year: int | None = None


#: How a round ended (edition `closure.outcome`, schema/edition.schema.json).
OUTCOME_HERE = "published-here"  # the notices in awards/<year>/notices/ are the official list
OUTCOME_ELSEWHERE = "published-elsewhere"  # published outside this repository (number and date known)
OUTCOME_NONE = "none"  # no official list was decided
OUTCOME_NOT_RECORDED = "not-recorded"  # the round ran outside this repository; its result is not kept here


@dataclass(frozen=True, slots=True)
class Closure:
    """How a round ended, once it has (an edition's `closure`)."""

    outcome: str
    title: str | None = None
    document_number: str | None = None
    date: dt.date | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Edition:
    path: str
    year: int
    title: str
    notice_title: str
    document_number: str
    issuer: str
    signed: dt.date
    published: dt.date
    measure_count: int
    preamble: str
    organisation: str
    milestones: tuple[Milestone, ...]
    addressees: str | None = None
    cover_letter: str | None = None
    disclosure: str | None = None
    source_url: str | None = None
    supersedes: tuple[Superseded, ...] = ()
    closing: str | None = None
    closure: Closure | None = None  # set once the round is over

    def milestone_for(self, file_kind: str) -> Milestone | None:
        """The milestone whose deadline governs files of `file_kind`."""
        for m in self.milestones:
            if m.file_kind == file_kind:
                return m
        return None


@dataclass(frozen=True, slots=True)
class Measure:
    path: str
    year: int
    number: int
    title: str
    text: str
    eligible_text: str
    levels: tuple[str, ...]
    incentive_clause: str
    incentive_kinds: tuple[str, ...]
    lead_units: tuple[str, ...]
    cooperating_units: tuple[str, ...]
    cooperating_units_open_ended: bool
    title_from_notice: bool = True


# --- registry -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormerName:
    name: str
    valid_until: int
    kind: str | None = None
    code: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Region:
    path: str
    id: str
    name: str
    kind: str
    code: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: int | None = None
    valid_until: int | None = None
    history: tuple[FormerName, ...] = ()
    successor: str | None = None
    note: str | None = None
    maintainers: tuple[str, ...] = ()
    unit_kind: str = "region"  # the programme's unit kind (the registry folder it sits in)

    def valid_in(self, year: int) -> bool:
        return _valid_in(self.valid_from, self.valid_until, year)

    def names_in(self, year: int) -> tuple[str, ...]:
        """The names this region went by in `year` (current name, short names, former names)."""
        former = tuple(h.name for h in self.history if year <= h.valid_until)
        return (self.name, *self.aliases, *former)


@dataclass(frozen=True, slots=True)
class Platform:
    path: str
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    valid_from: int | None = None
    valid_until: int | None = None
    note: str | None = None
    maintainers: tuple[str, ...] = ()
    unit_kind: str = "platform"

    def valid_in(self, year: int) -> bool:
        return _valid_in(self.valid_from, self.valid_until, year)

    def names_in(self, year: int) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Department:
    path: str
    id: str
    name: str
    full_name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    valid_from: int | None = None
    valid_until: int | None = None
    note: str | None = None
    maintainers: tuple[str, ...] = ()
    unit_kind: str = "department"

    def valid_in(self, year: int) -> bool:
        return _valid_in(self.valid_from, self.valid_until, year)

    def names_in(self, year: int) -> tuple[str, ...]:
        return (self.name, self.full_name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Township:
    """A 乡镇（街道） as one edition or more of the statistical division codes list it.

    `valid_from`/`valid_until` are years: year Y is judged by the newest edition not later
    than Y (the oldest edition for earlier years), so an entry of the newest edition stays
    valid in later years until a newer edition no longer lists it.
    """

    code: str  # 9 digits: the 区县's 6-digit code and a 3-digit number
    name: str
    region: str  # registry id of the 区县
    valid_from: int | None = None
    valid_until: int | None = None
    note: str | None = None

    def valid_in(self, year: int) -> bool:
        return _valid_in(self.valid_from, self.valid_until, year)


def round_years(year: int) -> tuple[int, int]:
    """The code-list years a round of `year` is judged by, preferred first.

    A round runs from its policy (issued in the middle of `year`) to its filing deadline (early
    the next year). The statistical division codes of a year are published at its end, so the
    edition of `year - 1` is in force when the policy is issued and the edition of `year` by the
    deadline: a township renamed between the two (万州区's 高峰镇, 高峰街道 from the 2021
    edition) is accepted under either name in that round, the newer name preferred.
    """
    return year, year - 1


@dataclass(frozen=True, slots=True)
class TownshipList:
    """The townships of one 区县 (registry/townships/<区县>.yaml)."""

    path: str
    region: str
    source: str  # the code list they come from, cited by diagnostics
    editions: tuple[int, ...]
    townships: tuple[Township, ...]

    def edition_for(self, year: int) -> int:
        """The edition that judges `year`: the newest not later than it, else the oldest."""
        earlier = [e for e in self.editions if e <= year]
        return max(earlier) if earlier else min(self.editions)

    def editions_for_round(self, year: int) -> tuple[int, ...]:
        """The editions a round of `year` is judged by (see `round_years`), oldest first."""
        return tuple(sorted({self.edition_for(y) for y in round_years(year)}))


Unit = Region | Platform


@dataclass
class Registry:
    """The reference data: regions, platforms, departments and townships, by id and by name."""

    regions: dict[str, Region] = field(default_factory=dict)
    platforms: dict[str, Platform] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    townships: dict[str, TownshipList] = field(default_factory=dict)  # by region id
    _township_index: dict[str, dict[str, list[Township]]] | None = field(default=None, repr=False)

    def unit(self, unit_id: str) -> Unit | None:
        """A region or platform by id, whatever its validity."""
        return self.regions.get(unit_id) or self.platforms.get(unit_id)

    def applicant(self, unit_id: str, year: int) -> Unit | None:
        """The region or platform `unit_id` if it may apply for `year`'s programme."""
        unit = self.unit(unit_id)
        return unit if unit is not None and unit.valid_in(year) else None

    def department_named(self, name: str, year: int) -> Department | None:
        """The department written `name` in `year` (exact match on name, full name or alias)."""
        for dept in self.departments.values():
            if dept.valid_in(year) and name in dept.names_in(year):
                return dept
        return None

    def with_role(self, role: str) -> Department | None:
        """The department that carries `role` (the programme names the supervision office's role)."""
        for dept in self.departments.values():
            if role in dept.roles:
                return dept
        return None

    # -- townships ---------------------------------------------------------------------------

    def _by_name(self) -> dict[str, dict[str, list[Township]]]:
        """name -> region -> entries (a name can repeat across regions and across periods)."""
        if self._township_index is None:
            index: dict[str, dict[str, list[Township]]] = {}
            for listing in self.townships.values():
                for t in listing.townships:
                    index.setdefault(t.name, {}).setdefault(t.region, []).append(t)
            self._township_index = index
        return self._township_index

    def lists_townships(self, region: str) -> bool:
        """Does the registry hold a township list for `region`? Without one nothing is judged."""
        return region in self.townships

    def townships_of(self, region: str, year: int) -> list[Township]:
        """The townships of `region` in the round of `year` (see `round_years`), in code order: a
        township renamed during the round is listed under both names (the code list does not
        link a renamed township to its new entry)."""
        listing = self.townships.get(region)
        if listing is None:
            return []
        newer, older = round_years(year)
        current = [t for t in listing.townships if t.valid_in(newer)]
        names = {t.name for t in current}
        earlier = [t for t in listing.townships if t.valid_in(older) and not t.valid_in(newer) and t.name not in names]
        return sorted([*current, *earlier], key=lambda t: t.code)

    def townships_in_edition(self, region: str, edition: int) -> list[Township]:
        """The townships of `region` as the code list's edition of year `edition` lists them."""
        listing = self.townships.get(region)
        return [t for t in listing.townships if t.valid_in(edition)] if listing else []

    def township(self, region: str, name: str, year: int) -> Township | None:
        """The township `name` of `region` in the round of `year` (see `round_years`). A name is
        unique within a region and a year; 白沙镇 of 江津区 and 白沙镇 of 南川区 are told apart by
        their region."""
        entries = self._by_name().get(name, {}).get(region, ())
        for y in round_years(year):
            for t in entries:
                if t.valid_in(y):
                    return t
        return None

    def township_periods(self, region: str, name: str) -> list[Township]:
        """Every entry of `region` ever called `name`, whatever the year."""
        return list(self._by_name().get(name, {}).get(region, ()))

    def townships_named(self, name: str, year: int) -> list[Township]:
        """The townships called `name` in any region in the round of `year`, by region id."""
        found = [t for region in self._by_name().get(name, {}) if (t := self.township(region, name, year))]
        return sorted(found, key=lambda t: t.region)

    def township_by_code(self, code: str, year: int) -> Township | None:
        listing = self.townships.get(code[:6])
        if listing is None:
            return None
        for y in round_years(year):
            found = next((t for t in listing.townships if t.code == code and t.valid_in(y)), None)
            if found is not None:
                return found
        return None


# --- the three steps ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Nominee:
    level: str
    name: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Experience:
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Evidence:
    title: str
    url: str | None = None
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """Never published: not on the site, not in any export."""

    unit: str
    person: str
    phone: str
    email: str | None = None

    def __repr__(self) -> str:  # keep contact data out of logs and tracebacks
        return "Contact(<不公开>)"


@dataclass(frozen=True, slots=True)
class Application:
    path: str
    year: int
    measure: int
    applicant: str
    nominees: tuple[Nominee, ...]
    self_assessment: str
    experiences: tuple[Experience, ...]
    evidence: tuple[Evidence, ...]
    contact: Contact = field(repr=False, compare=False)
    filed: dt.date | None = None

    def nominee(self, name: str | None) -> Nominee | None:
        """The nominee called `name`; None means the applicant itself, which is the nominee
        without a `parent` (a unit below the applicant names the applicant as its parent)."""
        for n in self.nominees:
            if (n.parent is None if name is None else n.name == name):
                return n
        return None


@dataclass(frozen=True, slots=True)
class RecommendationEntry:
    applicant: str
    nominee: str | None = None
    rank: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RecommendationCategory:
    level: str
    entries: tuple[RecommendationEntry, ...]


@dataclass(frozen=True, slots=True)
class Recommendation:
    path: str
    year: int
    measure: int
    sender: str
    sent: dt.date
    categories: tuple[RecommendationCategory, ...]
    method: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeEntry:
    applicant: str
    nominee: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeMeasure:
    measure: int
    entries: tuple[NoticeEntry, ...]


@dataclass(frozen=True, slots=True)
class Erratum:
    date: dt.date
    document_number: str
    change: str


@dataclass(frozen=True, slots=True)
class Notice:
    path: str
    year: int
    slug: str
    title: str
    issuer: str
    status: str
    measures: tuple[NoticeMeasure, ...]
    document_number: str | None = None
    date: dt.date | None = None
    preamble: str | None = None
    errata: tuple[Erratum, ...] = ()

    @property
    def published(self) -> bool:
        return self.status == "published"


Record = (Edition | Measure | Region | Platform | Department | TownshipList | Application | Recommendation
          | Notice)


# --- building records from checked data ---------------------------------------------------


def _t(items: Iterable[Any] | None) -> tuple:
    return tuple(items or ())


def _closure(data: dict[str, Any] | None) -> Closure | None:
    if not data:
        return None
    return Closure(outcome=data["outcome"], title=data.get("title"), document_number=data.get("document_number"),
                   date=_date(data.get("date")), url=data.get("url"), note=data.get("note"))


def build(kind: str, data: dict[str, Any], path: str, year: int | None, stem: str, unit_kind: str = "") -> Record:
    """Turn schema-checked data of `kind` into its record. `year`, `stem` and (registry files)
    `unit_kind` come from the path."""
    if kind == "programme":
        from .programme import build as build_programme

        return build_programme(data, path)
    if kind == "edition":
        return Edition(
            path=path, year=data["year"], title=data["title"], notice_title=data["notice_title"],
            document_number=data["document_number"], issuer=data["issuer"],
            signed=_date(data["signed"]), published=_date(data["published"]),
            measure_count=data["measure_count"], preamble=data["preamble"],
            organisation=data["organisation"],
            milestones=tuple(
                Milestone(
                    id=m["id"], title=m["title"], actors=_t(m["actors"]), delivers=m["delivers"],
                    clause=m["clause"], step=m.get("step"), due=_date(m.get("due")),
                    due_text=m.get("due_text"), after=m.get("after"), file_kind=m.get("file_kind"),
                    recipients=_t(m.get("recipients")), copy_to=_t(m.get("copy_to")),
                    clause_ref=m.get("clause_ref"),
                )
                for m in data["milestones"]
            ),
            addressees=data.get("addressees"), cover_letter=data.get("cover_letter"),
            disclosure=data.get("disclosure"), source_url=data.get("source_url"),
            supersedes=tuple(Superseded(s["document_number"], s["title"], s.get("year"))
                             for s in data.get("supersedes", ())),
            closing=data.get("closing"),
            closure=_closure(data.get("closure")),
        )
    if kind == "measure":
        return Measure(
            path=path, year=year, number=data["number"], title=data["title"], text=data["text"],
            eligible_text=data["eligible"]["text"], levels=_t(data["eligible"]["levels"]),
            incentive_clause=data["incentives"]["clause"], incentive_kinds=_t(data["incentives"]["kinds"]),
            lead_units=_t(data["lead_units"]), cooperating_units=_t(data["cooperating_units"]),
            cooperating_units_open_ended=data["cooperating_units_open_ended"],
            title_from_notice=data.get("title_from_notice", True),
        )
    if kind == "region":
        return Region(
            path=path, id=data["id"], name=data["name"], kind=data["kind"], code=data.get("code"),
            aliases=_t(data.get("aliases")), valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
            history=tuple(FormerName(h["name"], h["valid_until"], h.get("kind"), h.get("code"), h.get("note"))
                          for h in data.get("history", ())),
            successor=data.get("successor"), note=data.get("note"), maintainers=_t(data.get("maintainers")),
            unit_kind=unit_kind or "region",
        )
    if kind == "platform":
        return Platform(
            path=path, id=data["id"], name=data["name"], kind=data["kind"], aliases=_t(data.get("aliases")),
            hosts=_t(data.get("hosts")), valid_from=data.get("valid_from"), valid_until=data.get("valid_until"),
            note=data.get("note"), maintainers=_t(data.get("maintainers")), unit_kind=unit_kind or "platform",
        )
    if kind == "department":
        return Department(
            path=path, id=data["id"], name=data["name"], full_name=data["full_name"],
            aliases=_t(data.get("aliases")), roles=_t(data.get("roles")), valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"), note=data.get("note"), maintainers=_t(data.get("maintainers")),
            unit_kind=unit_kind or "department",
        )
    if kind == "townships":
        return TownshipList(
            path=path, region=data["region"], source=data["source"], editions=tuple(sorted(data["editions"])),
            townships=tuple(Township(t["code"], t["name"], data["region"], t.get("valid_from"),
                                     t.get("valid_until"), t.get("note")) for t in data["townships"]),
        )
    if kind == "application":
        c = data["contact"]
        return Application(
            path=path, year=year, measure=data["measure"], applicant=data["applicant"],
            nominees=tuple(Nominee(n["level"], n["name"], n.get("parent")) for n in data["nominees"]),
            self_assessment=data["self_assessment"],
            experiences=tuple(Experience(e["title"], e["body"]) for e in data["experiences"]),
            evidence=tuple(Evidence(e["title"], e.get("url"), e.get("file")) for e in data.get("evidence", ())),
            contact=Contact(c["unit"], c["person"], c["phone"], c.get("email")),
            filed=_date(data.get("filed")),
        )
    if kind == "recommendation":
        return Recommendation(
            path=path, year=year, measure=data["measure"], sender=data["sender"], sent=_date(data["sent"]),
            categories=tuple(
                RecommendationCategory(
                    level=c["level"],
                    entries=tuple(RecommendationEntry(e["applicant"], e.get("nominee"), e.get("rank"),
                                                      e.get("reason")) for e in c["entries"]),
                )
                for c in data["categories"]
            ),
            method=data.get("method"), note=data.get("note"),
        )
    if kind == "notice":
        return Notice(
            path=path, year=year, slug=stem, title=data["title"], issuer=data["issuer"], status=data["status"],
            measures=tuple(
                NoticeMeasure(m["measure"], tuple(NoticeEntry(e["applicant"], e.get("nominee"))
                                                  for e in m["entries"]))
                for m in data["measures"]
            ),
            document_number=data.get("document_number"), date=_date(data.get("date")),
            preamble=data.get("preamble"),
            errata=tuple(Erratum(_date(e["date"]), e["document_number"], e["change"])
                         for e in data.get("errata", ())),
        )
    raise ValueError(f"unknown kind {kind}")
