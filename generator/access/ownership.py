"""The one rule of who owns which path, read from the registry's maintainers and the policy's lead units.

Each applicant (a unit of a kind the programme lets apply) owns its application folders; each
lead department the recommendation lists of the measures it leads; the supervision office (the
programme's publisher, found in the registry by its role) everything else: notices,
policy, registry, schemas, the generator and the workflows. The rule is a list of grants in
CODEOWNERS order, and the last grant whose pattern matches a path decides, exactly as GitHub
reads `.github/CODEOWNERS`. `codeowners.render` writes the grants out for review on GitHub;
`authorize.judge` applies the same grants to a pull request's author. Nothing else decides.

A maintainer is `@login` or `@org/team`. GitHub resolves team membership for code-owner review,
but a check that runs offline cannot, so `jili authorize` recognises an author only by a login
listed directly on a registry entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..layout import DATA_ROOTS, PROGRAMME
from ..model import Department, Measure, Platform, Region, Registry
from ..programme import Programme
from ..repository import Repository


@dataclass(frozen=True, slots=True)
class Party:
    """An office named in the registry that may own paths: a region, a platform or a department."""

    kind: str  # the programme's unit kind ("region", "platform", "department" …)
    id: str
    name: str
    path: str  # the registry file that lists its maintainers
    maintainers: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name}（{self.id}）"

    @property
    def logins(self) -> frozenset[str]:
        """Individual accounts, lower case without '@' (GitHub logins are case-insensitive)."""
        return frozenset(m[1:].lower() for m in self.maintainers if "/" not in m)


@dataclass(frozen=True, slots=True)
class Grant:
    """One CODEOWNERS line: the paths matching `pattern` belong to `parties` and the supervision office."""

    pattern: str  # CODEOWNERS pattern: "*", or anchored ("/x/", "/x/*/y/", "/x/file")
    parties: tuple[Party, ...]  # owners besides the supervision office
    what: str  # what lives there, in Chinese, for messages
    section: str  # the CODEOWNERS section it is written under
    comment: str | None = None  # a line written above it in CODEOWNERS
    regex: re.Pattern[str] = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def matches(self, path: str) -> bool:
        return self.regex.match(path) is not None


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """The paths a CODEOWNERS pattern of ours matches (the subset of gitignore syntax we write)."""
    if pattern == "*":
        return re.compile(r".+\Z", re.DOTALL)
    if not pattern.startswith("/") or pattern == "/" or "**" in pattern:
        raise ValueError(f"unsupported CODEOWNERS pattern {pattern!r}")
    body = pattern[1:]
    directory = body.endswith("/")
    parts = body.rstrip("/").split("/")
    rx = "/".join("[^/]+" if p == "*" else re.escape(p) for p in parts)
    return re.compile(rx + ("/.+" if directory else "") + r"\Z", re.DOTALL)


def _grant(pattern: str, parties: tuple[Party, ...], what: str, section: str,
           comment: str | None = None) -> Grant:
    return Grant(pattern, parties, what, section, comment, pattern_regex(pattern))


def sections(supervision: str) -> dict[str, str]:
    """The sections of CODEOWNERS, in file order, in the programme's words."""
    return {
        "default": f"默认：仓库中其他所有文件由{supervision}审核",
        "applications": f"申报材料 submissions/<年度>/<申报单位编号>/：申报单位的经办账号和{supervision}",
        "recommendations": (f"激励推荐名单 awards/<年度>/recommendations/<措施编号>/：该措施的牵头单位和{supervision}；"
                            "每个部门的名单文件只归本部门"),
        "supervised": f"通报、项目设置、政策、名录、数据结构、生成器和工作流：{supervision}",
    }


#: Paths only the supervision office owns, with what lives there.
SUPERVISED_PATHS = (
    ("/programme.yaml", "项目设置"),
    ("/awards/*/notices/", "通报"),
    ("/measures/", "政策和激励措施"),
    ("/registry/", "名录"),
    ("/schema/", "数据结构（JSON Schema）"),
    ("/generator/", "jili 程序"),
    ("/.github/", "工作流和仓库配置"),
    ("/.github/CODEOWNERS", "CODEOWNERS"),
)


@dataclass(frozen=True)
class Ownership:
    """The grants, in CODEOWNERS order, and the supervision office that co-owns everything."""

    supervision: Party | None
    grants: tuple[Grant, ...]
    parties: tuple[Party, ...] = ()
    supervision_label: str = "督查机构"  # how messages name the supervision office
    terms: dict[str, str] = field(default_factory=dict)  # the programme's words, for messages

    def grant_for(self, path: str) -> Grant:
        for grant in reversed(self.grants):
            if grant.matches(path):
                return grant
        raise LookupError(path)  # unreachable: the first grant is "*"

    def owners(self, grant: Grant) -> tuple[str, ...]:
        """The accounts and teams that own `grant`'s paths, in order, each once."""
        out: list[str] = []
        for party in (*grant.parties, *((self.supervision,) if self.supervision else ())):
            for m in party.maintainers:
                if m.lower() not in (o.lower() for o in out):
                    out.append(m)
        return tuple(out)

    def parties_of(self, login: str) -> tuple[Party, ...]:
        """The offices that list `login` (with or without '@', any case) as an individual maintainer."""
        key = login.removeprefix("@").lower()
        found = [p for p in self.parties if key in p.logins]
        if self.supervision is not None and key in self.supervision.logins and self.supervision not in found:
            found.append(self.supervision)
        return tuple(found)

    def is_supervision(self, login: str) -> bool:
        return self.supervision is not None and login.removeprefix("@").lower() in self.supervision.logins


