"""`jili new`: commented templates that validate once their blanks are filled.

A template is written only where no file exists: a clerk's work is never overwritten.
Every refusal says why in Chinese and, where the policy decides it, which clause does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import clock, layout, yamltext
from .model import Application, Edition, Measure
from .refine import named
from .rules import cite_measure, cite_step
from .validate import Checker

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class ScaffoldError(Exception):
    """Why a template cannot be written; the message is for the user."""


@dataclass(frozen=True)
class Scaffold:
    path: str  # repository path written
    text: str


def _env() -> Environment:
    # Templates are YAML, not HTML: no autoescaping, but undefined names are errors.
    env = Environment(loader=PackageLoader("generator", "templates/new"), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["q"] = yamltext.quoted
    env.filters["block"] = yamltext.block
    return env


def template_source(name: str) -> str:
    """The text of template `name` ("application.yaml.j2"), as the site's forms publish it."""
    return _env().loader.get_source(_env(), name)[0]


#: The values a clerk fills in, as `jili new` leaves them: blank.
BLANK_APPLICATION: dict = {
    "subunits": [], "self_assessment": "", "experiences": [{"title": "", "body": ""}], "evidence": [],
    "contact": {"unit": "", "person": "", "phone": "", "email": ""},
}


def render(name: str, context: dict) -> str:
    """Template `name` rendered with `context` (the form on the site renders the same template
    text with the same context through nunjucks; tests/browser compare the two byte for byte)."""
    return _env().get_template(name).render(**context)


def _edition_and_measure(checker: Checker, year: int, number: int | None) -> tuple[Edition, Measure | None]:
    edition = checker.edition(year)
    if edition is None:
        years = "、".join(str(y) for y in checker.repo.years()) or "无"
        raise ScaffoldError(f"没有 {year} 年的政策版次（measures/{year}/edition.yaml）；已有年度：{years}")
    if number is None:
        return edition, None
    measure = checker.measure(year, number)
    if measure is None:
        raise ScaffoldError(f"{year} 年的政策中没有第 {number} 项措施（共 {edition.measure_count} 项，"
                            f"依据：{edition.document_number} {checker.programme.measures_clause}）")
    return edition, measure


def _source(checker: Checker, edition: Edition, measure: Measure) -> str:
    return cite_measure(checker, edition, measure.number)


def _deadline(edition: Edition, kind: str) -> str:
    milestone = edition.milestone_for(kind)
    if milestone is None or milestone.due is None:
        return "见政策原文"
    clause = f"，依据：{edition.document_number} {milestone.clause_ref}" if milestone.clause_ref else ""
    return (f"{milestone.due_text or milestone.due}，即 {clock.show_deadline(milestone.due)}（北京时间）前{clause}；"
            "是否逾期以提交拉取请求时的检查时间为准")


def _unit_refusal(checker: Checker, unit_id: str, year: int) -> str:
    unit = checker.registry.unit(unit_id)
    found = named(checker.registry, "unit", unit_id, year) if unit is None else None
    if found is not None:
        shown, units = found
        return f"--applicant 填编号，不填名称：{shown}的编号是 {' 或 '.join(units)}"
    if unit is None:
        programme = checker.programme
        folders = " 和 ".join(layout.registry_folder(k.folder) + "/" for k in programme.applicant_kinds)
        return f"“{unit_id}”不在名录中：申报单位填名录编号，{programme.applicant_id_hint}，见 {folders}"
    if unit.valid_from and unit.valid_until:
        period = f"{unit.valid_from} 年至 {unit.valid_until} 年"
    elif unit.valid_from:
        period = f"{unit.valid_from} 年起"
    else:
        period = f"{unit.valid_until} 年止"
    return f"“{unit_id}”（{unit.name}）在名录中的有效期为 {period}，不能申报 {year} 年度的措施"


def application_context(holder, edition: Edition, measure: Measure, unit, today: str) -> dict:
    """Everything the application template says that does not depend on what the clerk fills in.

    `holder` is anything with the programme (`.programme`): the Checker or a Snapshot."""
    programme = holder.programme
    own = programme.own_level(unit.unit_kind)
    path = layout.application_path(edition.year, unit.id, measure.number)
    return {
        "schema_line": layout.schema_line(path, "application"), "year": edition.year, "measure": measure,
        "applicant": unit.id, "unit_name": unit.name,
        "own_level": own.label if own is not None else programme.kind_label(unit.unit_kind),
        "subunit": programme.subunit_level(unit.unit_kind),
        "measure_citation": _source(holder, edition, measure),
        "step_citation": cite_step(holder, edition, "application", number=False),
        "supervision": programme.supervision, "phone_example": programme.phone_example,
        "deadline": _deadline(edition, "application"), "filed": today, "path": path, "folder": path.rsplit("/", 1)[0],
    }


