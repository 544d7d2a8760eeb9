"""The site's page families, each registered once with the output registry (`generator.outputs`).

Every family reads the same Facts and links only what the build publishes (`context.available`:
the data files the data outputs made, and every page). The home page runs after the others (it
links them); the "开放数据" list closing each page runs last, from the data files' entries.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import outputs
from ..outputs import ASSETS, PAGES, Context, Entry
from ..pagetext import link
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

Family = Callable[[Context], dict[str, str]]


def _family(name: str, order: int, make: Family) -> None:
    def run(context: Context) -> None:
        for path, text in make(context).items():
            context.page(path, text, name)

    outputs.output(name, PAGES, order)(run)


_family("policy", 10, lambda c: policy.pages(c.facts))
_family("measures", 11, lambda c: measures.pages(c.facts, c.available))
_family("timeline", 12, lambda c: timeline.page(c.facts, c.available))
_family("awards", 13, lambda c: awards.pages(c.facts, c.available))
_family("regions", 14, lambda c: regions.pages(c.facts, c.available))
_family("departments", 15, lambda c: departments.pages(c.facts))
_family("experiences", 16, lambda c: experiences.pages(c.facts))
_family("records", 17, lambda c: records.pages(c.facts))
_family("fields", 18, lambda c: fields.page(c.snapshot))
_family("forms", 19, lambda c: forms.pages(c.facts, c.available))


@outputs.output("form-assets", ASSETS, 10)
def form_assets(context: Context) -> None:
    """The forms' script and style, the libraries they use with their licences, and each open
    round's form data (generator/site/forms.py)."""
    for path, content in forms.files(context.snapshot).items():
        context.put(Entry(path, "在线填报", "asset"), content)
# after every other page, the open-data pages included: the home page links them
_family("home", 90, lambda c: home.page(c.facts, c.available))


@outputs.output("twins", PAGES, 99)
def twins(context: Context) -> None:
    """Close each page that has data twins with a "开放数据" list of them, in the order the data
    outputs published them."""
    by_page: dict[str, list[tuple[str, str]]] = {}
    for entry in context.entries:
        for page, label in entry.twins:
            by_page.setdefault(page, []).append((entry.path, label))
    for page, items in by_page.items():
        if page in context.pages:
            block = "## 开放数据\n\n" + "".join(f"- {link(page, target, label)}\n" for target, label in items) + "\n"
            context.pages[page] = context.pages[page].rstrip("\n") + "\n\n" + block
