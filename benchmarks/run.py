"""`make bench`: validation and build speed at 1,000, 5,000 and 10,000 applications.

For each size it generates a synthetic repository (benchmarks/synth.py) and measures, in the
same run and on the same files:

* parse floor — reading every data file and parsing it with PyYAML's libyaml C loader;
* jili validate — the whole repository: timed inside a fresh process like the floor (the
  ×floor column), and as the whole command, start-up included;
* check-jsonschema — the same files against the same schemas (the usual tool for the job),
  against the whole `jili validate` command;
* one-file validation — the `jili validate --changed-since` command after a pull request
  changes one application, against the whole-repository command;
* path arguments — `jili validate` naming up to 5,000 data files on the command line (as a
  pre-commit run with many staged files does), against the whole-repository command;
* the site build — `jili build`: total time, CPU time, the generator's own share (loading and
  validating, and every hook of the jili plugin inside mkdocs: rendering, the staging writes,
  per-page work; as the build reports it), output size, search index size and peak memory;
* the build floor — in the same run (benchmarks/floor.py): imports, load and validate, the
  generator's pages and open data, every page into a fixed Jinja shell, and the same number
  of bytes written in the same number of files; the build is printed as a multiple of it;
* optionally the live preview (`--preview`, benchmarks/preview.py) and Zensical beside
  mkdocs-material (`--engines zensical`, benchmarks/engines.py).

Wall-clock numbers on a shared machine are noisy: each figure is the best of `--repeat` runs,
and the build and its floor are also compared by CPU time (user + system), which other
processes disturb less. Benchmarks are not tests: CI runs only the smallest size (`--sizes
1000 --repeat 1`) to keep this script working; the targets below are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import engines, floor, preview
from .synth import generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA_ROOTS = ("registry", "measures", "submissions", "awards")

#: How many data files the path-argument benchmark names (a pre-commit run with many staged files).
PATH_ARGUMENTS = 5000

TARGETS = {
    "vs_check_jsonschema": "校验比 check-jsonschema 快 ≥ 10 倍",
    "vs_floor": "校验 ≤ 解析下限的 1.5 倍",
    "paths": "5,000 个路径参数 ≤ 全量校验命令的 1.5 倍",
    "one_file": "改一个文件 ≤ 全量的 0.3 倍",
    "build_floor": "5,000 份时网站构建 ≤ 同次测得构建下限的 2.5 倍",
    "linear": "时间和大小线性：5,000 对 1,000 ≤ 5.5 倍",
    "search": "10,000 份时搜索索引 ≤ 3 MB",
    "preview": "5,000 份时改一个文件到预览页更新 ≤ 3 秒",
    "large": "50,000 份：构建 ≤ 120 秒、峰值内存 ≤ 1 GB",
}


@dataclass
class Row:
    size: int
    files: int
    floor: float = 0.0
    validate: float = 0.0  # inside the process, like the floor
    validate_command: float = 0.0  # the whole command, start-up included
    check_jsonschema: float | None = None
    one_file: float = 0.0
    paths: int = 0  # how many path arguments
    paths_command: float = 0.0  # `jili validate` naming them
    build: float | None = None
    build_cpu: float | None = None
    generator: float | None = None
    timings: dict = field(default_factory=dict)  # what the build reported (JILI_TIMINGS)
    site_bytes: int | None = None
    site_files: int | None = None
    search_bytes: int | None = None
    build_peak_mb: float | None = None
    validate_peak_mb: float = 0.0
    floor_parts: dict = field(default_factory=dict)  # benchmarks/floor.py, best of repeats
    build_floor: float | None = None
    floor_cpu: float | None = None
    preview: float | None = None
    preview_startup: float | None = None
    engines: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _best(fn, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


@dataclass
class Child:
    wall: float
    cpu: float  # user + system seconds
    peak_mb: float  # this child's own peak resident memory
    output: str
    code: int


def _child(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> Child:
    """Run a command; its wall time, CPU time, peak memory and output (stdout, then stderr).

    `os.wait4` gives this child's own resource use: RUSAGE_CHILDREN would give the largest
    peak of every child so far, so a build would inherit an earlier command's peak."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace") + err.read().decode("utf-8", "replace")
    return Child(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text, proc.returncode)


