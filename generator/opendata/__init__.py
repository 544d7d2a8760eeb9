"""Open data published with every site build: the JSON API, downloads, feeds, calendar and
statistics. The site build calls `publish` (the files) and `pages` (the 开放数据 and 统计
pages); both read the same Snapshot as every other page, so pages and data cannot disagree.

Only what the Snapshot holds goes out: no contact data (the Snapshot has none), no draft
notices (it has only published ones), no maintainers' accounts (no view includes them).

Nothing depends on the clock but the build's own stamp: every file names the data commit and
the Snapshot's `built_at` (`provenance`), which is SOURCE_DATE_EPOCH when set, so the same
commit and epoch give the same bytes. Every other time in a file is a date from the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..site.facts import Facts, collect
from ..snapshot import Snapshot
from . import api, apischema, atom, datapackage, ical, provenance
from .common import as_of, beijing_midnight, data_description, data_title, titled, to_json
from .spreadsheets import Sheet, date_columns, dictionary_cells, table_cells, to_csv, workbook
from .tables import Table, tables

#: Raised by `publish` and `pages` when the API schemas cannot be made from schema/; its
#: message (Chinese) says what to fix. Front-ends print it instead of a traceback.
OpenDataError = apischema.OpenDataError



@dataclass(frozen=True)
class Listed:
    """A published file as the catalogue and the 开放数据 page list it."""

    path: str
    title: str
    schema: str | None = None  # the API schema describing it
    fields: str | None = None  # its 字段说明 file
    year: int | None = None
    rows: int | None = None


@dataclass(frozen=True)
class Published:
    files: dict[str, bytes]
    schemas: apischema.Schemas
    documents: tuple[api.Document, ...]  # every JSON file but the schemas
    tables: tuple[Table, ...]
    downloads: tuple[Listed, ...]
    feeds: tuple[Listed, ...]
    calendars: tuple[Listed, ...]
    facts: Facts
    provenance: provenance.Provenance


def publish(snapshot: Snapshot) -> dict[str, bytes]:
    """Data files to publish, by path relative to the site root."""
    return dict(build(snapshot).files)


def pages(snapshot: Snapshot) -> dict[str, str]:
    """Markdown pages about the published data (开放数据, 字段说明, 更新记录, 统计), by source path."""
    from .datapages import render

    return render(build(snapshot))


_CACHE = "_jili_opendata"


def build(snapshot: Snapshot) -> Published:
    """Everything published from `snapshot`. The site asks for the files and for the pages
    in one build; the second call reuses the first's work. The result is kept on the
    Snapshot itself, so it lives exactly as long as the Snapshot (or until `forget`)."""
    made = snapshot.__dict__.get(_CACHE)
    if made is None:
        made = _build(snapshot)
        snapshot.__dict__[_CACHE] = made  # frozen dataclass: set like functools.cached_property
    return made


def forget(snapshot: Snapshot) -> None:
    """Drop what `build` kept for `snapshot` (tens of megabytes at national scale) once the
    files are written."""
    snapshot.__dict__.pop(_CACHE, None)


def _build(snapshot: Snapshot) -> Published:
    facts = collect(snapshot)
    schemas = apischema.load(snapshot.root / "schema")
    prov = provenance.of(snapshot)
    stamp = provenance.stamp(prov)
    files: dict[str, bytes] = {}
    documents = api.documents(facts, stamp)
    years = snapshot.years

    table_list = tables(facts)
    dictionary_header = [f.title for f in apischema.columns(schemas, *datapackage.DICTIONARY_ROW)]
    downloads: list[Listed] = []
    sheets: list[Sheet] = []
    described: list[datapackage.Described] = []
    for table in table_list:
        fields = table.fields(schemas, demo=snapshot.demo)
        cells, dictionary = table_cells(table, fields), dictionary_cells(fields, dictionary_header)
        path, fields_path = urls.download(table.name, years), urls.download_fields(table.name, years)
        files[path], files[fields_path] = to_csv(cells), to_csv(dictionary)
        sheets.append(Sheet(table.title, cells, dictionary, date_columns(fields)))
        described.append(datapackage.Described(table, fields, path, files[path], fields_path, files[fields_path]))
        downloads.append(Listed(path, table.title, table.schema, fields_path, rows=len(table.rows)))
    day = as_of(snapshot)
    files[urls.download_workbook(years)] = workbook(
        sheets, title=titled(snapshot, data_title(snapshot)), demo=snapshot.demo, dictionary_header=dictionary_header,
        notes=[data_description(snapshot), f"数据截至 {day.isoformat()}（数据中最晚的日期）。", provenance.line(prov),
               "文字单元格都存为文字（不会被当作公式执行），日期存为日期，编号保留前导零。"],
        modified=beijing_midnight(day),
    )
    downloads.append(Listed(urls.download_workbook(years), "全部表格（Excel 工作簿）"))
    files[urls.datapackage()] = datapackage.package(snapshot, schemas, described, prov, title=data_title(snapshot),
                                                     description=data_description(snapshot))

    feeds = [Listed(urls.feed_notices(), "督查激励通报和勘误")]
    files[urls.feed_notices()] = atom.notices_feed(facts, prov)
    for year in years:
        for number in snapshot.measures.get(year, {}):
            path = urls.feed_measure(year, number)
            files[path] = atom.measure_feed(facts, year, number, prov)
            feeds.append(Listed(path, f"{year}年{facts.measure_title(year, number)}", year=year))

    calendars = []
    for year in years:
        files[urls.calendar(year)] = ical.calendar(facts, year, prov)
        calendars.append(Listed(urls.calendar(year), f"{snapshot.editions[year].title}时间节点", year=year))

    catalogue = [*documents, api.changelog_document(facts, stamp)]
    index = api.index_document(
        facts, title=titled(snapshot, data_title(snapshot)), description=data_description(snapshot), documents=catalogue, stamp=stamp,
        downloads=[{"path": d.path, "format": d.path.rsplit(".", 1)[1], "title": d.title, "fields": d.fields,
                    **({"schema": urls.api_schema(d.schema)} if d.schema else {})} for d in downloads],
        feeds=[{"path": f.path, "title": titled(snapshot, f.title)} for f in feeds],
        calendars=[{"path": c.path, "year": c.year, "title": titled(snapshot, c.title)} for c in calendars],
    )
    documents = [*catalogue, index]
    for doc in documents:
        files[doc.path] = to_json(doc.body)
    for name in schemas:
        published = apischema.published(schemas, name, schema_id=provenance.absolute(prov, urls.api_schema(name)))
        files[urls.api_schema(name)] = to_json(published, sort_keys=False, indent=2)
    return Published(
        files=dict(sorted(files.items())),
        schemas=schemas,
        documents=tuple(sorted(documents, key=lambda d: d.path)),
        tables=tuple(table_list),
        downloads=tuple(downloads),
        feeds=tuple(feeds),
        calendars=tuple(calendars),
        facts=facts,
        provenance=prov,
    )
