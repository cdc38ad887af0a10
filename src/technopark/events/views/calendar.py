"""The public calendar: a month grid or a list, filtered by kind, format and audience."""

from __future__ import annotations

import calendar as calendar_module
import hashlib
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.vary import vary_on_headers

from technopark.core.permissions import declare, rules

from ..forms import CalendarFilterForm
from ..models import Event, Format
from ..selectors import PUBLIC_STATUSES, filter_events
from .public_helpers import event_zone


def _month_start(value: date | None) -> date:
    today = timezone.localdate()
    value = value or today
    return date(value.year, value.month, 1)


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def public_events(filters: dict):
    """Published and held events only: the calendar is the same for everyone."""
    kind = filters.get("kind")
    return filter_events(
        Event.objects.filter(status__in=PUBLIC_STATUSES).select_related("kind", "venue"),
        kind=kind.code if kind else "",
        format=filters.get("format") or "",
        audience=filters.get("audience") or "",
    )


# A region may hold hundreds of events a month (the benchmark: ~480). The grid shows a few per
# day with "ещё N", the list under it the first ones with a link to the whole month as a
# paginated list; rendering every event twice cost ~0.6 s a page (benchmarks/README.md).
DAY_LIMIT = 3
LIST_LIMIT = 20
GRID_FIELDS = ("pk", "title", "format", "starts_at", "ends_at", "time_zone")


def _days_of(row: dict, first: date, following: date, zones: dict):
    """The days of this month an event covers: a several-day one (a camp, a course) shows on
    each of them."""
    zone = zones.get(row["time_zone"])
    if zone is None:
        zone = zones[row["time_zone"]] = event_zone(Event(time_zone=row["time_zone"]))
    day = timezone.localtime(row["starts_at"], zone).date()
    last = timezone.localtime(row["ends_at"] - timedelta(seconds=1), zone).date()
    day = max(day, first)
    while day <= last and day < following:
        yield day
        day += timedelta(days=1)


def _detail_url():
    """The event page's URL with a slot for the id: one reverse() per page, not per link."""
    return reverse("events:detail", args=[0]).replace("/0/", "/{}/")


def _in_order(events, pks: list[int]) -> list[Event]:
    """Whole events (with kind and venue) for these ids, in this order, with what the list
    item shows worked out here (labels, local start, link) — the template's per-item choice
    look-ups and {% timezone %} blocks were most of the list's rendering time."""
    found = events.in_bulk(pks) if pks else {}
    formats = dict(Format.choices)
    held = Event.Status.HELD.label
    url = _detail_url()
    zones: dict = {}
    ordered = []
    for pk in pks:
        event = found.get(pk)
        if event is None:
            continue
        zone = zones.get(event.time_zone) or zones.setdefault(event.time_zone, event_zone(event))
        # Naive on purpose: the template must show the event's own wall-clock time.
        event.local_starts = timezone.localtime(event.starts_at, zone).replace(tzinfo=None)
        event.format_label = formats.get(event.format, event.format)
        event.held_label = held if event.status == Event.Status.HELD else ""
        event.href = url.format(event.pk)
        ordered.append(event)
    return ordered


def _page(events, ordered, number):
    """One page of the list: the ids are paged and sorted on the index alone, then only the
    twenty events of the page are read whole (sorting whole rows cost ~40 ms at 20,000)."""
    page = Paginator(ordered.values_list("pk", flat=True), LIST_LIMIT).get_page(number)
    page.object_list = _in_order(events, list(page.object_list))
    return page


