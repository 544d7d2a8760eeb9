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
* the site build — `jili build`: total time, the generator's own share (load + validate +
  render, as reported by the build), output size and peak memory.

Wall-clock numbers on a shared machine are noisy: each figure is the best of `--repeat` runs.
Benchmarks are not tests: CI runs only the smallest size (`--sizes 1000 --repeat 1`) to keep
this script working; the targets below are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .synth import generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA_ROOTS = ("registry", "measures", "submissions", "awards")

TARGETS = {
    "vs_check_jsonschema": "validation ≥ 10× faster than check-jsonschema",
    "vs_floor": "validation ≤ 1.5× the libyaml parse floor",
    "one_file": "one-file validation ≤ 0.3× the full run",
    "generator_share": "generator ≤ 10% of the build",
    "linear": "time and size linear: 5,000 over 1,000 ≤ 5.5×",
    "memory": "peak memory < 500 MB at 10,000",
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
    build: float | None = None
    generator: float | None = None
    site_bytes: int | None = None
    build_peak_mb: float | None = None
    validate_peak_mb: float = 0.0
    notes: list[str] = field(default_factory=list)


def _best(fn, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def _timed(cmd: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Wall time, peak RSS (MB) and stdout of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {result.returncode}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the maximum over all children so far (KiB on Linux)
    return elapsed, max(peak, before) / 1024, result.stdout + result.stderr


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


def site_build(root: Path) -> tuple[float, float | None, int, float] | None:
    """Total build time, the generator's share (if the build reports it), size and peak memory."""
    out_dir = root.parent / (root.name + "-site")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml") if (ROOT / "mkdocs.yml").exists() else None
    if (ROOT / "docs").is_dir() and not (root / "docs").exists():
        shutil.copytree(ROOT / "docs", root / "docs")
    env = {**os.environ, "JILI_TIMINGS": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "jili"), "build", "--root", str(root), "--out", str(out_dir)],
                            check=False, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(f"  site build failed ({result.returncode}): {result.stderr[-1500:]}", file=sys.stderr)
        return None
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    generator = None
    for line in (result.stdout + result.stderr).splitlines():
        # the build prints a machine-readable timing line when JILI_TIMINGS is set
        if line.startswith("JILI_TIMINGS "):
            timings = json.loads(line[len("JILI_TIMINGS "):])
            generator = float(timings.get("generator", 0.0))
    size = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file())
    shutil.rmtree(out_dir)
    return elapsed, generator, size, peak


def measure(size: int, work: Path, repeat: int, build: bool) -> Row:
    root = work / f"repo-{size}"
    synthetic = generate(root, size)
    row = Row(size=size, files=synthetic.files)
    # the two quick in-process measures are repeated more: at small sizes noise dominates them
    row.floor = _best(lambda: parse_floor(root), repeat * 3)
    row.validate = _best(lambda: jili_validate_inside(root), repeat * 3)
    runs = [jili_validate(root) for _ in range(repeat)]
    row.validate_command = min(r[0] for r in runs)
    row.validate_peak_mb = max(r[1] for r in runs)
    row.check_jsonschema = check_jsonschema(root)
    row.one_file = _best(lambda: one_file(root), repeat)
    if build:
        results = [r for r in (site_build(root) for _ in range(repeat)) if r is not None]
        if results:
            best = min(results, key=lambda r: r[0])
            row.build, row.generator, row.site_bytes, _ = best
            row.build_peak_mb = max(r[3] for r in results)
    return row


def _fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "—"
    return f"{value:.2f}{unit}" if unit == "s" else f"{value:.0f}{unit}"


def report(rows: list[Row]) -> str:
    lines = [
        f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}，{platform.platform()}",
        "",
        "| 申报数 | 文件数 | 解析下限 | 校验 | ×下限 | jili validate 命令 | check-jsonschema | 快多少倍 | 改一个文件 | ×全量 | 网站构建 | 生成器占比 | 网站大小 | 构建峰值内存 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        speedup = r.check_jsonschema / r.validate_command if r.check_jsonschema else None
        share = (r.generator / r.build * 100) if (r.generator and r.build) else None
        lines.append(
            f"| {r.size:,} | {r.files:,} | {_fmt(r.floor)} | {_fmt(r.validate)} | {r.validate / r.floor:.2f} | "
            f"{_fmt(r.validate_command)} | {_fmt(r.check_jsonschema)} | {f'{speedup:.1f}' if speedup else '—'} | "
            f"{_fmt(r.one_file)} | {r.one_file / r.validate_command:.2f} | {_fmt(r.build)} | "
            f"{f'{share:.1f}%' if share is not None else '—'} | "
            f"{f'{r.site_bytes / 1e6:.1f} MB' if r.site_bytes else '—'} | "
            f"{_fmt(r.build_peak_mb, ' MB') if r.build_peak_mb else '—'} |"
        )
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
    lines += ["", "目标：" + "；".join(TARGETS.values())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.run", description="jili 性能基准")
    parser.add_argument("--sizes", default="1000,5000,10000", help="申报数，逗号分隔")
    parser.add_argument("--repeat", type=int, default=3, help="每项重复次数，取最好成绩")
    parser.add_argument("--no-build", action="store_true", help="不测网站构建")
    parser.add_argument("--work", help="工作目录（默认临时目录，结束后删除）")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="jili-bench-"))
    rows = []
    try:
        for size in sizes:
            print(f"… {size:,} 份申报", file=sys.stderr)
            rows.append(measure(size, work, args.repeat, not args.no_build))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(report(rows))
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
