"""Validation: load → schema → record → rules, for the whole repository or a few files.

One `Checker` serves the CLI, CI, the site build and the tests. It loads files lazily and
remembers what it loaded, so checking a pull request that changes one application reads
that application, its siblings, the policy and the registry, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clock, gitutil
from .diagnostics import Diagnostic, make
from .layout import EXAMPLES, KIND_SCHEMA, PLACES, classify, schema_line
from .loader import MAX_BYTES, Document, LoadError, decode, load_text
from .model import Application, Edition, Measure, Notice, Recommendation, Record, Registry, build
from .refine import refine
from .repository import Repository, SourceFile
from .schemas import SchemaSet

SCHEMA_PREFIX = "# yaml-language-server: $schema="
REFERENCE_KINDS = frozenset({"edition", "measure", "region", "platform", "department", "townships"})


@dataclass(frozen=True)
class Options:
    """How a run judges files."""

    now: dt.datetime | None = None  # the moment deadlines are judged against
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

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


class Checker:
    def __init__(self, repo: Repository, options: Options | None = None) -> None:
        self.repo = repo
        self.options = options or Options()
        self.schemas = SchemaSet(repo.root / "schema")
        self._loaded: dict[str, Loaded] = {}
        self._ruled: dict[str, list[Diagnostic]] = {}
        self._registry: Registry | None = None
        self._collections: dict[tuple, list[Diagnostic]] = {}

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
            loaded.diagnostics.append(make("G001", source.display, (1, 1), places="；".join(PLACES)))
            return loaded
        # plain os calls: at tens of thousands of files pathlib's overhead shows
        absolute = os.path.join(self.repo.root_text, source.display)
        try:
            if stat.S_ISLNK(os.lstat(absolute).st_mode):
                raise LoadError("Y012", 1, 1, reason="数据文件不能是符号链接")
            with open(absolute, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > MAX_BYTES:  # refuse before reading a huge file into memory
                    raise LoadError("Y001", 1, 1, size=size, limit=MAX_BYTES)
                raw = fh.read()
            text = decode(raw)
            loaded.doc = load_text(text, source.display)
        except LoadError as exc:
            loaded.diagnostics.append(make(exc.code, source.display, (exc.line, exc.col), **exc.params))
            return loaded
        except OSError as exc:
            loaded.diagnostics.append(make("Y012", source.display, (1, 1), reason=exc.strerror or str(exc)))
            return loaded
        loaded.diagnostics.extend(self._schema_line(source, text))
        schema = KIND_SCHEMA[place.kind]
        value, errors = self.schemas.validate(schema, loaded.doc.data)
        for code, jpath, params in errors:
            loaded.diagnostics.append(self._schema_diagnostic(loaded.doc, schema, code, jpath, params))
        if not errors:
            loaded.record = build(place.kind, value, source.path, place.year, place.stem)
        return loaded

    def _schema_line(self, source: SourceFile, text: str) -> list[Diagnostic]:
        expected = schema_line(source.display, source.place.kind)
        first = text.split("\n", 1)[0].rstrip("\r").strip()
        if first == expected:
            return []
        if first.startswith(SCHEMA_PREFIX):
            return [make("S012", source.display, (1, len(SCHEMA_PREFIX) + 1),
                         found=first[len(SCHEMA_PREFIX):], expected=expected[len(SCHEMA_PREFIX):])]
        return [make("S011", source.display, (1, 1), expected=expected)]

    def _schema_diagnostic(self, doc: Document, schema: str, code: str, jpath: tuple,
                           params: dict[str, Any]) -> Diagnostic:
        params = dict(params)
        on_key = params.pop("key", False)
        params.setdefault("where", self.schemas.title_path(schema, jpath))
        # names typed for ids and mappings read as text: say what the clerk did (generator/refine.py)
        place = classify(_logical(doc.path))
        registry = None if place is None or place.kind in REFERENCE_KINDS else self.registry
        better = refine(registry, doc, code, jpath, params, params["where"], place.year if place else None)
        if better is not None:
            return better
        return make(code, doc.path, doc.position(jpath, key=on_key), **params)

    def record(self, path: str) -> Record | None:
        return self.load(path).record if path in self.repo.files else None

    # -- reference data --------------------------------------------------------------------

    @property
    def registry(self) -> Registry:
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
        path = f"measures/{year}/edition.yaml"
        rec = self.record(path) if path in self.repo.files else None
        return rec if isinstance(rec, Edition) else None

    def measures(self, year: int) -> dict[int, Measure]:
        key = ("measures", year)
        if key not in self._collections:
            table: dict[int, Measure] = {}
            for source in self.repo.in_folder(f"measures/{year}"):
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
            for source in self.repo.in_folder(f"submissions/{year}/{applicant}"):
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
        for source in self.repo.in_folder(f"submissions/{year}/{applicant}"):
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
        for source in self.repo.in_folder(f"submissions/{year}/{applicant}"):
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
        for source in self.repo.in_folder(f"awards/{year}/recommendations/{measure:02d}"):
            rec = self.record(source.path)
            if isinstance(rec, Recommendation) and rec.measure == measure:
                out.append(rec)
        return out

    def notices(self, year: int) -> list[Notice]:
        out = []
        for source in self.repo.in_folder(f"awards/{year}/notices"):
            rec = self.record(source.path)
            if isinstance(rec, Notice):
                out.append(rec)
        return out

    # -- helpers for rules -----------------------------------------------------------------

    def display(self, path: str) -> str:
        return self.repo.files[path].display

    def pos(self, path: str, jpath: Iterable[Any] = (), *, key: bool = False) -> tuple[int, int]:
        doc = self.load(path).doc
        return doc.position(tuple(jpath), key=key) if doc else (1, 1)

    def diag(self, code: str, path: str, jpath: Iterable[Any] = (), *, key: bool = False,
             **params: Any) -> Diagnostic:
        """A diagnostic about the value at `jpath` in the file at logical path `path`."""
        return make(code, self.display(path), self.pos(path, jpath, key=key), **params)

    def is_judged(self, path: str) -> bool:
        judged = self.options.judged
        return judged is not None and self.options.now is not None and path in judged

    def is_changed(self, path: str) -> bool:
        return path in self.options.changed

    def base_data(self, path: str) -> tuple[bool, Any]:
        """(existed, typed data) of the file at `path` at the base commit.

        (False, None) without a base commit or if the file is new; (True, None) if the old
        version does not read or does not fit its schema.
        """
        if self.options.base_ref is None:
            return False, None
        source = self.repo.files.get(path)
        display = source.display if source else path
        place = source.place if source else classify(_logical(path))
        raw = gitutil.show_file(self.repo.root, self.options.base_ref, display)
        if raw is None:
            return False, None
        if place is None:
            return True, None
        try:
            doc = load_text(decode(raw), display)
        except LoadError:
            return True, None
        value, errors = self.schemas.validate(KIND_SCHEMA[place.kind], doc.data)
        return True, (None if errors else value)

    def file_ok(self, path: str) -> bool:
        """Does `path` pass every check of its own (schema and rules), ignoring the clock?"""
        return not any(d.severity == "error" for d in self.check_file(path, clock_free=True))

    # -- running ---------------------------------------------------------------------------

    def check_file(self, path: str, *, clock_free: bool = False) -> list[Diagnostic]:
        """All findings about one file: loading, schema and the rules of its kind."""
        from .rules import FILE_RULES

        # Without a clock judgement the clock-free findings are the same: share them.
        cache_key = "\0" + path if clock_free and self.is_judged(path) else path
        if cache_key in self._ruled:
            return self._ruled[cache_key]
        self._ruled[cache_key] = []  # a reference cycle sees "no errors yet"
        loaded = self.load(path)
        out = list(loaded.diagnostics)
        if loaded.record is not None:
            for rule in FILE_RULES.get(loaded.source.place.kind, ()):
                if clock_free and getattr(rule, "uses_clock", False):
                    continue
                out.extend(rule(loaded.record, self))
        self._ruled[cache_key] = out
        return out

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
            paths = list(self.repo.files)
        else:
            paths = [p for p in targets if p in self.repo.files]
        seen: set[str] = set()
        diagnostics: list[Diagnostic] = []
        kinds: set[str] = set()
        years: set[int] = set()
        for path in paths:
            if path in seen:
                continue
            seen.add(path)
            diagnostics.extend(self.check_file(path))
            place = self.repo.files[path].place
            if place is not None:
                kinds.add(place.kind)
                if place.year is not None:
                    years.add(place.year)
        if targets is None:
            years.update(self.repo.years())
        for rule in COLLECTION_RULES:
            if rule.kinds & kinds or (targets is None):
                diagnostics.extend(rule(self, years if rule.per_year else None))
        for path in sorted(self.options.deleted):
            from .rules.notices import deleted_notice

            diagnostics.extend(deleted_notice(self, path))
        unique = sorted(set(diagnostics), key=Diagnostic.sort_key)
        return Result(unique, len(seen))


def _logical(path: str) -> str:
    """The real-tree path of a sample file (examples/submissions/… → submissions/…)."""
    return path[len(EXAMPLES) + 1:] if path.startswith(EXAMPLES + "/") else path


def expand_targets(repo: Repository, touched: Iterable[str]) -> list[str] | None:
    """What a change can break: the touched files and the files that refer to them.

    A change to the policy, registry or schemas can affect every file: then everything is
    checked (None). A changed or deleted application is re-checked with the recommendation
    lists of its measure and that year's notices; a changed list with that year's notices.
    """
    out: list[str] = []
    for path in touched:
        logical = _logical(path)
        top = logical.split("/", 1)[0]
        reference = path.split("/", 1)[0] == "schema" or top in ("registry", "measures")
        # a sample round's policy or registry file matters only when the sample is laid over
        if reference and (path == logical or repo.demo):
            return None
        source = repo.source_for(path)
        if source is not None:
            out.append(source.path)
        place = source.place if source is not None else classify(logical)
        if place is None or not place.year:
            continue
        if place.kind == "application" and place.number is not None:
            # lists sit in the folder of their measure and name applications to it only
            out.extend(s.path for s in repo.in_folder(f"awards/{place.year}/recommendations/{place.number:02d}"))
        elif place.kind == "application":
            out.extend(s.path for s in repo.of_kind("recommendation") if s.place.year == place.year)
        if place.kind in ("application", "recommendation"):
            out.extend(s.path for s in repo.in_folder(f"awards/{place.year}/notices"))
    return out


def make_options(repo: Repository, *, now: dt.datetime | None, changed_since: str | None,
                 paths: list[str] | None) -> tuple[Options, list[str] | None]:
    """Decide which files a run checks and which it judges against the clock.

    * `--changed-since REF`: check what changed (and what refers to it); judge the changed
      files against the clock; compare published notices with REF.
    * paths given: check and judge those paths.
    * neither: check everything; judge against the clock only if `--now` was given.
    """
    moment = now or clock.now()
    if changed_since is not None:
        changes = gitutil.changes_since(repo.root, changed_since)
        changed = sorted(changes.changed)
        logical = []
        for p in changed:
            source = repo.source_for(p)
            if source is not None:
                logical.append(source.path)
        targets = expand_targets(repo, [*changed, *sorted(changes.deleted)])
        if paths:
            wanted = {repo.source_for(p).path for p in paths if repo.source_for(p)}
            targets = [t for t in (targets if targets is not None else list(repo.files)) if t in wanted]
        deleted = frozenset(p for p in changes.deleted)
        return Options(now=moment, judged=frozenset(logical), base_ref=changed_since,
                       changed=frozenset(logical), deleted=deleted), targets
    if paths:
        logical = [repo.source_for(p).path for p in paths if repo.source_for(p)]
        return Options(now=moment, judged=frozenset(logical)), logical
    return Options(now=moment, judged=frozenset(repo.files) if now is not None else None), None


def resolve_paths(repo: Repository, root: Path, args: list[str]) -> tuple[list[str], list[str]]:
    """Turn command-line paths (files or folders) into repository paths; also list the ones
    that are outside the repository or hold no data file (a run never silently checks nothing,
    nor everything instead)."""
    found: list[str] = []
    missing: list[str] = []
    for arg in args:
        rel = _repository_relative(root, Path(arg))
        if rel is None:
            missing.append(arg)
            continue
        matched = [s.display for s in repo.files.values()
                   if s.display == rel or (not rel or s.display.startswith(rel.rstrip("/") + "/"))]
        if not matched:
            missing.append(arg)
            continue
        found.extend(matched)
    return found, missing


def _repository_relative(root: Path, path: Path) -> str | None:
    """`path` relative to `root` ("" for the root itself), or None if it is outside.

    The last component is not resolved, so a symbolic link inside the repository names
    itself (and is then refused as a data file) instead of where it points."""
    absolute = Path(os.path.normpath(path if path.is_absolute() else Path.cwd() / path))
    for candidate in (absolute, absolute.parent.resolve() / absolute.name):
        try:
            rel = candidate.relative_to(root).as_posix()
        except ValueError:
            continue
        return "" if rel == "." else rel
    return None