def may_apply(programme, unit, measure: Measure) -> bool:
    """Whether `unit` may file an application to `measure`: the measure names the level at which
    the unit is itself the nominee (an application always nominates its applicant)."""
    own = programme.own_level(unit.unit_kind)
    return (own.label if own is not None else programme.kind_label(unit.unit_kind)) in measure.levels


def new_application(checker: Checker, year: int, number: int, applicant: str,
                    filled: dict | None = None) -> Scaffold:
    """The application template of `applicant` for measure `number`; `filled` (keys of
    BLANK_APPLICATION, plus `filed`) puts a clerk's values in its blanks."""
    edition, measure = _edition_and_measure(checker, year, number)
    unit = checker.registry.applicant(applicant, year)
    if unit is None:
        raise ScaffoldError(_unit_refusal(checker, applicant, year))
    programme = checker.programme
    own = programme.own_level(unit.unit_kind)
    own_level = own.label if own is not None else programme.kind_label(unit.unit_kind)
    if not may_apply(programme, unit, measure):
        raise ScaffoldError(f"第 {number} 项措施的激励对象是“{measure.eligible_text}”，不含{own_level}，"
                            f"{unit.name}不能申报（依据：{_source(checker, edition, measure)}）")
    for source in checker.repo.in_folder(layout.applicant_folder(year, applicant)):
        if source.place.number == number:
            raise ScaffoldError(f"{unit.name}对第 {number} 项措施的申报已在 {source.display}，"
                                "每个单位每项措施只能有一份申报材料；请直接修改该文件，未做任何改动")
    context = application_context(checker, edition, measure, unit, clock.now().date().isoformat())
    context.update(BLANK_APPLICATION)
    context.update(filled or {})
    return Scaffold(context["path"], render("application.yaml.j2", context))


def _received(checker: Checker, year: int, number: int) -> list[dict[str, str]]:
    """The applications to a measure, with their nominees, for the reviewer's reference."""
    out = []
    for source in checker.repo.of_kind("application"):
        place = source.place
        if place.year != year or place.number != number:
            continue
        rec = checker.record(source.path)
        names = nominees_line(rec) if isinstance(rec, Application) else "（申报材料有结构错误，请先让申报单位修正）"
        out.append({"applicant": place.applicant, "nominees": names})
    return out


def nominees_line(app: Application) -> str:
    """An application's nominees as the recommendation template lists them: “区县 万州区；乡镇（街道） 龙都街道”."""
    by_level: dict[str, list[str]] = {}
    for n in app.nominees:
        by_level.setdefault(n.level, []).append(n.name)
    return "；".join(f"{level} {'、'.join(found)}" for level, found in by_level.items())


def recommendation_context(holder, edition: Edition, measure: Measure, sender, received: list[dict[str, str]],
                           today: str) -> dict:
    """Everything the recommendation template says that does not depend on what the department
    fills in; `received` as `_received` gives it. `holder` has `.programme` and `.registry`."""
    path = layout.recommendation_path(edition.year, measure.number, sender.id)
    return {
        "schema_line": layout.schema_line(path, "recommendation"), "year": edition.year, "measure": measure,
        "sender": sender.id, "sender_name": sender.name, "step_citation": cite_step(holder, edition, "recommendation"),
        "supervision": holder.programme.supervision, "levels": _level_examples(holder, edition.year, measure),
        "applications": received, "path": path, "deadline": _deadline(edition, "recommendation"), "sent": today,
    }


def blank_categories(levels: list[dict[str, object]]) -> list[dict[str, object]]:
    """One blank entry per level, as `jili new` leaves a list for the department to fill."""
    return [{**level, "entries": [{"applicant": "", "nominee": "" if level["subunit"] else None, "rank": 1,
                                   "reason": ""}]} for level in levels]


def new_recommendation(checker: Checker, year: int, number: int, sender: str,
                       filled: dict | None = None) -> Scaffold:
    """The recommendation list template of `sender` for measure `number`; `filled` (method,
    sent, categories, note) puts the department's values in its blanks."""
    edition, measure = _edition_and_measure(checker, year, number)
    leads = {d.id: d for d in (checker.registry.department_named(n, year) for n in measure.lead_units) if d}
    found = named(checker.registry, "department", sender, year) if sender not in checker.registry.departments else None
    if found is not None:
        raise ScaffoldError(f"--sender 填部门编号，不填名称：{found[0]}的编号是 {' 或 '.join(found[1])}")
    if sender not in leads:
        dept = checker.registry.departments.get(sender)
        who = f"“{sender}”（{dept.name}）" if dept else f"“{sender}”"
        choices = "、".join(f"{d.id}（{d.name}）" for d in leads.values())
        raise ScaffoldError(f"{who}不是第 {number} 项措施的牵头单位，不能报送推荐名单；"
                            f"牵头单位：{choices}（依据：{_source(checker, edition, measure)}）")
    context = recommendation_context(checker, edition, measure, leads[sender], _received(checker, year, number),
                                     clock.now().date().isoformat())
    context.update(method="", note="", categories=blank_categories(context["levels"]))
    context.update(filled or {})
    return Scaffold(context["path"], render("recommendation.yaml.j2", context))


