"""The programme a repository runs: its settings (programme.yaml), read as data.

Everything that makes one incentive programme different from another lives here and not in
code: the jurisdiction and the office that publishes, the kinds of units in the registry and
which of them apply, the levels a measure may name and what each level is (the applicant itself,
or a unit below it such as a township), the steps of a round, how the notice's clauses are
cited, and the words the site and the messages use for all of these. Modelled on the
settings file of cncf/landscape2: an instance is settings, not a fork.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PATH = "programme.yaml"


@dataclass(frozen=True, slots=True)
class UnitKind:
    """A kind of unit in the registry: one folder, one record form (region, platform, department)."""

    id: str
    label: str
    record: str  # "region", "platform" or "department"
    folder: str  # registry/<folder>/
    applies: bool = False
    id_hint: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    """A level a measure may name: the applicant itself (a unit of kind `of`), or a unit below
    such an applicant (`subunit`, e.g. a 区县's 乡镇（街道）)."""

    label: str
    of: str
    subunit: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    label: str
    file_kind: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Programme:
    """programme.yaml as a record. Shapes: labels are Chinese text; ids are English."""

    path: str
    name: str
    jurisdiction: str
    title: str
    description: str
    publisher: str  # full name of the publishing office
    supervision: str  # its short name, as messages and pages call it
    supervision_role: str
    issuer_role: str
    unit_kinds: tuple[UnitKind, ...]
    levels: tuple[Level, ...]
    steps: tuple[Step, ...]
    measures_clause: str  # the section of a notice that lists the measures
    organisation_clause: str = "组织实施"  # the section that says how the round is organised
    guide: str = "申报指南"
    phone_example: str = "区号-电话号码"
    demo: bool = False
    official_list: str = "正式名单"  # what a notice publishes
    notice_name: str = "通报"  # what publishes it
    units_page: str = "申报单位"  # the registry's index of applicants
    departments_page: str = "部门"
    _by_label: dict[str, Level] = field(default_factory=dict, repr=False, compare=False)

    @property
    def readable(self) -> bool:
        """False for the stand-in used while programme.yaml cannot be read."""
        return bool(self.path)

    def __post_init__(self) -> None:
        self._by_label.update({lvl.label: lvl for lvl in self.levels})

    # -- unit kinds --------------------------------------------------------------------------

    def kind(self, kind_id: str) -> UnitKind | None:
        return next((k for k in self.unit_kinds if k.id == kind_id), None)

    def kind_label(self, kind_id: str) -> str:
        found = self.kind(kind_id)
        return found.label if found is not None else kind_id

    @property
    def applicant_kinds(self) -> tuple[UnitKind, ...]:
        return tuple(k for k in self.unit_kinds if k.applies)

    @property
    def applicants_label(self) -> str:
        """How messages name who may apply: “区县或国家级开发开放平台”."""
        return "或".join(k.label for k in self.applicant_kinds)

    @property
    def applicant_id_hint(self) -> str:
        return "，".join(k.id_hint for k in self.applicant_kinds if k.id_hint)

    def registry_folders(self) -> dict[str, tuple[str, str]]:
        """{folder under registry/: (record form, unit kind id)}."""
        return {k.folder: (k.record, k.id) for k in self.unit_kinds}

    # -- levels ------------------------------------------------------------------------------

    def level(self, label: str) -> Level | None:
        return self._by_label.get(label)

    def kind_of(self, unit) -> UnitKind | None:
        return self.kind(unit.unit_kind)

    @property
    def steps_text(self) -> str:
        """The steps as a reader names them: “区县申报、部门推荐、通报实施”."""
        return "、".join(s.label for s in self.steps)

    @property
    def step_labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.steps)

    @property
    def level_labels(self) -> tuple[str, ...]:
        return tuple(lvl.label for lvl in self.levels)

    def own_level(self, kind_id: str) -> Level | None:
        """The level at which a unit of `kind_id` is itself the nominee (区县 for a 区县)."""
        return next((lvl for lvl in self.levels if lvl.of == kind_id and not lvl.subunit), None)

    def subunit_level(self, kind_id: str) -> Level | None:
        """The level of the units below an applicant of `kind_id` (乡镇（街道） for a 区县), if any."""
        return next((lvl for lvl in self.levels if lvl.of == kind_id and lvl.subunit), None)

    def is_subunit(self, label: str) -> bool:
        found = self.level(label)
        return found is not None and found.subunit

    @property
    def subunit_labels(self) -> frozenset[str]:
        return frozenset(lvl.label for lvl in self.levels if lvl.subunit)

    # -- steps and citations -----------------------------------------------------------------

    def step_for(self, file_kind: str) -> Step | None:
        return next((s for s in self.steps if s.file_kind == file_kind), None)

    def cite_measure(self, document_number: str, number: int) -> str:
        """A measure as messages cite it: “渝府办发〔2021〕83号 一、激励措施 第1项”."""
        return f"{document_number} {self.measures_clause} 第{number}项"

    def cite_guide(self, section: str) -> str:
        return f"{self.guide} {section}"

    # -- the words of messages ---------------------------------------------------------------

    @property
    def terms(self) -> dict[str, str]:
        """The programme's words that message templates in codes.py may use by name."""
        sub = next((lvl for lvl in self.levels if lvl.subunit), None)
        return {
            "supervision": self.supervision,
            "applicant_kinds": self.applicants_label,
            "applicant_id_hint": self.applicant_id_hint,
            "subunit": sub.label if sub else "下一级单位",
            "subunit_parent": self.kind_label(sub.of) if sub else "申报单位",
            "guide": self.guide,
        }


