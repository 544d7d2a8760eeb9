"""Deadlines as the notice means them: calendar days in Beijing time (Asia/Shanghai, UTC+8).

China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact and
needs no time-zone database on the machine that runs the check.
"""

from __future__ import annotations

import datetime as dt
import os

SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


class ClockError(ValueError):
    """A --now value that is not a time."""


def parse_now(text: str) -> dt.datetime:
    """Read `2022-02-02T09:00+08:00`, `2022-02-02T09:00` (Beijing time) or `2022-02-02`."""
    value = text.strip()
    try:
        if len(value) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(0))
        else:
            moment = dt.datetime.fromisoformat(value)  # Python 3.11 reads a trailing Z itself
    except ValueError:
        raise ClockError(text) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment


#: Environment variables that CI services set: a check there runs on a pull request.
CI_VARIABLES = ("GITHUB_ACTIONS", "GITLAB_CI", "GITEA_ACTIONS", "FORGEJO_ACTIONS", "CI")


def basis(*, explicit: bool, environ: dict[str, str] | None = None) -> str:
    """What the moment a deadline is judged against is, in the words of messages. In CI it is
    the time the pull request is checked, whether the workflow passes it with --now (GitLab
    passes the pipeline's creation time) or not."""
    env = os.environ if environ is None else environ
    if any(env.get(name, "").strip().lower() in ("true", "1", "yes") for name in CI_VARIABLES):
        return "检查本次拉取请求的时间"
    if explicit:
        return "--now 指定的时间"
    return "本地检查的当前时间"


def now() -> dt.datetime:
    return dt.datetime.now(SHANGHAI)


def closes_at(due: dt.date) -> dt.datetime:
    """The instant a deadline passes: the end of its day in Beijing time."""
    return dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0), SHANGHAI)


def is_late(moment: dt.datetime, due: dt.date) -> bool:
    return moment >= closes_at(due)


def show(moment: dt.datetime) -> str:
    """A moment as a reader in Chongqing reads it."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def show_deadline(due: dt.date) -> str:
    return f"{due.isoformat()} 24:00"
