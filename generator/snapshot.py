"""The published state of a repository: validated records, ready for pages and exports.

Rendering never reads YAML; it reads a Snapshot. A Snapshot is made only from data that
passed validation, and it holds only what may be published:

* applications carry no contact data (the field is emptied here, before any renderer
  could see it);
* only notices with status `published` are included (drafts stay in the repository).

Pages, the JSON API, CSV/XLSX, feeds and the calendar all read the same Snapshot, so they
cannot disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import clock
from .derived import nominee_of, recommended_pairs, shown_name
from .model import (
    OUTCOME_HERE,
    Application,
    Closure,
    Department,
    Edition,
    Measure,
    Notice,
    Platform,
    Recommendation,
    Region,
    Registry,
)
from .programme import Programme
from .repository import Repository
from .validate import Checker, Options, Result


@dataclass(frozen=True, slots=True)
class Award:
    """One entry of a published notice, resolved to everything it stands on (provenance)."""

    year: int
    measure: int
    applicant: str  # registry id of the applying region or platform
    nominee: str  # the rewarded name (the applicant itself, or one of its townships)
    level: str
    notice: Notice
    application: Application | None
    recommendations: tuple[Recommendation, ...]  # the lists that recommended this entry
    order: int  # position in the notice, for "the notice's order"


class InvalidRepository(Exception):
    """The data does not validate; nothing may be published from it."""

    def __init__(self, result: Result) -> None:
        super().__init__(f"{len(result.diagnostics)} diagnostics")
        self.result = result


@dataclass(frozen=True)
class Snapshot:
    root: Path
    demo: bool
    built_at: dt.datetime  # the moment the build judges milestones against (Beijing time)
    editions: dict[int, Edition]
    measures: dict[int, dict[int, Measure]]  # year -> number -> measure
    registry: Registry
    programme: Programme
    applications: tuple[Application, ...]  # contact removed
    recommendations: tuple[Recommendation, ...]
    notices: tuple[Notice, ...]  # published only
    display_paths: dict[str, str] = field(default_factory=dict)  # logical -> where the file really is
    repo_url: str | None = None  # e.g. https://github.com/org/repo/blob/main/ for provenance links
    site_url: str | None = None  # where the site is published (mkdocs.yml site_url), ending in "/"
    sample_years: frozenset[int] = frozenset()  # years the sample round (examples/) lays files in

    # -- convenient views ------------------------------------------------------------------

    @property
    def years(self) -> list[int]:
        return sorted(self.editions)

    @property
    def current_year(self) -> int | None:
        return max(self.editions) if self.editions else None

    def regions(self) -> list[Region]:
        return sorted(self.registry.regions.values(), key=lambda r: (r.code or "999999", r.id))

    def platforms(self) -> list[Platform]:
        return sorted(self.registry.platforms.values(), key=lambda p: p.id)

    def departments(self) -> list[Department]:
        return sorted(self.registry.departments.values(), key=lambda d: d.id)

    # Lookups go through indexes built once: pages and exports call them per entry, and a
    # scan per call would make a build grow with awards × applications.

    @cached_property
    def _applications_by_measure(self) -> dict[tuple[int, int], list[Application]]:
        index: dict[tuple[int, int], list[Application]] = {}
        for a in self.applications:
            index.setdefault((a.year, a.measure), []).append(a)
        return index

    @cached_property
    def _application_by_key(self) -> dict[tuple[int, int, str], Application]:
        index: dict[tuple[int, int, str], Application] = {}
        for a in self.applications:
            index.setdefault((a.year, a.measure, a.applicant), a)
        return index

    @cached_property
    def _recommendations_by_measure(self) -> dict[tuple[int, int], list[Recommendation]]:
        index: dict[tuple[int, int], list[Recommendation]] = {}
        for r in self.recommendations:
            index.setdefault((r.year, r.measure), []).append(r)
        return index

    def applications_for(self, year: int, measure: int) -> list[Application]:
        return list(self._applications_by_measure.get((year, measure), ()))

    def application(self, year: int, measure: int, applicant: str) -> Application | None:
        return self._application_by_key.get((year, measure, applicant))

    def recommendations_for(self, year: int, measure: int) -> list[Recommendation]:
        return list(self._recommendations_by_measure.get((year, measure), ()))

    def notices_for(self, year: int) -> list[Notice]:
        return [n for n in self.notices if n.year == year]

    @cached_property
    def _recommended_by(self) -> dict[tuple[int, int, str, str], tuple[Recommendation, ...]]:
        """(year, measure, applicant, nominee name) -> the lists that recommend it, as
        `derived.recommended_pairs` counts entries (every file here passed validation)."""
        index: dict[tuple[int, int, str, str], list[Recommendation]] = {}
        for rec in self.recommendations:
            measure = self.measures[rec.year][rec.measure]  # it exists: a list for no measure fails (M001, M002)
            pairs = recommended_pairs(rec, measure.levels,
                                      lambda applicant, r=rec: self.application(r.year, r.measure, applicant),
                                      lambda _app: True)
            for applicant, name, _ in pairs:
                found = index.setdefault((rec.year, rec.measure, applicant, name), [])
                if rec not in found:
                    found.append(rec)
        return {key: tuple(recs) for key, recs in index.items()}

    def recommended_by(self, year: int, measure: int, applicant: str, name: str) -> tuple[Recommendation, ...]:
        """The lists that recommended nominee `name` of `applicant` for a measure."""
        return self._recommended_by.get((year, measure, applicant, name), ())

    def closure(self, year: int) -> Closure | None:
        """How the round of `year` ended, or None while it goes on.

        The edition's `closure` says so, with two exceptions: in a demo build the sample round
        stands in for the year's round, so the real round's ending does not apply; and notices
        published in this repository are the record of how a round ended, whatever else the
        closure says."""
        edition = self.editions.get(year)
        if edition is None or edition.closure is None or year in self.sample_years:
            return None
        if self.notices_for(year) and edition.closure.outcome != OUTCOME_HERE:
            return Closure(OUTCOME_HERE)
        return edition.closure

    def awards(self, year: int | None = None) -> list[Award]:
        """Every entry of every published notice, in each notice's own order."""
        out: list[Award] = []
        for notice in self.notices:
            if year is not None and notice.year != year:
                continue
            order = 0
            for block in notice.measures:
                for entry in block.entries:
                    order += 1
                    app = self.application(notice.year, block.measure, entry.applicant)
                    nominee = nominee_of(app, entry.nominee)
                    name = shown_name(app, entry.applicant, entry.nominee)
                    level = nominee.level if nominee else ""
                    recs = self.recommended_by(notice.year, block.measure, entry.applicant, name)
                    out.append(Award(notice.year, block.measure, entry.applicant, name, level, notice,
                                     app, recs, order))
        return out

    def source_of(self, path: str) -> str:
        """Where the file behind a record really is (sample files live under examples/)."""
        return self.display_paths.get(path, path)

    def source_link(self, path: str) -> str | None:
        """A link into the repository for a record's file, if a repository address is configured."""
        if not self.repo_url:
            return None
        return self.repo_url.rstrip("/") + "/" + self.source_of(path)


