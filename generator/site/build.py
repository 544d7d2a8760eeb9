"""Building the site to disk: `jili render` (the pages as Markdown) and `jili build` (mkdocs).

Both write into a temporary folder beside the output and replace the output only when
everything has been written, so a failed build leaves the previous site as it was. An
existing output folder is replaced only if it is empty or was made by a build (it carries
the marker file, or looks like a mkdocs site); anything else is left alone.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import functools
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import outputs
from ..snapshot import Snapshot

MARKER = ".jili-output"
MARKER_TEXT = "由 jili 生成的目录；下次生成时会整体替换。\n"


class OutputFolderError(Exception):
    """The output folder cannot be used; the message is for the user."""


class BuildFailed(Exception):
    """mkdocs did not build the site; the message is for the user."""


@dataclass(frozen=True)
class Built:
    out: Path
    pages: int
    files: int
    render_seconds: float = 0.0  # pages and open data rendered by the generator
    #: seconds spent in each of the jili plugin's event handlers during the mkdocs build: the
    #: generator's own steps inside it (rendering, staging, per-page hooks), for JILI_TIMINGS
    plugin_seconds: dict[str, float] = dataclasses.field(default_factory=dict)


# --- the output folder ----------------------------------------------------------------------


def check_output(out: Path, root: Path) -> None:
    """Refuse outputs that would replace the repository or a folder of someone's files."""
    out = out.resolve()
    root = root.resolve()
    if out == root or root.is_relative_to(out):
        raise OutputFolderError(f"输出目录 {out} 是数据仓库本身或其上级目录，不能整体替换")
    for part in ("docs", "schema", "measures", "registry", "submissions", "awards", "examples", "generator"):
        if out.is_relative_to(root / part):
            raise OutputFolderError(f"输出目录 {out} 在仓库的 {part}/ 目录中，请换一个目录（默认：site/）")
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"输出位置 {out} 已存在且不是目录")
    if out.is_dir() and not _replaceable(out):
        raise OutputFolderError(f"输出目录 {out} 已存在且不是由 jili 生成的，为免覆盖其中的文件已停止；"
                          "请换一个目录，或先自行清空它")


def _replaceable(out: Path) -> bool:
    if (out / MARKER).is_file():
        return True
    entries = {p.name for p in out.iterdir()}
    # an empty folder, or a site mkdocs built (e.g. with `mkdocs build`) before jili did
    return not entries or {"index.html", "404.html", "sitemap.xml"} <= entries


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside `out` to build into; removed unless it replaced `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.jili-", dir=out.parent))
    try:
        yield work / "out"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def replace(new: Path, out: Path) -> None:
    """Put the finished folder `new` at `out`; what was at `out` goes to where `new` was."""
    (new / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return
    old = new.with_name(new.name + ".old")
    os.rename(out, old)
    os.rename(new, out)


# --- jili render ----------------------------------------------------------------------------


def configured_site_url(config_file: Path) -> str | None:
    """mkdocs.yml's `site_url` (what `jili build` gives the open data), read the way mkdocs
    reads it (`!ENV` included); None when it is unset or there is no mkdocs.yml."""
    from mkdocs.utils.yaml import yaml_load

    if not config_file.is_file():
        return None
    import yaml

    try:
        with config_file.open(encoding="utf-8") as fh:
            config = yaml_load(fh) or {}
    except (OSError, yaml.YAMLError):
        return None  # `jili build` reports what is wrong with it; `render` only looks for the address
    value = config.get("site_url") if isinstance(config, dict) else None
    return value if isinstance(value, str) and value.strip() else None



def write_pages(snapshot: Snapshot, out: Path) -> Built:
    """Write every page (Markdown) and every open data file under `out`, replacing it whole."""
    made = outputs.render(snapshot)
    pages, data = made.pages, made.files
    with staging(out) as new:
        for path, text in pages.items():
            write_into(new, path, text.encode("utf-8"))
        for path, content in sorted(data.items()):
            write_into(new, path, content)
        replace(new, out)
    return Built(out, len(pages), len(data))


def write_into(base: Path, rel: str, content: bytes) -> None:
    """Write `content` at `base/rel`, refusing any path that leaves `base` (OutputFolderError)."""
    target = base / rel
    if not target.resolve().is_relative_to(base.resolve()):
        raise OutputFolderError(f"拒绝写到输出目录之外：{rel}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


# --- jili build -----------------------------------------------------------------------------


class _Collect(logging.Handler):
    """mkdocs' warnings and errors, to tell the user why a strict build stopped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _source_date(snapshot: Snapshot) -> Iterator[None]:
    """mkdocs dates the sitemap by SOURCE_DATE_EPOCH; give it the Snapshot's moment so the
    whole build is of one time (and two builds with the same epoch are byte-identical)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(snapshot.built_at.timestamp()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def build_site(snapshot: Snapshot, out: Path, *, config_file: Path) -> Built:
    """Build the site with mkdocs --strict from `snapshot` and put it at `out`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .plugin import JiliPlugin

    if not config_file.is_file():
        raise BuildFailed(f"找不到网站配置文件 {config_file}")
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        with staging(out) as new, _source_date(snapshot):
            try:
                config = load_config(config_file=str(config_file), site_dir=str(new), strict=True)
                plugin = next((p for p in config.plugins.values() if isinstance(p, JiliPlugin)), None)
                if plugin is None:
                    raise BuildFailed(f"{config_file.name} 没有启用 jili 插件（plugins: - jili）")
                if snapshot.repo_url is None and plugin.repo_url():
                    snapshot = dataclasses.replace(snapshot, repo_url=plugin.repo_url())
                plugin.snapshot = snapshot
                spent = _time_events(config.plugins, plugin)
                build(config)
            except MkDocsException as exc:
                details = "\n".join(f"  {m}" for m in collect.messages)
                raise BuildFailed(f"网站生成失败（严格模式）：{exc}" + (f"\n{details}" if details else "")) from None
            pages = len(plugin.pages)
            files = len(plugin.data)
            render_seconds = plugin.render_seconds
            replace(new, out)
    finally:
        logger.removeHandler(collect)
    return Built(out, pages, files, render_seconds, spent)


def _time_events(plugins, plugin) -> dict[str, float]:
    """Time each event handler `plugin` registered with mkdocs (total seconds per event).

    Whatever the plugin does inside the build (render, stage files, rewrite each page) is the
    generator's work, not mkdocs'; the benchmark counts it in the generator's share. Wrapping
    the registered handlers measures every hook the plugin has, now or later, without timing
    code in each of them."""
    spent: dict[str, float] = {}
    origins = getattr(plugins, "_event_origins", {})
    for event, handlers in plugins.events.items():
        for i, handler in enumerate(handlers):
            if getattr(handler, "__self__", None) is plugin:
                handlers[i] = _timed(handler, event, spent)
                origins[handlers[i]] = origins.get(handler, "jili")
    return spent


def _timed(handler, event: str, spent: dict[str, float]):
    @functools.wraps(handler)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[event] = spent.get(event, 0.0) + time.perf_counter() - started

    return timed
