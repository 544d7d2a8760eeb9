"""The output registry: every page family and every kind of published data file registers
itself once, and a build runs them all.

An output is a small function that adds to a `Context` — data files with an `Entry` each
(what the file is, for the catalogues), or pages. Data outputs run first, in their order, so
a page can link only files that exist and the catalogue (`api/v1/index.json`), the 开放数据
page and each page's "开放数据" twins list read the entries instead of keeping their own
lists: a new export is one new registered function, not edits in five places. Modelled on
endoflife.date's generator plugins.

Pages and open data never import each other: both import this module and the core
(`facts`, `pagetext`, `urls`); this module imports both families only to let them register.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .facts import Facts, collect
from .snapshot import Snapshot

#: The stages of a build, run in this order: open data (what the catalogue lists), site assets
#: (scripts and the data they read, not open data), pages.
DATA, ASSETS, PAGES = "data", "assets", "pages"


class OutputError(Exception):
    """An output cannot be made from the data as it is; the message (Chinese) says what to fix.
    Front-ends print it instead of a traceback."""


class Conflict(OutputError):
    """Two outputs made the same file or page; the message (Chinese) names it."""


@dataclass(frozen=True)
class Entry:
    """One published data file, as the catalogue, the 开放数据 page and the twins lists see it.

    kind: "json" (API document), "schema" (API schema), "download" (CSV, workbook), "package"
    (the data package), "feed" (Atom), "calendar" (iCalendar), "asset" (a script, style or the
    data a script reads: published, but not open data; no catalogue lists it).
    twins: the pages this file says the same as, each with the label it is linked by there.
    """

    path: str
    title: str
    kind: str
    schema: str | None = None  # the API schema describing it
    fields: str | None = None  # its 字段说明 file
    year: int | None = None
    rows: int | None = None
    twins: tuple[tuple[str, str], ...] = ()


@dataclass
class Context:
    """What a build has made so far. Outputs add to it; later outputs read what earlier ones made."""

    snapshot: Snapshot
    facts: Facts
    files: dict[str, bytes] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)
    extra_pages: frozenset[str] = frozenset()  # hand-written pages (docs/) the site also has
    shared: dict[str, Any] = field(default_factory=dict)  # made once, read by several outputs
    timings: dict[str, float] = field(default_factory=dict)  # seconds per output

    def put(self, entry: Entry, content: bytes) -> None:
        """Publish `content` at `entry.path`."""
        if entry.path in self.files:
            raise Conflict(f"两个输出生成了同一个文件：{entry.path}")
        self.files[entry.path] = content
        self.entries.append(entry)

    def page(self, path: str, text: str, producer: str) -> None:
        if path in self.pages:
            raise Conflict(f"{producer} 与其他页面重名：{path}")
        self.pages[path] = text

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """`make()` the first time `key` is asked for, its result afterwards."""
        if key not in self.shared:
            self.shared[key] = make()
        return self.shared[key]

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]

    @property
    def available(self) -> frozenset[str]:
        """Every path a page may link: published files, generated and hand-written pages."""
        return frozenset(self.files) | frozenset(self.pages) | self.extra_pages


@dataclass(frozen=True)
class Output:
    name: str
    stage: str  # DATA, ASSETS or PAGES
    order: int
    make: Callable[[Context], None]
    since: str | None = None  # data outputs: the open-data release that introduced them (changelog.json)


REGISTRY: list[Output] = []


def output(name: str, stage: str, order: int, *,
           since: str | None = None) -> Callable[[Callable[[Context], None]], Callable[[Context], None]]:
    """Register `fn(context)` as the output `name`, run in `stage` by `order` (lower first).
    A data output names the open-data release that introduced it (`since`), which the
    changelog must record."""

    def register(fn: Callable[[Context], None]) -> Callable[[Context], None]:
        if any(o.name == name for o in REGISTRY):
            raise ValueError(f"output {name!r} registered twice")
        REGISTRY.append(Output(name, stage, order, fn, since))
        return fn

    return register


def outputs(stage: str) -> list[Output]:
    _load()
    return sorted((o for o in REGISTRY if o.stage == stage), key=lambda o: (o.order, o.name))


def _load() -> None:
    # importing the families registers their outputs
    from . import opendata  # noqa: F401
    from .site import families  # noqa: F401


def _run(context: Context, stage: str) -> None:
    for out in outputs(stage):
        started = time.perf_counter()
        out.make(context)
        context.timings[out.name] = time.perf_counter() - started


def publish(snapshot: Snapshot, facts: Facts | None = None) -> Context:
    """Every data file of `snapshot` (no pages)."""
    context = Context(snapshot, facts or collect(snapshot))
    _run(context, DATA)
    return context


def render(snapshot: Snapshot, *, extra: Iterable[str] = ()) -> Context:
    """Every data file and every page of `snapshot`. `extra`: hand-written pages the site has."""
    context = publish(snapshot)
    context.extra_pages = frozenset(extra)
    _run(context, ASSETS)
    _run(context, PAGES)
    return context
