"""The staff report's building blocks: tables and inline SVG bar charts, every chart with a text
alternative and its numbers in a table next to it (bot/insights/html.py puts them together)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

# colours with at least 4.5:1 contrast on white (text labels sit next to them, too)
PALETTE = ("#1f5f8b", "#8a4b08", "#2d6a2d", "#6b3fa0", "#a1264b", "#4d4d4d")


def table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric_from: int | None = None,
    numeric_to: int | None = None,
) -> str:
    """A table; the cells are markup, already escaped. Columns from `numeric_from` (to before
    `numeric_to`) are numbers, aligned right."""

    def cls(i: int) -> str:
        numeric = numeric_from is not None and numeric_from <= i < (numeric_to or len(header))
        return ' class="n"' if numeric else ""

    head = "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return (
        f"<table>\n<caption>{escape(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>\n"
    )


def rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}"/>'
    )


def svg_text(x: float, y: float, text: object, anchor: str = "start", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}">'
        f"{escape(str(text))}</text>"
    )


def svg(width: int, height: int, title: str, parts: list[str]) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">\n'
        f"<title>{escape(title)}</title>\n" + "\n".join(parts) + "\n</svg>\n"
    )


def columns(
    days: Sequence[dt.date], series: dict[str, list[int]], title: str, unit: str = ""
) -> str:
    """Stacked columns, one per day, with a legend; the same numbers are in a table."""
    width, height, left, bottom, top = 720, 220, 40, 28, 10
    base = height - bottom
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    peak = max([*totals, 1])
    step = (width - left - 10) / max(len(days), 1)
    bar = max(step * 0.7, 1)
    scale = (base - top) / peak
    parts = [
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#4d4d4d"/>',
        svg_text(left - 6, top + 8, f"{peak}{unit}", "end", 11),
        svg_text(left - 6, base, "0", "end", 11),
    ]
    label_every = 1 if len(days) <= 14 else max(len(days) // 10, 1)
    for i, day in enumerate(days):
        x, y = left + i * step + (step - bar) / 2, float(base)
        for colour, values in zip(PALETTE, series.values()):
            if values[i] > 0:
                y -= values[i] * scale
                parts.append(rect(x, y, bar, values[i] * scale, colour))
        if i % label_every == 0:
            parts.append(svg_text(x + bar / 2, base + 14, f"{day:%d %b}", "middle", 10))
    for j, (name, colour) in enumerate(zip(series, PALETTE)):
        parts += [
            rect(left + j * 140, height + 8, 12, 12, colour),
            svg_text(left + j * 140 + 16, height + 18, name),
        ]
    return svg(width, height + 24, title, parts)


def bars(items: Sequence[tuple[str, int]], title: str) -> str:
    """Horizontal bars with their labels and numbers."""
    row, label_width, width = 22, 190, 720
    peak = max([*(n for _, n in items), 1])
    parts = []
    for i, (label, n) in enumerate(items):
        y = i * row + 4
        length = (width - label_width - 60) * n / peak
        parts += [
            svg_text(label_width - 6, y + 14, label, "end"),
            rect(label_width, y, length, 16, PALETTE[0]),
            svg_text(label_width + length + 4, y + 13, n),
        ]
    return svg(width, row * len(items) + 6, title, parts)
