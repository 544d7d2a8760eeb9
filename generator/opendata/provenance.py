"""Which build a published file came from, and how to cite the data set.

Every JSON file carries `built_at` and `data_commit`; the feeds, calendars and workbook say
the same in their own way (`line`); CSV files cannot hold a note without breaking the table,
so the data package beside them names the commit and time and gives each CSV's SHA-256.

The build time is the Snapshot's `built_at`: SOURCE_DATE_EPOCH when set, so that two builds
of the same commit at the same epoch are byte-identical. The commit is read with git from the
repository root (`gitutil.head_commit`); a build from a folder that is not a git checkout has
none, and says so rather than guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import gitutil, urls
from ..snapshot import Snapshot
from .api import changelog

SHORT = 12  # characters of the commit a reader is shown; the files keep all 40


@dataclass(frozen=True)
class Provenance:
    built_at: dt.datetime  # Beijing time
    data_commit: str | None  # 40 hex digits, `-dirty` when the work tree had changes; None outside git
    release: str  # the formats' release, from the changelog (e.g. "1.1.0")
    release_date: str  # the day that release took effect (YYYY-MM-DD)
    site_url: str | None  # where the site is published, ending in "/"; None when not configured


def of(snapshot: Snapshot) -> Provenance:
    """The provenance of everything published from `snapshot` (runs git once)."""
    latest = changelog()["releases"][0]
    return Provenance(
        built_at=snapshot.built_at,
        data_commit=gitutil.head_commit(snapshot.root),
        release=latest["release"],
        release_date=latest["date"],
        site_url=site_url(snapshot.site_url),
    )


def site_url(configured: str | None) -> str | None:
    """mkdocs.yml's `site_url` as links are made from it: None when unset, else ending in "/"."""
    text = (configured or "").strip()
    if not text:
        return None
    return text if text.endswith("/") else text + "/"


def built_at(p: Provenance) -> str:
    """The build time as RFC 3339 (seconds, +08:00)."""
    return p.built_at.isoformat(timespec="seconds")


def stamp(p: Provenance) -> dict[str, Any]:
    """The fields every JSON file carries (API schema `common#/$defs/built_at`, `data_commit`)."""
    return {"built_at": built_at(p), "data_commit": p.data_commit}


def commit_text(p: Provenance, *, short: bool = False) -> str:
    if p.data_commit is None:
        return "无（不是从 Git 仓库生成的）"
    commit, dirty, _ = p.data_commit.partition("-dirty")
    return (commit[:SHORT] if short else commit) + ("（生成时仓库中另有尚未提交的改动）" if dirty else "")


def line(p: Provenance) -> str:
    """One line naming the build, for files that have room for a note (feeds, calendars, the workbook)."""
    return f"数据提交：{commit_text(p)}；生成时间：{built_at(p)}（北京时间）；开放数据版本：{p.release}。"


def absolute(p: Provenance, path: str) -> str | None:
    """The address of site path `path` when the site's address is configured, else None."""
    return urls.absolute(p.site_url, path) if p.site_url else None


def citation(p: Provenance, *, publisher: str, title: str) -> str:
    """How to cite the data set, after GB/T 7714—2015 for data sets ([DS/OL]): responsible
    body, title and version (with the data commit), publication date and, where the site's
    address is configured, the address of the 开放数据 page; the reader adds the date cited."""
    commit = f"，数据提交 {p.data_commit[:SHORT]}" if p.data_commit else ""
    where = absolute(p, urls.OPEN_DATA)
    tail = f" {where}." if where else ""
    return (f"{publisher}. {title}: {p.release} 版{commit}[DS/OL]. "
            f"({p.built_at.date().isoformat()})[引用日期].{tail}")
