"""Another engine for the same pages: Zensical, beside mkdocs-material (`--engines zensical`).

Zensical (from the makers of Material for MkDocs, which reaches end of life in 2027) reads a
`mkdocs.yml` but runs no mkdocs plugin, so it cannot use the jili plugin that validates and
generates pages inside mkdocs. It builds the page set `jili render --out DIR` writes instead:
the generated Markdown and open data, the hand-written pages of docs/, the site's CSS and
scripts, and a configuration derived from our mkdocs.yml with the plugin's work done ahead
(navigation, extra CSS and scripts) and mkdocs-only plugins left out.

Zensical is installed in its own virtual environment (`ZENSICAL`, default .venv-zensical/):
it pins its own Markdown and Jinja versions, which must not change the project's. The
benchmark reports its build time, size and what of the site it kept (see `inspect`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.site.nav import navigation
from generator.site.plugin import ASSETS, POLYFILL, package_file

ROOT = Path(__file__).resolve().parent.parent
#: Where the Zensical command lives; a separate environment (see module docstring).
ZENSICAL = Path(os.environ.get("ZENSICAL", ROOT / ".venv-zensical" / "bin" / "zensical"))


@dataclass
class EngineRun:
    engine: str
    version: str = ""
    seconds: float | None = None
    site_bytes: int | None = None
    files: int | None = None
    search_bytes: int | None = None
    findings: dict[str, str] = field(default_factory=dict)
    error: str = ""


def zensical_version() -> str | None:
    if not ZENSICAL.exists():
        return None
    out = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip() or None


def project(root: Path, work: Path) -> Path:
    """A Zensical project for `root`'s site in `work`: `jili render` output plus docs/ as
    docs_dir, and a mkdocs.yml it can read. Returns the configuration file."""
    from generator.snapshot import take

    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    rendered = subprocess.run([str(Path(sys.executable).parent / "jili"), "render", "--root", str(root),
                               "--out", str(docs)], capture_output=True, text=True, check=False)
    if rendered.returncode != 0:
        raise RuntimeError(f"jili render failed: {rendered.stderr[-1500:]}")
    (docs / ".jili-output").unlink(missing_ok=True)
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", docs, dirs_exist_ok=True)
    for asset in (*ASSETS, POLYFILL):
        target = docs / asset
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package_file(asset), target)
    config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    pages = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    config.update({
        "docs_dir": "docs",
        "site_dir": "site",
        # what the jili plugin adds to the configuration inside mkdocs, done ahead here
        "nav": [{str(k): str(v) for k, v in item.items()} for item in navigation(pages, take(root).programme)],
        "extra_css": [a for a in ASSETS if a.endswith(".css")],
        "extra_javascript": [a for a in ASSETS if a.endswith(".js")],
        # Zensical runs no mkdocs plugin (it ignores jili without a word); search and offline
        # are built in. Offline search's WebWorker shim comes from our copy, as the jili plugin
        # arranges in mkdocs; without it Zensical loads the shim from a CDN.
        "plugins": [p for p in config.get("plugins", []) if _plugin_name(p) in ("search", "offline")],
        "extra": {**config.get("extra", {}), "polyfills": [POLYFILL]},
        "watch": [],
    })
    for extension in config.get("markdown_extensions", []):
        if isinstance(extension, dict):
            for options in extension.values():
                if isinstance(options, dict):
                    for key in [k for k, v in options.items() if v == "python-object"]:
                        del options[key]
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return config_file


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its python tags (the toc slugify function) kept as plain text."""


def _python_tag(loader, suffix, node):
    return "python-object"  # marked, then dropped: Zensical uses its own slugify


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)


def _plugin_name(entry) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def build_zensical(root: Path, work: Path) -> EngineRun:
    run = EngineRun("zensical", zensical_version() or "")
    if not run.version:
        run.error = f"未安装 Zensical（{ZENSICAL}）"
        return run
    config_file = project(root, work)
    started = time.perf_counter()
    result = subprocess.run([str(ZENSICAL), "build", "-f", str(config_file), "--clean"], cwd=work,
                            capture_output=True, text=True, check=False)
    run.seconds = time.perf_counter() - started
    if result.returncode != 0:
        run.error = (result.stdout + result.stderr)[-1500:]
        return run
    site = work / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    run.files = len(files)
    run.site_bytes = sum(p.stat().st_size for p in files)
    run.findings = inspect(site, root)
    index = site / "search.json"
    if not index.exists():
        index = site / "search" / "search_index.json"
    run.search_bytes = index.stat().st_size if index.exists() else None
    return run


#: Requests to another host made by the page itself (scripts, styles, fonts, frames).
_REQUEST = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\s(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def inspect(site: Path, root: Path) -> dict[str, str]:
    """What of our site survives the other engine, in words for the README."""
    found: dict[str, str] = {}
    pages = [p for p in site.rglob("*.html")]
    external = sorted({m.group(0)[:80] for p in pages[:200] for m in _REQUEST.finditer(p.read_text("utf-8", "replace"))})
    found["外部请求"] = "无" if not external else f"{len(external)} 种，如 {external[0]}"
    home = site / "index.html"
    found["首页"] = "有" if home.exists() else "无"
    index = next((p for p in (site / "search.json", site / "search" / "search_index.json") if p.exists()), None)
    if index is None:
        found["搜索索引"] = "无"
    else:
        text = index.read_text("utf-8")
        found["搜索索引"] = f"{index.relative_to(site)}，{index.stat().st_size / 1e6:.1f} MB"
        found["中文分词"] = _segmentation(text)
    offline = [p for p in (site / "search.js", site / "search" / "search_index.js") if p.exists()]
    found["离线（file://）"] = f"有 {offline[0].relative_to(site)}" if offline else "无离线索引"
    return found


def _segmentation(index_text: str) -> str:
    """Whether the index holds Chinese cut into words: mkdocs-material's search with jieba
    marks word boundaries with U+200B; an index without them holds whole runs of characters."""
    marks = index_text.count("\u200b") + index_text.count("\\u200b")
    return f"按词切分（{marks} 个词界）" if marks > 100 else "没有分词（整段汉字，无词界）"
