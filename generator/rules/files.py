"""Rules for every entry of the data folders, data file or not.

Everything in `registry/`, `measures/`, `submissions/` and `awards/` is data and is judged:
a hidden `.gitattributes` can hide a district's changes from reviewers, a symbolic link or a
submodule can point anywhere, an executable bit or an unreferenced file has no business in an
application. Attachments are judged by their content as well as their name (see
`generator.attachments`), and against the clock like the application they belong to.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator

from .. import attachments, hygiene
from ..diagnostics import Diagnostic, make
from ..layout import applicant_folder
from ..repository import GITLINK, HIDDEN_FOLDER, LINK, SourceFile
from . import folder_rule, other_rule, path_rule
from .applications import unit_label
from .context import RuleContext

#: characters Windows refuses in file names; a name with them cannot be checked out there
_WINDOWS = frozenset('<>:"|?*\\')
#: where files other than data files may sit, for F010
OTHER_PLACES = ("submissions/<年度>/<申报单位编号>/ 中的附件（佐证材料）",
                "measures/<年度>/source.txt（通知原文）", "registry/sources/（名录的来源数据）")


def _at(ctx: RuleContext, source: SourceFile, code: str, **params) -> Diagnostic:
    return make(code, source.display, (1, 1), terms=ctx.terms, **params)


@path_rule
def entry_kind(source: SourceFile, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Only plain files and folders: no hidden entry (F001), symbolic link (F002), submodule
    (F003) or executable file (F004)."""
    name = source.display
    hidden = next((part for part in source.path.split("/") if part.startswith(".")), None)
    if source.entry == GITLINK:
        yield _at(ctx, source, "F003", name=name)
    elif source.entry == LINK:
        target = _link_target(ctx, source)
        yield _at(ctx, source, "F002", name=name, target=target)
    elif hidden is not None:
        yield _at(ctx, source, "F001", name=name, part=hidden,
                  what="目录" if source.entry == HIDDEN_FOLDER and hidden == source.path.rsplit("/", 1)[-1] else "文件")
    elif source.executable:
        yield _at(ctx, source, "F004", name=name)


def _link_target(ctx: RuleContext, source: SourceFile) -> str:
    try:
        return os.readlink(ctx.repo.absolute(source))
    except OSError:
        return "未知位置"


