"""Putting data into Markdown safely: plain fields escaped, rich text rendered and sanitised.

Anyone can open a pull request, and what it contains ends up on a government website, so
nothing a data file says may turn into markup:

* plain fields (names, titles, reasons, paths) go through `plain` / `paragraphs`: every
  character Markdown or HTML could read as syntax becomes a numeric character reference,
  so `<script>`, `{{ … }}`, `{% … %}`, `--8<--`, `{ onclick=… }` and `[x](javascript:…)`
  show as the text they are;
* rich text (self-assessments, typical experiences, a notice's preamble) is Markdown: it is
  rendered to HTML by python-markdown, then cleaned by nh3 with an allow-list (no script, no
  event handlers, no attributes but `href`, only http/https links, no images, no relative
  links), and embedded as one raw HTML block, which Markdown passes through untouched.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import urls

# ASCII characters with a meaning inline in Markdown, the extensions the site enables, HTML or
# template languages. Characters that matter only at the start of a line are handled there.
_SPECIAL = "\\`*_{}[]()<>#!|~&"
_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
# A line that Markdown could read as a block (list, heading, rule, quote, table, code fence).
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+*>#=|`~])")


def plain(value: object) -> str:
    """A plain field as inert inline Markdown text (one line)."""
    text = " ".join(str(value).split()) if value is not None else ""
    return _escape_line(text)


def _escape_line(text: str) -> str:
    out = text.translate(_INLINE)
    match = _BLOCK_START.match(out)
    if match:
        if match.group(1):  # "1. " would start an ordered list
            n = len(match.group(1))
            out = out[:n] + f"&#{ord(out[n])};" + out[n + 1:]
        else:
            out = f"&#{ord(out[0])};" + out[1:]
    return out


def paragraphs(value: str | None) -> str:
    """A multi-line plain field as inert Markdown paragraphs (blank lines separate them)."""
    if not value:
        return ""
    blocks = [b for b in re.split(r"\n\s*\n", value.strip()) if b.strip()]
    out = []
    for block in blocks:
        lines = [_escape_line(line.strip()) for line in block.splitlines() if line.strip()]
        out.append("<br>\n".join(lines) if len(lines) > 1 else lines[0])
    return "\n\n".join(out)


def cell(value: object) -> str:
    """A table cell: plain text, or an em dash for nothing."""
    if value is None or value == "" or value == ():
        return "—"
    return plain(value)


# --- rich text ------------------------------------------------------------------------------

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "ul", "ol", "li",
    "blockquote", "code", "pre", "hr", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th",
    "td", "a",
})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https"})
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _demote(match: re.Match[str]) -> str:
    # User headings sit under the page's own h2/h3: shift them to h4..h6.
    return f"<{match.group(1)}h{min(int(match.group(2)) + 3, 6)}"


def sanitise(fragment: str) -> str:
    """Clean an HTML fragment with the allow-list: what survives is inert."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# Chinese characters and the punctuation set with them; a line break between two of them is
# where a clerk wrapped a sentence, and must not show as a space ("区域养老 服务中心").
_WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u2014\u2018\u2019\u201c\u201d\u2026"
_WRAPPED = re.compile(f"(?<=[{_WIDE}])[ \t]*\n[ \t]*(?=[{_WIDE}])")


_INLINE_TAGS = frozenset({"a", "b", "br", "code", "del", "em", "i", "s", "strong", "sub", "sup", "u"})
_EDGE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


class _JoinWrappedChinese(Treeprocessor):
    """Removes a line break between two Chinese characters inside a paragraph: browsers show a
    line break in text as a space, which Chinese does not have. The text of a paragraph is
    split between elements ("养老**服务**\n中心"), so breaks at the edge of a piece are judged by
    the neighbouring pieces; code is left alone."""

    def run(self, root: etree.Element) -> None:
        pieces: list[tuple[etree.Element, str]] = []  # (element, "text" or "tail") in reading order

        def walk(element: etree.Element) -> None:
            if element.tag in ("pre", "code"):
                return
            if element.text:
                pieces.append((element, "text"))
            for child in element:
                walk(child)
                if child.tail and child.tag in _INLINE_TAGS:
                    pieces.append((child, "tail"))

        walk(root)
        for i, (element, attr) in enumerate(pieces):
            text = _WRAPPED.sub("", getattr(element, attr))
            if attr == "tail":  # the character before a tail ends its element's own content
                before = "".join(element.itertext())[-1:]
            else:
                before = getattr(*pieces[i - 1])[-1:] if i > 0 else ""
            if attr == "text" and len(element):  # the text before an element's first child
                after = "".join(element[0].itertext())[:1]
            else:
                after = getattr(*pieces[i + 1])[:1] if i + 1 < len(pieces) else ""
            start = _EDGE_BREAK.match(text)
            if start and start.end() < len(text) and _is_wide(before) and _is_wide(text[start.end()]):
                text = text[start.end():]
            end = re.search(r"[ \t]*\n[ \t]*\Z", text)
            if end and end.start() > 0 and _is_wide(text[end.start() - 1]) and _is_wide(after):
                text = text[:end.start()]
            setattr(element, attr, text)


def _is_wide(ch: str) -> bool:
    return bool(ch) and re.match(f"[{_WIDE}]", ch) is not None


