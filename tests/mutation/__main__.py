"""The mutation check: change the rules and the derived-facts core one small step at a time and
see whether some test fails.

    python -m tests.mutation                 # everything (what `make mutation` runs)
    python -m tests.mutation --only derived  # mutants whose id contains "derived"
    python -m tests.mutation --survivors     # only what survived the last run
    python -m tests.mutation --reuse-map     # keep the last coverage map (maps only new tests)

What is mutated, the named mutants and the equivalent mutants are listed in targets.py. Why our
own script and not mutmut: mutmut 3 leaves decorated functions alone, and every rule here is
registered by a decorator.

How it runs:
1. Map: the fast tests run once under coverage, each test's lines recorded under its node id
   (coverage_plugin.py), in parallel shards. A mutant is tried only against the tests that
   run its line.
2. Each mutant is written into a private copy of the project (one per job), and pytest runs
   its tests there, stopping at the first failure (PYTHONPATH points at the copy, so tests
   that start `jili` in a subprocess run the mutant too). The test that killed a mutant last
   time goes first, then the tests that killed most so far, then the quickest.
3. The report (.mutation/report.md and report.json, git-ignored) gives the score per module,
   the named mutants, the equivalent ones with their reasons, and every survivor.

Exit status 1 when a mutant survives that is not listed as equivalent, a named mutant
survives, or the configuration names something the code no longer has.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from .mutants import Mutant, Stale, all_target_mutants, apply, of_named
from .targets import EQUIVALENT, NAMED, SLOW_TESTS, TARGETS

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / ".mutation"
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts="]


@dataclass
class Outcome:
    id: str
    module: str
    function: str
    operator: str
    path: str
    line: int
    before: str
    after: str
    named: str | None
    status: str  # killed, survived, timeout, no-tests, equivalent, error
    test: str | None = None  # the test that failed (killed), or what went wrong (error)
    tests: int = 0  # how many tests it was tried against
    seconds: float = 0.0


# -- the map: which tests run which lines ---------------------------------------------------

def candidate_files() -> list[str]:
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py"))
    return [f for f in files if not any(f.startswith(slow) for slow in SLOW_TESTS)]


def collect(files: list[str]) -> list[str]:
    out = subprocess.run([*PYTEST, "--collect-only", *files], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    return [line for line in out.stdout.splitlines() if "::" in line]


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _map_shard(index: int, args: list[str], files: list[Path], data: Path) -> None:
    env = dict(os.environ, JILI_MUTATION_DATA=str(data),
               JILI_MUTATION_FILES=os.pathsep.join(str(f) for f in files),
               JILI_MUTATION_MODULES=",".join(_module_name(f) for f in files))
    with tempfile.TemporaryDirectory(prefix=f"jili-map-{index}-") as tmp:
        subprocess.run([*PYTEST, "-p", "tests.mutation.coverage_plugin", f"--basetemp={tmp}/t", *args],
                       cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def _map_imports(files: list[Path], data: Path) -> None:
    """Record what runs when the mutated modules are imported (rules registering themselves):
    in a test run the suite's conftest imports them before the coverage plugin starts, so
    those lines would otherwise look as if no test ran them."""
    script = ("import coverage, importlib, sys\n"
              "cov = coverage.Coverage(data_file=sys.argv[1], include=sys.argv[2].split(sys.argv[4]), config_file=False)\n"
              "cov.start()\n"
              "for m in sys.argv[3].split(','): importlib.import_module(m)\n"
              "cov.stop(); cov.save()\n")
    subprocess.run([sys.executable, "-c", script, str(data), os.pathsep.join(str(f) for f in files),
                    ",".join(_module_name(f) for f in files), os.pathsep], cwd=ROOT, check=True)
    Path(str(data) + ".tests.json").write_text("{}", "utf-8")


def build_map(files: list[Path], jobs: int, reuse: bool) -> tuple[dict[str, dict[int, set[str]]], dict[str, dict]]:
    """(file -> line -> node ids of the passing tests that run it, node id -> outcome and seconds)."""
    from coverage import CoverageData

    mapdir = OUT / "map"
    wanted = sorted(str(f) for f in files)
    meta = mapdir / "files.json"
    if not reuse or not meta.exists() or json.loads(meta.read_text("utf-8")) != wanted:
        shutil.rmtree(mapdir, ignore_errors=True)
    mapdir.mkdir(parents=True, exist_ok=True)
    meta.write_text(json.dumps(wanted), "utf-8")
    known: dict[str, dict] = {}
    for tests in mapdir.glob("*.tests.json"):
        known.update(json.loads(tests.read_text("utf-8")))
    test_files = candidate_files()
    if known:  # only tests the map does not know yet
        args = [t for t in collect(test_files) if t not in known]
        shards = [args[i::jobs] for i in range(jobs)] if args else []
    else:  # whole files per shard, so module-scoped fixtures are set up once
        shards = [test_files[i::jobs] for i in range(jobs)]
    start = len(list(mapdir.glob("*.tests.json")))
    shards = [s for s in shards if s]
    if shards:
        print(f"mapping {sum(len(s) for s in shards)} test {'ids' if known else 'files'} in {len(shards)} shards …",
              flush=True)
    with concurrent.futures.ThreadPoolExecutor(max(1, len(shards))) as pool:
        list(pool.map(lambda i: _map_shard(i, shards[i], files, mapdir / f"shard{start + i}.cov"),
                      range(len(shards))))
    _map_imports(files, mapdir / "shard-import.cov")
    lines: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    tests: dict[str, dict] = {}
    for shard in sorted(mapdir.glob("shard*.cov")):
        tests_file = Path(str(shard) + ".tests.json")
        if not tests_file.exists():
            raise SystemExit(f"mapping shard {shard.name} did not finish (run it by hand to see why)")
        tests.update(json.loads(tests_file.read_text("utf-8")))
        data = CoverageData(basename=str(shard))
        data.read()
        for measured in data.measured_files():
            for line, contexts in data.contexts_by_lineno(measured).items():
                # "" is no test: the line ran at import (IMPORTED marks it)
                lines[measured][line].update(c if c else IMPORTED for c in contexts)
    return lines, tests


# -- running mutants ------------------------------------------------------------------------

def make_copy(parent: Path, name: str) -> Path:
    """A copy of the project's files (tracked and new, not ignored) to run mutants in."""
    copy = parent / name
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() or src.is_symlink():
            dest = copy / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest, follow_symlinks=False)
    return copy


