"""The four report charts, drawn once by matplotlib and saved as SVG (pages, PDF) or PNG (DOCX).

Agg backend and the object API only (no pyplot state shared between requests); DejaVu Sans is
shipped inside matplotlib, so Cyrillic labels need neither network fonts nor system fonts.
An empty data set draws an honest "no data" note instead of blank axes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import textwrap
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from django.utils.dates import MONTHS_3  # noqa: E402
from django.utils.translation import get_language  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

INK = "#1d2733"
MUTED = "#5b6776"
GRID = "#d8dee6"
PALETTE = ("#0b63b6", "#e07b00", "#1a7f37", "#8a3ffc", "#b42318", "#5b6776")
FONT = {"font.family": "DejaVu Sans", "font.size": 10, "svg.fonttype": "none"}
WIDTH = 7.0  # inches: 17.8 cm, the text width of an A4 page with usual margins
PAGE_WIDTH = 5.0  # inches, for web pages: the labels stay readable when a phone shrinks it
MAX_BARS = 12
CACHE_SECONDS = 15 * 60  # the same figures draw the same chart: dashboards reload for free


def _figure(rows: int = 4, width: float = WIDTH) -> Figure:
    # A fixed width and constrained layout (not a tight bounding box): every chart keeps the
    # same size and font scale when a document stretches it to the text width.
    return Figure(
        figsize=(width, min(1.4 + 0.42 * max(rows, 1), 9.0)), dpi=100, layout="constrained"
    )


def _short(text: str, width: int = 46, figure_width: float = WIDTH) -> str:
    chars = int(width * figure_width / WIDTH)
    return textwrap.shorten(str(text), width=chars, placeholder="…")


def _no_data(figure: Figure, title: str) -> Figure:
    axes = figure.add_subplot()
    axes.axis("off")
    _title(figure, title)
    axes.text(0.5, 0.5, _("Нет данных за выбранный период"), ha="center", va="center",
              color=MUTED, transform=axes.transAxes)  # fmt: skip
    return figure


def _title(figure: Figure, title: str) -> None:
    # A narrow (page) chart wraps a long title instead of cutting it at the right edge.
    chars = int(62 * figure.get_figwidth() / WIDTH)
    figure.suptitle(
        textwrap.fill(title, width=chars), x=0.01, ha="left", color=INK, fontweight="bold"
    )


def _style(axes, title: str) -> None:
    # The title starts at the figure's left edge: above long bar labels, not cut at the right.
    _title(axes.figure, title)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(GRID)
    axes.spines["bottom"].set_color(GRID)
    axes.tick_params(colors=INK)


def _months(report: dict) -> list[dt.date]:
    start = dt.date.fromisoformat(report["period"]["from"]).replace(day=1)
    end = dt.date.fromisoformat(report["period"]["to"])
    months = []
    while start <= end and len(months) < 120:  # ten years at most
        months.append(start)
        start = (start + dt.timedelta(days=32)).replace(day=1)
    return months


def events_by_month(report: dict, width: float = WIDTH) -> Figure:
    """Held events per month of the period, stacked by format."""
    title = _("Мероприятия по месяцам и формам проведения")
    events = [e for e in report.get("events", []) if e.get("date")]
    months = _months(report)
    if not events or not months:
        return _no_data(_figure(width=width), title)
    formats = sorted({e["format"] for e in events})
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    counts = {f: [0] * len(months) for f in formats}
    for event in events:
        day = dt.date.fromisoformat(event["date"][:10])
        if (day.year, day.month) in index:
            counts[event["format"]][index[(day.year, day.month)]] += 1
    figure = Figure(figsize=(width, 3.4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    bottom = [0] * len(months)
    for colour, fmt in zip(PALETTE, formats, strict=False):
        axes.bar(range(len(months)), counts[fmt], bottom=bottom, color=colour, label=fmt,
                 width=0.7)  # fmt: skip
        bottom = [a + b for a, b in zip(bottom, counts[fmt], strict=True)]
    several_years = months[0].year != months[-1].year
    # Beyond a year only each quarter is named, or the labels would run into each other.
    named = (1, 4, 7, 10) if len(months) <= 36 else (1,)
    labels = [
        ""
        if len(months) > 12 and m.month not in named
        else f"{MONTHS_3[m.month]}\n{m.year}"
        if several_years and (i == 0 or m.month == 1)
        else str(MONTHS_3[m.month])
        for i, m in enumerate(months)
    ]
    axes.set_xticks(range(len(months)), labels, fontsize=9)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylabel(_("мероприятий"), color=MUTED)
    axes.legend(frameon=False, loc="upper left", fontsize=9)
    axes.set_ylim(0, max(bottom) * 1.35 + 0.5)
    _style(axes, title)
    return figure


def _barh(figure: Figure, title: str, rows: list[tuple[str, int]], colour: str) -> Figure:
    width = figure.get_figwidth()
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    values = [value for _, value in rows]
    axes.barh(positions, values, color=colour, height=0.6)
    axes.set_yticks(positions, [_short(label, figure_width=width) for label, _ in rows])
    top = max(values, default=0) or 1
    for y, value in zip(positions, values, strict=True):
        axes.text(value + top * 0.01, y, str(value), va="center", color=INK, fontweight="bold")
    axes.set_xlim(0, top * 1.12)
    axes.xaxis.get_major_locator().set_params(integer=True)
    _style(axes, title)
    return figure


def participants_by_municipality(report: dict, width: float = WIDTH) -> Figure:
    """Participants per municipality, the largest first; the tail is summed as «другие»."""
    title = _("Участники по муниципалитетам")
    rows = [(r["name"], r["participants"]) for r in report.get("municipalities", [])]
    if not rows:
        return _no_data(_figure(width=width), title)
    if len(rows) > MAX_BARS:
        rest = sum(value for _, value in rows[MAX_BARS - 1 :])
        rows = rows[: MAX_BARS - 1] + [(_("другие территории"), rest)]
    return _barh(_figure(len(rows), width), title, rows, PALETTE[0])


def registrations_vs_views(report: dict, width: float = WIDTH) -> Figure:
    """Registrations and stream views side by side for each event (views are not people)."""
    title = _("Регистрации и просмотры трансляции по мероприятиям")
    events = report.get("events", [])[:MAX_BARS]
    if not events:
        return _no_data(_figure(width=width), title)
    figure = _figure(len(events) * 2, width)
    axes = figure.add_subplot()
    positions = list(range(len(events)))[::-1]
    regs = [e["registrations"] for e in events]
    views = [e["stream_views"] for e in events]
    axes.barh([p + 0.18 for p in positions], regs, height=0.36, color=PALETTE[0],
              label=_("зарегистрировано"))  # fmt: skip
    axes.barh([p - 0.18 for p in positions], views, height=0.36, color=PALETTE[1],
              label=_("просмотров трансляции"))  # fmt: skip
    top = max(regs + views, default=0) or 1
    for p, r, v in zip(positions, regs, views, strict=True):
        axes.text(r + top * 0.01, p + 0.18, str(r), va="center", fontsize=9, color=INK)
        axes.text(v + top * 0.01, p - 0.18, str(v), va="center", fontsize=9, color=INK)
    axes.set_yticks(positions, [_short(e["title"], 40, width) for e in events])
    axes.set_xlim(0, top * 1.15)
    axes.legend(frameon=False, loc="lower right", fontsize=9)
    _style(axes, title)
    return figure


def works_by_nomination(report: dict, width: float = WIDTH) -> Figure:
    """Contest works per nomination (the contest's name is added when there are several)."""
    title = _("Конкурсные работы по номинациям")
    contests = report.get("contests", [])
    rows = []
    for contest in contests:
        prefix = f"{_short(contest['title'], 20, width)}: " if len(contests) > 1 else ""
        rows += [(prefix + n["name"], n["works"]) for n in contest.get("nominations", [])]
    if not rows:
        return _no_data(_figure(width=width), title)
    return _barh(_figure(len(rows[:MAX_BARS]), width), title, rows[:MAX_BARS], PALETTE[2])


CHARTS: dict[str, Callable[[dict, float], Figure]] = {
    "events_by_month": events_by_month,
    "participants_by_municipality": participants_by_municipality,
    "registrations_vs_views": registrations_vs_views,
    "works_by_nomination": works_by_nomination,
}


def _save(figure: Figure, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(FONT):
        figure.savefig(buffer, format=fmt, facecolor="white", **options)
    return buffer.getvalue()


def _draw(name: str, report: dict, width: float = WIDTH) -> Figure:
    # rc_context must wrap the drawing too: fonts are chosen when text artists are created.
    with matplotlib.rc_context(FONT):
        return CHARTS[name](report, width)


# What each chart reads from the report (keep in step with the functions above): the cache key
# is a digest of these alone, not of the whole report, whose thousands of event rows with their
# summaries and questions would cost tens of milliseconds to serialise for every chart.
INPUTS: dict[str, Callable[[dict], object]] = {
    "events_by_month": lambda r: [
        r.get("period"),
        [(e.get("date"), e.get("format")) for e in r.get("events", [])],
    ],
    "participants_by_municipality": lambda r: r.get("municipalities", []),
    "registrations_vs_views": lambda r: [
        (e.get("title"), e.get("registrations"), e.get("stream_views"))
        for e in r.get("events", [])[:MAX_BARS]
    ],
    "works_by_nomination": lambda r: [
        (c.get("title"), c.get("nominations", [])) for c in r.get("contests", [])
    ],
}


def _cached(fmt: str, name: str, report: dict, width: float, draw: Callable[[], bytes | str]):
    """A chart depends only on the report's figures it draws, its size and the language: the
    digest of those names it in the cache, so a changed figure can never show a stale picture."""
    data = INPUTS[name](report)
    source = json.dumps([fmt, name, width, get_language(), data], sort_keys=True, default=str)
    key = "reports:chart:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    value = cache.get(key)
    if value is None:
        value = draw()
        cache.set(key, value, CACHE_SECONDS)
    return value


def chart_svg(name: str, report: dict, *, width: float = WIDTH) -> str:
    """One chart as an inline <svg> element (text stays text: sharp and searchable)."""

    def draw() -> str:
        svg = _save(_draw(name, report, width), "svg").decode("utf-8")
        start = svg.find("<svg")
        return svg[start:] if start >= 0 else svg

    return _cached("svg", name, report, width, draw)


def chart_png(name: str, report: dict, *, dpi: int = 150) -> bytes:
    """One chart as PNG bytes for the DOCX."""
    return _cached(
        f"png{dpi}", name, report, WIDTH, lambda: _save(_draw(name, report), "png", dpi=dpi)
    )


def all_svg(report: dict, *, width: float = WIDTH) -> dict[str, str]:
    return {name: chart_svg(name, report, width=width) for name in CHARTS}