class _ChineseText(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # after inline processing (priority 20), so emphasis and links are already elements
        md.treeprocessors.register(_JoinWrappedChinese(md), "jili_join_wrapped_chinese", 5)


_RENDERER = markdown.Markdown(extensions=["sane_lists", "tables", _ChineseText()], output_format="html")


@functools.lru_cache(maxsize=2048)
def rich_html(source: str | None) -> str:
    """Markdown written by a user, rendered and sanitised to an HTML fragment.

    One renderer is reused (building one costs more than converting a typical text), and a
    text shown on several pages (application, measure, experiences) is rendered once."""
    if not source or not source.strip():
        return ""
    rendered = _RENDERER.reset().convert(source)
    return sanitise(_HEADING.sub(_demote, rendered)).strip()


def rich(source: str | None, *, searchable: bool = True) -> str:
    """Markdown written by a user, as one raw HTML block for a generated page.

    `searchable=False` keeps the text out of the site's search index (material's
    `data-search-exclude`), for a text another page already indexes."""
    fragment = rich_html(source)
    if not fragment:
        return ""
    # A raw block starting at the line start is passed through by Markdown unprocessed; the
    # blank lines around it keep it apart from the page's own Markdown.
    skip = "" if searchable else " data-search-exclude"
    return f'\n<div class="jili-rich"{skip}>\n{fragment}\n</div>\n'


def external_link(url: str, label: str) -> str:
    """A link to a web address given in a data file (already limited to http/https by the
    schema), as sanitised inline HTML."""
    return sanitise(f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>')


# --- structure -------------------------------------------------------------------------------


def link(page: str, target: str, label: object) -> str:
    """A Markdown link from `page` to another page or file of the site."""
    return f"[{plain(label)}]({urls.relative(page, target)})"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped (`cell`, `plain`, `link`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("\n", " ") or "—" for c in row) + " |")
    return "\n".join(lines)


def date(value) -> str:
    """A date as a Chinese reader writes it."""
    if value is None:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日"


DEMO_MARK = "jili-demo-banner"


def demo_banner() -> str:
    """The banner every page of a demo build carries."""
    # kept out of the search index: on every page, it would make every page match its words
    return (f'<div class="{DEMO_MARK}" role="note" data-search-exclude><strong>示例数据</strong>：本站展示的是'
            "用于演示和测试的示例数据，不是真实的申报、推荐或通报。</div>\n\n")


_FRONT_MATTER = re.compile(r"---\n.*?\n---\n", re.DOTALL)
_FIRST_HEADING = re.compile(r"\s*#[^#\n].*\n")


def with_banner(markdown_text: str) -> str:
    """A page that lacks the demo banner, with it added after its front matter and heading
    (where a theme looks for the title)."""
    if DEMO_MARK in markdown_text:
        return markdown_text
    at = 0
    front = _FRONT_MATTER.match(markdown_text)
    if front:
        at = front.end()
    heading = _FIRST_HEADING.match(markdown_text, at)
    if heading:
        at = heading.end()
    return markdown_text[:at] + "\n" + demo_banner() + markdown_text[at:]


def source_line(snapshot, path: str) -> str:
    """'数据文件：…' naming the file a page was built from; a repository link if configured."""
    shown = snapshot.source_of(path)
    address = snapshot.source_link(path)
    if address:
        return f"数据文件：{external_link(address, shown)}"
    return f"数据文件：`{shown}`" if "`" not in shown else f"数据文件：{plain(shown)}"


def header(snapshot, title: str, *, meta_title: bool = True, searchable: bool = True,
           boost: float | None = None, lean: bool = False) -> str:
    """The start of every generated page: the title as front matter (so themes need not dig it
    out of the first heading), the demo banner in a demo build, and the heading.

    `searchable=False` keeps a page out of the search index: one page per application or list
    would make the index grow to tens of megabytes at national scale, a download every reader
    pays for; their awarded experiences are indexed on the measure and experience pages.
    `boost` weighs the page in search results (material's `search.boost`): pages about a topic
    (measures, regions, experiences) above pages that merely name it (departments).
    `lean=True` is for a record page (an application, a recommendation list, a notice): no
    navigation sidebar and no table-of-contents sidebar (material's `hide`), only the header,
    search and the page; there are thousands of them and a reader arrives from a link."""
    flat = " ".join(title.split())
    meta = []
    if meta_title:
        meta.append(f"title: {json.dumps(flat, ensure_ascii=False)}")
    if not searchable:
        meta.append("search:\n  exclude: true")
    elif boost is not None:
        meta.append(f"search:\n  boost: {boost}")
    if lean:
        meta.append("hide:\n  - navigation\n  - toc")
    front = "---\n" + "\n".join(meta) + "\n---\n\n" if meta else ""
    banner = demo_banner() if snapshot.demo else ""
    return f"{front}{banner}# {plain(flat)}\n\n"


#: Markers around Markdown whose HTML stays out of the search index (HTML comments, which any
#: Markdown engine passes through; generator/site/search.py turns them into material's
#: `data-search-exclude` on every block and heading between them).
UNSEARCHED_START, UNSEARCHED_END = "<!-- jili:search-skip -->", "<!-- /jili:search-skip -->"


def unsearched(block: str) -> str:
    """Markdown blocks (headings included) kept out of the site's search index: for text
    another page already indexes, so the index does not carry it twice."""
    return f"\n{UNSEARCHED_START}\n\n{block.strip()}\n\n{UNSEARCHED_END}\n\n"


def back(page: str, target: str, label: str) -> str:
    """The way back from a record page without navigation sidebar: "返回：<list it is in>"."""
    return f"返回：{link(page, target, label)}\n\n"


def nobreak(inline: str) -> str:
    """Inline Markdown that a wide screen keeps on one line (a date, a code, a short name):
    "2022年1月/26日" and "石柱土家族自治/县" read badly. A phone may still wrap it."""
    return f'<span class="jili-nb">{inline}</span>'


def quote(value: str | None) -> str:
    """A multi-line plain field as a Markdown block quote."""
    return "\n".join(f"> {line}" if line else ">" for line in paragraphs(value).split("\n"))