def _drop_bytecode(path: Path) -> None:
    # a mutant written within the same second as the original, with the same size, would
    # otherwise be served from a stale .pyc
    for pyc in (path.parent / "__pycache__").glob(path.stem + ".*.pyc"):
        pyc.unlink(missing_ok=True)


#: in the map, a line that ran at import, outside any test
IMPORTED = "<import>"

FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


def run_mutant(copy: Path, mutant: Mutant, tests: list[str], timeout: float) -> tuple[str, str | None]:
    target = copy / mutant.path
    original = target.read_bytes()
    _drop_bytecode(target)
    target.write_bytes(apply(original, mutant))
    env = dict(os.environ, PYTHONPATH=str(copy))
    env.pop("JILI_MUTATION_DATA", None)
    try:
        proc = subprocess.Popen([*PYTEST, "-x", "-rfE", "-p", "no:randomly", f"--basetemp={copy}.tmp", *tests],
                                cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return "timeout", None
    finally:
        target.write_bytes(original)
        _drop_bytecode(target)
    if proc.returncode == 0:
        return "survived", None
    failed = FAILED.search(out)
    if proc.returncode in (1, 2) and failed:
        return "killed", failed.group(1)
    if proc.returncode == 2 or "Error" in out[-2000:]:
        return "killed", "collection: " + (out.strip().splitlines() or ["?"])[-1][:200]
    return "error", out.strip()[-500:]


def failing_tests(copy: Path, tests: list[str]) -> list[str]:
    """Those of `tests` that fail in `copy` as it is."""
    env = dict(os.environ, PYTHONPATH=str(copy))
    out = subprocess.run([*PYTEST, "-rfE", f"--basetemp={copy}.tmp", *tests], cwd=copy, env=env,
                         capture_output=True, text=True, check=False).stdout
    return FAILED.findall(out)


def order_tests(mutant: Mutant, tests: set[str], seconds: dict[str, float], kills: Counter,
                last: dict[str, str]) -> list[str]:
    first = last.get(mutant.id)
    ordered = sorted(tests, key=lambda t: (t != first, -kills[t], seconds.get(t, 1.0), t))
    return ordered


# -- the report -----------------------------------------------------------------------------

def group_of(module: str) -> str:
    return module


def write_report(outcomes: list[Outcome], stale: list[str], started: float, argv: list[str],
                 partial: bool) -> str:
    OUT.mkdir(exist_ok=True)
    (OUT / "report.json").write_text(json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=1),
                                     "utf-8")
    per: dict[str, Counter] = defaultdict(Counter)
    for o in outcomes:
        if o.named is None:
            per[o.module][o.status] += 1
    minutes = (time.time() - started) / 60
    lines = [f"# Mutation check, {dt.date.today().isoformat()}", "",
             f"`python -m tests.mutation {' '.join(argv)}`: {minutes:.1f} minutes."
             + (" A partial run (filtered): the totals cover only the mutants it tried." if partial else ""), ""]
    lines += ["| module | mutants | killed | equivalent | survived |", "| --- | ---: | ---: | ---: | ---: |"]
    total = Counter()
    for module in sorted(per):
        c = per[module]
        total.update(c)
        killed = c["killed"] + c["timeout"]
        lines.append(f"| {module} | {sum(c.values())} | {killed} | {c['equivalent']} | "
                     f"{c['survived'] + c['no-tests'] + c['error']} |")
    lines.append(f"| **all** | {sum(total.values())} | {total['killed'] + total['timeout']} | "
                 f"{total['equivalent']} | {total['survived'] + total['no-tests'] + total['error']} |")
    lines += ["", "## Named mutants (issue 12)", ""]
    for o in outcomes:
        if o.named is not None:
            lines.append(f"- **{o.named}** ({o.path}:{o.line}, `{o.before}` → `{o.after}`): {o.status}"
                         + (f" by `{o.test}`" if o.test else ""))
    bad = [o for o in outcomes if o.status in ("survived", "no-tests", "error")]
    lines += ["", f"## Survivors ({len(bad)})", ""]
    for o in bad:
        lines.append(f"- {o.status}: {o.path}:{o.line} `{o.function}` {o.operator}: `{o.before}` → `{o.after}`"
                     f" ({o.tests} tests){' ' + o.test if o.status == 'error' and o.test else ''}")
        lines.append(f"  id: `{o.id}`")
    listed = [o for o in outcomes if o.status == "equivalent"]
    lines += ["", f"## Equivalent mutants ({len(listed)})", ""]
    for o in listed:
        lines.append(f"- {o.path}:{o.line} `{o.function}`: `{o.before}` → `{o.after}` — {EQUIVALENT[o.id]}")
    seen = {o.id for o in outcomes}
    unknown = [i for i in EQUIVALENT if i not in seen]
    if unknown and not partial:
        stale = [*stale, *(f"equivalent mutant no longer generated: {i}" for i in unknown)]
    if stale:
        lines += ["", "## Stale configuration (tests/mutation/targets.py)", ""] + [f"- {s}" for s in stale]
    text = "\n".join(lines) + "\n"
    (OUT / "report.md").write_text(text, "utf-8")
    return text


