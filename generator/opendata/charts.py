"""Bar charts drawn at build time as inline SVG: no JavaScript, nothing fetched.

A chart is an image to a screen reader (`role="img"` with a title and a description); the
numbers are read from the table printed right after it, which the description points to.
Text uses the page's colour (`currentColor`), so it reads in light and dark schemes; each
bar also carries its number as text, so no value is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 720
LABEL_WIDTH = 190
VALUE_WIDTH = 48
ROW = 28
BAR = 18
LEGEND = 30
# Colour-blind-safe (Okabe–Ito) fills, one per series (year).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series, stacked left to right


def bar_chart(chart_id: str, title: str, description: str, series: Sequence[str], bars: Sequence[Bar]) -> str:
    """A horizontal, stacked bar chart as an HTML <figure> holding one SVG (one line per
    element, no blank lines, so Markdown passes it through as one raw block)."""
    top = LEGEND if len(series) > 1 else 8
    height = top + ROW * len(bars) + 8
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((sum(b.values) for b in bars), default=0) or 1
    t, d = f"{chart_id}-title", f"{chart_id}-desc"
    out = [
        f'<figure class="jili-chart" id="{chart_id}">',
        (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{t} {d}" '
         f'aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
         f'style="max-width:100%;height:auto" font-size="13" fill="currentColor">'),
        f'<title id="{t}">{escape(title)}</title>',
        f'<desc id="{d}">{escape(description)}</desc>',
    ]
    if len(series) > 1:
        x = LABEL_WIDTH
        for i, name in enumerate(series):
            out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                       f'<text x="{x + 16}" y="18">{escape(name)}</text>')
            x += 24 + 8 * len(name)
    for row, bar in enumerate(bars):
        y = top + row * ROW
        out.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 4}" text-anchor="end">{escape(_short(bar.label))}'
                   f'<title>{escape(bar.label)}</title></text>')
        x = float(LABEL_WIDTH)
        for i, value in enumerate(bar.values):
            if value <= 0:
                continue
            width = plot * value / largest
            name = f"{bar.label}（{series[i]}）：{value}" if len(series) > 1 else f"{bar.label}：{value}"
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" '
                       f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(name)}</title></rect>')
            x += width
        out.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 4}">{sum(bar.values)}</text>')
    out.append("</svg>")
    out.append(f"<figcaption>{escape(title)}（数据见下表）</figcaption>")
    out.append("</figure>")
    return "\n".join(out)


def _short(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
