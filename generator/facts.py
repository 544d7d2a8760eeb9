"""Derived facts of a Snapshot, looked up the ways pages and open data need them: by measure, by unit, by department.

Built once per render; every page family reads the same lookups, so a count on an index page
and the list on the page it links to cannot disagree. Every list here is sorted, so two
renders of the same data give the same pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .derived import shown_name
from .model import (
    Application,
    Department,
    Measure,
    Notice,
    Platform,
    Recommendation,
    RecommendationEntry,
    Region,
)
from .snapshot import Award, Snapshot

Unit = Region | Platform


@dataclass(frozen=True, slots=True)
class Nomination:
    """One entry of a recommendation list, with the list and category it stands in."""

    recommendation: Recommendation
    level: str
    entry: RecommendationEntry
    name: str  # the nominee's name as the application gives it


@dataclass
class Facts:
    snapshot: Snapshot
    awards: list[Award] = field(default_factory=list)
    awards_by_measure: dict[tuple[int, int], list[Award]] = field(default_factory=dict)
    awards_by_unit: dict[str, list[Award]] = field(default_factory=dict)
    awards_by_application: dict[str, list[Award]] = field(default_factory=dict)
    awards_by_notice: dict[tuple[str, int], list[Award]] = field(default_factory=dict)  # (notice path, measure)
    # per-year lists: outputs made once per year read these, not a scan of everything per year
    awards_by_year: dict[int, list[Award]] = field(default_factory=dict)
    applications_by_year: dict[int, list[Application]] = field(default_factory=dict)
    recommendations_by_year: dict[int, list[Recommendation]] = field(default_factory=dict)
    notices_by_year: dict[int, list[Notice]] = field(default_factory=dict)
    applications_by_measure: dict[tuple[int, int], list[Application]] = field(default_factory=dict)
    applications_by_unit: dict[str, list[Application]] = field(default_factory=dict)
    applications_by_key: dict[tuple[int, int, str], Application] = field(default_factory=dict)
    recommendations_by_measure: dict[tuple[int, int], list[Recommendation]] = field(default_factory=dict)
    recommendations_by_sender: dict[str, list[Recommendation]] = field(default_factory=dict)
    nominations_by_application: dict[str, list[Nomination]] = field(default_factory=dict)
    led_by: dict[str, list[Measure]] = field(default_factory=dict)
    cooperated_by: dict[str, list[Measure]] = field(default_factory=dict)

    # -- names ---------------------------------------------------------------------------

    def unit(self, unit_id: str) -> Unit | None:
        return self.snapshot.registry.unit(unit_id)

    def unit_name(self, unit_id: str) -> str:
        unit = self.unit(unit_id)
        return unit.name if unit is not None else unit_id

    def unit_level(self, unit_id: str) -> str:
        unit = self.unit(unit_id)
        level = self.snapshot.programme.own_level(unit.unit_kind) if unit is not None else None
        return level.label if level is not None else ""

    def township_code(self, region: str, name: str, year: int) -> str | None:
        """The statistical division code of township `name` of `region` in `year`, if listed."""
        found = self.snapshot.registry.township(region, name, year)
        return found.code if found is not None else None

    def department(self, dept_id: str) -> Department | None:
        return self.snapshot.registry.departments.get(dept_id)

    def department_name(self, dept_id: str) -> str:
        dept = self.department(dept_id)
        return dept.name if dept is not None else dept_id

    def department_named(self, name: str, year: int) -> Department | None:
        return self.snapshot.registry.department_named(name, year)

    def application(self, year: int, measure: int, applicant: str) -> Application | None:
        """The application of `applicant` to a measure (a lookup, not a scan: pages ask often)."""
        return self.applications_by_key.get((year, measure, applicant))

    def measure(self, year: int, number: int) -> Measure | None:
        return self.snapshot.measures.get(year, {}).get(number)

    def measure_title(self, year: int, number: int) -> str:
        m = self.measure(year, number)
        return f"第{number}项 {m.title}" if m is not None else f"第{number}项"

    def units(self) -> list[Unit]:
        return [*self.snapshot.regions(), *self.snapshot.platforms()]

    def notices(self, year: int | None = None) -> list[Notice]:
        if year is None:
            return list(self.snapshot.notices)
        return list(self.notices_by_year.get(year, ()))


def nominees_text(app: Application) -> str:
    """An application's nominees grouped by level: '区县：奉节县；乡镇（街道）：草堂镇'."""
    groups: dict[str, list[str]] = {}
    for n in app.nominees:
        groups.setdefault(n.level, []).append(n.name)
    return "；".join(f"{level}：{'、'.join(names)}" for level, names in groups.items())


