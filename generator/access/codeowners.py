"""CODEOWNERS written from the ownership rule, and the check that the committed file is current.

GitHub asks a path's code owners to review every pull request that changes it; with branch
protection requiring code-owner review, the registry decides who approves what. The same
grants are written for GitLab by `codeowners_gitlab` (`.gitlab/CODEOWNERS`, in sections);
`FORGES` names each forge's file and renderer, and `check` and `write` work for any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, make
from .ownership import Ownership

PATH = ".github/CODEOWNERS"
HEADER = (
    "# 本文件由 jili codeowners 生成，请勿手工修改。",
    "# 来源：registry/ 中各单位的经办账号（maintainers）和 measures/ 中各项措施的牵头单位。",
    "# 改动名录或措施后运行 jili codeowners 重新生成并一起提交；CI 用 jili codeowners --check 检查是否过期。",
    "# GitHub 按“最后一条匹配的规则”确定代码所有者，所以越具体的规则写在越后面。",
    "# 同一规则也由 jili authorize 用来检查拉取请求的作者能否改动每个数据文件。",
)


class NotOurs(Exception):
    """The file at PATH was not written by `jili codeowners`; it is not overwritten."""


def render(ownership: Ownership) -> str:
    """The whole CODEOWNERS text: deterministic for the same registry and policy."""
    lines = list(HEADER)
    section = None
    for grant in ownership.grants:
        if grant.section != section:
            section = grant.section
            lines += ["", f"# === {section} ==="]
        if grant.comment:
            lines.append(f"# {grant.comment}")
        lines.append(" ".join((grant.pattern, *ownership.owners(grant))))
    return "\n".join(lines) + "\n"


def is_generated(text: str) -> bool:
    return text.startswith(HEADER[0])


@dataclass(frozen=True)
class Difference:
    line: int  # 1-based line of the committed file where it first differs
    problem: str  # in Chinese


def difference(expected: str, actual: str | None) -> Difference | None:
    """Where the committed text `actual` first departs from `expected` (None: identical)."""
    if actual is None:
        return Difference(1, "文件不存在")
    if actual == expected:
        return None
    want, have = expected.splitlines(), actual.splitlines()
    for i, (w, h) in enumerate(zip(want, have), start=1):
        if w != h:
            return Difference(i, f"第 {i} 行应为“{w}”，实际为“{h}”")
    if len(want) > len(have):
        return Difference(len(have) + 1, f"缺少第 {len(have) + 1} 行起的内容：“{want[len(have)]}”")
    if len(have) > len(want):
        return Difference(len(want) + 1, f"第 {len(want) + 1} 行起是多余的内容：“{have[len(want)]}”")
    return Difference(1, "换行符或文件末尾不同")


@dataclass(frozen=True)
class Forge:
    """Where a forge reads CODEOWNERS from, and how the grants are written for it."""

    path: str
    render: Callable[[Ownership], str]
    command: str  # the command that regenerates the file, for messages


def _forges() -> dict[str, Forge]:
    from . import codeowners_gitlab  # imported here: it builds on this module

    return {
        "github": Forge(PATH, render, "jili codeowners"),
        "gitlab": Forge(codeowners_gitlab.PATH, codeowners_gitlab.render, "jili codeowners --forge gitlab"),
    }


#: Forge names, for `jili codeowners --forge`.
FORGES = ("github", "gitlab")


def forge(name: str) -> Forge:
    return _forges()[name]


def check(root: Path, ownership: Ownership, *, forge_name: str = "github") -> list[Diagnostic]:
    """U004 if the committed CODEOWNERS is missing or differs from what the registry gives."""
    spec = forge(forge_name)
    target = root / spec.path
    actual = target.read_text("utf-8", errors="replace") if target.is_file() else None
    found = difference(spec.render(ownership), actual)
    if found is None:
        return []
    return [make("U004", spec.path, (found.line, 1), terms=ownership.terms, file=spec.path, problem=found.problem,
                 command=spec.command)]


def write(root: Path, ownership: Ownership, *, force: bool = False, forge_name: str = "github") -> bool:
    """Write CODEOWNERS; False if it was already current. A hand-written file is kept unless `force`."""
    spec = forge(forge_name)
    target = root / spec.path
    text = spec.render(ownership)
    if target.is_file():
        current = target.read_text("utf-8", errors="replace")
        if current == text:
            return False
        if not is_generated(current) and not force:
            raise NotOurs(spec.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(text, "utf-8", newline="\n")
    temporary.replace(target)  # atomic: a reader never sees half a file
    return True
