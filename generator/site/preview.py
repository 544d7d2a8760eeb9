"""Generated pages as mkdocs sees them, and what a rebuild of the live preview may keep.

* **In memory, converted by one converter.** A generated page is a `GeneratedFile` holding
  its Markdown (no staging folder written and read back) and a `GeneratedPage`, which
  converts it exactly as mkdocs' `Page.render` does — the same extensions and the same
  link, anchor and title processors — but with one `markdown.Markdown` per build, reset
  between pages, instead of one built afresh for each of thousands of pages.
* **A rebuild does only what changed.** `mkdocs serve --dirty` (`make serve`) skips every
  file that reports itself unmodified. `Preview` remembers, between two builds in one
  process, the content of each generated page and data file, so a file says it is modified
  only when its content differs from what the previous build wrote; everything that does
  not depend on the changed data file is neither converted, nor rendered, nor written.
  Material's search plugin indexes only the pages it saw; `Preview.search_index` puts back
  the entries of the others, in the order a full build gives them.

Correctness rests on one fact: a generated page's HTML depends on its Markdown, the nav
(sections only) and the configuration. When the nav or `mkdocs.yml` changes, everything is
rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import markdown
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

try:  # mkdocs' own processors, so a generated page converts exactly as mkdocs converts it
    from mkdocs.structure.pages import (
        _ExtractAnchorsTreeprocessor,
        _ExtractTitleTreeprocessor,
        _RawHTMLPreprocessor,
        _RelativePathTreeprocessor,
    )
except ImportError:  # pragma: no cover - another mkdocs: convert the way it does
    _RawHTMLPreprocessor = None  # type: ignore[assignment,misc]

_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class GeneratedFile(File):
    """A generated page, its Markdown in memory. `changed` is False only when the
    previous build of this preview wrote the same content (see `Preview`)."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed


class WrittenFile(File):
    """A data file the plugin has already written at its place in the site: mkdocs has
    nothing to copy (links to it are checked like links to any file)."""

    def is_modified(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        return None


def written_file(config, path: str, written: str) -> WrittenFile:
    made = WrittenFile.generated(config, path, abs_src_path=written)
    assert isinstance(made, WrittenFile)
    return made


def generated_file(config, path: str, content: str | bytes, changed: bool = True) -> GeneratedFile:
    made = GeneratedFile.generated(config, path, content=content)
    assert isinstance(made, GeneratedFile)
    made.changed = changed
    return made


class _Converter:
    """One Markdown converter for a build's generated pages (its configuration fixed)."""

    def __init__(self, config) -> None:
        self.key = (id(config), id(config["markdown_extensions"]))
        self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})


_converter: _Converter | None = None


def _markdown(config) -> markdown.Markdown:
    global _converter
    if _converter is None or _converter.key != (id(config), id(config["markdown_extensions"])):
        _converter = _Converter(config)
    return _converter.md.reset()


class GeneratedPage(Page):
    """A page the generator made: converted like mkdocs' `Page.render`, with one converter."""

    def render(self, config, files) -> None:
        if _RawHTMLPreprocessor is None:  # pragma: no cover
            return super().render(config, files)
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = _markdown(config)
        # the same processors mkdocs registers for each page; registering under the same
        # name replaces the previous page's, so none of a page's state reaches the next
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(self.file, files, config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative.links_to_anchors


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory between the builds of one preview: mkdocs
    makes a new template environment for every build, and compiling material's templates
    again is a good part of a one-page rebuild. Jinja checks each template's source against
    the checksum it stored, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def _digest(content: str | bytes) -> bytes:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass
class Preview:
    """What one build of the live preview leaves for the next (kept by the plugin instance,
    which mkdocs keeps for the whole `mkdocs serve` process).

    `active`: only under `mkdocs serve --dirty`, where mkdocs keeps the site folder between
    builds and skips files that say they are unmodified. Elsewhere every build is whole.
    """

    active: bool = False
    root: Path | None = None
    setting: tuple[Any, ...] = ()
    digests: dict[str, bytes] = field(default_factory=dict)  # site path -> content digest
    search: dict[str, list[dict]] = field(default_factory=dict)  # page url -> its index entries
    rendered: set[str] = field(default_factory=set)  # page urls converted in this build
    dests: dict[str, str] = field(default_factory=dict)  # site path -> written file, last build
    templates: TemplateCache = field(default_factory=TemplateCache)

    def begin(self, root: Path, setting: tuple[Any, ...]) -> bool:
        """Start a build; True if it may keep what the previous build made (same repository,
        nav and configuration, under `serve --dirty`)."""
        keep = self.active and self.root == root and self.setting == setting and bool(self.digests)
        if not keep:
            self.digests, self.search, self.dests = {}, {}, {}
        self.root, self.setting = root, setting
        self.rendered = set()
        return keep

    def changed(self, path: str, content: str | bytes, keep: bool) -> tuple[bool, bytes]:
        digest = _digest(content)
        return (not keep or self.digests.get(path) != digest), digest

    def finish(self, digests: dict[str, bytes], dests: dict[str, str]) -> list[str]:
        """Remember this build's contents; returns the files the previous build wrote that
        this one no longer makes (a removed application's page), for the caller to delete."""
        gone = [dest for path, dest in self.dests.items() if path not in dests] if self.active else []
        self.digests, self.dests = (digests, dests) if self.active else ({}, {})
        return gone

    def search_index(self, written: dict, page_urls: Iterable[str]) -> dict:
        """The whole search index: this build's entries for the pages it converted, the
        previous build's for the others, page by page in the order of `page_urls` (the
        order a full build indexes them in)."""
        if not self.active:
            return written
        current: dict[str, list[dict]] = {}
        for entry in written.get("docs", []):
            current.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        merged: dict[str, list[dict]] = {}
        for url in page_urls:
            entries = current.get(url, []) if url in self.rendered else self.search.get(url, [])
            if entries:
                merged[url] = entries
        self.search = merged
        return {**written, "docs": [e for entries in merged.values() for e in entries]}


def remove_files(site_dir: Path, dests: Iterable[str]) -> None:
    """Delete files a previous preview build wrote that no longer exist in the site."""
    for dest in dests:
        target = site_dir / dest
        if target.is_file() and target.resolve().is_relative_to(site_dir.resolve()):
            os.remove(target)