def _timed(cmd: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Wall time, peak RSS (MB) and output of a child process."""
    child = _child(cmd, cwd)
    if child.code not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {child.code}:\n{child.output[-3000:]}")
    return child.wall, child.peak_mb, child.output


def _data_files(root: Path) -> list[Path]:
    return sorted(p for top in DATA_ROOTS for p in (root / top).rglob("*.yaml"))


def parse_floor(root: Path) -> float:
    """Read and parse every data file with libyaml, nothing else, in a fresh process."""
    code = (
        "import sys,time,yaml\nfrom pathlib import Path\n"
        f"files={[str(p) for p in _data_files(root)]!r}\n"
        "t=time.perf_counter()\n"
        "for f in files: yaml.load(Path(f).read_bytes(), Loader=yaml.CSafeLoader)\n"
        "print(time.perf_counter()-t)\n"
    )
    script = root / ".floor.py"
    script.write_text(code, encoding="utf-8")
    try:
        out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    finally:
        script.unlink()
    return float(out.strip())


def jili_validate(root: Path) -> tuple[float, float]:
    """`jili validate` of the whole repository as a command: wall time and peak memory."""
    elapsed, peak, _ = _timed([str(BIN / "jili"), "validate", "--root", str(root)])
    return elapsed, peak


def jili_validate_inside(root: Path) -> float:
    """The same validation timed inside a fresh process, excluding interpreter start-up and
    imports, so it compares with the parse floor, which is timed the same way."""
    code = (
        "import sys,time\nfrom pathlib import Path\n"
        "from generator.repository import Repository\nfrom generator.validate import Checker\n"
        "t=time.perf_counter()\n"
        f"result=Checker(Repository(Path({str(root)!r}))).run()\n"
        "assert result.ok, result.diagnostics[:3]\n"
        "print(time.perf_counter()-t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def check_jsonschema(root: Path) -> float | None:
    """check-jsonschema over the same files, one invocation per schema (its usual use)."""
    exe = BIN / "check-jsonschema"
    if not exe.exists():
        return None
    from generator.layout import KIND_SCHEMA, classify

    groups: dict[str, list[str]] = {}
    for path in _data_files(root):
        place = classify(path.relative_to(root).as_posix())
        if place is not None:
            groups.setdefault(KIND_SCHEMA[place.kind], []).append(str(path))
    total = 0.0
    for schema, files in sorted(groups.items()):
        schema_file = root / "schema" / f"{schema}.schema.json"
        cmd = [str(exe), "--regex-variant", "python", "--base-uri", schema_file.as_uri(),
               "--schemafile", str(schema_file), *files]
        # exit 1 means "some file failed": still a complete run over the files
        elapsed, _, _ = _timed(cmd, ok=(0, 1))
        total += elapsed
    return total


def one_file(root: Path) -> float:
    """A pull request that changes one application, checked as CI checks it."""
    git = ["git", "-C", str(root), "-c", "user.email=b@jili.invalid", "-c", "user.name=bench"]
    if not (root / ".git").exists():
        subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    base = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    target = sorted((root / "submissions").rglob("*.yaml"))[len(list((root / "submissions").rglob("*.yaml"))) // 2]
    original = target.read_text("utf-8")
    target.write_text(original.replace("self_assessment: |\n", "self_assessment: |\n  补充说明：已按要求完善。\n", 1),
                      encoding="utf-8")
    try:
        elapsed, _, _ = _timed([str(BIN / "jili"), "validate", "--root", str(root), "--changed-since", base,
                                "--now", "2020-01-01T00:00+08:00"])
    finally:
        target.write_text(original, encoding="utf-8")
    return elapsed


def paths_command(root: Path) -> tuple[int, float]:
    """`jili validate` naming up to PATH_ARGUMENTS data files, relative to the repository as
    a pre-commit hook names staged files: (how many, wall time)."""
    named = [p.relative_to(root).as_posix() for p in _data_files(root)
             if p.relative_to(root).parts[0] in ("submissions", "awards")][:PATH_ARGUMENTS]
    elapsed, _, _ = _timed([str(BIN / "jili"), "validate", "--root", str(root), *named], cwd=root)
    return len(named), elapsed


@dataclass
class Build:
    wall: float
    cpu: float
    peak_mb: float
    timings: dict
    manifest: list[tuple[str, int]]
    search_bytes: int | None


def _prepare_site(root: Path) -> None:
    if (ROOT / "mkdocs.yml").exists():
        shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if (ROOT / "docs").is_dir() and not (root / "docs").exists():
        shutil.copytree(ROOT / "docs", root / "docs")


def site_build(root: Path) -> Build | None:
    """One `jili build`: wall and CPU time, peak memory, the build's own timings, and the
    manifest of the site it made (every file and its size, for the floor)."""
    out_dir = root.parent / (root.name + "-site")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    _prepare_site(root)
    env = {**os.environ, "JILI_TIMINGS": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    child = _child([str(BIN / "jili"), "build", "--root", str(root), "--out", str(out_dir)], env=env)
    if child.code != 0:
        print(f"  site build failed ({child.code}): {child.output[-1500:]}", file=sys.stderr)
        return None
    timings: dict = {}
    for line in child.output.splitlines():
        # the build prints a machine-readable timing line when JILI_TIMINGS is set
        if line.startswith("JILI_TIMINGS "):
            timings = json.loads(line[len("JILI_TIMINGS "):])
    index = out_dir / "search" / "search_index.json"
    search_bytes = index.stat().st_size if index.exists() else None
    files = floor.manifest(out_dir)
    shutil.rmtree(out_dir)
    return Build(child.wall, child.cpu, child.peak_mb, timings, files, search_bytes)


def build_floor(root: Path, files: list[tuple[str, int]]) -> floor.Floor:
    """The floor for the site whose files are `files`, measured in a fresh process."""
    manifest_file = root.parent / (root.name + "-manifest.json")
    manifest_file.write_text(json.dumps(files), "utf-8")
    out_dir = root.parent / (root.name + "-floor")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    try:
        child = _child([sys.executable, "-m", "benchmarks.floor", str(root), str(manifest_file), str(out_dir)],
                       cwd=ROOT)
        if child.code != 0:
            raise RuntimeError(f"the floor exited {child.code}:\n{child.output[-3000:]}")
        result = floor.from_json(child.output.strip().splitlines()[-1])
    finally:
        manifest_file.unlink(missing_ok=True)
        shutil.rmtree(out_dir, ignore_errors=True)
    return result


def measure_preview(root: Path) -> preview.Preview:
    """The live preview on this repository, one application changed (see benchmarks/preview.py)."""
    _prepare_site(root)
    apps = sorted((root / "submissions").rglob("*.yaml"))
    return preview.preview_latency(root, apps[len(apps) // 2])


def measure(size: int, work: Path, repeat: int, *, build: bool = True, compare: bool = True,
            with_preview: bool = False, engine_names: tuple[str, ...] = ()) -> Row:
    """Every figure for one size. `compare`: also run check-jsonschema and the one-file change
    (skipped at 50,000, where check-jsonschema alone takes many minutes)."""
    root = work / f"repo-{size}"
    synthetic = generate(root, size)
    row = Row(size=size, files=synthetic.files)
    # the two quick in-process measures are repeated more: at small sizes noise dominates them
    row.floor = _best(lambda: parse_floor(root), repeat * 3)
    row.validate = _best(lambda: jili_validate_inside(root), repeat * 3)
    runs = []
    path_runs = []
    for _ in range(repeat):  # interleaved, so both see the same spell of machine load
        runs.append(jili_validate(root))
        path_runs.append(paths_command(root))
    row.validate_command = min(r[0] for r in runs)
    row.validate_peak_mb = max(r[1] for r in runs)
    row.paths = path_runs[0][0]
    row.paths_command = min(r[1] for r in path_runs)
    if compare:
        row.check_jsonschema = check_jsonschema(root)
        row.one_file = _best(lambda: one_file(root), repeat)
    if build:
        builds = []
        floors = []
        for _ in range(repeat):  # the floor right after each build: the same spell of load
            built = site_build(root)
            if built is None:
                continue
            builds.append(built)
            floors.append(build_floor(root, built.manifest))
        if builds:
            best = min(builds, key=lambda b: b.wall)
            row.build, row.timings = best.wall, best.timings
            row.build_cpu = min(b.cpu for b in builds)
            row.generator = float(best.timings.get("generator", 0.0)) or None
            row.site_files = len(best.manifest)
            row.site_bytes = sum(size for _, size in best.manifest)
            row.search_bytes = best.search_bytes
            row.build_peak_mb = max(b.peak_mb for b in builds)
            low = min(floors, key=lambda f: f.total)
            row.floor_parts = {k: round(v, 3) for k, v in low.__dict__.items()}
            row.build_floor = low.total
            row.floor_cpu = min(f.cpu for f in floors)
    if with_preview:
        try:
            shown = measure_preview(root)
            row.preview, row.preview_startup = shown.latency, shown.startup
        except preview.PreviewFailed as exc:
            row.notes.append(f"预览未测成：{exc}")
    for name in engine_names:
        if name == "zensical":
            row.engines.append(engines.build_zensical(root, work / f"zensical-{size}").__dict__)
    return row


def _fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "—"
    return f"{value:.2f}{unit}" if unit == "s" else f"{value:.0f}{unit}"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "—"


def _mb(n: int | None) -> str:
    return f"{n / 1e6:.1f} MB" if n else "—"


def machine() -> str:
    """The machine, as the README names it: CPU model, cores, memory, Python, system."""
    model = ""
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"，内存 {int(line.split()[1]) / 1024 / 1024:.0f} GB"
                break
    except OSError:
        pass
    return (f"{model or platform.processor() or platform.machine()}（{platform.machine()}），{os.cpu_count()} 核{memory}，"
            f"Python {platform.python_version()}，{platform.system()} {platform.release()}")


def report(rows: list[Row], repeat: int) -> str:
    lines = [
        f"机器：{machine()}；每项取 {repeat} 次中最好的一次（进程内的快速测量取 {repeat * 3} 次）",
        "",
        "校验：",
        "",
        ("| 申报数 | 文件数 | 解析下限 | 校验 | ×下限 | jili validate 命令 | 路径参数 | 命令 | ×全量 | "
        "check-jsonschema | 快多少倍 | 改一个文件 | ×全量 | 校验峰值内存 |"),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        speedup = r.check_jsonschema / r.validate_command if r.check_jsonschema else None
        lines.append(
            f"| {r.size:,} | {r.files:,} | {_fmt(r.floor)} | {_fmt(r.validate)} | {_ratio(r.validate, r.floor)} | "
            f"{_fmt(r.validate_command)} | {r.paths:,} | {_fmt(r.paths_command)} | "
            f"{_ratio(r.paths_command, r.validate_command)} | {_fmt(r.check_jsonschema)} | "
            f"{f'{speedup:.1f}' if speedup else '—'} | {_fmt(r.one_file or None)} | "
            f"{_ratio(r.one_file, r.validate_command)} | {_fmt(r.validate_peak_mb, ' MB')} |"
        )
    built = [r for r in rows if r.build]
    if built:
        lines += [
            "",
            "网站构建（构建下限在同一次运行中测得，见下）：",
            "",
            ("| 申报数 | 网站构建 | 构建下限 | ×下限 | CPU 时间 | 下限 CPU | ×下限（CPU） | 生成器占比 | "
            "页面和文件 | 网站大小 | 搜索索引 | 构建峰值内存 | 预览 |"),
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in built:
            share = (r.generator / r.build * 100) if (r.generator and r.build) else None
            lines.append(
                f"| {r.size:,} | {_fmt(r.build)} | {_fmt(r.build_floor)} | {_ratio(r.build, r.build_floor)} | "
                f"{_fmt(r.build_cpu)} | {_fmt(r.floor_cpu)} | {_ratio(r.build_cpu, r.floor_cpu)} | "
                f"{f'{share:.1f}%' if share is not None else '—'} | {r.site_files:,} | {_mb(r.site_bytes)} | "
                f"{_mb(r.search_bytes)} | {_fmt(r.build_peak_mb, ' MB')} | {_fmt(r.preview)} |"
            )
        lines += ["", "构建下限的组成（秒）和生成器在构建中的各步（秒）：", ""]
        for r in built:
            f = r.floor_parts
            parts = (f"导入 {f.get('imports', 0):.2f}，读取和校验 {f.get('load_validate', 0):.2f}，"
                     f"生成页面和开放数据 {f.get('generate', 0):.2f}，{f.get('pages', 0):,} 页套入固定 Jinja 模板 "
                     f"{f.get('shell', 0):.2f}，写入 {f.get('files', 0):,} 个文件 {_mb(f.get('bytes'))} {f.get('write', 0):.2f}")
            t = r.timings
            hooks = "，".join(f"{k} {v:.2f}" for k, v in t.get("plugin", {}).items() if v >= 0.005)
            steps = (f"读取和校验 {t.get('load_validate', 0):.2f}，插件各钩子 {hooks}"
                     f"（其中生成页面和开放数据 {t.get('render', 0):.2f}）") if t else "—"
            lines.append(f"- {r.size:,} 份：下限 = {parts}；生成器 = {steps}")
    engine_rows = [(r, e) for r in rows for e in r.engines]
    if engine_rows:
        lines += ["", "另一个引擎（同一套页面，`jili render` 的输出）：", "",
                  "| 申报数 | 引擎 | 版本 | 构建 | ×mkdocs-material | 文件数 | 网站大小 | 搜索索引 | 情况 |",
                  "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        for r, e in engine_rows:
            found = "；".join(f"{k}：{v}" for k, v in e["findings"].items()) or e["error"][:200].replace("\n", " ")
            lines.append(f"| {r.size:,} | {e['engine']} | {e['version'] or '—'} | {_fmt(e['seconds'])} | "
                         f"{_ratio(e['seconds'], r.build)} | {e['files'] or '—'} | {_mb(e['site_bytes'])} | "
                         f"{_mb(e['search_bytes'])} | {found} |")
    if len(rows) > 1:
        base = rows[0]
        lines.append("")
        for r in rows[1:]:
            k = r.size / base.size
            parts = [f"validate ×{r.validate_command / base.validate_command:.2f}"]
            if r.build and base.build:
                parts.append(f"build ×{r.build / base.build:.2f}")
            if r.site_bytes and base.site_bytes:
                parts.append(f"size ×{r.site_bytes / base.site_bytes:.2f}")
            lines.append(f"{r.size:,} / {base.size:,}（申报数 ×{k:.0f}）：" + "，".join(parts))
    notes = [f"{r.size:,} 份：{n}" for r in rows for n in r.notes]
    if notes:
        lines += ["", *notes]
    lines += ["", "目标：" + "；".join(TARGETS.values())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.run", description="jili 性能基准")
    parser.add_argument("--sizes", default="1000,5000,10000", help="申报数，逗号分隔")
    parser.add_argument("--repeat", type=int, default=2, help="每项重复次数，取最好成绩")
    parser.add_argument("--no-build", action="store_true", help="不测网站构建")
    parser.add_argument("--no-compare", action="store_true",
                        help="不测 check-jsonschema 和改一个文件（50,000 份时它们要很久）")
    parser.add_argument("--preview", default="", metavar="申报数",
                        help="在这些规模（逗号分隔）测实时预览：改一个文件到预览页更新的秒数")
    parser.add_argument("--engines", default="", help="另外测的引擎，逗号分隔（目前：zensical）")
    parser.add_argument("--work", help="工作目录（默认临时目录，结束后删除）")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    names = tuple(n.strip() for n in args.engines.split(",") if n.strip())
    previewed = {int(s) for s in args.preview.split(",") if s.strip()}
    unknown = [n for n in names if n != "zensical"]
    if unknown:
        parser.error("不认识的引擎：" + "、".join(unknown))
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="jili-bench-"))
    rows = []
    try:
        for size in sizes:
            print(f"… {size:,} 份申报", file=sys.stderr)
            rows.append(measure(size, work, args.repeat, build=not args.no_build, compare=not args.no_compare,
                                with_preview=size in previewed, engine_names=names))
            # the generated repository of one size is not needed for the next
            shutil.rmtree(work / f"repo-{size}", ignore_errors=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(report(rows, args.repeat))
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
