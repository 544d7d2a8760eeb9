"""The mkdocs front-end: validates the data and hands the generated pages to mkdocs-material.

Registered as the `jili` plugin (entry point in pyproject.toml). On every build (and every
reload of `mkdocs serve`, which watches the data folders) it takes a Snapshot, renders the
pages with `render_pages` and adds them, with the open data files and the site's own CSS
and script, as generated files: pages held in memory until mkdocs converts them, data files
written once, straight to their place in the site; nothing is written into `docs/` or to a
staging folder. Invalid data stops the build with the same diagnostics `jili validate` prints.

Generated pages are converted by one Markdown converter per build (`GeneratedPage`), not one
built afresh for each page as mkdocs does; the output is the same. Under `mkdocs serve
--dirty` (`make serve`) a rebuild converts, renders and writes only the generated pages and
data files whose content changed since the previous build (`Preview`), and keeps the
search index entries of the others.

Options (mkdocs.yml):

    plugins:
      - jili:
          demo: false      # lay the sample round from examples/ over the data (or JILI_DEMO=1)
          repo_url: ""     # e.g. https://github.com/org/repo/blob/main/ (or JILI_REPO_URL)
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
import os
import time
from importlib import resources
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .. import outputs
from ..pagetext import demo_banner, with_banner
from ..reporting import Report, counts_summary, render
from ..snapshot import InvalidRepository, Snapshot, take
from . import evidence
from . import search as search_words
from .build import OutputFolderError, write_into
from .nav import navigation
from .preview import GeneratedFile, GeneratedPage, Preview, generated_file, remove_files, written_file

ASSETS = ("assets/jili.css", "assets/timeline.js", "assets/reading.js")
#: The WebWorker shim mkdocs-material's offline plugin needs for search from file:// (it would
#: load it from a CDN; the site requests nothing from another host, so it serves this copy).
POLYFILL = "assets/vendor/iframe-worker.js"
#: What `mkdocs serve` watches, besides docs/ and mkdocs.yml. Done here rather than with
#: `watch:` in mkdocs.yml, which fails on a folder that does not exist yet (git keeps no
#: empty folders: a new repository has no submissions/ or awards/).
WATCHED = ("measures", "registry", "submissions", "awards", "schema", "examples")
USER_DICTIONARY = "userdict.txt"


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    """False for mkdocs' warning that a dirty build may leave the navigation stale."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class JiliConfig(Config):
    demo = config_options.Type(bool, default=False)
    repo_url = config_options.Type(str, default="")


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def package_file(name: str) -> Path:
    return Path(str(resources.files(__package__).joinpath(name)))


