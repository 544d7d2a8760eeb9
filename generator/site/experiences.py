"""Typical experiences (典型经验做法) of awarded entries, browsable by measure and by region.

The notice asks for them to be publicised; only experiences of entries in a published
notice appear here (every application's own page shows its text as filed).
"""

from __future__ import annotations

from .. import urls
from ..facts import Facts
from ..model import Application
from ..pagetext import header, link, plain, rich, table
from ..snapshot import Award
from . import labels, rounds

#: Experience pages are what a reader searching a topic wants (see measures.BOOST).
BOOST = 2


def awarded_applications(awards: list[Award]) -> list[tuple[Application, list[Award]]]:
    """Each awarded application once, with its awards, in the order first awarded."""
    out: dict[str, tuple[Application, list[Award]]] = {}
    for award in awards:
        if award.application is None:
            continue
        out.setdefault(award.application.path, (award.application, []))[1].append(award)
    return list(out.values())


def experience_blocks(facts: Facts, page: str, awards: list[Award], level: int = 3) -> str:
    """For each awarded application: its unit, the awarded names and its experiences in full.

    The search index gets the unit, the names and each experience's title, not its text: at a
    province's scale over the years, the full texts alone would make the index several
    megabytes, downloaded on a reader's first search."""
    parts = []
    mark = "#" * level
    for app, won in awarded_applications(awards):
        parts.append(f"{mark} {plain(facts.unit_name(app.applicant))}\n\n")
        names = "、".join(a.nominee for a in won)
        parts.append(f"激励对象：{plain(names)}。"
                     f"{link(page, urls.application(app.year, app.applicant, app.measure), '查看申报材料')}\n\n")
        for exp in app.experiences:
            parts.append(f"{mark}# {plain(exp.title)}\n")
            parts.append(rich(exp.body, searchable=False) + "\n")
    return "".join(parts)


def pages(facts: Facts) -> dict[str, str]:
    snap = facts.snapshot
    out = {urls.EXPERIENCES_INDEX: _index(facts)}
    for year in snap.years:
        out[urls.experiences(year)] = _by_measure(facts, year)
        out[urls.experiences_by_region(year)] = _by_region(facts, year)
    return out


def _year_awards(facts: Facts, year: int) -> list[Award]:
    return [a for a in facts.awards if a.year == year]


def _index(facts: Facts) -> str:
    snap = facts.snapshot
    here = urls.EXPERIENCES_INDEX
    parts = [header(snap, "典型经验")]
    parts.append(f"列入{snap.programme.official_list}的"
                 f"{'、'.join(snap.programme.level_labels)}梳理的典型经验做法，供各地学习借鉴。\n\n")
    rows = []
    for year in reversed(snap.years):
        awarded = awarded_applications(_year_awards(facts, year))
        count = sum(len(app.experiences) for app, _ in awarded)
        rows.append([f"{year}年度", str(len(awarded)), str(count),
                     link(here, urls.experiences(year), "按措施浏览") + " · "
                     + link(here, urls.experiences_by_region(year), f"按{snap.programme.units_page}浏览")])
    parts.append(table(["年度", "获激励的申报", "经验做法", "浏览"], rows) + "\n")
    return "".join(parts)


def _none_yet(snap, year: int) -> str:
    if snap.notices_for(year):
        return "本年度通报中没有激励对象。\n"
    if snap.closure(year) is not None:
        return rounds.list_state(snap, year) + "\n"
    return f"{year}年度{snap.programme.official_list}尚未发布；发布后在此公开获得激励的典型经验做法。\n"


def _by_measure(facts: Facts, year: int) -> str:
    snap = facts.snapshot
    here = urls.experiences(year)
    parts = [header(snap, f"{year}年度典型经验（按措施）", boost=BOOST)]
    parts.append(f"另见{link(here, urls.experiences_by_region(year), '按' + snap.programme.units_page + '浏览')}。\n\n")
    awards = _year_awards(facts, year)
    if not awards:
        return "".join(parts) + _none_yet(snap, year)
    for number in sorted({a.measure for a in awards}):
        parts.append(f"## {link(here, urls.measure(year, number), facts.measure_title(year, number))}\n\n")
        parts.append(experience_blocks(facts, here, [a for a in awards if a.measure == number]))
    return "".join(parts)


def _by_region(facts: Facts, year: int) -> str:
    snap = facts.snapshot
    here = urls.experiences_by_region(year)
    # the by-measure page of the year and each unit's page index the same titles
    parts = [header(snap, f"{year}年度典型经验（按{snap.programme.units_page}）", searchable=False)]
    parts.append(f"另见{link(here, urls.experiences(year), '按措施浏览')}（含全文）。\n\n")
    awards = _year_awards(facts, year)
    if not awards:
        return "".join(parts) + _none_yet(snap, year)
    for unit in labels.units(snap):
        mine = awarded_applications([a for a in facts.awards_by_unit.get(unit.id, []) if a.year == year])
        if not mine:
            continue
        parts.append(f"## {link(here, urls.unit(unit.id), unit.name)}\n\n")
        for app, won in mine:
            titles = "、".join(
                link(here, urls.application(year, app.applicant, app.measure), e.title) for e in app.experiences)
            parts.append(f"- {link(here, urls.measure(year, app.measure), facts.measure_title(year, app.measure))}"
                         f"：{titles}\n")
        parts.append("\n")
    return "".join(parts)
