"""Validation: load → schema → record → rules, for the whole repository or a few files.

One `Checker` serves the CLI, CI, the site build and the tests. It loads files lazily and
remembers what it loaded, so checking a pull request that changes one application reads
that application, its siblings, the policy and the registry, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import gitutil
from .diagnostics import Diagnostic, make
from .layout import (
    EXAMPLES,
    KIND_SCHEMA,
    PROGRAMME,
    applicant_folder,
    edition_path,
    measures_folder,
    notices_folder,
    recommendations_folder,
    schema_line,
)
from .loader import MAX_BYTES, Document, LoadError, decode, load_text
from .model import Application, Edition, Measure, Notice, Recommendation, Record, Registry, build
from .programme import FALLBACK, Programme
from .refine import refine
from .repository import FILE, Repository, SourceFile
from .schemas import SchemaSet

SCHEMA_PREFIX = "# yaml-language-server: $schema="
REFERENCE_KINDS = frozenset({"programme", "edition", "measure", "region", "platform", "department", "townships"})


@dataclass(frozen=True)
class Options:
    """How a run judges files."""

    now: dt.datetime | None = None  # the moment deadlines are judged against
    basis: str = ""  # what that moment is, for messages ("本次检查拉取请求的时间")
    # files judged against the clock; None: none are
    judged: frozenset[str] | None = None
    base_ref: str | None = None  # the commit a pull request starts from (published notices)
    changed: frozenset[str] = frozenset()  # logical paths the pull request adds or changes
    deleted: frozenset[str] = frozenset()  # repository paths the pull request deletes


@dataclass
class Loaded:
    source: SourceFile
    doc: Document | None = None
    record: Record | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    files: int
    #: display paths the change under review touches (empty outside `--changed-since`)
    changed: frozenset[str] = frozenset()
    #: display path of an untouched file -> the changed display paths that made the run check it
    causes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: what the deadline check judged, for the summary ("" when nothing was judged against a clock)
    clock_note: str = ""

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def logical_path(path: str) -> str:
    """The real-tree path of a sample file (examples/submissions/… → submissions/…)."""
    return path[len(EXAMPLES) + 1:] if path.startswith(EXAMPLES + "/") else path


class Checker:
    """Checks the files of `repo`.

    `judge`: the checker whose schemas, registry and policy judge this one's files (a pull
    request is judged by its base commit, which it cannot change; see `generator.reference`).
    Without it the repository judges itself. With it, the repository's own policy and registry
    files are checked for structure only (against the judge's schemas); what they imply once
    merged is checked by a separate run of the repository on its own (`check_change`).
    """

    def __init__(self, repo: Repository, options: Options | None = None, *, judge: Checker | None = None) -> None:
        self.repo = repo
        self.options = options or Options()
        self.judge = judge
        self.schemas = judge.schemas if judge is not None else SchemaSet(repo.root / "schema")
        self._loaded: dict[str, Loaded] = {}
        self._ruled: dict[str, list[Diagnostic]] = {}
        self._registry: Registry | None = None
        self._collections: dict[tuple, list[Diagnostic]] = {}
        self._case_twins: dict[str, list[str]] | None = None
        self._programme: Programme | None = None
        self._cited: dict[tuple[int, str], frozenset[str] | None] = {}

    # -- loading ---------------------------------------------------------------------------

    def load(self, path: str) -> Loaded:
        """Read, parse and schema-check one file (memoised)."""
        found = self._loaded.get(path)
        if found is not None:
            return found
        source = self.repo.files[path]
        loaded = Loaded(source)
        self._loaded[path] = loaded
        place = source.place
        if place is None:
            loaded.diagnostics.append(make("G001", source.display, (1, 1), terms=self.terms,
                                           places="；".join(self.repo.layout.places())))
            return loaded
        # plain os calls: at tens of thousands of files pathlib's overhead shows
        absolute = os.path.join(self.repo.root_text, source.display)
        if source.entry != FILE:
            return loaded  # a link is never followed; the path rules say what it is (F002)
        try:
            with open(absolute, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > MAX_BYTES:  # refuse before reading a huge file into memory
                    raise LoadError("Y001", 1, 1, size=size, limit=MAX_BYTES)
                raw = fh.read()
            text = decode(raw)
            loaded.doc = load_text(text, source.display)
        except LoadError as exc:
            loaded.diagnostics.extend(make(e.code, source.display, (e.line, e.col), terms=self.terms, **e.params)
                                      for e in exc.all())
            return loaded
        except OSError as exc:
            loaded.diagnostics.append(make("Y012", source.display, (1, 1), terms=self.terms,
                                           reason=exc.strerror or str(exc)))
            return loaded
        loaded.diagnostics.extend(self._schema_line(source, text))
        schema = KIND_SCHEMA[place.kind]
        value, errors = self.schemas.validate(schema, loaded.doc.data)
        for code, jpath, params in errors:
            loaded.diagnostics.append(self._schema_diagnostic(loaded.doc, schema, code, jpath, params))
        if not errors:
            loaded.record = build(place.kind, value, source.path, place.year, place.stem, place.unit_kind)
        return loaded

    def _schema_line(self, source: SourceFile, text: str) -> list[Diagnostic]:
        expected = schema_line(source.display, source.place.kind)
        first = text.split("\n", 1)[0].rstrip("\r").strip()
        if first == expected:
            return []
        if first.startswith(SCHEMA_PREFIX):
            return [make("S012", source.display, (1, len(SCHEMA_PREFIX) + 1), terms=self.terms,
                         found=first[len(SCHEMA_PREFIX):], expected=expected[len(SCHEMA_PREFIX):])]
        return [make("S011", source.display, (1, 1), terms=self.terms, expected=expected)]

    def _schema_diagnostic(self, doc: Document, schema: str, code: str, jpath: tuple,
                           params: dict[str, Any]) -> Diagnostic:
        params = dict(params)
        on_key = params.pop("key", False)
        params.setdefault("where", self.schemas.title_path(schema, jpath))
        # names typed for ids and mappings read as text: say what the clerk did (generator/refine.py)
        place = self.repo.layout.classify(logical_path(doc.path))
        reference = place is None or place.kind in REFERENCE_KINDS
        registry = None if reference else self.registry
        programme = FALLBACK if reference else self.programme
        better = refine(registry, doc, code, jpath, params, params["where"], place.year if place else None, programme)
        if better is not None:
            return better
        return make(code, doc.path, doc.position(jpath, key=on_key), terms=self.terms, **params)

    def record(self, path: str) -> Record | None:
        return self.load(path).record if path in self.repo.files else None

    # -- reference data --------------------------------------------------------------------

    @property
    def programme(self) -> Programme:
        """The programme's settings (programme.yaml); plain words while they cannot be read."""
        if self.judge is not None:
            return self.judge.programme
        if self._programme is None:
            self._programme = FALLBACK  # programme.yaml's own findings are worded with these
            rec = self.record(PROGRAMME) if PROGRAMME in self.repo.files else None
            self._programme = rec if isinstance(rec, Programme) else FALLBACK
        return self._programme

    @property
    def terms(self) -> dict[str, str]:
        return self.programme.terms

    @property
    def registry(self) -> Registry:
        if self.judge is not None:
            return self.judge.registry
        if self._registry is None:
            reg = Registry()
            for kind, table in (("region", reg.regions), ("platform", reg.platforms),
                                ("department", reg.departments)):
                for source in self.repo.of_kind(kind):
                    rec = self.record(source.path)
                    if rec is not None and rec.id not in table:
                        table[rec.id] = rec
            for source in self.repo.of_kind("townships"):
                listing = self.record(source.path)
                if listing is not None and listing.region not in reg.townships:
                    reg.townships[listing.region] = listing
            self._registry = reg
        return self._registry

    def edition(self, year: int) -> Edition | None:
        if self.judge is not None:
            return self.judge.edition(year)
        path = edition_path(year)
        rec = self.record(path) if path in self.repo.files else None
        return rec if isinstance(rec, Edition) else None

    def measures(self, year: int) -> dict[int, Measure]:
        if self.judge is not None:
            return self.judge.measures(year)
        key = ("measures", year)
        if key not in self._collections:
            table: dict[int, Measure] = {}
            for source in self.repo.in_folder(measures_folder(year)):
                rec = self.record(source.path)
                if isinstance(rec, Measure) and rec.number not in table:
                    table[rec.number] = rec
            self._collections[key] = table  # type: ignore[assignment]
        return self._collections[key]  # type: ignore[return-value]

    def measure(self, year: int, number: int) -> Measure | None:
        return self.measures(year).get(number)

    # -- the three steps -------------------------------------------------------------------

    def applications_of(self, year: int, applicant: str) -> list[Application]:
        """The applications filed in an applicant's folder for `year`, in path order."""
        key = ("applications", year, applicant)
        if key not in self._collections:
            out = []
            for source in self.repo.in_folder(applicant_folder(year, applicant)):
                rec = self.record(source.path)
                if isinstance(rec, Application):
                    out.append(rec)
            self._collections[key] = out  # type: ignore[assignment]
        return self._collections[key]  # type: ignore[return-value]

    def applications_to(self, year: int, applicant: str, measure: int) -> list[Application]:
        """The applicant's applications to `measure` among the files named for it (or named
        for no measure). A file named for another measure is not read: its own placement
        check reports it, and its own A004 check finds the files named for `measure`."""
        out = []
        for source in self.repo.in_folder(applicant_folder(year, applicant)):
            if source.place.number is not None and source.place.number != measure:
                continue
            rec = self.record(source.path)
            if isinstance(rec, Application) and rec.measure == measure:
                out.append(rec)
        return out

    def application(self, year: int, measure: int, applicant: str) -> Application | None:
        """The application of `applicant` to `measure`, wherever in its folder it is filed.

        File names start with the measure number, so only files named for `measure` (or not
        named by any number) are read: a lookup never loads a whole folder.
        """
        for source in self.repo.in_folder(applicant_folder(year, applicant)):
            if source.place.number is not None and source.place.number != measure:
                continue
            rec = self.record(source.path)
            if isinstance(rec, Application) and rec.measure == measure and rec.applicant == applicant:
                return rec
        # a misnamed file still counts (its placement error is reported on its own)
        for rec in self.applications_of(year, applicant):
            if rec.measure == measure and rec.applicant == applicant:
                return rec
        return None

    def recommendations_for(self, year: int, measure: int) -> list[Recommendation]:
        out = []
        for source in self.repo.in_folder(recommendations_folder(year, measure)):
            rec = self.record(source.path)
            if isinstance(rec, Recommendation) and rec.measure == measure:
                out.append(rec)
        return out

    def notices(self, year: int) -> list[Notice]:
        out = []
        for source in self.repo.in_folder(notices_folder(year)):
            rec = self.record(source.path)
            if isinstance(rec, Notice):
                out.append(rec)
        return out

    def cited_files(self, year: int, applicant: str) -> frozenset[str] | None:
        """The attachment paths (relative to the applicant's folder, normalised) that the
        applicant's applications for `year` cite; None while one of them cannot be read."""
        key = (year, applicant)
        if key not in self._cited:
            cited: set[str] | None = set()
            for source in self.repo.in_folder(applicant_folder(year, applicant)):
                rec = self.record(source.path)
                if rec is None:
                    cited = None
                    break
                if isinstance(rec, Application):
                    cited.update(posixpath.normpath(e.file) for e in rec.evidence if e.file)
            self._cited[key] = frozenset(cited) if cited is not None else None
        return self._cited[key]

    @property
    def case_twins(self) -> dict[str, list[str]]:
        if self._case_twins is None:
            self._case_twins = self.repo.case_twins()
        return self._case_twins

    # -- helpers for rules -----------------------------------------------------------------

    def display(self, path: str) -> str:
        source = self.repo.entry(path)
        return source.display if source is not None else path

    def pos(self, path: str, jpath: Iterable[Any] = (), *, key: bool = False) -> tuple[int, int]:
        doc = self.load(path).doc
        return doc.position(tuple(jpath), key=key) if doc else (1, 1)

    def diag(self, code: str, path: str, jpath: Iterable[Any] = (), *, key: bool = False,
             **params: Any) -> Diagnostic:
        """A diagnostic about the value at `jpath` in the file at logical path `path` (the
        first line of a file that is not YAML)."""
        pos = self.pos(path, jpath, key=key) if path in self.repo.files else (1, 1)
        return make(code, self.display(path), pos, terms=self.terms, **params)

    def is_judged(self, path: str) -> bool:
        judged = self.options.judged
        return judged is not None and self.options.now is not None and path in judged

    def is_changed(self, path: str) -> bool:
        return path in self.options.changed

    def base_data(self, path: str) -> tuple[bool, Any]:
        """(existed, data as written) of the file at `path` at the base commit.

        (False, None) without a base commit or if the file is new; (True, None) if the old
        version does not read. The data is not typed by a schema: a change may edit the schema
        too, and what was published is compared as it was written.
        """
        if self.options.base_ref is None:
            return False, None
        source = self.repo.files.get(path)
        display = source.display if source else path
        place = source.place if source else self.repo.classify(logical_path(path))
        raw = gitutil.show_file(self.repo.root, self.options.base_ref, display)
        if raw is None:
            return False, None
        if place is None:
            return True, None
        try:
            doc = load_text(decode(raw), display)
        except LoadError:
            return True, None
        return True, doc.data

    def file_ok(self, path: str) -> bool:
        """Does `path` pass every check of its own (schema and rules), ignoring the clock?"""
        return not any(d.severity == "error" for d in self.check_file(path, clock_free=True))

    # -- running ---------------------------------------------------------------------------

    def check_file(self, path: str, *, clock_free: bool = False) -> list[Diagnostic]:
        """All findings about one file: loading, schema and the rules of its kind."""
        from .rules import FILE_RULES, PATH_RULES

        # Without a clock judgement the clock-free findings are the same: share them.
        cache_key = "\0" + path if clock_free and self.is_judged(path) else path
        if cache_key in self._ruled:
            return self._ruled[cache_key]
        self._ruled[cache_key] = []  # a reference cycle sees "no errors yet"
        loaded = self.load(path)
        out = list(loaded.diagnostics)
        for rule in PATH_RULES:
            out.extend(rule(loaded.source, self))
        # judged by another commit, the policy and registry files' rules would mix two versions
        # of the reference data: their consequences are checked by the run on their own tree
        own_rules = self.judge is None or loaded.source.place is None or (
            loaded.source.place.kind not in REFERENCE_KINDS)
        if loaded.record is not None and own_rules:
            for rule in FILE_RULES.get(loaded.source.place.kind, ()):
                if clock_free and getattr(rule, "uses_clock", False):
                    continue
                out.extend(rule(loaded.record, self))
        self._ruled[cache_key] = out
        return out

    def check_other(self, path: str, *, clock_free: bool = False) -> list[Diagnostic]:
        """All findings about an entry that is not a data file (attachment, source text, stray)."""
        from .rules import OTHER_RULES, PATH_RULES

        source = self.repo.others[path]
        out: list[Diagnostic] = []
        for rule in PATH_RULES:
            out.extend(rule(source, self))
        for rule in OTHER_RULES.get(source.kind or "stray", ()):
            if clock_free and getattr(rule, "uses_clock", False):
                continue
            out.extend(rule(source, self))
        return out

    def check_folder(self, year: int, applicant: str) -> list[Diagnostic]:
        from .rules import FOLDER_RULES

        return [d for rule in FOLDER_RULES for d in rule(year, applicant, self)]

    def run(self, targets: Iterable[str] | None = None) -> Result:
        """Check `targets` (logical paths; None: every file) and what they belong to."""
        # Loading builds millions of small objects that live until the run ends and form no
        # reference cycles; the cyclic collector would rescan them over and over (a third of
        # the run at 10,000 files), so it is paused for the run.
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._run(targets)
        finally:
            if paused:
                gc.enable()

    def _run(self, targets: Iterable[str] | None) -> Result:
        from .rules import COLLECTION_RULES

        if targets is None:
            paths = [*self.repo.files, *self.repo.others]
        else:
            paths = [p for p in targets if p in self.repo.files or p in self.repo.others]
        seen: set[str] = set()
        diagnostics: list[Diagnostic] = []
        kinds: set[str] = set()
        years: set[int] = set()
        folders: set[tuple[int, str]] = set()
        for path in paths:
            if path in seen:
                continue
            seen.add(path)
            source = self.repo.files.get(path)
            if source is not None:
                diagnostics.extend(self.check_file(path))
            else:
                source = self.repo.others[path]
                diagnostics.extend(self.check_other(path))
            place = source.place
            if place is not None:
                kinds.add(place.kind)
                if place.year is not None:
                    years.add(place.year)
                if place.kind in ("application", "attachment"):
                    folders.add((place.year, place.applicant))
        if targets is None:
            years.update(self.repo.years())
            from .rules.files import look_alike_roots

            diagnostics.extend(look_alike_roots(self))
        for year, applicant in sorted(folders):
            diagnostics.extend(self.check_folder(year, applicant))
        for rule in COLLECTION_RULES:
            if self.judge is not None and rule.kinds <= REFERENCE_KINDS:
                continue  # the reference data's own consistency is the merged run's to judge
            if rule.kinds & kinds or (targets is None):
                diagnostics.extend(rule(self, years if rule.per_year else None))
        from .rules.notices import changed_notice, deleted_notice

        for path in sorted(self.options.changed):
            source = self.repo.files.get(path)
            if source is not None and source.kind == "notice" and path in seen:
                diagnostics.extend(changed_notice(self, path))
        for path in sorted(self.options.deleted):
            diagnostics.extend(deleted_notice(self, path))
        unique = sorted(set(diagnostics), key=Diagnostic.sort_key)
        return Result(unique, len(seen))
