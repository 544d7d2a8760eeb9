"""Importing an edition of the statistical division codes into the township lists.

`jili townships import --edition 2023 FILE.csv` merges one edition (a CSV with the columns
`code,name,county_code`, one row per 乡镇（街道）) into `registry/townships/<区县>.yaml` and
keeps the CSV itself as `registry/sources/townships/<edition>.csv`, so every list can be
checked against the files it came from (tests/test_townships_registry.py does).

Merging never deletes: a township the new edition no longer lists keeps its entry and gets
`valid_until: <edition - 1>`; a new one is added with `valid_from: <edition>`; one listed
again stays as it is. Year Y is then judged by the newest edition not later than Y, and an
entry of the newest edition stays valid in later years until a newer edition drops it.

Files are written in one canonical layout. A file whose body differs from that layout was
edited by hand (a note, a reordering, a comment): the import refuses to rewrite it unless
`force` is given, and then keeps every field but not the comments.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .layout import TOWNSHIP_SOURCES, TOWNSHIPS_FOLDER, schema_line
from .loader import LoadError, decode, load_text
from .repository import Repository
from .rules.names import suspicious_characters
from .schemas import SchemaSet
from .validate import Checker

FOLDER = TOWNSHIPS_FOLDER
SOURCES = TOWNSHIP_SOURCES
COLUMNS = ("code", "name", "county_code")
_CODE = re.compile(r"[0-9]{9}\Z")
_COUNTY = re.compile(r"[0-9]{6}\Z")
_PLAIN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff（）·〇]+\Z")


class ImportProblem(Exception):
    """The edition cannot be imported as asked; the message is for the user (Chinese)."""


@dataclass(frozen=True, slots=True)
class Row:
    code: str
    name: str
    county: str


@dataclass
class Report:
    edition: int
    source_file: str
    written: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    added: int = 0
    closed: int = 0
    already: bool = False


def read_edition(raw: bytes, shown: str) -> list[Row]:
    """The rows of an edition CSV, checked: 9-digit codes that start with their 6-digit
    county code, plain Chinese names, no code twice. Raises ImportProblem naming the line."""
    try:
        text = decode(raw)
    except LoadError:
        raise ImportProblem(f"{shown} 不是 UTF-8 编码的文本文件") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise ImportProblem(f"{shown} 第 1 行应为列名“{','.join(COLUMNS)}”，实际是“{','.join(header or [])}”")
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise ImportProblem(f"{shown} 第 {line} 行应有 {len(COLUMNS)} 列，实际有 {len(cells)} 列")
        code, name, county = (c.strip() for c in cells)
        if not _CODE.match(code):
            raise ImportProblem(f"{shown} 第 {line} 行：代码“{code}”应为 9 位数字")
        if not _COUNTY.match(county) or not code.startswith(county):
            raise ImportProblem(f"{shown} 第 {line} 行：区县代码“{county}”应为 6 位数字，且是代码“{code}”的前 6 位")
        bad = suspicious_characters(name)
        if len(name) < 2 or bad:
            raise ImportProblem(f"{shown} 第 {line} 行：名称“{name}”不是规范汉字名称" + (f"（{'、'.join(bad)}）" if bad else ""))
        if code in seen:
            raise ImportProblem(f"{shown} 第 {line} 行：代码 {code} 与第 {seen[code]} 行重复")
        seen[code] = line
        rows.append(Row(code, name, county))
    if not rows:
        raise ImportProblem(f"{shown} 中没有任何乡镇（街道）")
    return rows


def merge(entries: list[dict[str, Any]], codes: set[tuple[str, str]], edition: int,
          first: bool) -> tuple[list[dict[str, Any]], int, int]:
    """A region's entries after importing `edition`, which lists the (code, name) pairs
    `codes`; also how many entries were added and how many closed. `first`: no edition was
    imported before, so nothing gets a `valid_from`."""
    out = [dict(e) for e in entries]
    still_open: set[tuple[str, str]] = set()
    closed = 0
    for e in out:
        if "valid_until" in e:
            continue
        key = (e["code"], e["name"])
        if key in codes:
            still_open.add(key)
        else:
            e["valid_until"] = edition - 1
            closed += 1
    added = 0
    for code, name in sorted(codes - still_open):
        entry: dict[str, Any] = {"code": code, "name": name}
        if not first:
            entry["valid_from"] = edition
        out.append(entry)
        added += 1
    out.sort(key=lambda e: (e["code"], e.get("valid_from") or 0, e["name"]))
    return out, added, closed


_FIELD_ORDER = ("code", "name", "valid_from", "valid_until", "note")


def _scalar(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def header(region_id: str, region_name: str) -> str:
    """The comment lines above the data (not compared when looking for hand edits)."""
    path = f"{FOLDER}/{region_id}.yaml"
    return (f"{schema_line(path, 'townships')}\n"
            f"# {region_name}的乡镇（街道），取自统计用区划代码各版（原始文件见 {SOURCES}/）。\n"
            "# 由 jili townships import 生成和更新：导入新的一版请用这个命令，不要手工增删条目。\n")


def body(data: dict[str, Any]) -> str:
    """The data of a township list in the one layout the import writes."""
    lines = [f'region: "{data["region"]}"', f"source: {_scalar(data['source'])}",
             "editions: [" + ", ".join(str(e) for e in data["editions"]) + "]", "townships:"]
    for entry in data["townships"]:
        first = True
        for key in _FIELD_ORDER:
            if key not in entry:
                continue
            value = f'"{entry[key]}"' if key == "code" else _scalar(entry[key])
            lines.append(f"  {'- ' if first else '  '}{key}: {value}")
            first = False
    return "\n".join(lines) + "\n"


def _split_header(text: str) -> str:
    """The text after the leading comment lines."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].lstrip().startswith("#"):
        i += 1
    return "".join(lines[i:])


