"""Rules for the programme's settings (programme.yaml): they hang together, and the schemas that
editors read name the same levels and steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, make
from ..layout import PROGRAMME, TOWNSHIPS
from ..programme import Programme
from . import collection_rule, file_rule
from .context import RuleContext

#: What an enum marked `"x-jili": {"programme": <list>}` in a schema must equal.
LISTS = {"levels": "level_labels", "steps": "step_labels", "subunits": "subunit_labels"}
_LIST_WORDS = {"levels": "激励对象层级", "steps": "步骤", "subunits": "下一级单位层级"}


@file_rule("programme")
def programme_consistent(programme: Programme, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Unit kinds have distinct ids, labels and registry folders, none of them a folder the
    layout reserves (P009); each level belongs to a unit kind that applies, and a kind has at
    most one level of its own and one below it (P009); labels of levels and steps are distinct
    (P009); every schema enum marked as mirroring the programme's levels, steps or subunit levels
    lists exactly them, in order (P007)."""
    path = programme.path
    kinds: dict[str, int] = {}
    for field in ("id", "label", "folder"):
        seen: dict[str, int] = {}
        for i, kind in enumerate(programme.unit_kinds):
            value = getattr(kind, field)
            if value in seen:
                yield ctx.diag("P009", path, ("unit_kinds", i, field),
                               problem=f"单位种类的{_FIELD[field]}“{value}”与第 {seen[value] + 1} 种重复")
            seen.setdefault(value, i)
    for i, kind in enumerate(programme.unit_kinds):
        kinds.setdefault(kind.id, i)
        if kind.folder in (TOWNSHIPS, "sources"):
            yield ctx.diag("P009", path, ("unit_kinds", i, "folder"),
                           problem=f"名录目录“{kind.folder}”是保留的目录名（下一级单位名录、来源数据）")
        if kind.applies and kind.record == "department":
            yield ctx.diag("P009", path, ("unit_kinds", i, "applies"),
                           problem=f"“{kind.label}”是部门，部门报送推荐名单，不申报")
    own: dict[tuple[str, bool], int] = {}
    labels: dict[str, int] = {}
    for i, level in enumerate(programme.levels):
        if level.label in labels:
            yield ctx.diag("P009", path, ("levels", i, "label"),
                           problem=f"层级“{level.label}”与第 {labels[level.label] + 1} 个层级重复")
        labels.setdefault(level.label, i)
        kind = programme.kind(level.of)
        if kind is None:
            yield ctx.diag("P009", path, ("levels", i, "of"),
                           problem=f"层级“{level.label}”所属的单位种类“{level.of}”不在 unit_kinds 中")
            continue
        if not kind.applies:
            yield ctx.diag("P009", path, ("levels", i, "of"),
                           problem=f"层级“{level.label}”属于“{kind.label}”，但这种单位不申报（applies 不是 true）")
        key = (level.of, level.subunit)
        if key in own:
            which = "下一级" if level.subunit else "本身"
            yield ctx.diag("P009", path, ("levels", i, "of"),
                           problem=f"“{kind.label}”已有表示其{which}的层级“{programme.levels[own[key]].label}”")
        own.setdefault(key, i)
    steps: dict[str, int] = {}
    for i, step in enumerate(programme.steps):
        if step.label in steps:
            yield ctx.diag("P009", path, ("steps", i, "label"),
                           problem=f"步骤“{step.label}”与第 {steps[step.label] + 1} 步重复")
        steps.setdefault(step.label, i)
    yield from _mirrored_enums(programme, ctx)


_FIELD = {"id": "编号", "label": "称呼", "folder": "名录目录"}


@collection_rule("programme")
def programme_present(ctx: RuleContext, _years) -> Iterator[Diagnostic]:
    """A repository has its programme's settings (P010): without them nothing says who applies,
    at which levels, or in what words."""
    if PROGRAMME not in ctx.repo.files:
        yield make("P010", PROGRAMME, (1, 1), terms=ctx.terms, file=PROGRAMME)


def _mirrored_enums(programme: Programme, ctx: RuleContext) -> Iterator[Diagnostic]:
    # subunits: the levels whose nominees must name their parent applicant, in programme order
    wanted = {"levels": list(programme.level_labels), "steps": [s.label for s in programme.steps],
              "subunits": [lvl.label for lvl in programme.levels if lvl.subunit]}
    for name in sorted(ctx.schemas.names()):
        for pointer, enum, which in _marked(ctx.schemas.raw(name), ""):
            if which in wanted and list(enum) != wanted[which]:
                # subunit levels are set in programme.yaml's `levels`: point there
                key = "levels" if which == "subunits" else which
                yield ctx.diag("P007", programme.path, (key,), key=True, what=_LIST_WORDS[which],
                               schema=f"schema/{name}.schema.json#{pointer}", found="、".join(map(str, enum)),
                               expected="、".join(wanted[which]))


def _marked(node: Any, pointer: str) -> Iterator[tuple[str, list, str]]:
    """Every enum in a schema marked `"x-jili": {"programme": <list>}`, with its JSON pointer."""
    if isinstance(node, dict):
        which = (node.get("x-jili") or {}).get("programme")
        if which and isinstance(node.get("enum"), list):
            yield pointer, node["enum"], which
        for key, value in node.items():
            yield from _marked(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _marked(value, f"{pointer}/{i}")
