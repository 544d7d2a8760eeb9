"""The build floor: the least any builder of the same site must spend, measured in a fresh process.

Given a repository and the manifest of a site built from it (every file's path and size), it
times, in one child process:

* imports — the generator, its outputs and Jinja2;
* load and validate — `snapshot.take`, as `jili build` does it;
* generate — every page (Markdown) and open data file (`outputs.render`);
* shell — every page rendered into one fixed Jinja template (a plain HTML shell: title, the
  page's text, a footer), the cheapest templating a site could do;
* write — the same number of files of the same sizes at the same paths as the built site,
  into an empty folder (the bytes a builder must put on disk, however it makes them).

The floor is the sum. `jili build` divided by it says how much the engine adds on top of work
no engine can avoid. Run as `python -m benchmarks.floor ROOT MANIFEST OUT` (prints JSON).
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path

SHELL = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }} - {{ site }}</title>
<link rel="stylesheet" href="{{ base }}assets/site.css"></head>
<body><header><a href="{{ base }}index.html">{{ site }}</a></header>
<main>{{ content }}</main><footer>{{ footer }}</footer></body></html>
"""


@dataclass
class Floor:
    imports: float = 0.0
    load_validate: float = 0.0
    generate: float = 0.0
    shell: float = 0.0
    write: float = 0.0
    cpu: float = 0.0  # user + system seconds of the whole child process
    pages: int = 0
    files: int = 0
    bytes: int = 0

    @property
    def total(self) -> float:
        return self.imports + self.load_validate + self.generate + self.shell + self.write


def manifest(site: Path) -> list[tuple[str, int]]:
    """Every file of a built site: (path relative to it, size in bytes), sorted."""
    out = []
    for folder, _dirs, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            out.append((os.path.relpath(path, site), os.path.getsize(path)))
    return sorted(out)


def _child(root: Path, manifest_file: Path, out: Path) -> Floor:
    floor = Floor()
    started = time.perf_counter()
    import jinja2

    from generator import outputs
    from generator.snapshot import take

    outputs.outputs("pages")  # imports and registers every page family and data output
    floor.imports = time.perf_counter() - started

    started = time.perf_counter()
    snapshot = take(root)
    floor.load_validate = time.perf_counter() - started

    started = time.perf_counter()
    made = outputs.render(snapshot)
    floor.generate = time.perf_counter() - started

    started = time.perf_counter()
    shell = jinja2.Environment(autoescape=False).from_string(SHELL)
    shelled = 0
    for path, text in made.pages.items():
        base = "../" * path.count("/")
        shelled += len(shell.render(title=path, site="站点", base=base, content=text, footer="页脚"))
    floor.shell = time.perf_counter() - started
    floor.pages = len(made.pages)
    del made

    files = json.loads(manifest_file.read_text("utf-8"))
    largest = max((size for _, size in files), default=0)
    filler = b"\xe5\x86\x85" * (largest // 3 + 1)  # “内”: the bytes' value does not matter
    started = time.perf_counter()
    made_dirs: set[str] = set()
    for rel, size in files:
        target = os.path.join(out, rel)
        folder = os.path.dirname(target)
        if folder not in made_dirs:
            os.makedirs(folder, exist_ok=True)
            made_dirs.add(folder)
        with open(target, "wb") as fh:
            fh.write(filler[:size])
    floor.write = time.perf_counter() - started
    floor.files = len(files)
    floor.bytes = sum(size for _, size in files)
    times = os.times()
    floor.cpu = times.user + times.system
    return floor


def from_json(text: str) -> Floor:
    data = json.loads(text)
    return Floor(**{f.name: data[f.name] for f in fields(Floor)})


if __name__ == "__main__":
    result = _child(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print(json.dumps(result.__dict__))