def collect(snapshot: Snapshot) -> Facts:
    """All lookups of one Snapshot."""
    facts = Facts(snapshot)
    awards = snapshot.awards()
    facts.awards = awards
    by_measure: dict[tuple[int, int], list[Award]] = defaultdict(list)
    by_unit: dict[str, list[Award]] = defaultdict(list)
    by_app: dict[str, list[Award]] = defaultdict(list)
    by_notice: dict[tuple[str, int], list[Award]] = defaultdict(list)
    by_year: dict[int, list[Award]] = defaultdict(list)
    for award in awards:
        by_year[award.year].append(award)
        by_notice[(award.notice.path, award.measure)].append(award)
        by_measure[(award.year, award.measure)].append(award)
        by_unit[award.applicant].append(award)
        if award.application is not None:
            by_app[award.application.path].append(award)
    facts.awards_by_measure = dict(by_measure)
    facts.awards_by_unit = dict(by_unit)
    facts.awards_by_application = dict(by_app)
    facts.awards_by_notice = dict(by_notice)
    facts.awards_by_year = dict(by_year)
    notices_y: dict[int, list[Notice]] = defaultdict(list)
    for notice in snapshot.notices:
        notices_y[notice.year].append(notice)
    facts.notices_by_year = dict(notices_y)

    apps_m: dict[tuple[int, int], list[Application]] = defaultdict(list)
    apps_u: dict[str, list[Application]] = defaultdict(list)
    apps_y: dict[int, list[Application]] = defaultdict(list)
    for app in snapshot.applications:  # sorted by (year, measure, applicant)
        apps_y[app.year].append(app)
        apps_m[(app.year, app.measure)].append(app)
        apps_u[app.applicant].append(app)
        facts.applications_by_key.setdefault((app.year, app.measure, app.applicant), app)
    facts.applications_by_measure = dict(apps_m)
    facts.applications_by_unit = dict(apps_u)
    facts.applications_by_year = dict(apps_y)

    recs_m: dict[tuple[int, int], list[Recommendation]] = defaultdict(list)
    recs_s: dict[str, list[Recommendation]] = defaultdict(list)
    recs_y: dict[int, list[Recommendation]] = defaultdict(list)
    nominations: dict[str, list[Nomination]] = defaultdict(list)
    for rec in snapshot.recommendations:  # sorted by (year, measure, sender)
        recs_m[(rec.year, rec.measure)].append(rec)
        recs_s[rec.sender].append(rec)
        recs_y[rec.year].append(rec)
        for category in rec.categories:
            for entry in category.entries:
                # it exists: an entry without its application fails validation (C002, C003)
                app = facts.application(rec.year, rec.measure, entry.applicant)
                name = shown_name(app, entry.applicant, entry.nominee)
                nominations[app.path].append(Nomination(rec, category.level, entry, name))
    facts.recommendations_by_measure = dict(recs_m)
    facts.recommendations_by_sender = dict(recs_s)
    facts.recommendations_by_year = dict(recs_y)
    facts.nominations_by_application = dict(nominations)

    led: dict[str, list[Measure]] = defaultdict(list)
    coop: dict[str, list[Measure]] = defaultdict(list)
    for year in snapshot.years:
        for measure in snapshot.measures.get(year, {}).values():
            for name in measure.lead_units:
                dept = snapshot.registry.department_named(name, year)
                if dept is not None:
                    led[dept.id].append(measure)
            for name in measure.cooperating_units:
                dept = snapshot.registry.department_named(name, year)
                if dept is not None:
                    coop[dept.id].append(measure)
    facts.led_by = dict(led)
    facts.cooperated_by = dict(coop)
    return facts
