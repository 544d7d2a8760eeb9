"""Derived facts, each decided once: which nominee an entry stands for, what a list validly
recommends, and what a notice awarded.

Rules (on a Checker, which reads files lazily), the Snapshot (all published data) and through
it every page, API file and download ask these functions, so a nominee counted as recommended
by a rule is the one a page shows as recommended. The functions take what they need — an
application, a lookup, a validity test — and return data; they read no files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .model import Application, Nominee, Recommendation, RecommendationEntry


def nominee_of(app: Application | None, name: str | None) -> Nominee | None:
    """The nominee of `app` that an entry (applicant, `name`) stands for: `name` None is the
    applicant itself. None if `app` is missing or names no such nominee."""
    return app.nominee(name) if app is not None else None


def shown_name(app: Application | None, applicant: str, name: str | None) -> str:
    """The name an entry is shown and compared by: its nominee's name, else what it wrote (the
    nominee's name, or the applicant's id for the applicant itself)."""
    nominee = nominee_of(app, name)
    return nominee.name if nominee is not None else (name or applicant)


def counted_nominee(app: Application | None, valid: bool, entry: RecommendationEntry, level: str) -> Nominee | None:
    """The nominee a recommendation entry of category `level` validly recommends, or None: the
    application exists and is `valid`, and the entry names one of its nominees of that level
    (the applicant itself when the entry names none)."""
    if not valid:
        return None
    nominee = nominee_of(app, entry.nominee)  # None without an application
    if nominee is None or nominee.level != level:
        return None
    return nominee


def recommended_pairs(rec: Recommendation, levels: Iterable[str],
                      application: Callable[[str], Application | None],
                      valid: Callable[[Application], bool]) -> Iterator[tuple[str, str, str]]:
    """(applicant, nominee name, level) for every entry a list validly recommends, one by one: a
    list with one broken entry still recommends its others.

    levels: the levels the list's measure names (a category of another level counts nothing);
    application(applicant): the applicant's application to the list's measure;
    valid(app): whether that application passes its own checks.
    """
    allowed = frozenset(levels)
    for category in rec.categories:
        if category.level not in allowed:
            continue
        for entry in category.entries:
            app = application(entry.applicant)
            nominee = counted_nominee(app, app is not None and valid(app), entry, category.level)
            if nominee is not None:
                yield entry.applicant, nominee.name, nominee.level
