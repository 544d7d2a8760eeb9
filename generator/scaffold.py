"""`jili new`: commented templates that validate once their blanks are filled.

A template is written only where no file exists: a clerk's work is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import clock, layout
from .model import LEVEL_PLATFORM, LEVEL_REGION, LEVEL_TOWNSHIP, Region
from .validate import Checker


class ScaffoldError(Exception):
    """Why a template cannot be written; the message is for the user."""


@dataclass(frozen=True)
class Scaffold:
    path: str  # repository path written
    text: str


def _env() -> Environment:
    # Templates are YAML, not HTML: no autoescaping, but undefined names are errors.
    return Environment(loader=PackageLoader("generator", "templates/new"), undefined=StrictUndefined,
                       keep_trailing_newline=True, autoescape=False)


def _edition_and_measure(checker: Checker, year: int, number: int | None):
    edition = checker.edition(year)
    if edition is None:
        raise ScaffoldError(f"没有 {year} 年的政策版次（measures/{year}/edition.yaml）")
    if number is None:
        return edition, None
    measure = checker.measure(year, number)
    if measure is None:
        raise ScaffoldError(f"{year} 年的政策中没有第 {number} 项措施（共 {edition.measure_count} 项）")
    return edition, measure


def _deadline(edition, kind: str) -> str:
    milestone = edition.milestone_for(kind)
    if milestone is None or milestone.due is None:
        return "见政策原文"
    return f"{clock.show_deadline(milestone.due)}（{milestone.due_text or milestone.due}）"


def new_application(checker: Checker, year: int, number: int, applicant: str) -> Scaffold:
    edition, measure = _edition_and_measure(checker, year, number)
    unit = checker.registry.applicant(applicant, year)
    if unit is None:
        raise ScaffoldError(f"“{applicant}”不是 {year} 年有效的区县或国家级开发开放平台（见 registry/）")
    own_level = LEVEL_REGION if isinstance(unit, Region) else LEVEL_PLATFORM
    if own_level not in measure.levels:
        raise ScaffoldError(f"第 {number} 项措施的激励对象是“{measure.eligible_text}”，{unit.name}不能申报")
    for source in checker.repo.in_folder(f"submissions/{year}/{applicant}"):
        if source.place.number == number:
            raise ScaffoldError(f"{source.display} 已是 {unit.name} 对第 {number} 项措施的申报，请直接修改它")
    path = layout.application_path(year, applicant, number)
    text = _env().get_template("application.yaml.j2").render(
        schema_line=layout.schema_line(path, "application"), year=year, measure=measure, applicant=applicant,
        unit_name=unit.name, own_level=own_level, document_number=edition.document_number,
        township_allowed=isinstance(unit, Region) and LEVEL_TOWNSHIP in measure.levels,
        deadline=_deadline(edition, "application"), today=clock.now().date().isoformat(), path=path,
    )
    return Scaffold(path, text)


def new_recommendation(checker: Checker, year: int, number: int, sender: str) -> Scaffold:
    edition, measure = _edition_and_measure(checker, year, number)
    dept = checker.registry.departments.get(sender)
    leads = {d.id: d for d in (checker.registry.department_named(n, year) for n in measure.lead_units) if d}
    if dept is None or sender not in leads:
        choices = "、".join(f"{d.id}（{d.name}）" for d in leads.values())
        raise ScaffoldError(f"“{sender}”不是第 {number} 项措施的牵头单位；可选：{choices}")
    received = sorted(
        s.place.applicant for s in checker.repo.of_kind("application")
        if s.place.year == year and s.place.number == number
    )
    path = layout.recommendation_path(year, number, sender)
    text = _env().get_template("recommendation.yaml.j2").render(
        schema_line=layout.schema_line(path, "recommendation"), year=year, measure=measure, sender=sender,
        sender_name=dept.name, document_number=edition.document_number, applications=received,
        deadline=_deadline(edition, "recommendation"), today=clock.now().date().isoformat(),
    )
    return Scaffold(path, text)


def new_notice(checker: Checker, year: int, name: str, issuer: str) -> Scaffold:
    edition, _ = _edition_and_measure(checker, year, None)
    dept = checker.registry.departments.get(issuer)
    if dept is None or "issuer" not in dept.roles:
        allowed = "、".join(d.id for d in checker.registry.departments.values() if "issuer" in d.roles)
        raise ScaffoldError(f"“{issuer}”不能发布通报；可选：{allowed}")
    if not _slug_ok(name):
        raise ScaffoldError(f"文件名“{name}”只能用英文小写字母、数字和短横线")
    measures = []
    for number, measure in sorted(checker.measures(year).items()):
        entries = []
        for rec in checker.recommendations_for(year, number):
            for category in rec.categories:
                for entry in category.entries:
                    item = {"applicant": entry.applicant, "nominee": entry.nominee}
                    if item not in entries:
                        entries.append(item)
        if entries:
            measures.append({"number": number, "title": measure.title, "entries": entries})
    path = layout.notice_path(year, name)
    text = _env().get_template("notice.yaml.j2").render(
        schema_line=layout.schema_line(path, "notice"), year=year, document_number=edition.document_number,
        issuer=issuer, measures=measures, today=clock.now().date().isoformat(),
    )
    return Scaffold(path, text)


def _slug_ok(name: str) -> bool:
    import re

    return re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", name) is not None


def write(root: Path, scaffold: Scaffold) -> Path:
    """Create the file; refuse if anything is already there."""
    target = root / scaffold.path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(scaffold.text)
    except FileExistsError:
        raise ScaffoldError(f"{scaffold.path} 已存在，未做任何改动（不会覆盖已有文件）") from None
    return target