#: Used only while programme.yaml cannot be read, so that the errors about it (and every
#: other finding) can still be worded; plain words that belong to no programme.
FALLBACK = Programme(
    path="", name="激励项目", jurisdiction="", title="激励项目", description="",
    publisher="督查机构", supervision="督查机构", supervision_role="supervision", issuer_role="issuer",
    unit_kinds=(UnitKind("region", "申报地区", "region", "regions", True),
                UnitKind("platform", "申报平台", "platform", "platforms", True),
                UnitKind("department", "部门", "department", "departments")),
    levels=(Level("申报地区", "region"), Level("下一级单位", "region", True), Level("申报平台", "platform")),
    steps=(Step("申报", "application"), Step("推荐", "recommendation"), Step("通报", "notice")),
    measures_clause="激励措施",
)


def build(data: dict[str, Any], path: str = PATH) -> Programme:
    """programme.yaml's schema-checked data as a Programme."""
    publisher = data["publisher"]
    return Programme(
        path=path,
        name=data["name"],
        jurisdiction=data["jurisdiction"],
        title=data["site"]["title"],
        description=data["site"]["description"],
        publisher=publisher["name"],
        supervision=publisher["short_name"],
        supervision_role=publisher["role"],
        issuer_role=publisher.get("issuer_role", "issuer"),
        unit_kinds=tuple(UnitKind(k["id"], k["label"], k["record"], k["folder"], bool(k.get("applies")),
                                  k.get("id_hint", "")) for k in data["unit_kinds"]),
        levels=tuple(Level(lvl["label"], lvl["of"], bool(lvl.get("subunit"))) for lvl in data["levels"]),
        steps=tuple(Step(s["label"], s.get("file_kind"), s.get("description", "")) for s in data["steps"]),
        measures_clause=data["citation"]["measures"],
        organisation_clause=data["citation"].get("organisation", "组织实施"),
        guide=data["citation"].get("guide", "申报指南"),
        phone_example=data.get("phone_example", "区号-电话号码"),
        demo=bool(data.get("demo")),
        official_list=data["naming"]["official_list"],
        notice_name=data["naming"]["notice"],
        units_page=data["naming"]["units"],
        departments_page=data["naming"]["departments"],
    )
