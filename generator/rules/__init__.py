"""Cross-file rules, one small function per rule, grouped by the kind of file they judge.

A file rule takes a record and the Checker and yields Diagnostics about that record's file.
A collection rule looks at a whole collection (a year's policy, the registry) at once.
Each rule's docstring states the rule; tests/rules/ hold a passing and a failing fixture
for every code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from .context import RuleContext

FILE_RULES: dict[str, list[Callable[..., Iterable[Any]]]] = defaultdict(list)
COLLECTION_RULES: list[Any] = []
#: rules about any entry of the data folders, data file or not (its name, mode, kind on disk)
PATH_RULES: list[Callable[..., Iterable[Any]]] = []
#: rules about entries that are not data files, by place kind ("attachment", "source"; "stray"
#: for a file where nothing of its kind belongs)
OTHER_RULES: dict[str, list[Callable[..., Iterable[Any]]]] = defaultdict(list)
#: rules about a whole applicant folder (year, applicant)
FOLDER_RULES: list[Callable[..., Iterable[Any]]] = []


def file_rule(kind: str, *, uses_clock: bool = False) -> Callable:
    def register(fn: Callable) -> Callable:
        fn.uses_clock = uses_clock  # type: ignore[attr-defined]
        FILE_RULES[kind].append(fn)
        return fn

    return register


def cite_measure(ctx: RuleContext, edition, number: int) -> str | None:
    """How a rule cites a measure: the edition's document number, the notice's measures section
    (the programme's setting) and the measure's number; None without an edition."""
    return ctx.programme.cite_measure(edition.document_number, number) if edition is not None else None


def cite_step(ctx: RuleContext, edition, file_kind: str, *, number: bool = True) -> str | None:
    """How a rule cites the step of a round that produces `file_kind`: the edition's document
    number (unless `number` is False, after a citation that already gave it), the clause of
    its milestone and the programme's name for the step."""
    if edition is None:
        return None
    milestone = edition.milestone_for(file_kind)
    step = ctx.programme.step_for(file_kind)
    prefix = f"{edition.document_number} " if number else ""
    if milestone is None or not milestone.clause_ref:
        return prefix.strip() or None
    return f"{prefix}{milestone.clause_ref}" + (f"（{step.label}）" if step else "")


def path_rule(fn: Callable) -> Callable:
    PATH_RULES.append(fn)
    return fn


def other_rule(kind: str, *, uses_clock: bool = False) -> Callable:
    def register(fn: Callable) -> Callable:
        fn.uses_clock = uses_clock  # type: ignore[attr-defined]
        OTHER_RULES[kind].append(fn)
        return fn

    return register


def folder_rule(fn: Callable) -> Callable:
    FOLDER_RULES.append(fn)
    return fn


def collection_rule(*kinds: str, per_year: bool = False) -> Callable:
    def register(fn: Callable) -> Callable:
        fn.kinds = frozenset(kinds)  # type: ignore[attr-defined]
        fn.per_year = per_year  # type: ignore[attr-defined]
        COLLECTION_RULES.append(fn)
        return fn

    return register


# Importing the modules registers their rules.
from . import (  # noqa: F401
    applications,
    deadlines,
    files,
    names,
    notices,
    policy,
    programme,
    prose,
    recommendations,
    registry,
    townships,
)