class JiliPlugin(BasePlugin[JiliConfig]):
    def __init__(self) -> None:
        super().__init__()
        #: set by `jili build`, which has validated already, so the data is read once
        self.snapshot: Snapshot | None = None
        #: the generated pages and data files, by site path
        self.pages: list[str] = []
        self.data: list[str] = []
        #: their content, in memory until mkdocs has read it (a page's Markdown is let go once
        #: it is HTML, see on_page_content)
        self._content: dict[str, str | bytes] = {}
        #: evidence files published beside their application pages: site path -> file on disk
        self.evidence: dict[str, Path] = {}
        self._generated: frozenset[str] = frozenset()
        #: what a live-preview rebuild keeps from the previous build (generator/site/preview.py)
        self.preview = Preview()
        self._keep = False
        self._digests: dict[str, bytes] = {}
        self._files: Files | None = None
        self._doc_files: list[File] = []
        #: how long rendering the pages and open data took (the generator's share of a build)
        self.render_seconds = 0.0

    # -- configuration -------------------------------------------------------------------

    def repo_url(self) -> str | None:
        """Where provenance links point: JILI_REPO_URL, else the plugin's `repo_url`."""
        return os.environ.get("JILI_REPO_URL") or self.config.repo_url or None

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self._files = None  # set once mkdocs has the files: from then on, a failure may leave pages half written
        # mkdocs keeps one plugin instance per process (its plugin cache), so a Snapshot handed
        # over by `jili build` is used for that one build only, never for the next
        snapshot, self.snapshot = self.snapshot, None
        if snapshot is None:
            demo = self.config.demo or _truthy(os.environ.get("JILI_DEMO"))
            try:
                snapshot = take(root, demo=demo, repo_url=self.repo_url())
            except InvalidRepository as exc:
                found = exc.result.diagnostics
                report = Report(tuple(found), counts_summary(found, exc.result.files), command="build")
                raise PluginError("数据校验未通过，网站未生成：\n" + render(report).rstrip("\n")) from None
        docs = Path(config.docs_dir)
        hand_written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
        if snapshot.site_url is None and config.site_url:
            # feeds, calendars and schemas give absolute addresses when the site's is known
            snapshot = dataclasses.replace(snapshot, site_url=config.site_url)
        started = time.perf_counter()
        try:
            made = outputs.render(snapshot, extra=hand_written)
        except outputs.OutputError as exc:
            raise PluginError(str(exc)) from None
        pages, data = made.pages, made.files
        del made
        self.render_seconds = time.perf_counter() - started
        clash = sorted(set(hand_written) & set(pages))
        if clash:
            raise PluginError("docs/ 中的页面与生成的页面重名：" + "、".join(clash))
        self.pages = list(pages)
        self._generated = frozenset(pages)
        self.data = sorted(data)
        self._content = {**pages, **data}
        del pages, data
        self.evidence = evidence.files(snapshot)
        if config.nav is None:
            config.nav = navigation([*self.pages, *hand_written], snapshot.programme)
        # a preview rebuild keeps unchanged pages only if nothing else they show has changed
        config_file = Path(config.config_file_path) if config.config_file_path else None
        setting = (json.dumps(config.nav, ensure_ascii=False), snapshot.demo, snapshot.repo_url, snapshot.site_url,
                   config_file.stat().st_mtime_ns if config_file and config_file.is_file() else None)
        self._keep = self.preview.begin(root, setting)
        # Our template overrides (Chinese 404 page, demo banner, noindex) come with the plugin.
        theme_dir = str(package_file("theme"))
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(0, theme_dir)
        config.extra["jili_demo"] = snapshot.demo
        config.extra["jili_demo_banner"] = demo_banner()
        for asset in ASSETS:
            target = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in [str(x) for x in target]:
                target.append(asset)
        # Before the offline plugin's on_config, which adds its CDN copy only if none is there.
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = [POLYFILL, *polyfills]
        self._configure_search(config, root, snapshot)
        return config

    def on_pre_build(self, config) -> None:
        # Whatever the plugin order, no script of the site's head comes from another host.
        config.extra["polyfills"] = [p for p in config.extra.get("polyfills", []) if "://" not in str(p)]

    def _configure_search(self, config, root: Path, snapshot: Snapshot) -> None:
        """Point the search plugin's jieba at our user dictionary (or resolve the configured
        one against mkdocs.yml, not the working directory), and keep jieba quiet.

        The browser search matches a word only at the start of an indexed word, so a word jieba
        keeps inside a compound (平台 in 开放平台, 引资 in 招商引资, 材料 in 申报材料) cannot
        be found. `userdict.txt` gives such compounds frequency 0, which makes jieba split
        them; a query for the compound still finds its first part."""
        try:
            import jieba

            jieba.setLogLevel(logging.WARNING)
        except ImportError:  # pragma: no cover - jieba is a dependency
            return
        for name in ("material/search", "search"):
            search = config.plugins.get(name)
            if search is None or not hasattr(search.config, "jieba_dict_user"):
                continue
            search_words.add_names(snapshot)  # 龙都街道 is one word (generator/site/search.py)
            configured = search.config.jieba_dict_user
            if not configured:
                search.config.jieba_dict_user = str(package_file(USER_DICTIONARY))
            elif not os.path.isabs(configured):
                search.config.jieba_dict_user = str(root / configured)

    def on_startup(self, *, command, dirty: bool) -> None:
        # `mkdocs serve --dirty` keeps the site folder between rebuilds and skips files that
        # say they are unmodified: only then may a rebuild keep pages (generator/site/preview.py)
        self.preview.active = command == "serve" and dirty
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.removeFilter(_not_dirty_warning)
        if self.preview.active:
            # mkdocs warns that a dirty build may leave navigation stale, which --strict turns
            # into a failure; the plugin rebuilds everything when the nav changes
            build_log.addFilter(_not_dirty_warning)

    def on_shutdown(self) -> None:
        self.preview = Preview()
        self._content = {}
        logging.getLogger("mkdocs.commands.build").removeFilter(_not_dirty_warning)

    @event_priority(-50)  # after search has written its index (0), before offline inlines it (-100)
    def on_post_build(self, config) -> None:
        site = Path(config.site_dir)
        dests = {path: file.dest_uri for path in (*self.pages, *self.data)
                 if (file := self._files.get_file_from_path(path)) is not None} if self._files else {}
        remove_files(site, self.preview.finish(self._digests, dests))
        self._content, self._files = {}, None
        index = site / "search" / "search_index.json"
        if index.is_file():
            written = json.loads(index.read_text(encoding="utf-8"))
            urls = [f.page.url for f in self._doc_files if f.page is not None]
            search_words.write_index(index, self.preview.search_index(written, urls))
        self._doc_files = []

    def on_build_error(self, error) -> None:
        # Invalid data stops a build before anything is written, and the preview still shows
        # the previous build: the next one may keep its pages. A failure after that point
        # may have left pages half written, so the next build starts afresh.
        if self._files is not None:
            self.preview = Preview(active=self.preview.active)
        self._content, self._files, self._doc_files = {}, None, []

    def on_serve(self, server, config, builder):
        root = Path(config.config_file_path or ".").resolve().parent
        already = {str(Path(p).resolve()) for p in config.watch}
        for folder in WATCHED:
            path = (root / folder).resolve()
            if path.is_dir() and str(path) not in already:
                server.watch(str(path))
        return server

    # -- files ---------------------------------------------------------------------------

    def on_files(self, files: Files, config) -> Files:
        nav_pages = {page for item in (config.nav or []) if isinstance(item, dict)
                     for page in item.values() if isinstance(page, str)}
        self._digests = {}
        for path in self.pages:
            content = self._content.pop(path)
            changed, self._digests[path] = self.preview.changed(path, content, self._keep)
            file = generated_file(config, path, content, changed)
            files.append(file)
            if path not in nav_pages:
                # pages the nav does not list get their page object here (mkdocs would make a
                # plain Page later); nav pages keep the title the nav gives them
                GeneratedPage(None, file, config)
        site = Path(config.site_dir)
        for path in self.data:
            content = self._content.pop(path)
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"开放数据文件与站点中的文件重名：{path}")
            changed, self._digests[path] = self.preview.changed(path, content, self._keep)
            # written where it is published, now, and let go: mkdocs would hold every data
            # file in memory until it copies them after the pages
            try:
                if changed or not (site / path).is_file():
                    write_into(site, path, content)
            except OutputFolderError as exc:
                raise PluginError(str(exc)) from None
            files.append(written_file(config, path, str(site / path)))
        self._content = {}
        for path, source in self.evidence.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"佐证材料与站点中的文件重名：{path}")
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for asset in (*ASSETS, POLYFILL):
            if files.get_file_from_path(asset) is None:
                files.append(File.generated(config, asset, content=package_file(asset).read_bytes()))
        self._patch_search_worker(files, config)
        self._files = files
        return files

    def on_env(self, env, config, files):
        if self.preview.active:
            env.bytecode_cache = self.preview.templates
        return env

    def on_nav(self, nav, config, files):
        self._doc_files = list(files.documentation_pages())
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and hasattr(search, "search_index_prev"):
            # material would merge its previous index under --dirty, assuming one changed
            # page; the whole index is put together in on_post_build instead
            search.search_index_prev = None
        return nav

    def _patch_search_worker(self, files: Files, config) -> None:
        """Serve material's search worker with whole-word Chinese queries (generator/site/search.py)."""
        for file in list(files):
            if file.src_uri.startswith(search_words.WORKER_PREFIX) and file.src_uri.endswith(".min.js"):
                try:
                    patched = search_words.patch_worker(Path(file.abs_src_path).read_text("utf-8"))
                except search_words.WorkerChanged as exc:
                    raise PluginError(f"{exc}：mkdocs-material 升级后请核对 generator/site/search.py") from None
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=patched.encode("utf-8")))

    def on_page_content(self, html_text: str, page, config, files) -> str:
        # The page is HTML now; its Markdown is not read again (search and the theme use the
        # HTML), so let it go rather than hold every page's source until the build ends.
        page.markdown = ""
        self.preview.rendered.add(page.url)
        if isinstance(page.file, GeneratedFile):
            page.file.content_string = ""  # its Markdown is not needed any more
        if page.file.src_uri in self._generated:
            return search_words.without_tables(html_text)  # excerpts that read as sentences
        return html_text

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        # mkdocs-material writes `page.meta.title` into <title> unescaped; escape it here, so
        # a title from the data is text in every theme slot.
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = html.escape(page.meta["title"])
        # Hand-written pages in a demo build carry the banner too (generated ones already do).
        if config.extra.get("jili_demo"):
            return with_banner(markdown)
        return markdown
