"""Where every page and published file lives on the site: the one URL scheme.

Pages are Markdown source paths (mkdocs turns `measures/2021/01.md` into a page); data
files are published as they are. Pages and exports link each other through these
functions only, so a link can never point at a place that is not built.
"""

from __future__ import annotations

import posixpath

# --- pages ---------------------------------------------------------------------------------

HOME = "index.md"
MEASURES_INDEX = "measures/index.md"
TIMELINE = "timeline.md"
AWARDS_INDEX = "awards/index.md"
REGIONS_INDEX = "regions/index.md"
DEPARTMENTS_INDEX = "departments/index.md"
EXPERIENCES_INDEX = "experiences/index.md"
GUIDE = "guide/index.md"
FIELDS = "guide/fields.md"
OPEN_DATA = "data/index.md"
STATISTICS = "stats/index.md"


def policy(year: int) -> str:
    return f"policy/{year}.md"


def measure(year: int, number: int) -> str:
    return f"measures/{year}/{number:02d}.md"


def awards_by_measure(year: int) -> str:
    return f"awards/{year}/index.md"


def awards_by_region(year: int) -> str:
    return f"awards/{year}/regions.md"


def notice(year: int, slug: str) -> str:
    return f"awards/{year}/notices/{slug}.md"


def unit(unit_id: str) -> str:
    """A region's or platform's page."""
    return f"regions/{unit_id}.md"


def department(dept_id: str) -> str:
    return f"departments/{dept_id}.md"


def application(year: int, applicant: str, number: int) -> str:
    return f"applications/{year}/{applicant}/{number:02d}.md"


def recommendation(year: int, number: int, sender: str) -> str:
    return f"recommendations/{year}/{number:02d}/{sender}.md"


def experiences(year: int) -> str:
    return f"experiences/{year}.md"


# --- published data (filled in by the open-data issue; pages link here) ---------------------

API = "api/v1"


def api_measure(year: int, number: int) -> str:
    return f"{API}/measures/{year}/{number:02d}.json"


def api_measures(year: int) -> str:
    return f"{API}/measures/{year}.json"


def api_awards(year: int) -> str:
    return f"{API}/awards/{year}.json"


def api_unit(unit_id: str) -> str:
    return f"{API}/regions/{unit_id}.json"


def feed_notices() -> str:
    return "feeds/notices.xml"


def feed_measure(year: int, number: int) -> str:
    return f"feeds/measures/{year}-{number:02d}.xml"


def calendar(year: int) -> str:
    return f"calendar/{year}.ics"


# --- linking ---------------------------------------------------------------------------------


def relative(from_page: str, to: str) -> str:
    """A link from the page at source path `from_page` to `to` (a page or a data file)."""
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")