def is_data(path: str) -> bool:
    """Is `path` inside one of the data folders (exactly as spelt: “Submissions/” is not)?"""
    return path.split("/", 1)[0] in DATA_ROOTS


def table(programme: Programme) -> tuple[tuple[str, str], ...]:
    """Who may change what, as the README states it: one row per kind of path, in the words of
    the grants above. `tests/test_authorize.py` checks the README's table against it."""
    office = programme.supervision
    return (
        ("`submissions/<年度>/<申报单位编号>/`（申报材料和附件）", f"该{programme.applicants_label}的经办账号、{office}"),
        ("`awards/<年度>/recommendations/<措施编号>/`（激励推荐名单）",
         f"该措施的牵头单位（按措施的 `lead_units` 在名录中查找）、{office}；每个部门的名单文件只归本部门"),
        (("`programme.yaml`、`awards/<年度>/notices/`、`measures/`、`registry/`、`schema/`、`generator/`、"
          "`.github/`（含 CODEOWNERS）"), office),
        ("其他所有路径（测试、文档、示例数据、配置文件、新建的顶层目录，以及大小写或字形与数据目录不同的目录）", office),
    )


def table_markdown(programme: Programme) -> str:
    """`table(programme)` as the Markdown table the README carries."""
    rows = ["| 路径 | 可以改动的账号 |", "| --- | --- |"]
    rows += [f"| {path} | {who} |" for path, who in table(programme)]
    return "\n".join(rows)


def _party(record: Region | Platform | Department, kind: str) -> Party:
    return Party(kind, record.id, record.name, record.path, record.maintainers)


def build(registry: Registry, measures: dict[int, dict[int, Measure]], programme: Programme) -> Ownership:
    """The ownership rule for a registry, the measures of every edition year ({year: {number:
    measure}}) and the programme (who applies, who supervises, in what words)."""
    named = sections(programme.supervision)
    supervision_dept = registry.with_role(programme.supervision_role)
    supervision = _party(supervision_dept, "department") if supervision_dept else None
    departments = {d.id: _party(d, "department") for d in sorted(registry.departments.values(), key=lambda d: d.id)}
    applying = {k.id for k in programme.applicant_kinds}
    units = [_party(u, u.unit_kind) for u in sorted((*registry.regions.values(), *registry.platforms.values()),
                                                   key=lambda u: (not isinstance(u, Region), u.id))
             if u.unit_kind in applying]

    grants = [_grant("*", (), "本仓库的代码、文档和其他文件", named["default"])]
    for unit in units:
        grants.append(_grant(f"/submissions/*/{unit.id}/", (unit,), f"{unit.label}的申报材料", named["applications"],
                             f"{programme.kind_label(unit.kind)}：{unit.name}"))
    for year in sorted(measures):
        for number, measure in sorted(measures[year].items()):
            leads: list[Party] = []
            for name in measure.lead_units:
                dept = registry.department_named(name, year)
                if dept is not None and departments[dept.id] not in leads:
                    leads.append(departments[dept.id])
            folder = f"/awards/{year}/recommendations/{number:02d}/"
            grants.append(_grant(folder, tuple(leads), f"{year} 年第 {number} 项措施的激励推荐名单",
                                 named["recommendations"],
                                 f"{year} 年第 {number} 项 {measure.title}（牵头单位：{'、'.join(measure.lead_units)}）"))
            for lead in leads:
                grants.append(_grant(f"{folder}{lead.id}.yaml", (lead,),
                                     f"{lead.label}对 {year} 年第 {number} 项措施的激励推荐名单",
                                     named["recommendations"]))
    for pattern, what in SUPERVISED_PATHS:
        grants.append(_grant(pattern, (), what, named["supervised"]))
    return Ownership(supervision, tuple(grants), (*units, *departments.values()), programme.supervision,
                     programme.terms)


def from_repository(repo: Repository, *, check: bool = True) -> tuple[Ownership, list[Diagnostic]]:
    """The ownership rule of a checkout, and (if `check`) the errors in the registry and policy it reads."""
    from ..validate import Checker

    checker = Checker(repo)
    errors: list[Diagnostic] = []
    if check:
        reference = [s.path for s in repo.files.values()
                     if s.path == PROGRAMME or s.path.split("/", 1)[0] in ("registry", "measures")]
        errors = [d for d in checker.run(reference).diagnostics if d.severity == "error"]
    measures = {year: checker.measures(year) for year in repo.years()}
    return build(checker.registry, measures, checker.programme), errors