# -- main -----------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", action="append", default=[], help="mutants whose id contains this")
    parser.add_argument("--survivors", action="store_true", help="only what survived the last run")
    parser.add_argument("--named", action="store_true", help="only the named mutants")
    parser.add_argument("--reuse-map", action="store_true", help="keep the coverage map, map only new tests")
    parser.add_argument("--tests", nargs="+", help="run these tests for every mutant instead of the map")
    parser.add_argument("--check-equivalents", action="store_true", help="run the equivalent mutants too")
    args = parser.parse_args(argv)
    started = time.time()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))

    mutants, stale = all_target_mutants(TARGETS, ROOT)
    for named in NAMED:
        try:
            mutants.append(of_named(named, ROOT))
        except Stale as exc:
            stale.append(str(exc))
    previous: dict[str, dict] = {}
    if (OUT / "report.json").exists():
        previous = {o["id"]: o for o in json.loads((OUT / "report.json").read_text("utf-8"))}
    every = {m.id for m in mutants}
    measured = sorted({ROOT / m.path for m in mutants})  # all of them: a filtered run reuses the map
    partial = bool(args.only or args.survivors or args.named or args.tests)
    if args.only:
        mutants = [m for m in mutants if any(s in m.id for s in args.only)]
    if args.named:
        mutants = [m for m in mutants if m.named]
    if args.survivors:
        mutants = [m for m in mutants if previous.get(m.id, {}).get("status") not in ("killed", "timeout",
                                                                                       "equivalent")]
    print(f"{len(mutants)} mutants", flush=True)

    if args.tests:
        lines: dict[str, dict[int, set[str]]] = {}
        seconds: dict[str, float] = {}
    else:
        lines, tests = build_map(measured, args.jobs, args.reuse_map)
        seconds = {t: v["seconds"] for t, v in tests.items()}
        failing = sorted(t for t, v in tests.items() if not v["passed"])
        if failing:
            print(f"left out, failing or skipped without a mutant: {len(failing)}", flush=True)
        passing = {t for t, v in tests.items() if v["passed"]}

    def tests_for(m: Mutant) -> set[str]:
        if args.tests:
            return set(args.tests)
        by_line = lines.get(str(ROOT / m.path), {})
        found: set[str] = set()
        for line in range(m.line, m.end_line + 1):
            found |= by_line.get(line, set())
        if found == {IMPORTED}:  # code run only at import (registering rules): any test may notice
            return set(passing)
        return found & passing

    def order(o: Outcome) -> tuple:
        return (o.named is not None, o.path, o.line, o.id)

    def merged(done: list[Outcome]) -> list[Outcome]:
        """`done`, and the rest of the last run's outcomes (of mutants that still exist)."""
        tried = {o.id for o in done}
        rest = [Outcome(**o) for i, o in previous.items() if i not in tried and i in every]
        return sorted(rest + done, key=order)

    kills: Counter = Counter(o["test"] for o in previous.values() if o.get("status") == "killed" and o.get("test"))
    last = {i: o["test"] for i, o in previous.items() if o.get("status") == "killed" and o.get("test")}
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    work = tempfile.mkdtemp(prefix="jili-mutation-")
    copies: queue.Queue[Path] = queue.Queue()
    for i in range(args.jobs):
        copies.put(make_copy(Path(work), f"copy{i}"))

    def one(m: Mutant) -> Outcome:
        base = {"id": m.id, "module": m.module, "function": m.function, "operator": m.operator,
                "path": m.path, "line": m.start[0], "before": m.before, "after": m.after, "named": m.named}
        if m.id in EQUIVALENT and not args.check_equivalents:
            return Outcome(**base, status="equivalent")
        chosen = tests_for(m)
        if not chosen:
            return Outcome(**base, status="no-tests")
        with lock:
            ordered = order_tests(m, chosen, seconds, kills, last)
        timeout = 60 + 3 * sum(seconds.get(t, 2.0) for t in ordered)
        copy = copies.get()
        t0 = time.time()
        try:
            status, test = run_mutant(copy, m, ordered, timeout)
        finally:
            copies.put(copy)
        if status == "killed" and test and not test.startswith("collection"):
            with lock:
                kills[test] += 1
        if status == "survived" and m.id in EQUIVALENT:
            status = "equivalent"
        return Outcome(**base, status=status, test=test, tests=len(ordered), seconds=round(time.time() - t0, 1))

    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(one, m) for m in mutants]
            for n, future in enumerate(concurrent.futures.as_completed(futures), 1):
                outcome = future.result()
                outcomes.append(outcome)
                if outcome.status not in ("killed", "timeout", "equivalent") or n % 25 == 0:
                    print(f"[{n}/{len(mutants)}] {outcome.status}: {outcome.id}", flush=True)
                if n % 10 == 0:  # an interrupted run still leaves what it found (for --survivors)
                    write_report(merged(outcomes), stale, started, argv, True)
        # a test that fails without any mutant kills nothing: try each killing test on the
        # unchanged copy, and report what it "killed" as an error
        killers = sorted({o.test for o in outcomes if o.status == "killed" and o.test and "::" in o.test})
        broken = set(failing_tests(copies.get(), killers)) if killers else set()
        for o in outcomes:
            if o.status == "killed" and o.test in broken:
                o.status, o.test = "error", f"{o.test} fails without the mutant"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    outcomes = merged(outcomes) if partial else sorted(outcomes, key=order)
    report = write_report(outcomes, stale, started, argv, partial)
    print(report)
    bad = [o for o in outcomes if o.status in ("survived", "no-tests", "error")]
    return 1 if bad or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