@path_rule
def entry_name(source: SourceFile, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A name shows what it is: no invisible or control characters, no leading or trailing
    spaces, no characters Windows refuses (F011); no name that differs from another in the
    same folder only by letter case (F012)."""
    for part in source.path.split("/"):
        problems = [hygiene.describe(ch) for ch in dict.fromkeys(part) if hygiene.has_forbidden(ch)]
        if part != part.strip() or "\u3000" in (part[:1] + part[-1:]):
            problems.append("开头或结尾的空格")
        odd = sorted(ch for ch in set(part) & _WINDOWS)
        if odd:
            problems.append("Windows 文件名不允许的字符“" + "".join(odd) + "”")
        if problems:
            yield _at(ctx, source, "F011", name=source.display, chars="、".join(problems))
            break
    twins = ctx.case_twins.get(source.path)
    if twins:
        yield _at(ctx, source, "F012", name=source.display,
                  other="、".join(ctx.repo.entry(t).display if ctx.repo.entry(t) else t for t in twins))


@other_rule("stray")
def misplaced(source: SourceFile, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A file that is not a data file sits only where attachments or source texts belong (F010)."""
    if source.entry not in (LINK, GITLINK, HIDDEN_FOLDER) and not any(
            p.startswith(".") for p in source.path.split("/")):
        yield _at(ctx, source, "F010", places="；".join(OTHER_PLACES))


def _type_findings(source: SourceFile, ctx: RuleContext, types: dict[str, attachments.FileType],
                   limit: int) -> Iterator[Diagnostic]:
    """The shared checks of an attachment or a source text: an accepted suffix (F005), content
    that matches it (F006), a size within `limit` (F007), and clean text (Y013)."""
    if source.entry != "file":
        return
    path = ctx.repo.absolute(source)
    suffix = attachments.suffix_of(source.path.rsplit("/", 1)[-1])
    expected = types.get(suffix)
    if expected is None:
        yield _at(ctx, source, "F005", name=source.display, suffix=suffix or "没有扩展名",
                  types=attachments.allowed_text(types))
        return
    try:
        size = os.lstat(path).st_size
        if size > limit:
            yield _at(ctx, source, "F007", name=source.display, size=attachments.size_text(size),
                      limit=attachments.size_text(limit))
            return
        family = attachments.family_of(path)
    except OSError as exc:
        yield _at(ctx, source, "Y012", reason=exc.strerror or str(exc))
        return
    if family != expected.family:
        yield _at(ctx, source, "F006", name=source.display, expected=f"{suffix}（{expected.label}）",
                  found=attachments.found_label(family))
        return
    if family == "text":
        for line, col, ch in attachments.text_problems(path):
            yield make("Y013", source.display, (line, col), terms=ctx.terms, char=hygiene.describe(ch))


@other_rule("attachment")
def attachment_type(source: SourceFile, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An attachment is a document or image of an accepted type, whose content matches its name
    (F005, F006), within the size limit (F007), and, if text, without forbidden characters (Y013)."""
    yield from _type_findings(source, ctx, attachments.TYPES, attachments.MAX_FILE_BYTES)


@other_rule("source")
def source_type(source: SourceFile, ctx: RuleContext) -> Iterator[Diagnostic]:
    """A source text beside the policy or registry is UTF-8 text of an accepted suffix (F005,
    F006) and size (F007). Its characters are not judged: it is kept as published."""
    if source.entry != "file":
        return
    for d in _type_findings(source, ctx, attachments.SOURCE_TYPES, attachments.MAX_SOURCE_BYTES):
        if d.code != "Y013":
            yield d


@other_rule("attachment")
def attachment_referenced(source: SourceFile, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Every attachment is cited by an application in its folder (F009); while an application
    of the folder cannot be read, its citations are unknown and this is not judged."""
    place = source.place
    if source.entry != "file":
        return
    cited = ctx.cited_files(place.year, place.applicant)
    if cited is not None and posixpath.normpath(place.stem) not in cited:
        yield _at(ctx, source, "F009", name=source.display, ref=place.stem)


@folder_rule
def folder_size(year: int, applicant: str, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An applicant's folder for a year holds at most MAX_FOLDER_BYTES in all (F008)."""
    total = 0
    for source in (*ctx.repo.in_folder(applicant_folder(year, applicant)), *ctx.repo.attachments_of(year, applicant)):
        if source.entry == "file":
            try:
                total += os.lstat(ctx.repo.absolute(source)).st_size
            except OSError:
                continue
    if total > attachments.MAX_FOLDER_BYTES:
        prefix = "examples/" if ctx.repo.demo and _demo_folder(ctx, year, applicant) else ""
        yield make("F008", f"{prefix}submissions/{year}/{applicant}/", (1, 1), terms=ctx.terms,
                   applicant=unit_label(ctx, applicant),
                   size=attachments.size_text(total), limit=attachments.size_text(attachments.MAX_FOLDER_BYTES))


def _demo_folder(ctx: RuleContext, year: int, applicant: str) -> bool:
    files = ctx.repo.in_folder(applicant_folder(year, applicant)) or ctx.repo.attachments_of(year, applicant)
    return bool(files) and files[0].demo


def look_alike_roots(ctx: RuleContext) -> Iterator[Diagnostic]:
    """A top-level folder named like a data folder in another letter case is not data and would
    escape every check (F013)."""
    from ..layout import DATA_ROOTS

    roots = {r.casefold(): r for r in DATA_ROOTS}
    for name in ctx.repo.look_alikes:
        root = roots[name.rsplit("/", 1)[-1].casefold()]
        yield make("F013", name + "/", (1, 1), terms=ctx.terms, name=name, root=root)

