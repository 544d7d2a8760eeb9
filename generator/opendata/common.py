"""What every open-data file shares: the demo marker, stable JSON, and dates from the data.

Nothing published depends on the clock: a file's timestamps come from the dates in the data
(a notice's date, a list's sending date), so two builds of the same data are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..clock import SHANGHAI
from ..snapshot import Snapshot

API_VERSION = "v1"
DEMO = "示例数据"
DEMO_NOTE = "示例数据：本文件由 examples/ 中的示例数据生成，不是真实的申报、推荐或通报结果，不能引用。"


def titled(snapshot: Snapshot, title: str) -> str:
    """A title as a demo build shows it: marked 示例数据 so it is never taken for real."""
    return f"【{DEMO}】{title}" if snapshot.demo else title


def to_json(document: Any, *, sort_keys: bool = True, indent: int | None = None) -> bytes:
    """Stable JSON: keys sorted, Chinese as is, UTF-8, one trailing newline.

    Data files are written on one line: Python's JSON encoder is several times faster without
    indentation, which matters at tens of thousands of records; any JSON viewer lays them out.
    A schema is indented and keeps its authored order (`sort_keys=False`): the order of
    `properties` is the column order of the table it describes, and a reader meets `title`
    before the details."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=sort_keys, indent=indent)
    return (text + "\n").encode("utf-8")


def data_dates(snapshot: Snapshot) -> list[dt.date]:
    """Every date the published data carries."""
    out: list[dt.date] = []
    for edition in snapshot.editions.values():
        out += [edition.signed, edition.published]
    out += [a.filed for a in snapshot.applications if a.filed is not None]
    out += [r.sent for r in snapshot.recommendations]
    for notice in snapshot.notices:
        if notice.date is not None:
            out.append(notice.date)
        out += [e.date for e in notice.errata]
    return out


def as_of(snapshot: Snapshot) -> dt.date:
    """The latest date in the data: when the published data last changed, as far as it says."""
    dates = data_dates(snapshot)
    return max(dates) if dates else dt.date(2000, 1, 1)


def beijing_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), SHANGHAI)


def publisher(snapshot: Snapshot) -> str:
    """The office that publishes the programme's data: the programme's publisher."""
    return snapshot.programme.publisher


def data_title(snapshot: Snapshot) -> str:
    """The data set's title: the programme's name, as open data."""
    return f"{snapshot.programme.name} 开放数据"


def data_description(snapshot: Snapshot) -> str:
    """What the data set holds, in the programme's words."""
    return (f"{snapshot.programme.jurisdiction}{snapshot.programme.name}的政策、名录、申报、推荐、通报和获激励名单，"
            "由网站所依据的同一份经过校验的数据生成。申报材料中的联系人信息和未发布的通报不公开。")
