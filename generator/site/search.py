"""Chinese search that finds and marks whole words: what the site adds to mkdocs-material's.

Material indexes each page with jieba (words joined by zero-width spaces) and, in the browser,
cuts a Chinese query into the longest words the index holds. Three things are set right here,
each as small as it can be:

* **Names are words.** jieba does not know 龙都街道 or most township names and cuts them into
  single characters, which a query then cannot match whole. Every 区县 and township name (and
  their short forms) of the registry is added to jieba as a word (`add_names`), beside
  `userdict.txt`, which splits compounds a reader searches by their parts.
* **The query is cut into whole words.** Material's query segmenter
  (`integrations/search/query/segment`) never tries the last character of a query: 营商环境
  became 营商 + 环 and 两江新区 two stray pieces, so only parts of a word were marked. The
  worker the site serves is material's own with that bound corrected (`patch_worker`); the
  build stops if material's code no longer reads as expected, rather than ship search broken.
* **Excerpts read as sentences.** A table's cells, indexed as one run of text, make an excerpt
  of bare numbers ("1 奉节县 区县 是 是 申报材料 …"); tables of generated pages are left out of
  the index (`data-search-exclude`). Every page states its answer in a sentence above its
  tables (who was awarded, which townships applied), so the names stay searchable.

* **The index is small enough for a phone.** A reader's browser downloads the whole index on
  the first search. Material writes it with every Chinese character and every zero-width
  space as a six-byte escape (`\\u5173`); `write_index` writes it as UTF-8 (three bytes
  each), and pages that grow with the repository keep their long parts out (records and
  listing tables; an experience's full text is indexed on the experiences page only).

Ranking (measures, regions and experiences above departments for a topic word) is each
page's `search.boost` (see `header`); the zero-width spaces of the index are removed from
what the reader sees and copies by `assets/reading.js`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..pagetext import UNSEARCHED_END, UNSEARCHED_START
from ..snapshot import Snapshot

#: material's worker, where it bounds the query segmenter: `for(let o=s+1;o<t.length;o++)t.slice(s,o)in e`
#: (the longest word starting at s, never reaching the query's end) and `a<t.length-1` (a last
#: one-character word is dropped). Variable names are the minifier's; only the bounds change.
_SEGMENT_LOOP = re.compile(r"(for\(let (\w+)=(\w+)\+1;\2)<(\w+\.length;\2\+\+\)\w+\.slice\(\3,\2\)in )")
_SEGMENT_TAIL = re.compile(r"(&&(\w+)<\w+\.length)-1(&&\(\w+\[\w+\+\+\]=\2\))")

WORKER_PREFIX = "assets/javascripts/workers/search."


class WorkerChanged(Exception):
    """mkdocs-material's search worker is not the code the patch was written for."""


def patch_worker(source: str) -> str:
    """Material's search worker with its query segmenter trying every word up to the query's
    end (raises WorkerChanged if the code is not found exactly once)."""
    patched, loops = _SEGMENT_LOOP.subn(r"\1<=\4", source)
    patched, tails = _SEGMENT_TAIL.subn(r"\1\3", patched)
    if loops != 1 or tails != 1:
        raise WorkerChanged(f"搜索程序与预期不符（循环 {loops} 处，结尾 {tails} 处）")
    return patched


def names(snapshot: Snapshot) -> list[str]:
    """Every 区县 and township name of the registry, with their short and former names."""
    found: set[str] = set()
    registry = snapshot.registry
    for region in registry.regions.values():
        found.update((region.name, *region.aliases, *(h.name for h in region.history)))
    for listing in registry.townships.values():
        found.update(t.name for t in listing.townships)
    return sorted(n for n in found if n and " " not in n)


def add_names(snapshot: Snapshot) -> list[str]:
    """Teach jieba (the process's one dictionary, which material's search plugin uses) every
    registry name as a word, with the least frequency that keeps it whole; returns the names
    added. A name jieba already knows is left alone, so a second build in the same process
    segments exactly as the first did (adding a word again would raise jieba's total count and
    change how every other text is cut)."""
    import jieba

    jieba.dt.check_initialized()
    added = []
    for name in names(snapshot):
        if jieba.dt.FREQ.get(name):
            continue
        jieba.add_word(name, max(jieba.suggest_freq(name), 1))
        added.append(name)
    return added


_TABLE = re.compile(r"<table(?=[\s>])")
_SKIPPED = re.compile(re.escape(UNSEARCHED_START) + r"\n?(.*?)" + re.escape(UNSEARCHED_END) + r"\n?", re.DOTALL)
# the blocks and headings the search plugin reads as sections and text (not inline elements)
_BLOCK = re.compile(r"<(h[1-6]|p|ul|ol|dl|div|table|blockquote|pre)(?=[\s>])(?![^>]*\bdata-search-exclude\b)")


def without_tables(html: str) -> str:
    """A page's HTML with its tables, and what the generator marked `unsearched`, kept out of
    the search index (`data-search-exclude`); the markers themselves are removed."""
    html = _SKIPPED.sub(lambda m: _BLOCK.sub(r"<\1 data-search-exclude", m.group(1)), html)
    return _TABLE.sub("<table data-search-exclude", html)


def write_index(path: Path, data: dict) -> int:
    """Write the search index `data` at `path` as compact UTF-8 JSON; returns its size in bytes.

    Material writes every Chinese character and zero-width space as a six-byte escape; as
    UTF-8 each takes three. U+2028 and U+2029 stay escaped: the offline plugin inlines the
    index into a script, and older JavaScript engines end a string literal at them."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    content = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")
    path.write_bytes(content)
    return len(content)
