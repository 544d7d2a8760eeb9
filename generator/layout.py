"""Where each kind of data file lives in the repository tree: the one map of paths to kinds.

The layout is part of the rules: a file's place says which year, applicant, measure or
sender it belongs to, and CODEOWNERS gives each place to the office that may change it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache

#: Top-level folders that hold data files, in the order they are loaded.
DATA_ROOTS = ("registry", "measures", "submissions", "awards")
#: Where the sample round lives; it mirrors the real tree and is laid over it with --demo.
EXAMPLES = "examples"

KIND_SCHEMA = {
    "edition": "edition",
    "measure": "measure",
    "region": "region",
    "platform": "platform",
    "department": "department",
    "townships": "townships",
    "application": "application",
    "recommendation": "recommendation",
    "notice": "notice",
}

KIND_LABEL = {
    "edition": "政策版次",
    "measure": "激励措施",
    "region": "区县",
    "platform": "国家级开发开放平台",
    "department": "市级部门",
    "townships": "乡镇（街道）名录",
    "application": "申报材料",
    "recommendation": "激励推荐名单",
    "notice": "督查激励通报",
}

PLACES = (
    "measures/<年度>/edition.yaml（政策版次）",
    "measures/<年度>/<两位措施编号>.yaml（激励措施）",
    "registry/regions|platforms|departments/<编号>.yaml（名录）",
    "registry/townships/<区县编号>.yaml（乡镇（街道）名录）",
    "submissions/<年度>/<申报单位编号>/<两位措施编号>.yaml（申报材料）",
    "awards/<年度>/recommendations/<两位措施编号>/<部门编号>.yaml（激励推荐名单）",
    "awards/<年度>/notices/<文件名>.yaml（通报）",
)

_YEAR = r"(?P<year>[0-9]{4})"
_PATTERNS = (
    ("edition", re.compile(rf"measures/{_YEAR}/edition\.yaml\Z")),
    ("measure", re.compile(rf"measures/{_YEAR}/(?P<stem>[^/]+)\.yaml\Z")),
    ("region", re.compile(r"registry/regions/(?P<stem>[^/]+)\.yaml\Z")),
    ("platform", re.compile(r"registry/platforms/(?P<stem>[^/]+)\.yaml\Z")),
    ("department", re.compile(r"registry/departments/(?P<stem>[^/]+)\.yaml\Z")),
    ("townships", re.compile(r"registry/townships/(?P<stem>[^/]+)\.yaml\Z")),
    ("application", re.compile(rf"submissions/{_YEAR}/(?P<applicant>[^/]+)/(?P<stem>[^/]+)\.yaml\Z")),
    ("recommendation", re.compile(rf"awards/{_YEAR}/recommendations/(?P<folder>[^/]+)/(?P<stem>[^/]+)\.yaml\Z")),
    ("notice", re.compile(rf"awards/{_YEAR}/notices/(?P<stem>[^/]+)\.yaml\Z")),
)

#: Files other than data files that may sit in the data folders: attachments (evidence) inside
#: an applicant's folder, and the source texts the policy and registry were transcribed from.
_OTHER_PATTERNS = (
    ("attachment", re.compile(rf"submissions/{_YEAR}/(?P<applicant>[^/]+)/(?P<stem>.+)\Z")),
    ("source", re.compile(rf"measures/{_YEAR}/(?P<stem>source\.txt)\Z")),
    ("source", re.compile(r"registry/sources/(?P<stem>.+)\Z")),
)

#: measure files are named by two digits; applications start with them ("01.yaml", "01-说明.yaml")
MEASURE_STEM = re.compile(r"(?P<number>[0-9]{2})\Z")
APPLICATION_STEM = re.compile(r"(?P<number>[0-9]{2})(?:-[^/]*)?\Z")


@dataclass(frozen=True, slots=True)
class Place:
    """What a path says about the file at it."""

    kind: str
    year: int | None = None
    stem: str = ""
    applicant: str = ""  # application folder
    folder: str = ""  # recommendation folder (measure number)
    number: int | None = None  # measure number from the file or folder name, if it reads as one


def classify(path: str) -> Place | None:
    """The kind of data file at repository path `path`, or None if no data file belongs there."""
    for kind, pattern in _PATTERNS:
        m = pattern.match(path)
        if m is None:
            continue
        groups = m.groupdict()
        year = int(groups["year"]) if groups.get("year") else None
        stem = groups.get("stem", "")
        number = None
        if kind == "measure":
            nm = MEASURE_STEM.match(stem)
            number = int(nm["number"]) if nm else None
        elif kind == "application":
            nm = APPLICATION_STEM.match(stem)
            number = int(nm["number"]) if nm else None
        elif kind == "recommendation":
            nm = MEASURE_STEM.match(groups["folder"])
            number = int(nm["number"]) if nm else None
        return Place(kind=kind, year=year, stem=stem, applicant=groups.get("applicant", ""),
                     folder=groups.get("folder", ""), number=number)
    return None


def classify_other(path: str) -> Place | None:
    """The place of a file that is not a data file (attachment or source text), or None if no
    such file belongs at `path`."""
    for kind, pattern in _OTHER_PATTERNS:
        m = pattern.match(path)
        if m is not None:
            groups = m.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            return Place(kind=kind, year=year, stem=groups["stem"], applicant=groups.get("applicant", ""))
    return None


def applicant_folder(year: int, applicant: str) -> str:
    return f"submissions/{year}/{applicant}"


def is_data_path(path: str) -> bool:
    """Is `path` inside one of the folders that hold data files?"""
    return path.split("/", 1)[0] in DATA_ROOTS


def schema_line(file_path: str, kind: str) -> str:
    """The editor line a data file at `file_path` (repository-relative) must start with."""
    return _schema_line(posixpath.dirname(file_path), kind)


@lru_cache(maxsize=4096)
def _schema_line(folder: str, kind: str) -> str:
    # depends only on the folder's depth; cached because every file asks
    target = f"schema/{KIND_SCHEMA[kind]}.schema.json"
    rel = posixpath.relpath(target, folder or ".")
    return f"# yaml-language-server: $schema={rel}"


def application_path(year: int, applicant: str, number: int) -> str:
    return f"submissions/{year}/{applicant}/{number:02d}.yaml"


def recommendation_path(year: int, number: int, sender: str) -> str:
    return f"awards/{year}/recommendations/{number:02d}/{sender}.yaml"


def notice_path(year: int, stem: str) -> str:
    return f"awards/{year}/notices/{stem}.yaml"


def measure_path(year: int, number: int) -> str:
    return f"measures/{year}/{number:02d}.yaml"


def edition_path(year: int) -> str:
    return f"measures/{year}/edition.yaml"
