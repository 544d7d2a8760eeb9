"""Open data published with every site build: the JSON API, downloads, feeds, calendars and the
pages about them (开放数据, 字段说明, 更新记录, 统计).

Each kind of file is an output registered with `generator.outputs` (a small function below);
the build runs them in order. Every file comes with an `Entry` saying what it is and which
pages it is the machine-readable twin of, so the catalogue (`api/v1/index.json`), the 开放数据
page and each page's "开放数据" list read the entries rather than keeping lists of their own.

Only what the Snapshot holds goes out: no contact data (the Snapshot has none), no draft
notices (it has only published ones), no maintainers' accounts (no view includes them).

Nothing depends on the clock but the build's own stamp: every file names the data commit and
the Snapshot's `built_at` (`provenance`), which is SOURCE_DATE_EPOCH when set, so the same
commit and epoch give the same bytes. Every other time in a file is a date from the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import outputs, urls
from ..facts import Facts
from ..outputs import DATA, PAGES, Context, Entry
from ..snapshot import Snapshot
from . import api, apischema, atom, datapackage, ical, provenance
from .common import as_of, beijing_midnight, data_description, data_title, titled, to_json
from .spreadsheets import Sheet, date_columns, dictionary_cells, table_cells, to_csv, workbook
from .tables import Table, tables
from .twins import twins_of

#: Raised by `publish` and `pages` when the API schemas cannot be made from schema/; its
#: message (Chinese) says what to fix. Front-ends print it instead of a traceback.
OpenDataError = apischema.OpenDataError

#: The pages about the published data.
PAGES_MADE = (urls.OPEN_DATA, urls.OPEN_DATA_FIELDS, urls.OPEN_DATA_CHANGELOG, urls.STATISTICS)


@dataclass(frozen=True)
class Published:
    """What the pages about open data read: the files and what each is."""

    files: dict[str, bytes]
    schemas: apischema.Schemas
    documents: tuple[api.Document, ...]  # every JSON file but the schemas
    tables: tuple[Table, ...]
    downloads: tuple[Entry, ...]
    feeds: tuple[Entry, ...]
    calendars: tuple[Entry, ...]
    facts: Facts
    provenance: provenance.Provenance

    @classmethod
    def of(cls, context: Context) -> Published:
        return cls(
            files=context.files, schemas=_schemas(context), documents=tuple(context.shared["documents"]),
            tables=tuple(context.shared["tables"]), downloads=tuple(context.of_kind("download")),
            feeds=tuple(context.of_kind("feed")), calendars=tuple(context.of_kind("calendar")),
            facts=context.facts, provenance=_provenance(context),
        )


def publish(snapshot: Snapshot) -> dict[str, bytes]:
    """Data files to publish, by path relative to the site root."""
    return dict(sorted(outputs.publish(snapshot).files.items()))


def pages(snapshot: Snapshot) -> dict[str, str]:
    """The pages about the published data (开放数据, 字段说明, 更新记录, 统计), by source path."""
    context = outputs.publish(snapshot)
    data_pages(context)
    return {p: context.pages[p] for p in PAGES_MADE}


# --- what several outputs share ---------------------------------------------------------------


def _schemas(context: Context) -> apischema.Schemas:
    snap = context.snapshot
    return context.once("schemas", lambda: apischema.load(snap.root / "schema", snap.programme))


def _provenance(context: Context) -> provenance.Provenance:
    return context.once("provenance", lambda: provenance.of(context.snapshot))


def _stamp(context: Context) -> dict:
    return provenance.stamp(_provenance(context))


def _twins(context: Context) -> dict[str, list[tuple[str, str]]]:
    return context.once("twins", lambda: twins_of(context.snapshot))


def _entry(context: Context, path: str, title: str, kind: str, **more) -> Entry:
    return Entry(path, title, kind, twins=tuple(_twins(context).get(path, ())), **more)


# --- the outputs ------------------------------------------------------------------------------


@outputs.output("api", DATA, 10, since="1.0.0")
def api_documents(context: Context) -> None:
    """The JSON API: one document per endpoint, and the changelog of the formats."""
    documents = [*api.documents(context.facts, _stamp(context)), api.changelog_document(context.facts, _stamp(context))]
    context.shared["documents"] = documents
    for doc in documents:
        context.put(_entry(context, doc.path, doc.title, "json", schema=doc.schema), to_json(doc.body))


@outputs.output("downloads", DATA, 20, since="1.0.0")
def downloads(context: Context) -> None:
    """One CSV (and its 字段说明) per table, the workbook holding them all, and the data package
    describing every CSV."""
    snapshot, schemas, prov = context.snapshot, _schemas(context), _provenance(context)
    years = snapshot.years
    table_list = tables(context.facts)
    context.shared["tables"] = table_list
    dictionary_header = [f.title for f in apischema.columns(schemas, *datapackage.DICTIONARY_ROW)]
    sheets: list[Sheet] = []
    described: list[datapackage.Described] = []
    for table in table_list:
        fields = table.fields(schemas, demo=snapshot.demo)
        cells, dictionary = table_cells(table, fields), dictionary_cells(fields, dictionary_header)
        path, fields_path = urls.download(table.name, years), urls.download_fields(table.name, years)
        csv, fields_csv = to_csv(cells), to_csv(dictionary)
        context.put(_entry(context, path, table.title, "download", schema=table.schema, fields=fields_path,
                           rows=len(table.rows)), csv)
        context.files[fields_path] = fields_csv  # a download's 字段说明 is part of its entry
        sheets.append(Sheet(table.title, cells, dictionary, date_columns(fields)))
        described.append(datapackage.Described(table, fields, path, csv, fields_path, fields_csv))
    day = as_of(snapshot)
    title = data_title(snapshot)
    context.put(_entry(context, urls.download_workbook(years), "全部表格（Excel 工作簿）", "download"), workbook(
        sheets, title=titled(snapshot, title), demo=snapshot.demo, dictionary_header=dictionary_header,
        notes=[data_description(snapshot), f"数据截至 {day.isoformat()}（数据中最晚的日期）。", provenance.line(prov),
               "文字单元格都存为文字（不会被当作公式执行），日期存为日期，编号保留前导零。"],
        modified=beijing_midnight(day),
    ))
    context.put(_entry(context, urls.datapackage(), "数据包（Frictionless Data Package）", "package"),
                datapackage.package(snapshot, schemas, described, prov, title=title,
                                    description=data_description(snapshot)))


@outputs.output("feeds", DATA, 30, since="1.0.0")
def feeds(context: Context) -> None:
    """The Atom feed of notices and errata, and one feed per measure."""
    facts, prov = context.facts, _provenance(context)
    context.put(_entry(context, urls.feed_notices(), "通报和勘误", "feed"), atom.notices_feed(facts, prov))
    for year in context.snapshot.years:
        for number in context.snapshot.measures.get(year, {}):
            path = urls.feed_measure(year, number)
            context.put(_entry(context, path, f"{year}年{facts.measure_title(year, number)}", "feed", year=year),
                        atom.measure_feed(facts, year, number, prov))


@outputs.output("calendars", DATA, 40, since="1.0.0")
def calendars(context: Context) -> None:
    """One iCalendar file of milestones per edition."""
    for year in context.snapshot.years:
        context.put(_entry(context, urls.calendar(year), f"{context.snapshot.editions[year].title}时间节点",
                           "calendar", year=year),
                    ical.calendar(context.facts, year, _provenance(context)))


@outputs.output("schemas", DATA, 50, since="1.0.0")
def schemas(context: Context) -> None:
    """The API schemas, each self-contained so it validates its files as downloaded."""
    all_schemas, prov = _schemas(context), _provenance(context)
    for name in all_schemas:
        published = apischema.published(all_schemas, name, schema_id=provenance.absolute(prov, urls.api_schema(name)))
        context.put(_entry(context, urls.api_schema(name), all_schemas[name].get("title", name), "schema"),
                    to_json(published, sort_keys=False, indent=2))


@outputs.output("index", DATA, 90, since="1.0.0")
def index(context: Context) -> None:
    """The catalogue: every JSON document, download, feed and calendar that the outputs before
    it published (this one runs last)."""
    snapshot = context.snapshot
    documents = context.shared["documents"]
    downloads = context.of_kind("download")
    doc = api.index_document(
        context.facts, title=titled(snapshot, data_title(snapshot)), description=data_description(snapshot),
        documents=documents, stamp=_stamp(context),
        downloads=[{"path": d.path, "format": d.path.rsplit(".", 1)[1], "title": d.title, "fields": d.fields,
                    **({"schema": urls.api_schema(d.schema)} if d.schema else {})} for d in downloads],
        feeds=[{"path": f.path, "title": titled(snapshot, f.title)} for f in context.of_kind("feed")],
        calendars=[{"path": c.path, "year": c.year, "title": titled(snapshot, c.title)}
                   for c in context.of_kind("calendar")],
    )
    documents.append(doc)
    context.put(_entry(context, doc.path, doc.title, "json", schema=doc.schema), to_json(doc.body))


@outputs.output("opendata-pages", PAGES, 80)
def data_pages(context: Context) -> None:
    """开放数据, 字段说明, 更新记录 and 统计."""
    from ..pagetext import with_banner
    from .datapages import render

    for path, text in render(Published.of(context)).items():
        context.page(path, with_banner(text) if context.snapshot.demo else text, "opendata")
