"""JSON: a list of findings, each with its code, place, message, hint, source and cause."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from . import Report, reporter


@reporter("json", "JSON 数组，每条一个对象（供其他程序读取）")
def json_reporter(report: Report, out: TextIO, err: TextIO) -> None:
    items = []
    for d in report.ordered():
        item = asdict(d)
        causes = report.cause_of(d)
        if causes:
            item["caused_by"] = list(causes)
        items.append(item)
    out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    err.write(report.summary + "\n")
