"""What a run checks and judges: the files a change touches, what they can break, and the clock.

Two ways in, one set of rules:

* `check_change(repo, REF)` — a pull request: check the files that differ from commit REF and
  the files that refer to them, judge the changed files against the clock, compare published
  notices with REF, and judge everything with REF's schemas, registry and policy (see
  `reference`). If the change touches those, the tree is also checked on its own, as it will
  be once merged.
* `check_local(repo)` — a run on a checkout (the whole repository, or some paths): the files
  that are not yet merged (changed since the merge base with the upstream branch, including
  uncommitted and untracked ones) are judged against the clock; whether a path was named on
  the command line makes no difference.

The moment is `--now` if given, else the time of the check: in CI the time the pull request
is checked, locally now; messages say which.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from . import clock, gitutil, reference
from .diagnostics import Diagnostic
from .layout import applicant_folder, classify, classify_other, notices_folder, recommendations_folder
from .repository import Repository
from .validate import Checker, Options, Result, logical_path


def expand_targets(repo: Repository, touched: Iterable[str], *,
                   judged_by_base: bool = False) -> tuple[list[str] | None, dict[str, set[str]]]:
    """What a change can break, and why each file is looked at.

    Returns (logical paths to check, {logical path: the touched display paths that brought it
    in}). A change to the policy, registry or schemas can affect every file: without a base to
    judge by, everything is checked (None); judged by the base, the changed reference files are
    checked for structure and the merged tree is checked separately. A changed application
    brings in the recommendation lists of its measure, the attachments of its folder and that
    year's notices; a changed attachment the applications of its folder; a changed list that
    year's notices.
    """
    out: list[str] = []
    causes: dict[str, set[str]] = defaultdict(set)

    def add(paths: Iterable[str], cause: str) -> None:
        for p in paths:
            out.append(p)
            causes[p].add(cause)

    for path in touched:
        logical = logical_path(path)
        source = repo.source_for(path)
        if reference.is_reference(path, repo.demo) and (path == logical or repo.demo):
            if not judged_by_base:
                return None, {}
            if source is not None:
                add([source.path], path)
            continue
        if source is not None:
            add([source.path], path)
        place = source.place if source is not None else (classify(logical) or classify_other(logical))
        if place is None or not place.year:
            continue
        folder = applicant_folder(place.year, place.applicant)
        if place.kind == "application" and place.number is not None:
            # lists sit in the folder of their measure and name applications to it only
            add((s.path for s in repo.in_folder(recommendations_folder(place.year, place.number))), path)
        elif place.kind == "application":
            add((s.path for s in repo.of_kind("recommendation") if s.place.year == place.year), path)
        if place.kind == "application":
            add((s.path for s in repo.attachments_of(place.year, place.applicant)), path)
        if place.kind == "attachment":
            add((s.path for s in repo.in_folder(folder)), path)
        if place.kind in ("application", "recommendation", "attachment"):
            add((s.path for s in repo.in_folder(notices_folder(place.year))), path)
    return out, causes


def _display_causes(repo: Repository, causes: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for logical, touched in causes.items():
        source = repo.entry(logical)
        display = source.display if source is not None else logical
        others = tuple(sorted(t for t in touched if t != display))
        if others:
            out[display] = others
    return out


def check_change(repo: Repository, ref: str, *, now: dt.datetime | None = None,
                 paths: list[str] | None = None) -> Result:
    """Judge the change from commit `ref` to the working tree, by `ref`'s rules (see module)."""
    changes = gitutil.changes_since(repo.root, ref)
    touched = sorted(changes.changed | changes.deleted)
    targets, causes = expand_targets(repo, touched, judged_by_base=True)
    changed = frozenset(s.path for p in changes.changed if (s := repo.source_for(p)) is not None)
    if paths:
        wanted = {s.path for p in paths if (s := repo.source_for(p)) is not None}
        targets = [t for t in targets or () if t in wanted]
    moment = now or clock.now()
    options = Options(now=moment, basis=clock.basis(explicit=now is not None), judged=changed,
                      base_ref=ref, changed=changed, deleted=frozenset(changes.deleted))
    with reference.at_commit(repo.root, ref, demo=repo.demo) as base:
        result = Checker(repo, options, judge=Checker(base)).run(targets)
    diagnostics: set[Diagnostic] = set(result.diagnostics)
    files = result.files
    shown_causes = _display_causes(repo, causes)
    reference_changes = tuple(p for p in touched if reference.is_reference(p, repo.demo))
    if reference_changes:
        # what the change's own schemas, registry and policy make of the tree once merged
        merged = Checker(repo, Options()).run(None)
        for d in merged.diagnostics:
            if d not in diagnostics:
                diagnostics.add(d)
                shown_causes.setdefault(d.path, reference_changes)
        files = max(files, merged.files)
    return Result(sorted(diagnostics, key=Diagnostic.sort_key), files, changed=frozenset(touched),
                  causes=shown_causes,
                  clock_note=_clock_note(options, sum(1 for p in changed if repo.entry(p).kind in CLOCK_KINDS)))


