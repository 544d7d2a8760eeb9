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

FONT = 14  # px: the chart is never scaled, so its labels are this size on a phone too
ROW = 46  # px per bar: its label on one line, the bar below it
BAR = 16
LEGEND = 30
PLOT = 85.0  # % of the width the longest bar takes; the rest holds its number
# Colour-blind-safe (Okabe–Ito) fills, one per series (year).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series, stacked left to right


def bar_chart(chart_id: str, title: str, description: str, series: Sequence[str], bars: Sequence[Bar]) -> str:
    """A horizontal, stacked bar chart as an HTML <figure> holding one SVG (one line per
    element, no blank lines, so Markdown passes it through as one raw block).

    The SVG is as wide as the page and not scaled: bar lengths are percentages of its width,
    text is set in pixels, each bar's label on its own line above it. So a phone shows the same
    14 px labels as a desktop (a scaled 720-unit drawing made them about 5 px tall at 390 px)."""
    top = LEGEND if len(series) > 1 else 4
    height = top + ROW * len(bars) + 4
    largest = max((sum(b.values) for b in bars), default=0) or 1
    t, d = f"{chart_id}-title", f"{chart_id}-desc"
    out = [
        f'<figure class="jili-chart" id="{chart_id}">',
        (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{t} {d}" '
         f'aria-label="{escape(title)}" width="100%" height="{height}" '
         f'font-size="{FONT}" fill="currentColor">'),
        f'<title id="{t}">{escape(title)}</title>',
        f'<desc id="{d}">{escape(description)}</desc>',
    ]
    if len(series) > 1:
        x = 0
        for i, name in enumerate(series):
            out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                       f'<text x="{x + 16}" y="17">{escape(name)}</text>')
            x += 28 + FONT * len(name)
    for row, bar in enumerate(bars):
        y = top + row * ROW
        out.append(f'<text x="0" y="{y + FONT + 2}">{escape(bar.label)}</text>')
        x = 0.0
        for i, value in enumerate(bar.values):
            if value <= 0:
                continue
            width = PLOT * value / largest
            name = f"{bar.label}（{series[i]}）：{value}" if len(series) > 1 else f"{bar.label}：{value}"
            out.append(f'<rect x="{x:.2f}%" y="{y + FONT + 8}" width="{width:.2f}%" height="{BAR}" '
                       f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(name)}</title></rect>')
            x += width
        out.append(f'<text x="{x:.2f}%" dx="6" y="{y + FONT + 8 + BAR - 3}">{sum(bar.values)}</text>')
    out.append("</svg>")
    out.append(f"<figcaption>{escape(title)}（数据见下表）</figcaption>")
    out.append("</figure>")
    return "\n".join(out)
