"""The site's pages as Markdown: a Snapshot in, every page out.

`render_pages(snapshot)` returns `{source path: Markdown}` for every page the data makes,
including the open-data pages: it runs the output registry (`generator.outputs`), where every
page family and every data file registers itself. The mkdocs plugin hands these pages to
mkdocs-material and `jili render` writes them to disk; neither adds or changes a page. Every
path and link comes from `generator.urls`.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import outputs
from ..outputs import Conflict as PageConflict
from ..snapshot import Snapshot

__all__ = ["PageConflict", "render_pages"]


def render_pages(snapshot: Snapshot, *, extra: Iterable[str] = ()) -> dict[str, str]:
    """Every page of the site as Markdown, by source path (sorted).

    `extra`: pages the site has besides these (hand-written ones in `docs/`), so the home page
    can link them.
    """
    return dict(sorted(outputs.render(snapshot, extra=extra).pages.items()))
