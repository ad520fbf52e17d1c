"""The salary chart the page server serves at /charts/salary.svg: both roles' ranges and averages, as SVG.

Every figure and label comes from knowledge/article.yml through actions.knowledge_base; nothing is typed here.
`salary_rows()` is the chart's input, `salary_svg()` draws it (plain SVG: no plotting library, text stays text).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import List

from actions.answers import money
from actions.charts import salary_figures
from actions.knowledge_base import KnowledgeBase

# Drawn for a chat bubble about 320 px wide: few, large labels.
WIDTH, HEIGHT = 480, 300
LEFT, RIGHT = 24, 24  # margins around the plot area
TOP = 92  # first row's bar
ROW_GAP = 88
BAR = 22
COLOURS = ("#2f6fdb", "#e07b24")  # one per role, in ROLE_IDS order


@dataclass(frozen=True)
class Row:
    title: str
    low: int
    average: int
    high: int


def salary_rows(kb: KnowledgeBase) -> List[Row]:
    """The chart's input: one row per role, with the knowledge file's figures."""
    return [
        Row(kb.roles[role_id].title, figures["low"], figures["average"], figures["high"])
        for role_id, figures in salary_figures(kb).items()
    ]


def nice_step(span: float, ticks: int = 6) -> int:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `span`."""
    raw = max(span, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 13, weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}">'
        f"{escape(text)}</text>"
    )


def salary_svg(kb: KnowledgeBase) -> str:
    """Both roles' salary ranges (bars) and averages (markers), with every figure written out."""
    rows = salary_rows(kb)
    facts = kb.raw["salary"]
    step = nice_step(max(r.high for r in rows), ticks=3)
    axis_max = step * math.ceil(max(r.high for r in rows) / step)
    plot_width = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + plot_width * value / axis_max

    title = f"Salaries in {facts['region']} ({facts['period']})"
    legend = f"bar: {facts['range_word']} · line: {facts['average_word']}"
    axis_y = TOP + ROW_GAP * (len(rows) - 1) + BAR + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(LEFT, 28, title, "start", 20, "bold"),
        _text(LEFT, 50, legend, "start", 14),
    ]
    parts.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="#9aa1ab"/>')
    for tick in range(0, axis_max + 1, step):
        anchor = "start" if tick == 0 else "end" if tick == axis_max else "middle"
        parts.append(f'<line x1="{x(tick):.1f}" y1="{axis_y}" x2="{x(tick):.1f}" y2="{axis_y + 5}" stroke="#9aa1ab"/>')
        parts.append(_text(x(tick), axis_y + 21, money(kb, tick), anchor, 14))
    for index, row in enumerate(rows):
        y = TOP + ROW_GAP * index
        colour = COLOURS[index % len(COLOURS)]
        parts += [
            _text(LEFT, y - 10, f"{row.title}: {facts['average_word']} {money(kb, row.average)}", "start", 17, "bold"),
            f'<rect x="{x(row.low):.1f}" y="{y}" width="{x(row.high) - x(row.low):.1f}" height="{BAR}" rx="4" '
            f'fill="{colour}" fill-opacity="0.35" stroke="{colour}"/>',
            f'<line x1="{x(row.average):.1f}" y1="{y - 4}" x2="{x(row.average):.1f}" y2="{y + BAR + 4}" '
            f'stroke="{colour}" stroke-width="5"/>',
            _text(x(row.low), y + BAR + 18, money(kb, row.low), "start", 15),
            _text(x(row.high), y + BAR + 18, money(kb, row.high), "end", 15),
        ]
    parts.append(_text(WIDTH - RIGHT, HEIGHT - 10, f"Source: {kb.source['publisher']}", "end", 13))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
