"""The timeline page (工作进度) and the milestone table other pages embed.

The table is plain HTML, readable without JavaScript: each row states its status as built.
Its `data-jili-*` attributes let `assets/timeline.js` recompute the status (and the home
page's summary) in the reader's browser with the same rule as `status.judge`.
"""

from __future__ import annotations

import datetime as dt
import html

from .. import clock, urls
from ..facts import Facts
from ..model import Edition
from ..pagetext import date, header, link
from ..snapshot import Snapshot
from . import rounds, status


def _iso(moment: dt.datetime | None) -> str:
    return moment.astimezone(clock.SHANGHAI).isoformat() if moment is not None else ""


def due_text(state: status.MilestoneState) -> str:
    m = state.milestone
    if m.due_text:
        return m.due_text
    if m.due is not None:
        return date(m.due) + "前"
    return "激励推荐名单报送后" if m.after == "recommendation" else "—"


def _status_cell(state: status.MilestoneState, now: dt.datetime) -> str:
    left = ""
    if state.status == status.OPEN and state.closes is not None:
        days = status.days_left(state.closes, now)
        left = "（今天截止）" if days == 0 else f"（还剩 {days} 天）"
    e = html.escape
    # what is late and whose: shown whenever the status is overdue (the browser shows or hides it
    # as it recomputes the status)
    late = ""
    if state.late:
        hidden = "" if state.status == status.OVERDUE else " hidden"
        late = f'<span class="jili-late" data-jili-late{hidden}>{e("；".join(state.late))}</span>'
    return (f'<span class="jili-status jili-status--{state.status}" data-jili-status>{state.label}</span>'
            f'<span data-jili-left>{left}</span>{late}')


#: The milestone table's columns, key ones first: at 390 px a reader sees what and its status.
COLUMNS = ("事项", "状态", "截止时间", "责任单位", "步骤")


def milestone_table(states: list[status.MilestoneState], now: dt.datetime) -> str:
    """The milestones as an HTML table carrying what the browser needs to refresh them."""
    e = html.escape
    rows = []
    for s in states:
        m = s.milestone
        attrs = (f'data-jili-milestone data-jili-start="{_iso(s.starts)}" data-jili-end="{_iso(s.closes)}" '
                 f'data-jili-missing="{int(s.missing)}" data-jili-done="{int(s.delivered)}" '
                 f'data-jili-closed="{int(s.closed)}" '
                 f'data-jili-step="{e(m.step or "")}" data-jili-title="{e(m.title)}" '
                 f'data-jili-due="{e(due_text(s))}"')
        rows.append(
            f"<tr {attrs}><td>{e(m.title)}</td><td>{_status_cell(s, now)}</td>"
            f'<td><span class="jili-nb">{e(due_text(s))}</span></td>'
            f"<td>{e('、'.join(m.actors))}</td><td>{e(m.step or '—')}</td></tr>"
        )
    head = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    return (
        f'\n<div class="jili-timeline">\n<table>\n<thead><tr>{head}</tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>\n"
    )


def summary(states: list[status.MilestoneState], now: dt.datetime, snapshot: Snapshot | None = None,
            year: int | None = None) -> str:
    """'当前步骤 … 下一个截止时间 …' as an HTML paragraph the browser refreshes; for a round
    that is over, how it ended (fixed: the browser leaves it)."""
    e = html.escape
    closure = snapshot.closure(year) if snapshot is not None and year is not None else None
    if closure is not None:
        return (f'\n<p class="jili-now" data-jili-summary data-jili-closed="1">当前步骤：'
                f'<strong data-jili-current>本年度工作已结束（{e(rounds.short(closure))}）</strong>'
                f'；下一个截止时间：<strong data-jili-next>无</strong></p>\n')
    current = status.current_step(states)
    ahead = status.next_deadline(states, now)
    step = (f"{current.milestone.step}（{current.milestone.title}，{current.label}）"
            if current is not None else "本年度各步骤均已结束")
    if ahead is not None:
        days = status.days_left(ahead.closes, now)
        left = "今天截止" if days == 0 else f"还剩 {days} 天"
        deadline = f"{ahead.milestone.title}：{due_text(ahead)}（{left}）"
    else:
        deadline = "暂无"
    return (f'\n<p class="jili-now" data-jili-summary>当前步骤：<strong data-jili-current>{e(step)}</strong>'
            f'；下一个截止时间：<strong data-jili-next>{e(deadline)}</strong></p>\n')


def built_note(snapshot: Snapshot) -> str:
    return (f"状态按网站生成时间 {clock.show(snapshot.built_at)}（北京时间）计算；"
            "在浏览器中打开时按当前时间自动更新。")


def edition_states(snapshot: Snapshot, edition: Edition, measure: int | None = None):
    return status.states(snapshot, edition, snapshot.built_at, measure)


def page(facts: Facts, available: frozenset[str] = frozenset()) -> dict[str, str]:
    snap = facts.snapshot
    here = urls.TIMELINE
    parts = [header(snap, "工作进度")]
    parts.append(f"工作按照{snap.programme.steps_text}{len(snap.programme.steps)}个步骤进行。"
                 "下表列出各年度政策规定的时间节点和当前状态。\n\n")
    parts.append(built_note(snap) + "\n\n")
    for year in reversed(snap.years):
        edition = snap.editions[year]
        states = edition_states(snap, edition)
        parts.append(f"## {year}年度\n\n")
        parts.append(f"依据：{link(here, urls.policy(year), edition.document_number)}"
                     f"（{date(edition.published)}印发）。\n")
        parts.append(summary(states, snap.built_at, snap, year))
        parts.append(milestone_table(states, snap.built_at))
        if not snap.notices_for(year):
            parts.append(f"\n{rounds.list_state(snap, year)}")
            if snap.closure(year) is None:
                parts.append(f"发布后见{link(here, urls.awards_by_measure(year), f'{year}年度激励名单')}。")
            parts.append("\n\n")
        else:
            parts.append(f"\n正式名单见{link(here, urls.awards_by_measure(year), f'{year}年度激励名单')}。\n\n")
    return {here: "".join(parts)}
