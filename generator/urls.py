"""Where every page and published file lives on the site: the one URL scheme.

Pages are Markdown source paths (mkdocs turns `measures/2021/01.md` into a page); data
files are published as they are. Pages and exports link each other through these
functions only, so a link can never point at a place that is not built.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

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
ABOUT = "about.md"  # hand-written, in docs/
DEPLOY = "deploy/index.md"  # hand-written, in docs/
STATISTICS = "stats/index.md"
POLICY_INDEX = "policy/index.md"
FORMS = "forms/index.md"  # 在线填报 (generator/site/forms.py)


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


def application_file(year: int, applicant: str, file: str) -> str:
    """An evidence file of an application, published beside the application pages (`file` is
    its path inside the applicant's folder, e.g. 附件/工作总结.pdf)."""
    return f"applications/{year}/{applicant}/{file}"


def recommendation(year: int, number: int, sender: str) -> str:
    return f"recommendations/{year}/{number:02d}/{sender}.md"


def experiences(year: int) -> str:
    """A year's awarded typical experiences, by measure."""
    return f"experiences/{year}.md"


def experiences_by_region(year: int) -> str:
    return f"experiences/{year}-regions.md"


def applications_index(year: int) -> str:
    """Every application of a year (the index page the application pages hang from)."""
    return f"applications/{year}/index.md"


def recommendations_index(year: int) -> str:
    return f"recommendations/{year}/index.md"


# --- published data (filled in by the open-data issue; pages link here) ---------------------

API = "api/v1"


def api_measure(year: int, number: int) -> str:
    return f"{API}/measures/{year}/{number:02d}.json"


def api_measures(year: int) -> str:
    return f"{API}/measures/{year}.json"


def api_awards(year: int) -> str:
    return f"{API}/awards/{year}.json"


def api_unit(unit_id: str) -> str:
    """A region's or platform's data (the twin of its page `unit`)."""
    return f"{API}/regions/{unit_id}.json"


def api_index() -> str:
    """The catalogue of every published data file."""
    return f"{API}/index.json"


def api_editions() -> str:
    return f"{API}/editions.json"


def api_edition(year: int) -> str:
    """A year's policy text and milestones (the twin of `policy(year)`)."""
    return f"{API}/editions/{year}.json"


def api_regions() -> str:
    return f"{API}/regions.json"


def api_platforms() -> str:
    return f"{API}/platforms.json"


def api_departments() -> str:
    return f"{API}/departments.json"


def api_department(dept_id: str) -> str:
    return f"{API}/departments/{dept_id}.json"


def api_applications(year: int) -> str:
    return f"{API}/applications/{year}.json"


def api_recommendations(year: int) -> str:
    return f"{API}/recommendations/{year}.json"


def api_notices(year: int) -> str:
    return f"{API}/notices/{year}.json"


def api_notice(year: int, slug: str) -> str:
    return f"{API}/notices/{year}/{slug}.json"


def api_stats() -> str:
    return f"{API}/stats.json"


def api_changelog() -> str:
    return f"{API}/changelog.json"


def api_schema(name: str) -> str:
    """The JSON Schema `name` describing API files, published beside them."""
    return f"{API}/schemas/{name}.schema.json"


#: The downloadable tables' file names, by table name: Chinese, saying what they hold. A
#: reuser's script finds a table by its ASCII name in `datapackage()` (`resources[].name`),
#: which stays the same when a year is added and the file name changes.
TABLE_FILES = {
    "awards": "获激励名单",
    "measures": "激励措施",
    "recommendations": "激励推荐名单",
    "applications": "申报情况",
    "units": "申报单位名录",
    "departments": "市级部门名录",
}
#: Tables of the registry: they hold every unit whatever the year, so their names carry none.
REGISTRY_TABLES = frozenset({"units", "departments"})


def years_label(years: Iterable[int]) -> str:
    """The years a file covers, as its name says them: `2021年度`, `2021—2023年度`, or nothing."""
    span = sorted(set(years))
    if not span:
        return ""
    return f"{span[0]}年度" if len(span) == 1 else f"{span[0]}—{span[-1]}年度"


def download(table: str, years: Iterable[int]) -> str:
    """A table as CSV (UTF-8 with BOM), e.g. `downloads/2021年度获激励名单.csv`; `years` are the
    policy years the data holds (every table covers all of them)."""
    label = "" if table in REGISTRY_TABLES else years_label(years)
    return f"downloads/{label}{TABLE_FILES[table]}.csv"


def download_fields(table: str, years: Iterable[int]) -> str:
    """The data dictionary (字段说明) of `download(table, years)`, itself a CSV."""
    return download(table, years).removesuffix(".csv") + "（字段说明）.csv"


def download_workbook(years: Iterable[int]) -> str:
    """Every table in one Excel workbook, with a 字段说明 sheet."""
    return f"downloads/{years_label(years)}督查激励开放数据.xlsx"


def datapackage() -> str:
    """The Frictionless Data Package describing every CSV download, beside them."""
    return "downloads/datapackage.json"


OPEN_DATA_FIELDS = "data/fields.md"
OPEN_DATA_CHANGELOG = "data/changelog.md"


def feed_notices() -> str:
    return "feeds/notices.xml"


def feed_measure(year: int, number: int) -> str:
    return f"feeds/measures/{year}-{number:02d}.xml"


def calendar(year: int) -> str:
    return f"calendar/{year}.ics"


# --- linking ---------------------------------------------------------------------------------


def relative(from_page: str, to: str) -> str:
    """A link from the page at source path `from_page` to `to` (a page or a data file).

    Both are site paths ("measures/2021/01.md"), so this is string work; posixpath.relpath
    asks the operating system for the working directory on every call, which dominated the
    time to render a site of thousands of pages."""
    base = from_page.split("/")[:-1]
    target = to.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


def absolute(site_url: str, path: str) -> str:
    """The address of site path `path` (a page or a data file) on the site at `site_url`
    (mkdocs.yml `site_url`, ending in "/"); file names are percent-encoded as RFC 3986 asks."""
    return site_url + quote(html_path(path), safe="/")


def html_path(page: str) -> str:
    """Where the built site puts the page with source path `page` (`use_directory_urls: false`)."""
    return page[: -len(".md")] + ".html" if page.endswith(".md") else page
