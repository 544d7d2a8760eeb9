"""Judging a pull request's author: may this account change every data file the pull request touches?

The rule comes from `ownership` as it stood at the base commit, so a pull request cannot grant
itself rights by editing the registry it is judged against. Data files (registry, measures,
submissions, awards) may be changed only by their owners or the supervision office; code,
documentation and workflows may be proposed by anyone and are guarded by code-owner review.
A pull request changes the applications of one applicant at most (U002).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import gitutil
from ..diagnostics import Diagnostic, make
from ..repository import Repository
from .ownership import SUPERVISION_LABEL, Grant, Ownership, Party, from_repository, is_guarded

#: What the ownership rule is read from at the base commit.
REFERENCE = ("schema", "registry", "measures")


@dataclass(frozen=True)
class Verdict:
    actor: str
    parties: tuple[Party, ...]  # the offices the actor files for
    supervision: bool
    files: int  # paths judged
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not self.diagnostics

    @property
    def role(self) -> str:
        if self.supervision:
            return SUPERVISION_LABEL
        if self.parties:
            return "、".join(p.label for p in self.parties) + "的经办账号"
        return "未登记的账号"


def _owners_text(grant: Grant) -> str:
    if grant.parties:
        return "、".join(p.label for p in grant.parties) + "或" + SUPERVISION_LABEL
    return SUPERVISION_LABEL


def _source(grant: Grant, ownership: Ownership) -> str:
    files = [p.path for p in grant.parties]
    if ownership.supervision is not None:
        files.append(ownership.supervision.path)
    return "名录 " + "、".join(files) + " 中的 maintainers"


def _applicant(path: str) -> str | None:
    """The applicant whose folder `path` is in (submissions/<year>/<applicant>/...)."""
    parts = path.split("/")
    return parts[2] if len(parts) >= 4 and parts[0] == "submissions" else None


def judge(ownership: Ownership, actor: str, changed: Iterable[str], deleted: Iterable[str] = ()) -> Verdict:
    """Every finding about `actor` changing `changed` and deleting `deleted` (repository paths)."""
    login = actor.removeprefix("@")
    paths = sorted(set(changed) | set(deleted))
    parties = ownership.parties_of(login)
    if ownership.is_supervision(login):
        return Verdict(login, parties, True, len(paths), ())
    found: list[Diagnostic] = []
    for path in paths:
        if not is_guarded(path):
            continue
        grant = ownership.grant_for(path)
        if not parties:
            found.append(make("U003", path, (1, 1), actor=login, what=grant.what))
        elif not set(parties) & set(grant.parties):
            found.append(make("U001", path, (1, 1), actor=login, role="、".join(p.label for p in parties),
                              what=grant.what, owners=_owners_text(grant), source=_source(grant, ownership)))
    first_of: dict[str, str] = {}
    for path in paths:
        applicant = _applicant(path)
        if applicant is not None:
            first_of.setdefault(applicant, path)
    if len(first_of) > 1:
        names = "、".join(sorted(first_of))
        for path in first_of.values():
            found.append(make("U002", path, (1, 1), count=len(first_of), applicants=names))
    return Verdict(login, parties, False, len(paths), tuple(sorted(found, key=Diagnostic.sort_key)))


def base_ownership(root: Path, ref: str) -> Ownership:
    """The ownership rule as it stood at commit `ref` (its registry, policy and schemas)."""
    files = gitutil.tree_at(root, ref, REFERENCE)
    if not any(p.startswith("schema/") for p in files):
        raise gitutil.GitError(f"提交“{ref}”中没有 schema/ 目录，无法读取当时的名录")
    with tempfile.TemporaryDirectory(prefix="jili-base-") as tmp:
        base = Path(tmp)
        for path, data in files.items():
            target = base / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        ownership, _ = from_repository(Repository(base), check=False)
    return ownership


def authorize(root: Path, actor: str, ref: str) -> Verdict:
    """Judge the changes between `ref` and the working tree, as made by `actor`."""
    changes = gitutil.changes_since(root, ref)
    return judge(base_ownership(root, ref), actor, changes.changed, changes.deleted)
