"""Rules for applications: who may apply, for whom, to which measure, with what.

Who may apply and at which levels are the programme's settings (programme.yaml): a level is
either the applicant itself or a unit below an applicant of some kind (a 区县's 乡镇（街道）).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from .. import attachments
from ..diagnostics import Diagnostic
from ..model import Application
from . import cite_measure, file_rule, townships
from .context import RuleContext
from .names import suspicious_characters


@file_rule("application")
def placement(app: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An application sits in its applicant's folder and its file name starts with the
    measure's two-digit number (G002)."""
    place = ctx.repo.files[app.path].place
    if place.applicant != app.applicant:
        yield ctx.diag("G002", app.path, ("applicant",), what="申报单位", found=app.applicant,
                       expected=place.applicant)
    if place.number != app.measure:
        expected = f"{app.measure:02d}.yaml（文件名以两位措施编号开头）" if place.number is None else place.number
        yield ctx.diag("G002", app.path, ("measure",), what="申报措施", found=app.measure, expected=expected)


@file_rule("application")
def measure_exists(app: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The measure exists in that year's edition (M002, M001)."""
    edition = ctx.edition(app.year)
    if edition is None:
        yield ctx.diag("M002", app.path, ("measure",), year=app.year)
    elif ctx.measure(app.year, app.measure) is None:
        yield ctx.diag("M001", app.path, ("measure",), year=app.year, number=app.measure,
                       count=edition.measure_count,
                       source=f"{edition.document_number} {ctx.programme.measures_clause}")


def unit_label(ctx: RuleContext, unit_id: str) -> str:
    """How messages name an applicant: "万州区（500101）", or the bare id if it is unknown."""
    unit = ctx.registry.unit(unit_id)
    return f"{unit.name}（{unit_id}）" if unit is not None else unit_id


@file_rule("application")
def applicant_valid(app: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The applicant is a unit of a kind that applies, valid in the year (A001)."""
    if applicant(ctx, app) is None:
        unit = ctx.registry.unit(app.applicant)
        shown = app.applicant
        if unit is not None:
            # known, but not in that year: say when it was valid
            start, end = unit.valid_from, unit.valid_until
            period = (f"{start} 年起有效" if end is None else
                      f"有效至 {end} 年" if start is None else f"{start}—{end} 年有效")
            shown = f"{unit.name}（{app.applicant}，{period}）"
        edition = ctx.edition(app.year)
        # who may apply: the actors of the notice's application step
        milestone = edition.milestone_for("application") if edition else None
        source = (f"{edition.document_number} {milestone.clause_ref}"
                  if edition and milestone and milestone.clause_ref else None)
        yield ctx.diag("A001", app.path, ("applicant",), applicant=shown, year=app.year, source=source)


def applicant(ctx: RuleContext, app: Application):
    """The registry unit filing `app`, if it is of a kind that applies and valid in the year."""
    unit = ctx.registry.applicant(app.applicant, app.year)
    kind = ctx.programme.kind(unit.unit_kind) if unit is not None else None
    return unit if kind is not None and kind.applies else None


@file_rule("application")
def nominees_eligible(app: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Each nominee's level is one the measure names (A002); a nominee at the level of the
    applicant's own kind is the applicant itself (A005); a unit below the applicant is of the
    level its kind has (A009), names the applicant as its parent (A003) and, where the registry
    lists the applicant's townships, is one of them in the round's editions of the statistical
    division codes (A010 unknown, A011 of another unit, A012 not in that year); no nominee twice
    (A006); names are plain characters (A008)."""
    programme = ctx.programme
    measure = ctx.measure(app.year, app.measure)
    edition = ctx.edition(app.year)
    unit = applicant(ctx, app)
    seen: set[str] = set()
    for i, nominee in enumerate(app.nominees):
        at = ("nominees", i)
        bad = suspicious_characters(nominee.name)
        if bad:
            yield ctx.diag("A008", app.path, (*at, "name"), name=nominee.name, chars="、".join(bad))
        if nominee.name in seen:
            yield ctx.diag("A006", app.path, (*at, "name"), name=nominee.name)
        seen.add(nominee.name)
        if measure is not None and nominee.level not in measure.levels:
            yield ctx.diag(
                "A002", app.path, (*at, "level"), number=measure.number, levels_text=measure.eligible_text,
                level=nominee.level, levels="、".join(measure.levels),
                source=cite_measure(ctx, edition, measure.number),
            )
        level = programme.level(nominee.level)
        if unit is None or level is None:
            continue
        kind_label = programme.kind_label(unit.unit_kind)
        if level.subunit:
            below = programme.subunit_level(unit.unit_kind)
            if below is None or below.label != nominee.level:
                yield ctx.diag("A009", app.path, (*at, "level"), kind=kind_label, applicant=unit.name,
                               level=nominee.level, owner=programme.kind_label(level.of))
            elif nominee.parent is not None and nominee.parent != unit.id:
                parent = ctx.registry.unit(nominee.parent)
                yield ctx.diag("A003", app.path, (*at, "parent"), name=nominee.name, level=nominee.level,
                               parent=parent.name if parent else nominee.parent, applicant=unit.name)
            elif not bad:  # a look-alike character is reported as such (A008), not as a missing name
                # the name is one of the applicant's townships in the round's code lists
                verdict = townships.judge(ctx.registry, unit.id, nominee.name, app.year, ctx.terms)
                if verdict.code is not None:
                    yield ctx.diag(verdict.code, app.path, (*at, "name"), source=verdict.source, **verdict.params)
            continue
        own = programme.own_level(unit.unit_kind)
        if own is None or nominee.level != own.label:
            expected = f"以本单位名义申报时层级应为“{own.label}”" if own is not None else "不能以本单位名义申报"
            yield ctx.diag("A005", app.path, (*at, "level"),
                           problem=f"申报单位“{unit.name}”是{kind_label}，{expected}，而不是“{nominee.level}”")
        elif nominee.name not in unit.names_in(app.year):
            yield ctx.diag("A005", app.path, (*at, "name"),
                           problem=f"{nominee.level}层级的对象应为申报单位本身“{unit.name}”，"
                                   f"而不是“{nominee.name}”")


@file_rule("application")
def one_per_measure(app: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """At most one application per applicant per measure (A004). Every such file is reported,
    naming another one: a pull request that adds the second file is checked on that file alone,
    so reporting only "the later one in path order" could let it through."""
    # only files named for this measure are read: checking one application never loads its
    # whole folder (a misnamed file is reported by its own placement and A004 checks)
    for other in ctx.applications_to(app.year, app.applicant, app.measure):
        if other.path != app.path and other.applicant == app.applicant:
            yield ctx.diag("A004", app.path, ("measure",), applicant=unit_label(ctx, app.applicant),
                           other=ctx.display(other.path), number=app.measure)
            return


@file_rule("application")
def evidence_safe(app: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Evidence files are plain relative paths inside the applicant's folder, exist, are not
    symbolic links and have a document or image suffix (A007)."""
    if not any(item.file for item in app.evidence):
        return
    source = ctx.repo.files[app.path]
    folder = ctx.repo.root / posixpath.dirname(source.display)
    for i, item in enumerate(app.evidence):
        if item.file is None:
            continue
        at = ("evidence", i, "file")
        ref = item.file
        pure = PurePosixPath(ref)
        if "\\" in ref or ref.startswith("/") or pure.is_absolute() or ":" in ref.split("/", 1)[0]:
            yield ctx.diag("A007", app.path, at, ref=ref, problem="不能用绝对路径，请写相对于申报目录的路径")
            continue
        if any(part in ("..", ".") for part in pure.parts) or any(p.startswith(".") for p in pure.parts):
            yield ctx.diag("A007", app.path, at, ref=ref, problem="不能用“..”或隐藏文件，附件须在本单位申报目录内")
            continue
        if attachments.suffix_of(ref) not in attachments.TYPES:
            yield ctx.diag("A007", app.path, at, ref=ref,
                           problem=f"文件类型不受支持（可用：{attachments.allowed_text()}）")
            continue
        target = folder / ref
        walk = folder
        linked = False
        for part in pure.parts:
            walk = walk / part
            if walk.is_symlink():
                linked = True
                break
        if linked:
            yield ctx.diag("A007", app.path, at, ref=ref, problem="是符号链接，请放入文件本身")
        elif not target.is_file():
            yield ctx.diag("A007", app.path, at, ref=ref, problem=f"在 {posixpath.dirname(source.display)}/ 中找不到")
        elif folder.resolve() not in target.resolve().parents:
            yield ctx.diag("A007", app.path, at, ref=ref, problem="不在本单位申报目录内")


@file_rule("application")
def contact_phone_is_office(app: Application, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The contact phone is an office line: a personal mobile number is a warning (A013), since
    the repository is readable by everyone who can reach it. What counts as a mobile number is
    the phone field's `x-jili.mobile_pattern` in schema/application.schema.json."""
    mobile = _mobile_pattern(str(ctx.schemas.directory), ctx.schemas)
    if mobile is not None and mobile.match(app.contact.phone):
        yield ctx.diag("A013", app.path, ("contact", "phone"))


_MOBILE: dict[str, re.Pattern[str] | None] = {}


def _mobile_pattern(directory: str, schemas) -> re.Pattern[str] | None:
    """The phone field's `x-jili.mobile_pattern`, compiled once per schema folder."""
    if directory not in _MOBILE:
        phone = schemas.raw("application")["properties"]["contact"]["properties"]["phone"]
        pattern = phone.get("x-jili", {}).get("mobile_pattern")
        _MOBILE[directory] = re.compile(pattern) if pattern else None
    return _MOBILE[directory]
