"""The insights page's charts: labelled horizontal bars as plain SVG, in the style of web/charts.py's salary chart.

Why SVG by hand: no plotting library to install or keep, text stays text (searchable, readable by screen readers
through the <title> and the labels), and the page stays within its Content-Security-Policy (inline SVG, no script).
"""

from __future__ import annotations

from html import escape
from typing import List, Sequence, Tuple

WIDTH = 600
LEFT = 210  # labels column
RIGHT = 70  # figures column
ROW = 28
BAR = 18
TOP = 44
COLOURS = ("#2f6fdb", "#e07b24", "#3a9d5d", "#b8436b", "#7a5cc4", "#8c8c2b", "#5f6b7a")


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 13, weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}">'
        f"{escape(text)}</text>"
    )


def _short(label: str, limit: int = 25) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bars(title: str, rows: Sequence[Tuple[str, int]], total: int | None = None, colour: str | None = None) -> str:
    """One bar per (label, count), longest = the largest count; with `total`, each figure also as a share."""
    rows = list(rows)
    height = TOP + ROW * max(len(rows), 1) + 16
    biggest = max((count for _, count in rows), default=0) or 1
    plot = WIDTH - LEFT - RIGHT
    summary = "; ".join(f"{label}: {count}" for label, count in rows) or "no data"
    parts: List[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{escape(title)}: {escape(summary)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _text(8, 24, title, "start", 16, "bold"),
    ]
    if not rows:
        parts.append(_text(8, TOP + 14, "Nothing in this period.", "start", 13))
    for index, (label, count) in enumerate(rows):
        y = TOP + ROW * index
        fill = colour or COLOURS[index % len(COLOURS)]
        width = plot * count / biggest
        figure = f"{count}" if not total else f"{count} ({100 * count / total:.0f}%)"
        parts += [
            _text(LEFT - 8, y + BAR - 4, _short(label), "end", 13),
            f'<rect x="{LEFT}" y="{y}" width="{max(width, 1):.1f}" height="{BAR}" rx="3" fill="{fill}"/>',
            _text(LEFT + width + 6, y + BAR - 4, figure, "start", 13),
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
