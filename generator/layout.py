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

#: The programme's settings file, at the top of the data.
PROGRAMME = "programme.yaml"
#: Townships (the units below a region) are listed by region in this registry folder.
TOWNSHIPS = "townships"
#: Source texts (the notice, the division codes) kept beside the registry.
SOURCES = "sources"
#: The registry folders a repository without readable programme settings is read with.
DEFAULT_REGISTRY = {"regions": ("region", "region"), "platforms": ("platform", "platform"),
                    "departments": ("department", "department")}

KIND_SCHEMA = {
    "programme": "programme",
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

_YEAR = r"(?P<year>[0-9]{4})"
_PATTERNS = (
    ("programme", re.compile(re.escape(PROGRAMME) + r"\Z")),
    ("edition", re.compile(rf"measures/{_YEAR}/edition\.yaml\Z")),
    ("measure", re.compile(rf"measures/{_YEAR}/(?P<stem>[^/]+)\.yaml\Z")),
    ("registry", re.compile(r"registry/(?P<folder>[^/]+)/(?P<stem>[^/]+)\.yaml\Z")),
    ("application", re.compile(rf"submissions/{_YEAR}/(?P<applicant>[^/]+)/(?P<stem>[^/]+)\.yaml\Z")),
    ("recommendation", re.compile(rf"awards/{_YEAR}/recommendations/(?P<folder>[^/]+)/(?P<stem>[^/]+)\.yaml\Z")),
    ("notice", re.compile(rf"awards/{_YEAR}/notices/(?P<stem>[^/]+)\.yaml\Z")),
)

#: Files other than data files that may sit in the data folders: attachments (evidence) inside
#: an applicant's folder, and the source texts the policy and registry were transcribed from.
_OTHER_PATTERNS = (
    ("attachment", re.compile(rf"submissions/{_YEAR}/(?P<applicant>[^/]+)/(?P<stem>.+)\Z")),
    ("source", re.compile(rf"measures/{_YEAR}/(?P<stem>source\.txt)\Z")),
    ("source", re.compile(rf"registry/{SOURCES}/(?P<stem>.+)\Z")),
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
    folder: str = ""  # recommendation folder (measure number); registry folder
    number: int | None = None  # measure number from the file or folder name, if it reads as one
    unit_kind: str = ""  # registry files: the programme's unit kind the folder holds


class Layout:
    """The map of paths to kinds for one programme: the fixed places of policy, submissions and
    awards, and the registry folders its settings name (registry/<folder>/ per unit kind)."""

    def __init__(self, registry: dict[str, tuple[str, str]] | None = None) -> None:
        #: {registry folder: (record form, unit kind id)}
        self.registry = dict(registry if registry is not None else DEFAULT_REGISTRY)

    def classify(self, path: str) -> Place | None:
        """The kind of data file at repository path `path`, or None if no data file belongs there."""
        for kind, pattern in _PATTERNS:
            m = pattern.match(path)
            if m is None:
                continue
            groups = m.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            stem = groups.get("stem", "")
            unit_kind = ""
            number = None
            if kind == "registry":
                folder = groups["folder"]
                if folder == TOWNSHIPS:
                    kind = "townships"
                elif folder in self.registry:
                    kind, unit_kind = self.registry[folder]
                else:
                    return None
            elif kind == "measure":
                nm = MEASURE_STEM.match(stem)
                number = int(nm["number"]) if nm else None
            elif kind == "application":
                nm = APPLICATION_STEM.match(stem)
                number = int(nm["number"]) if nm else None
            elif kind == "recommendation":
                nm = MEASURE_STEM.match(groups["folder"])
                number = int(nm["number"]) if nm else None
            return Place(kind=kind, year=year, stem=stem, applicant=groups.get("applicant", ""),
                         folder=groups.get("folder", ""), number=number, unit_kind=unit_kind)
        return None

    def places(self) -> tuple[str, ...]:
        """Where data files may sit, for messages (G001)."""
        folders = "|".join(self.registry)
        return (
            f"{PROGRAMME}（项目设置）",
            "measures/<年度>/edition.yaml（政策版次）",
            "measures/<年度>/<两位措施编号>.yaml（激励措施）",
            f"registry/{folders}/<编号>.yaml（名录）",
            f"registry/{TOWNSHIPS}/<编号>.yaml（下一级单位名录）",
            "submissions/<年度>/<申报单位编号>/<两位措施编号>.yaml（申报材料）",
            "awards/<年度>/recommendations/<两位措施编号>/<部门编号>.yaml（激励推荐名单）",
            "awards/<年度>/notices/<文件名>.yaml（通报）",
        )


DEFAULT = Layout()


def classify(path: str) -> Place | None:
    """`path` classified with the default registry folders (see `Layout`)."""
    return DEFAULT.classify(path)


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


def measures_folder(year: int) -> str:
    return f"measures/{year}"


def recommendations_folder(year: int, number: int) -> str:
    return f"awards/{year}/recommendations/{number:02d}"


def notices_folder(year: int) -> str:
    return f"awards/{year}/notices"


def registry_folder(folder: str) -> str:
    return f"registry/{folder}"


#: Where the township lists and the source texts of the registry sit.
TOWNSHIPS_FOLDER = f"registry/{TOWNSHIPS}"
TOWNSHIP_SOURCES = f"registry/{SOURCES}/{TOWNSHIPS}"


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


def edition_path(year: int) -> str:
    return f"measures/{year}/edition.yaml"
