"""What a rule may ask of the run that checks a file: the typed interface every rule receives.

A rule gets this, not the Checker: the reference data that judges (registry, programme,
policy), the records of the files it refers to, the listing of the tree (read only), and
`diag` to report. `tests/test_rule_context.py` checks that rules use nothing else, so a rule
can be run against any object that provides these (a test double, another front-end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from ..diagnostics import Diagnostic
from ..loader import Document
from ..model import Application, Edition, Measure, Notice, Recommendation, Record, Registry
from ..programme import Programme
from ..repository import Repository


class Options(Protocol):
    now: dt.datetime | None  # the moment deadlines are judged against
    basis: str  # what that moment is, for messages


class Schemas(Protocol):
    directory: Any

    def raw(self, name: str) -> dict[str, Any]: ...

    def names(self) -> list[str]: ...

    def validate(self, name: str, data: Any) -> tuple[Any, list]: ...


class Loaded(Protocol):
    doc: Document | None
    record: Record | None


class RuleContext(Protocol):
    """The run, as rules see it."""

    #: the tree's listing (places, folders, entries); rules never read files through it directly
    repo: Repository
    options: Options
    schemas: Schemas

    @property
    def registry(self) -> Registry: ...

    @property
    def programme(self) -> Programme: ...

    @property
    def terms(self) -> Mapping[str, str]: ...

    @property
    def case_twins(self) -> Mapping[str, list[str]]: ...

    # -- the policy that judges --------------------------------------------------------------

    def edition(self, year: int) -> Edition | None: ...

    def measure(self, year: int, number: int) -> Measure | None: ...

    # -- the files a rule refers to ----------------------------------------------------------

    def record(self, path: str) -> Record | None: ...

    def load(self, path: str) -> Loaded: ...

    def application(self, year: int, measure: int, applicant: str) -> Application | None: ...

    def applications_to(self, year: int, applicant: str, measure: int) -> list[Application]: ...

    def recommendations_for(self, year: int, measure: int) -> list[Recommendation]: ...

    def notices(self, year: int) -> list[Notice]: ...

    def file_ok(self, path: str) -> bool: ...

    def cited_files(self, year: int, applicant: str) -> frozenset[str] | None: ...

    # -- the change under review -------------------------------------------------------------

    def is_judged(self, path: str) -> bool: ...

    def is_changed(self, path: str) -> bool: ...

    def base_data(self, path: str) -> tuple[bool, Any]: ...

    # -- reporting ---------------------------------------------------------------------------

    def display(self, path: str) -> str: ...

    def diag(self, code: str, path: str, jpath: Iterable[Any] = (), *, key: bool = False,
             **params: Any) -> Diagnostic: ...