def _month(events, first: date, start: datetime, end: datetime) -> dict:
    in_month = events.filter(starts_at__lt=end, ends_at__gte=start).order_by()
    # The grid needs six columns of each event, not model objects with their kind and venue.
    # Sorted here: asked to sort, the databases walk the start-time index over every earlier
    # event instead of the index that finds the month's few hundred (SQLite: 40 ms → 4 ms).
    rows = sorted(in_month.values(*GRID_FIELDS), key=lambda row: (row["starts_at"], row["pk"]))
    following = _shift_month(first, 1)
    by_day: dict[date, list[dict]] = {}
    zones: dict = {}
    url = _detail_url()
    for row in rows:
        row["href"] = url.format(row["pk"])
        for day in _days_of(row, first, following, zones):
            by_day.setdefault(day, []).append(row)
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid = []
    for week in weeks:
        cells = []
        for d in week:
            on_day = by_day.get(d, []) if d.month == first.month else []
            cells.append(
                {
                    "day": d,
                    "in_month": d.month == first.month,
                    "events": on_day[:DAY_LIMIT],
                    "more": max(len(on_day) - DAY_LIMIT, 0),
                }
            )
        grid.append(cells)
    context = {
        "weeks": grid,
        "month_events": _in_order(events, [row["pk"] for row in rows[:LIST_LIMIT]]),
        "month_count": len(rows),
    }
    if not rows:
        # An empty month should not be a dead end: offer the next event that fits.
        context["next_event"] = events.filter(starts_at__gte=end).order_by("starts_at").first()
    return context


def cache_seconds() -> int:
    """How long a month of the calendar is kept once drawn (0: not at all)."""
    return int(getattr(settings, "EVENTS_CALENDAR_CACHE_SECONDS", 300))


def calendar_version() -> str:
    """Changes whenever an event is created or edited (published, moved, renamed, held …):
    the newest `updated_at` of all events, one look-up in its index. A month drawn before
    that is not used again. (What it does not see — an event deleted in the admin, a kind or
    a venue renamed — shows after cache_seconds() at most.)"""
    newest = Event.objects.aggregate(newest=Max("updated_at"))["newest"]
    return newest.isoformat() if newest else ""


def _month_body(request, filters, context: dict, first: date, start, end) -> str:
    """The month (navigation, grid and list) as HTML, drawn once per month, filters, language
    and day, and kept until an event changes. At region scale a month holds hundreds of events
    and drawing it is most of the page's time; the same month is asked for all day long."""
    seconds, key = cache_seconds(), None
    if seconds > 0:
        kind = filters.get("kind")
        parts = [
            first.isoformat(),
            kind.code if kind else "",
            filters.get("format") or "",
            filters.get("audience") or "",
            get_language() or "",
            timezone.localdate().isoformat(),
            "htmx" if request.htmx else "",
            calendar_version(),
        ]
        key = "events:calendar:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
        if (body := cache.get(key)) is not None:
            return mark_safe(body)  # noqa: S308 - our own template's output, escaped when drawn
    context.update(_month(public_events(filters), first, start, end))
    body = render_to_string("events/public/_calendar_body.html", context, request)
    if key:
        cache.set(key, str(body), seconds)
    return body


@declare(rules.public)
@vary_on_headers("HX-Request")
def calendar(request):
    form = CalendarFilterForm(request.GET or None)
    filters = form.filters()
    first = _month_start(filters["month"])
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(_shift_month(first, 1), time.min, tzinfo=zone)
    events = public_events(filters)
    context = {
        "form": form,
        "filters": filters,
        "view": filters["view"],
        "month": first,
        "previous": _shift_month(first, -1),
        "next": _shift_month(first, 1),
        "today": timezone.localdate(),
    }
    if filters["view"] == "list":
        # From the chosen day ("ещё 12" in a day of the month grid) or from the month's start.
        since = start
        if filters.get("day"):
            since = datetime.combine(filters["day"], time.min, tzinfo=zone)
            context["day"] = filters["day"]
        upcoming = events.filter(ends_at__gte=since).order_by("starts_at", "pk")
        context["page"] = _page(events, upcoming, request.GET.get("page"))
    else:
        body = _month_body(request, filters, context, first, start, end)
        if request.htmx and not request.htmx.history_restore_request:
            return HttpResponse(body)
        return render(request, "events/public/calendar.html", {**context, "body": body})
    template = "events/public/calendar.html"
    if request.htmx and not request.htmx.history_restore_request:
        template = "events/public/_calendar_body.html"
    return render(request, template, context)
