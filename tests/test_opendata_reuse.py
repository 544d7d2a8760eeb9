"""The built demo site's open data (what `make demo` publishes), used as a researcher, a journalist
or another office would use it, as downloaded and offline: every API file validates against its
published schema with check-jsonschema and no flags, `frictionless validate` finds no error in
the data package, the workbook read back with openpyxl holds the CSV's values with nothing
added, feeds parse with feedparser without bozo and calendars with icalendar. And with the
site's address configured in mkdocs.yml, the feeds, calendars and schemas use it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
from openpyxl import load_workbook

from generator import urls
from generator.opendata.spreadsheets import unquote

from .browser.sites import build, demo_site, scratch, source_date
from .conftest import REPO, copy_repository
from .test_opendata_package import errors, frictionless, offline_env, tool

SITE = "https://data.example.gov.cn/jili/"


@pytest.fixture(scope="module")
def downloaded(tmp_path_factory) -> Path:
    """A copy of the built demo site, as a reuser has it after downloading it."""
    target = tmp_path_factory.mktemp("reuse") / "site"
    shutil.copytree(demo_site(), target)
    return target


def _api_files(site: Path) -> dict[Path, list[Path]]:
    """Every API file, grouped by the published schema its `$schema` names."""
    groups: dict[Path, list[Path]] = defaultdict(list)
    for path in sorted((site / urls.API).rglob("*.json")):
        if path.name.endswith(".schema.json"):
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        groups[(path.parent / document["$schema"]).resolve()].append(path)
    return groups


def test_check_jsonschema_validates_every_api_file_with_no_flags(downloaded):
    groups = _api_files(downloaded)
    assert sum(len(files) for files in groups.values()) > 100
    assert {schema.name for schema in groups} == {p.name for p in (downloaded / urls.API / "schemas").iterdir()
                                                  if p.name != "common.schema.json"}
    for schema, files in groups.items():
        # exactly the reuser's command: the schema file and the data files, nothing else
        result = subprocess.run([tool("check-jsonschema"), "--schemafile", str(schema), *map(str, files)],
                                check=False, capture_output=True, text=True, env=offline_env(), cwd=downloaded,
                                timeout=300)
        assert result.returncode == 0, f"{schema.name}: {result.stdout}{result.stderr}"


def test_jsonschema_validate_works_with_the_schema_as_downloaded(downloaded):
    """`jsonschema.validate(document, schema)`: no registry, no base address, no network."""
    count = 0
    for schema_path, files in _api_files(downloaded).items():
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        for path in files:
            jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
            count += 1
    assert count > 100


def test_check_jsonschema_refuses_a_file_that_does_not_fit(downloaded, tmp_path):
    """The check above can fail: a published schema still catches a wrong shared definition."""
    awards = json.loads((downloaded / urls.api_awards(2021)).read_text(encoding="utf-8"))
    awards["awards"][0]["level"] = "街道"  # common.schema.json's level, bundled into awards.schema.json
    broken = tmp_path / "2021.json"
    broken.write_text(json.dumps(awards, ensure_ascii=False), encoding="utf-8")
    schema = downloaded / urls.api_schema("awards")
    result = subprocess.run([tool("check-jsonschema"), "--schemafile", str(schema), str(broken)],
                            check=False, capture_output=True, text=True, env=offline_env(), timeout=300)
    assert result.returncode == 1 and "街道" in result.stdout


def test_frictionless_validates_the_data_package(downloaded):
    report = frictionless(downloaded / urls.datapackage())
    assert errors(report) == [] and report["valid"] is True
    assert len(report["tasks"]) == 12


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def test_the_workbook_holds_the_csv_values_with_no_added_characters(downloaded):
    descriptor = json.loads((downloaded / urls.datapackage()).read_text(encoding="utf-8"))
    workbook = next((downloaded / "downloads").glob("*.xlsx"))
    book = load_workbook(workbook)
    compared = 0
    for resource in descriptor["resources"]:
        if resource["name"].endswith("-fields"):
            continue
        rows = _csv(downloaded / "downloads" / resource["path"])
        sheet = book[resource["title"].removeprefix("【示例数据】")]
        values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        assert values == [[unquote(v) for v in row] for row in rows], resource["name"]
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f"
        compared += len(rows)
    assert compared > 100


def test_feeds_parse_with_feedparser_without_bozo(downloaded):
    feeds = sorted((downloaded / "feeds").rglob("*.xml"))
    assert len(feeds) == 28
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    notices = feedparser.parse((downloaded / urls.feed_notices()).read_bytes())
    assert len(notices.entries) >= 1


def test_calendars_parse_with_icalendar(downloaded):
    calendars = sorted((downloaded / "calendar").glob("*.ics"))
    assert calendars
    for path in calendars:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert calendar.errors == [] and calendar.walk("VEVENT")
        assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


# --- the site's address, from mkdocs.yml ---------------------------------------------------------


def _repository_with_site_url(name: str) -> Path:
    root = copy_repository(scratch(name) / "repo", parts=("programme.yaml", "schema", "registry", "measures", "docs", "examples"))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("site_name:", f"site_url: {SITE.rstrip('/')}\nsite_name:", 1),
                                     encoding="utf-8")
    return root


def test_site_url_in_mkdocs_yml_makes_feed_calendar_and_schema_addresses_absolute():
    root = _repository_with_site_url("site-url")
    out = root / "site"
    assert build(out, "--demo", root=root) == 0
    feed = feedparser.parse((out / urls.feed_notices()).read_bytes())
    assert not feed.bozo
    assert feed.feed.links[0]["href"] == SITE + urls.feed_notices()
    assert all(e.link.startswith(SITE) for e in feed.entries) and feed.entries
    calendar = icalendar.Calendar.from_ical((out / urls.calendar(2021)).read_bytes())
    assert str(calendar["SOURCE"]) == SITE + urls.calendar(2021)
    assert all(str(e["URL"]).startswith(SITE) for e in calendar.walk("VEVENT"))
    schema = json.loads((out / urls.api_schema("awards")).read_text(encoding="utf-8"))
    assert schema["$id"] == SITE + urls.api_schema("awards")
    page = (out / "data/index.html").read_text(encoding="utf-8")
    assert SITE in page and "绝对地址" in page


def test_render_reads_the_site_url_too(tmp_path, cli):
    root = _repository_with_site_url("render-site-url")
    with source_date():
        result = cli("render", "--root", str(root), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    text = (tmp_path / "out" / urls.feed_notices()).read_text(encoding="utf-8")
    assert f'href="{SITE}awards/index.html"' in text


def test_without_site_url_the_open_data_page_says_links_are_relative(downloaded):
    page = (downloaded / "data/index.html").read_text(encoding="utf-8")
    assert "没有配置网站的正式地址" in page
    schema = json.loads((downloaded / urls.api_schema("awards")).read_text(encoding="utf-8"))
    assert "$id" not in schema