def check_local(repo: Repository, *, now: dt.datetime | None = None, paths: list[str] | None = None) -> Result:
    """Check the whole checkout or `paths` (display paths); judge against the clock the files
    not yet merged, the same way whichever of the two is asked."""
    base = gitutil.merge_base(repo.root)
    judged: frozenset[str] | None = None
    if base is not None:
        pending = gitutil.changes_since(repo.root, base)
        judged = frozenset(s.path for p in pending.changed if (s := repo.source_for(p)) is not None)
    dated = sum(1 for p in judged or () if (s := repo.entry(p)) is not None and s.kind in CLOCK_KINDS)
    targets = None if paths is None else [s.path for p in paths if (s := repo.source_for(p)) is not None]
    moment = now or clock.now()
    options = Options(now=moment, basis=clock.basis(explicit=now is not None), judged=judged)
    result = Checker(repo, options).run(targets)
    if judged is None:
        result.clock_note = "未判断截止时间：这里不是 git 仓库，无法知道哪些文件尚未提交。"
    else:
        result.clock_note = _clock_note(options, dated)
    return result


#: The kinds of file a deadline applies to.
CLOCK_KINDS = frozenset({"application", "recommendation", "attachment"})


def _clock_note(options: Options, pending: int) -> str:
    if not pending:
        return ""
    return (f"截止时间按{options.basis}（{clock.show(options.now)}，北京时间）判断，"
            f"只判断尚未合并的改动（{pending} 个文件）。")


# --- paths on the command line -----------------------------------------------------------------


def resolve_paths(repo: Repository, root: Path, args: list[str]) -> tuple[list[str], list[str]]:
    """Turn command-line paths (files or folders) into display paths; also list the ones that
    are outside the repository or hold no data (a run never silently checks nothing, nor
    everything instead). Looked up in a sorted index: a pre-commit run with thousands of
    staged files costs a binary search each, not a scan of the repository each."""
    index = sorted(s.display for s in (*repo.files.values(), *repo.others.values()))
    relative = _Relative(root)
    found: list[str] = []
    missing: list[str] = []
    for arg in args:
        rel = relative(arg)
        if rel is None:
            missing.append(arg)
            continue
        if not rel:
            matched = index
        else:
            at = bisect.bisect_left(index, rel)
            matched = [index[at]] if at < len(index) and index[at] == rel else []
            prefix = rel.rstrip("/") + "/"
            start = bisect.bisect_left(index, prefix)
            end = bisect.bisect_left(index, prefix[:-1] + chr(ord("/") + 1))
            matched += index[start:end]
        if not matched:
            missing.append(arg)
            continue
        found.extend(matched)
    return found, missing


class _Relative:
    """Command-line paths relative to `root` ("" for the root itself), or None if outside.

    The last component is not resolved, so a symbolic link inside the repository names
    itself (and is then refused as a data file) instead of where it points. Its folder is
    resolved only when the path as written is not under `root` (the repository reached
    through a link), and once per folder: thousands of staged files sit in a few folders,
    and resolving every argument's folder was most of a pre-commit run's path handling."""

    def __init__(self, root: Path) -> None:
        self.root = os.fspath(root)
        self.prefix = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.cwd = os.getcwd()
        self.resolved: dict[str, str] = {}

    def __call__(self, arg: str) -> str | None:
        absolute = os.path.normpath(os.path.join(self.cwd, os.fspath(arg)))
        rel = self._under(absolute)
        if rel is None:
            folder, name = os.path.split(absolute)
            real = self.resolved.get(folder)
            if real is None:
                real = self.resolved[folder] = os.path.realpath(folder)
            rel = self._under(os.path.join(real, name))
        return rel

    def _under(self, absolute: str) -> str | None:
        if absolute == self.root:
            return ""
        if absolute.startswith(self.prefix):
            return absolute[len(self.prefix):].replace(os.sep, "/")
        return None
