"""Where a round stands: each milestone's status (done / open / upcoming / overdue) at a moment.

Computed at build time from `Snapshot.built_at`; the same rule runs again in the reader's
browser (`assets/timeline.js`) from the `data-` attributes the pages carry, so a page built
last week is not wrong today. The browser can only move time forward: what was delivered is
fixed at build time (and every delivery is a commit, which rebuilds the site).

* A milestone's window opens when the edition is published, or when the milestone it comes
  `after` closes; a deadline closes at the end of its day in Beijing time.
* Before the window: upcoming. Inside it: open.
* After a deadline: overdue if something required is missing (a measure received
  applications but none of its lead units sent a recommendation list), else done.
* A milestone without a deadline (the notice) is done once it is delivered (a published
  notice), open once its window has opened.
* Once a round is over (`Snapshot.closure`), every milestone is done: nothing more will come,
  and nothing is open or overdue.

"Overdue" never stands alone: a state carries what is late and whose it is (`late`), e.g.
"第26项措施：市商务委未报送激励推荐名单", and the pages print it beside the status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import clock
from ..model import Edition, Milestone
from ..snapshot import Snapshot

DONE, OPEN, UPCOMING, OVERDUE = "done", "open", "upcoming", "overdue"
LABEL = {DONE: "已结束", OPEN: "进行中", UPCOMING: "未开始", OVERDUE: "已逾期"}


@dataclass(frozen=True, slots=True)
class MilestoneState:
    milestone: Milestone
    status: str
    starts: dt.datetime
    closes: dt.datetime | None  # None: no deadline
    missing: bool  # something required is not delivered (overdue once closed)
    delivered: bool  # for milestones without a deadline: done
    closed: bool = False  # the round is over (every milestone done)
    late: tuple[str, ...] = ()  # what is missing and whose it is, one phrase per item

    @property
    def label(self) -> str:
        return LABEL[self.status]


def opens_at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), clock.SHANGHAI)


def judge(starts: dt.datetime, closes: dt.datetime | None, missing: bool, delivered: bool,
          now: dt.datetime, closed: bool = False) -> str:
    """The status rule itself (mirrored in assets/timeline.js)."""
    if closed:
        return DONE
    if closes is None:
        if delivered:
            return DONE
        return OPEN if now >= starts else UPCOMING
    if now < starts:
        return UPCOMING
    if now < closes:
        return OPEN
    return OVERDUE if missing else DONE


def states(snapshot: Snapshot, edition: Edition, now: dt.datetime,
           measure: int | None = None) -> list[MilestoneState]:
    """Every milestone of `edition` at `now`; `measure` narrows what counts as delivered."""
    by_id = {m.id: m for m in edition.milestones}
    published = opens_at(edition.published)
    closed = snapshot.closure(edition.year) is not None
    out = []
    for m in edition.milestones:
        starts = published
        if m.after and m.after in by_id and by_id[m.after].due is not None:
            starts = clock.closes_at(by_id[m.after].due)
        closes = clock.closes_at(m.due) if m.due is not None else None
        late = () if closed else _late(snapshot, edition.year, m, measure)
        delivered = _delivered(snapshot, edition.year, m)
        out.append(MilestoneState(m, judge(starts, closes, bool(late), delivered, now, closed), starts, closes,
                                  bool(late), delivered, closed, late))
    return out


def _late(snapshot: Snapshot, year: int, m: Milestone, measure: int | None) -> tuple[str, ...]:
    """What a milestone still lacks, naming each item and whose it is: a measure that received
    applications but no recommendation list from its lead units."""
    if m.file_kind != "recommendation":
        return ()  # applying is optional; rules of implementation are not in the data
    numbers = [measure] if measure is not None else sorted(snapshot.measures.get(year, {}))
    out = []
    for n in numbers:
        if snapshot.applications_for(year, n) and not snapshot.recommendations_for(year, n):
            found = snapshot.measures.get(year, {}).get(n)
            whose = "、".join(found.lead_units) if found is not None else ""
            out.append(f"第{n}项措施：{whose}未{m.title}" if whose else f"第{n}项措施未{m.title}")
    return tuple(out)


def _delivered(snapshot: Snapshot, year: int, m: Milestone) -> bool:
    if m.file_kind == "notice":
        return bool(snapshot.notices_for(year))
    return False


def current_step(found: list[MilestoneState]) -> MilestoneState | None:
    """The step of the round under way: the first open one with a step name, else the next."""
    stepped = [s for s in found if s.milestone.step]
    for s in stepped:
        if s.status == OPEN:
            return s
    for s in stepped:
        if s.status == UPCOMING:
            return s
    return None


def next_deadline(found: list[MilestoneState], now: dt.datetime) -> MilestoneState | None:
    ahead = [s for s in found if s.closes is not None and s.closes > now]
    return min(ahead, key=lambda s: s.closes) if ahead else None


def days_left(closes: dt.datetime, now: dt.datetime) -> int:
    """Whole calendar days until a deadline closes (0 on its last day)."""
    return (closes.astimezone(clock.SHANGHAI).date() - now.astimezone(clock.SHANGHAI).date()).days - 1
