"""A generator of realistic synthetic repositories, for benchmarks at national scale.

Given a number of applications, it writes a repository with the real schemas, registry and
2021 policy, plus one edition per year for as many years as the applications need (the
2021 policy re-dated), applications from every 区县 and platform valid in each year to the
measures they may apply for (real townships of each 区县, from the registry's township
lists for that year, among the nominees where allowed), recommendation
lists from each measure's lead units, and one published notice per year. The result
validates cleanly, so benchmarks time the success path a real repository takes.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.layout import application_path, notice_path, recommendation_path, schema_line
from generator.repository import Repository
from generator.validate import Checker

REPO = Path(__file__).resolve().parent.parent
FIRST_YEAR = 2021
MIN_YEARS = 3

#: How many of a 区县's townships its applications of a year choose from.
TOWNSHIPS_PER_REGION = 6

PARAGRAPHS = (
    "坚持问题导向和目标导向，建立健全工作专班机制，主要负责同志亲自研究部署，形成一级抓一级、层层抓落实的工作格局。",
    "围绕重点任务制定年度工作清单，明确责任单位和完成时限，实行清单化管理、项目化推进、闭环式落实。",
    "强化部门协同和上下联动，建立月调度、季通报、年考核制度，及时解决推进中的堵点难点问题。",
    "注重典型引路，总结推广基层创新做法，形成了一批可复制、可推广的经验，群众获得感明显增强。",
)


@dataclass(frozen=True)
class Synthetic:
    root: Path
    applications: int
    years: tuple[int, ...]
    files: int


def _township_names(rng: random.Random, registry, region: str, year: int) -> list[str]:
    """A few real townships of `region` valid in `year` (the registry's list for that year)."""
    names = [t.name for t in registry.townships_of(region, year)]
    return sorted(rng.sample(names, min(TOWNSHIPS_PER_REGION, len(names))))


def _redate(text: str, shift: int) -> str:
    """Move every year written in the 2021 edition by `shift` years (dates and prose)."""
    return re.sub(r"(?<![0-9])(20[2-3][0-9])(?![0-9])", lambda m: str(int(m.group(1)) + shift), text)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(target: Path, applications: int, *, seed: int = 2021) -> Synthetic:
    """Write a repository with `applications` applications into `target` (emptied first)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in ("schema", "registry"):
        shutil.copytree(REPO / part, target / part)
    shutil.copyfile(REPO / "programme.yaml", target / "programme.yaml")
    shutil.copytree(REPO / "measures" / "2021", target / "measures" / "2021")
    (target / "measures" / "2021" / "source.txt").unlink(missing_ok=True)

    checker = Checker(Repository(target))
    registry = checker.registry
    programme = checker.programme
    measures = checker.measures(FIRST_YEAR)
    units = [*registry.regions.values(), *registry.platforms.values()]
    # the level at which each unit is itself the nominee, and the level of the units below it
    # (乡镇（街道） below a 区县), from the programme's settings
    own = {u.id: programme.own_level(u.unit_kind).label for u in units}
    below = {u.id: (lvl.label if (lvl := programme.subunit_level(u.unit_kind)) else None) for u in units}

    # as many years as the applications need (at least MIN_YEARS), given who may apply to
    # what in each year; the applications are spread evenly over them
    slots_by_year: dict[int, list[tuple[object, int]]] = {}
    year = FIRST_YEAR
    while len(slots_by_year) < MIN_YEARS or sum(map(len, slots_by_year.values())) < applications:
        slots = [(u, n) for u in units if u.valid_in(year) for n, m in measures.items() if own[u.id] in m.levels]
        if not slots:
            raise RuntimeError(f"no unit may apply to any measure in {year}: check programme.yaml's levels")
        rng.shuffle(slots)
        slots_by_year[year] = slots
        year += 1
    years = tuple(sorted(slots_by_year))
    per_year = -(-applications // len(years))

    # editions after the first: the 2021 policy re-dated
    edition_text = (REPO / "measures" / "2021" / "edition.yaml").read_text("utf-8")
    for y in years[1:]:
        _write(target / "measures" / str(y) / "edition.yaml", _redate(edition_text, y - FIRST_YEAR))
        for n in measures:
            src = REPO / "measures" / "2021" / f"{n:02d}.yaml"
            shutil.copyfile(src, target / "measures" / str(y) / f"{n:02d}.yaml")

    townships = {(r.id, y): _township_names(rng, registry, r.id, y) for r in registry.regions.values() for y in years}
    remaining = applications
    written = 0
    # nominees: (level, name, whether the nominee is a unit below the applicant)
    filed: dict[tuple[int, int], list[tuple[str, list[tuple[str, str, bool]]]]] = {}
    for y in years:
        take = min(remaining, per_year, len(slots_by_year[y]))
        remaining -= take
        for unit, number in slots_by_year[y][:take]:
            measure = measures[number]
            nominees = [(own[unit.id], unit.name, False)]
            if below[unit.id] is not None and below[unit.id] in measure.levels:
                pool = townships[(unit.id, y)]
                nominees += [(below[unit.id], t, True) for t in rng.sample(pool, min(len(pool), rng.randint(0, 2)))]
            path = application_path(y, unit.id, number)
            _write(target / path, _application(path, unit.id, number, y, nominees, rng))
            filed.setdefault((y, number), []).append((unit.id, nominees))
            written += 1

    # recommendation lists and a published notice per year
    departments = {d.name: d for d in registry.departments.values()}
    for y in years:
        notice_blocks = []
        for number, measure in measures.items():
            entries = filed.get((y, number), [])
            if not entries:
                continue
            chosen = entries[: max(1, len(entries) // 3)]
            for name in measure.lead_units:
                sender = departments[name].id
                path = recommendation_path(y, number, sender)
                _write(target / path, _recommendation(path, number, sender, y, chosen))
            notice_blocks.append((number, chosen[: max(1, len(chosen) // 2)]))
        path = notice_path(y, "official-list")
        _write(target / path, _notice(path, y, notice_blocks))
    files = sum(1 for _ in target.rglob("*.yaml"))
    return Synthetic(target, written, years, files)


def _application(path: str, applicant: str, number: int, year: int,
                 nominees: list[tuple[str, str, bool]], rng: random.Random) -> str:
    lines = [schema_line(path, "application"), f"measure: {number}", f'applicant: "{applicant}"', "nominees:"]
    for level, name, sub in nominees:
        lines += [f"  - level: {level}", f"    name: {name}"]
        if sub:
            lines.append(f'    parent: "{applicant}"')
    lines.append("self_assessment: |")
    lines += ["  " + p for p in rng.sample(PARAGRAPHS, 3)]
    lines.append("experiences:")
    for i in range(rng.randint(1, 3)):
        lines += [f"  - title: 典型经验做法之{'一二三'[i]}", "    body: |"]
        lines += ["      " + p for p in rng.sample(PARAGRAPHS, 2)]
        lines += ["", "      - 建立工作台账，逐项销号管理；", "      - 开展常态化督导，确保工作落地见效。"]
    lines += [
        "evidence:",
        "  - title: 年度工作总结",
        f"    url: https://www.cq.gov.cn/example/{year}/{applicant}/{number:02d}.html",
        "contact:",
        "  unit: 政府办公室督查科",
        "  person: 联系人",
        f'  phone: "023-6{rng.randint(1000000, 9999999)}"',
        f"filed: {year + 1}-01-{rng.randint(10, 28)}",
    ]
    return "\n".join(lines) + "\n"


def _recommendation(path: str, number: int, sender: str, year: int,
                    chosen: list[tuple[str, list[tuple[str, str, bool]]]]) -> str:
    by_level: dict[str, list[tuple[str, str | None]]] = {}
    for applicant, nominees in chosen:
        for level, name, sub in nominees:
            by_level.setdefault(level, []).append((applicant, name if sub else None))
    lines = [schema_line(path, "recommendation"), f"measure: {number}", f"sender: {sender}",
             f"sent: {year + 1}-03-20", "method: 部门评审，结合市政府综合督查情况", "categories:"]
    for level in sorted(by_level):
        lines += [f"  - level: {level}", "    entries:"]
        for rank, (applicant, name) in enumerate(by_level[level], start=1):
            lines.append(f'      - applicant: "{applicant}"')
            if name:
                lines.append(f"        nominee: {name}")
            lines += [f"        rank: {rank}", "        reason: 工作成效明显，经验具有示范意义"]
    return "\n".join(lines) + "\n"


def _notice(path: str, year: int, blocks: list) -> str:
    lines = [schema_line(path, "notice"), f"title: 关于对{year}年落实有关重大政策措施真抓实干成效明显地方予以督查激励的通报（合成数据）",
             f"document_number: 渝府办发〔{year + 1}〕9{year % 100}号", f"date: {year + 1}-05-20",
             "issuer: general-office", "status: published", "measures:"]
    for number, chosen in blocks:
        lines += [f"  - measure: {number}", "    entries:"]
        for applicant, nominees in chosen:
            for _level, name, sub in nominees:
                lines.append(f'      - applicant: "{applicant}"')
                if sub:
                    lines.append(f"        nominee: {name}")
    return "\n".join(lines) + "\n"