def build_time() -> dt.datetime:
    """The build's notion of now: SOURCE_DATE_EPOCH if set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), clock.SHANGHAI)
    return clock.now()


def take(root: Path, *, demo: bool = False, now: dt.datetime | None = None,
         repo_url: str | None = None) -> Snapshot:
    """Validate the repository and return what may be published; raise InvalidRepository if
    anything fails. Deadlines are not judged here: publishing is not filing."""
    repo = Repository(root, demo=demo)
    checker = Checker(repo, Options())
    result = checker.run()
    if not result.ok:
        raise InvalidRepository(result)
    return from_checker(checker, now=now or build_time(), repo_url=repo_url)


def from_checker(checker: Checker, *, now: dt.datetime, repo_url: str | None = None) -> Snapshot:
    repo = checker.repo
    editions: dict[int, Edition] = {}
    measures: dict[int, dict[int, Measure]] = {}
    for year in repo.years():
        edition = checker.edition(year)
        if edition is not None:
            editions[year] = edition
            measures[year] = dict(sorted(checker.measures(year).items()))
    applications = []
    for source in repo.of_kind("application"):
        rec = checker.record(source.path)
        if isinstance(rec, Application):
            applications.append(dataclasses.replace(rec, contact=None))
    recommendations = [r for s in repo.of_kind("recommendation")
                       if isinstance(r := checker.record(s.path), Recommendation)]
    notices = [n for s in repo.of_kind("notice")
               if isinstance(n := checker.record(s.path), Notice) and n.published]
    return Snapshot(
        root=repo.root,
        demo=repo.demo or checker.programme.demo,
        built_at=now,
        editions=editions,
        measures=measures,
        registry=checker.registry,
        programme=checker.programme,
        applications=tuple(sorted(applications, key=lambda a: (a.year, a.measure, a.applicant))),
        recommendations=tuple(sorted(recommendations, key=lambda r: (r.year, r.measure, r.sender))),
        notices=tuple(sorted(notices, key=lambda n: (n.year, n.date or dt.date.min, n.slug))),
        display_paths={s.path: s.display for s in repo.files.values()},
        repo_url=repo_url,
        sample_years=frozenset(s.place.year for s in repo.files.values()
                               if s.demo and s.place is not None and s.place.year is not None),
    )