def import_edition(root: Path, edition: int, csv_path: Path, *, source: str | None = None,
                   force: bool = False) -> Report:
    """Merge the edition in `csv_path` into the township lists of the repository at `root`.

    Nothing is written unless everything can be: the CSV is checked, every county code must be
    a region of the registry, every existing list must read and fit its schema, and (without
    `force`) none may have been edited by hand."""
    raw = csv_path.read_bytes()
    rows = read_edition(raw, str(csv_path))
    snapshot = root / SOURCES / f"{edition}.csv"
    report = Report(edition, snapshot.relative_to(root).as_posix())

    checker = Checker(Repository(root))
    by_code = {r.code or r.id: r for r in checker.registry.regions.values()}
    schemas = SchemaSet(root / "schema")
    existing: dict[str, tuple[str, dict[str, Any]]] = {}
    folder = root / FOLDER
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = path.relative_to(root).as_posix()
        text = path.read_text("utf-8")
        try:
            data = load_text(text, shown).data
        except LoadError as exc:
            raise ImportProblem(f"{shown} 第 {exc.line} 行第 {exc.col} 列无法读取（{exc.code}），请先修正") from None
        value, errors = schemas.validate("townships", data)
        if errors:
            raise ImportProblem(f"{shown} 不符合字段说明（{errors[0][0]}），请先运行 jili validate {shown} 修正")
        existing[value["region"]] = (text, value)

    editions = sorted({e for _, data in existing.values() for e in data["editions"]})
    if editions and edition < editions[-1]:
        raise ImportProblem(f"已导入到 {editions[-1]} 年版，不能再导入更早的 {edition} 年版")
    if edition in editions:
        if snapshot.is_file() and snapshot.read_bytes() == raw:
            report.already = True
            return report
        raise ImportProblem(f"{edition} 年版已经导入，且与 {report.source_file} 不同；新的一版请用新的年份导入")
    if snapshot.exists():
        raise ImportProblem(f"{report.source_file} 已存在，但名录中没有 {edition} 年版：请先确认这个文件的来历")
    if source is None:
        sources = sorted({data["source"] for _, data in existing.values()})
        if len(sources) != 1:
            raise ImportProblem("请用 --source 写明代码表的名称，如“国家统计局统计用区划代码”")
        source = sources[0]

    listed: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        region = by_code.get(row.county)
        if region is None:
            raise ImportProblem(f"{csv_path} 中的区县代码 {row.county} 不在区县名录（registry/regions）中，请先登记")
        listed.setdefault(region.id, set()).add((row.code, row.name))

    hand_edited = []
    planned: dict[str, str] = {}
    for region_id in sorted(set(existing) | set(listed)):
        region = checker.registry.regions.get(region_id)
        name = region.name if region is not None else region_id
        old_text, old = existing.get(region_id, (None, None))
        if old is not None and _split_header(old_text) != body(old):
            hand_edited.append(f"{FOLDER}/{region_id}.yaml")
        entries, added, closed = merge(old["townships"] if old else [], listed.get(region_id, set()), edition,
                                       first=not editions)
        data = {"region": region_id, "source": old["source"] if old else source,
                "editions": [*editions, edition], "townships": entries}
        report.added += added
        report.closed += closed
        path = f"{FOLDER}/{region_id}.yaml"
        planned[path] = (header(region_id, name) if old_text is None else _head(old_text)) + body(data)
        if old is None:
            report.created.append(path)
    if hand_edited and not force:
        raise ImportProblem("这些文件有手工改动（与生成的格式不同），未覆盖：" + "、".join(hand_edited)
                            + "；核对后加 --force 重新生成（字段内容保留，注释和排版按生成格式重写）")

    _write(snapshot, raw)
    for path, text in planned.items():
        _write(root / path, text.encode("utf-8"))
        report.written.append(path)
    return report


def _head(text: str) -> str:
    return text[: len(text) - len(_split_header(text))]


def _write(path: Path, data: bytes) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jili-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
