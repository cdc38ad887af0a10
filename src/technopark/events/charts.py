"""Charts for event pages as SVG text (matplotlib, Agg backend, no pyplot global state).

Horizontal bars: long Russian municipality names stay readable on a phone when they sit on
their own line above the bar instead of being squeezed under a vertical one."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")

from matplotlib import rcParams  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

BAR = "#0b63b6"
INK = "#1d2733"
MUTED = "#5b6776"


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    # Text stays text in the SVG: sharp at any zoom, and the browser's fonts draw Cyrillic.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", transparent=True)
    svg = buffer.getvalue()
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def bar_chart(rows: list[tuple[str, int]], *, title: str = "", unit: str = "") -> str:
    """Labelled horizontal bars, largest first as given; returns an inline <svg> element."""
    rows = rows or []
    height = 0.7 + 0.62 * max(len(rows), 1)
    # About phone width at 100 %: 13 pt labels stay readable on a 390 px screen.
    figure = Figure(figsize=(4.8, height), dpi=100)
    axes = figure.add_subplot()
    font = {"family": rcParams["font.sans-serif"][:1] + ["DejaVu Sans"], "size": 13}
    labels = [textwrap.shorten(str(label), width=48, placeholder="…") for label, _ in rows]
    values = [value for _, value in rows]
    positions = list(range(len(rows)))[::-1]
    axes.barh(positions, values, height=0.36, color=BAR)
    top = max(values, default=0) or 1
    for y, label, value in zip(positions, labels, values, strict=True):
        axes.text(0, y + 0.27, label, va="bottom", ha="left", color=INK, fontdict=font)
        axes.text(
            value + top * 0.01,
            y,
            f"{value}{unit}",
            va="center",
            ha="left",
            color=INK,
            fontdict={**font, "weight": "bold"},
        )
    axes.set_xlim(0, top * 1.12)
    axes.set_ylim(-0.5, len(rows) - 0.2 if rows else 0.5)
    axes.axis("off")
    if title:
        axes.set_title(title, loc="left", color=MUTED, fontdict={**font, "size": 11})
    return _svg(figure)
