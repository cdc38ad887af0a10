"""The public calendar: a month grid or a list, filtered by kind, format and audience."""

from __future__ import annotations

import calendar as calendar_module
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from technopark.core.permissions import declare, rules

from ..forms import CalendarFilterForm
from ..models import Event
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
        upcoming = events.filter(ends_at__gte=start).order_by("starts_at", "pk")
        context["page"] = Paginator(upcoming, 20).get_page(request.GET.get("page"))
    else:
        in_month = list(events.filter(starts_at__lt=end, ends_at__gte=start).order_by("starts_at"))
        by_day: dict[date, list[Event]] = {}
        for event in in_month:
            day = timezone.localtime(event.starts_at, event_zone(event)).date()
            last = timezone.localtime(event.ends_at - timedelta(seconds=1), event_zone(event))
            # A several-day event (a camp, a course) shows on each of its days in this month.
            while day <= last.date() and day < _shift_month(first, 1):
                if day >= first:
                    by_day.setdefault(day, []).append(event)
                day += timedelta(days=1)
        weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        context["weeks"] = [
            [{"day": d, "in_month": d.month == first.month, "events": by_day.get(d, [])} for d in w]
            for w in weeks
        ]
        context["month_events"] = in_month
        if not in_month:
            # An empty month should not be a dead end: offer the next event that fits.
            context["next_event"] = events.filter(starts_at__gte=end).order_by("starts_at").first()
    template = "events/public/calendar.html"
    if request.htmx and not request.htmx.history_restore_request:
        template = "events/public/_calendar_body.html"
    return render(request, template, context)