def _recommended(checker: Checker, year: int, number: int) -> list[dict[str, str | None]]:
    """Each entry of a measure's recommendation lists once, labelled with who recommended it."""
    entries: dict[tuple[str, str | None], dict[str, str | None]] = {}
    for rec in checker.recommendations_for(year, number):
        dept = checker.registry.departments.get(rec.sender)
        sender = dept.name if dept else rec.sender
        for category in rec.categories:
            for entry in category.entries:
                key = (entry.applicant, entry.nominee)
                rank = f"第{entry.rank}名" if entry.rank else ""
                by = f"{sender}推荐{rank}"
                if key in entries:
                    entries[key]["label"] += "，" + by
                    continue
                unit = checker.registry.unit(entry.applicant)
                name = entry.nominee or (unit.name if unit else entry.applicant)
                applicant_yaml = f'"{entry.applicant}"' if entry.applicant.isdigit() else entry.applicant
                entries[key] = {"applicant_yaml": applicant_yaml, "nominee": entry.nominee,
                                "label": f"{name}，{category.level}；{by}"}
    return list(entries.values())


def _level_examples(checker: Checker, year: int, measure: Measure) -> list[dict[str, object]]:
    """For each level the measure names: whether it is a unit below an applicant, and an
    applicant id to show as an example (a unit of the level's kind from the registry)."""
    programme = checker.programme
    out = []
    for label in measure.levels:
        level = programme.level(label)
        kind = level.of if level is not None else ""
        example = next((u.id for u in (*checker.registry.regions.values(), *checker.registry.platforms.values())
                        if u.unit_kind == kind and u.valid_in(year)), "")
        out.append({"label": label, "subunit": level is not None and level.subunit, "example": example})
    return out


def _number_example(document_number: str, year: int) -> str:
    """An example document number in the style of the policy's own: 渝府办发〔2021〕83号 → 渝府办发〔2022〕1号."""
    prefix = document_number.split("〔", 1)[0]
    return f"{prefix}〔{year}〕1号" if "〔" in document_number else f"〔{year}〕1号"


def new_notice(checker: Checker, year: int, name: str, issuer: str) -> Scaffold:
    edition, _ = _edition_and_measure(checker, year, None)
    if _SLUG.fullmatch(name) is None:
        raise ScaffoldError(f"文件名“{name}”只能用英文小写字母、数字和短横线（如 official-list），最长 64 个字符")
    dept = checker.registry.departments.get(issuer)
    found = named(checker.registry, "department", issuer, year) if dept is None else None
    if found is not None:
        raise ScaffoldError(f"--issuer 填部门编号，不填名称：{found[0]}的编号是 {' 或 '.join(found[1])}")
    role = checker.programme.issuer_role
    if dept is None or role not in dept.roles or not dept.valid_in(year):
        allowed = "、".join(f"{d.id}（{d.name}）" for d in checker.registry.departments.values()
                           if role in d.roles and d.valid_in(year))
        raise ScaffoldError(f"“{issuer}”不能发布通报；可选：{allowed}")
    measures = []
    for number, measure in sorted(checker.measures(year).items()):
        entries = _recommended(checker, year, number)
        if entries:
            measures.append({"number": number, "title": measure.title, "entries": entries})
    path = layout.notice_path(year, name)
    text = _env().get_template("notice.yaml.j2").render(
        schema_line=layout.schema_line(path, "notice"), year=year,
        step_citation=cite_step(checker, edition, "notice"),
        number_example=_number_example(edition.document_number, year + 1), issuer=issuer, issuer_name=dept.name, measures=measures, today=clock.now().date().isoformat(), path=path,
    )
    return Scaffold(path, text)


def write(root: Path, scaffold: Scaffold) -> Path:
    """Create the file; refuse if anything is already there."""
    target = root / scaffold.path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" creates or fails atomically: no window in which an existing file could be replaced
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(scaffold.text)
    except FileExistsError:
        raise ScaffoldError(f"{scaffold.path} 已存在，未做任何改动（jili new 不会覆盖已有文件；请直接修改它）") from None
    return target
