"""Judging a pull request's author: may this account change every data file the pull request touches?

The rule comes from `ownership` as it stood at the base commit, so a pull request cannot grant
itself rights by editing the registry it is judged against. Data files (registry, measures,
submissions, awards) may be changed only by their owners or the supervision office; code,
documentation and workflows may be proposed by anyone and are guarded by code-owner review.
A pull request changes the applications of one applicant at most (U002).

Every path is judged: an account other than the supervision office's may change only files
inside its own office's data folders. Anything else — code, schemas, workflows, tests,
documentation, configuration, a new top-level folder, or a folder that only looks like a data
folder (“Submissions/”, another letter case or a look-alike character) — is refused (U005).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import gitutil, reference
from ..diagnostics import Diagnostic, make
from ..layout import DATA_ROOTS
from .ownership import Grant, Ownership, Party, from_repository, is_data


@dataclass(frozen=True)
class Verdict:
    actor: str
    parties: tuple[Party, ...]  # the offices the actor files for
    supervision: bool
    files: int  # paths judged
    diagnostics: tuple[Diagnostic, ...]
    supervision_label: str = "督查机构"

    @property
    def ok(self) -> bool:
        return not self.diagnostics

    @property
    def role(self) -> str:
        if self.supervision:
            return self.supervision_label
        if self.parties:
            return "、".join(p.label for p in self.parties) + "的经办账号"
        return "未登记的账号"


def _owners_text(grant: Grant, ownership: Ownership) -> str:
    if grant.parties:
        return "、".join(p.label for p in grant.parties) + "或" + ownership.supervision_label
    return ownership.supervision_label


def _source(grant: Grant, ownership: Ownership) -> str:
    files = [p.path for p in grant.parties]
    if ownership.supervision is not None:
        files.append(ownership.supervision.path)
    return "名录 " + "、".join(files) + " 中的 maintainers"


def _role(parties: tuple[Party, ...]) -> str:
    return "、".join(p.label for p in parties) + "的经办账号" if parties else "未在名录中登记的账号"


def _why(path: str) -> str:
    """Why a path is not the account's own data folder, when the reason is easy to miss."""
    top = path.split("/", 1)[0]
    if "/" not in path:
        return "（仓库顶层的文件）"
    if not is_data(path):
        folded = unicodedata.normalize("NFKC", top).casefold()
        for root in DATA_ROOTS:
            if folded == root:
                return f"（目录“{top}”不是数据目录“{root}”：字母大小写或字形不同）"
        return f"（“{top}/”不是数据目录）"
    return ""


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
        return Verdict(login, parties, True, len(paths), (), ownership.supervision_label)
    terms = ownership.terms
    found: list[Diagnostic] = []
    for path in paths:
        grant = ownership.grant_for(path)
        if not grant.parties:
            # only the supervision office may change it, whoever asks
            found.append(make("U005", path, (1, 1), terms=terms, actor=login, role=_role(parties), what=grant.what,
                              why=_why(path), source=_source(grant, ownership)))
        elif not parties:
            found.append(make("U003", path, (1, 1), terms=terms, actor=login, what=grant.what))
        elif not set(parties) & set(grant.parties):
            found.append(make("U001", path, (1, 1), terms=terms, actor=login, role="、".join(p.label for p in parties),
                              what=grant.what, owners=_owners_text(grant, ownership), source=_source(grant, ownership)))
    first_of: dict[str, str] = {}
    for path in paths:
        applicant = _applicant(path)
        if applicant is not None:
            first_of.setdefault(applicant, path)
    if len(first_of) > 1:
        names = "、".join(sorted(first_of))
        for path in first_of.values():
            found.append(make("U002", path, (1, 1), terms=terms, count=len(first_of), applicants=names))
    return Verdict(login, parties, False, len(paths), tuple(sorted(found, key=Diagnostic.sort_key)),
                   ownership.supervision_label)


def base_ownership(root: Path, ref: str) -> Ownership:
    """The ownership rule as it stood at commit `ref` (its registry, policy and schemas)."""
    with reference.at_commit(root, ref) as base:
        ownership, _ = from_repository(base, check=False)
    return ownership


def authorize(root: Path, actor: str, ref: str) -> Verdict:
    """Judge the changes between `ref` and the working tree, as made by `actor`."""
    changes = gitutil.changes_since(root, ref)
    return judge(base_ownership(root, ref), actor, changes.changed, changes.deleted)
