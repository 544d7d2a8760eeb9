"""The one core of the site: a Snapshot in, every page as Markdown out.

`render_pages(snapshot)` returns `{source path: Markdown}` for every page the data makes,
including the open-data pages. The mkdocs plugin hands these pages to mkdocs-material and
`jili render` writes them to disk; neither adds or changes a page. Every path and link comes
from `generator.urls`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import opendata
from ..snapshot import Snapshot
from . import (
    awards,
    departments,
    experiences,
    fields,
    forms,
    home,
    measures,
    policy,
    records,
    regions,
    timeline,
)
from .facts import collect
from .text import with_banner
from .twins import twins, twins_block


class PageConflict(Exception):
    """Two producers made the same page."""


def render_pages(snapshot: Snapshot, *, extra: Iterable[str] = (),
                 data_files: Iterable[str] | None = None) -> dict[str, str]:
    """Every page of the site as Markdown, by source path (sorted).

    `extra`: pages the site has besides these (hand-written ones in `docs/`), so the home
    page can link them. `data_files`: the published data files (default: what
    `opendata.publish` makes), so pages link only data that exists.
    """
    facts = collect(snapshot)
    if data_files is None:
        data_files = opendata.publish(snapshot).keys()
    out: dict[str, str] = {}

    def add(made: dict[str, str], producer: str) -> None:
        for path, text in made.items():
            if path in out:
                raise PageConflict(f"{producer} 与其他页面重名：{path}")
            out[path] = text

    available = frozenset(data_files) | frozenset(extra)
    families: list[tuple[str, Callable[[], dict[str, str]]]] = [
        ("policy", lambda: policy.pages(facts)),
        ("measures", lambda: measures.pages(facts, available)),
        ("timeline", lambda: timeline.page(facts, available)),
        ("awards", lambda: awards.pages(facts, available)),
        ("regions", lambda: regions.pages(facts, available)),
        ("departments", lambda: departments.pages(facts)),
        ("experiences", lambda: experiences.pages(facts)),
        ("records", lambda: records.pages(facts)),
        ("fields", lambda: fields.page(snapshot)),
        ("forms", lambda: forms.pages(facts, available)),
    ]
    for name, make in families:
        add(make(), name)
    data_pages = opendata.pages(snapshot)
    if snapshot.demo:
        data_pages = {p: with_banner(t) for p, t in data_pages.items()}
    add(data_pages, "opendata")
    add(home.page(facts, available | frozenset(out)), "home")
    for page, items in twins(snapshot).items():
        if page in out:
            out[page] = out[page].rstrip("\n") + "\n\n" + twins_block(page, items, available)
    return dict(sorted(out.items()))
