"""Figures about events: plan against what was held, by kind and format, and one row per event.

Every figure is one grouped SQL query over the whole period; per-event figures come from
queries grouped by event, so the number of queries does not depend on the number of events.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.events.models import DiscussionQuestion, Event, Format

from .. import selectors
from ..scope import Scope


def _kind_label(name: str | None) -> str:
    return name or _("вид не указан")


def format_label(code: str) -> str:
    try:
        return str(Format(code).label)
    except ValueError:
        return code


def plan(scope: Scope, date_from: dt.date, date_to: dt.date) -> list[dict]:
    rows = (
        selectors.plan_items(scope, date_from, date_to)
        .order_by("initiative_id", "position", "planned_for", "pk")
        .values("title", "planned_for", "kind__name", "kind__code", "event_id", "event__status")
    )
    return [
        {
            "title": row["title"],
            "planned_for": row["planned_for"].isoformat(),
            "kind": _kind_label(row["kind__name"]),
            "kind_code": row["kind__code"] or "",
            "held": row["event_id"] is not None and row["event__status"] in selectors.HELD_STATUSES,
            "event_id": row["event_id"],
        }
        for row in rows
    ]


def by_kind_and_format(scope: Scope, date_from: dt.date, date_to: dt.date) -> dict:
    """events_planned, events_held, events_by_kind and events_by_format.

    Planned = the plan items due in the period plus the period's events that realise no plan
    item (they were announced, so they were planned too); held = events held in the period."""
    kinds: dict[str, dict] = {}

    def row(code, name):
        key = code or ""
        if key not in kinds:
            kinds[key] = {"kind": _kind_label(name), "kind_code": key, "planned": 0, "held": 0}
        return kinds[key]

    planned_items = (
        selectors.plan_items(scope, date_from, date_to)
        .values("kind__code", "kind__name", "kind__position")
        .annotate(n=Count("pk"))
    )
    unplanned = (
        selectors.unplanned_events(scope, date_from, date_to)
        .values("kind__code", "kind__name", "kind__position")
        .annotate(n=Count("pk"))
    )
    held = (
        selectors.held_events(scope, date_from, date_to)
        .values("kind__code", "kind__name", "kind__position")
        .annotate(n=Count("pk"))
    )
    order: dict[str, tuple] = {}
    for source, figure in ((planned_items, "planned"), (unplanned, "planned"), (held, "held")):
        for item in source:
            row(item["kind__code"], item["kind__name"])[figure] += item["n"]
            order[item["kind__code"] or ""] = (
                item["kind__position"] if item["kind__position"] is not None else 10_000,
                _kind_label(item["kind__name"]),
            )
    by_kind = sorted(kinds.values(), key=lambda r: order[r["kind_code"]])

    formats = dict(
        selectors.held_events(scope, date_from, date_to)
        .values("format")
        .annotate(n=Count("pk"))
        .values_list("format", "n")
        .order_by()
    )
    by_format = [
        {"format": str(choice.label), "format_code": choice.value, "held": formats.get(choice, 0)}
        for choice in Format
    ]
    return {
        "events_planned": sum(r["planned"] for r in by_kind),
        "events_held": sum(r["held"] for r in by_kind),
        "events_by_kind": by_kind,
        "events_by_format": by_format,
    }


def _local_date(moment: dt.datetime, zone_name: str, zones: dict) -> dt.date:
    zone = zones.get(zone_name)
    if zone is None:
        try:
            zone = zoneinfo.ZoneInfo(zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = timezone.get_current_timezone()
        zones[zone_name] = zone
    return moment.astimezone(zone).date()


def _venue(name: str | None, room: str, address: str) -> str:
    """The venue's (short) name, the room and the address, each once."""
    parts: list[str] = []
    folded: set[str] = set()
    for part in (name, room, address):
        if part and (key := part.casefold()) not in folded:
            folded.add(key)
            parts.append(part)
    return ", ".join(parts)


def event_rows(events: QuerySet[Event], by_event: dict[int, dict]) -> list[dict]:
    """One row per event with its own figures; `by_event` holds the per-event aggregates that
    figures.people.by_event counted (registrations, attendance, municipalities)."""
    ids = events.values("pk")
    streams: dict[int, int] = defaultdict(int)
    sources: dict[int, list[str]] = defaultdict(list)
    for item in (
        selectors.stream_views(ids)
        .values("event_id", "source")
        .annotate(n=Sum("count"))
        .order_by("event_id", "source")
    ):
        streams[item["event_id"]] += item["n"] or 0
        if item["source"]:
            sources[item["event_id"]].append(item["source"])
    feedback = dict(
        selectors.feedback(ids)
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
        .order_by()
    )
    questions: dict[int, list[str]] = defaultdict(list)
    for event_id, text in (
        DiscussionQuestion.objects.filter(event_id__in=ids)
        .order_by("event_id", "position", "pk")
        .values_list("event_id", "text")
    ):
        questions[event_id].append(text)

    zones: dict = {}
    formats = {choice.value: str(choice.label) for choice in Format}  # translated once
    kinds: dict = {}  # kind name -> label, so the fallback is translated once
    held_statuses = frozenset(selectors.HELD_STATUSES)
    empty: dict = {}
    rows = []
    # A tuple per event, not a dict: at region scale there are thousands of events.
    for (
        pk,
        title,
        starts_at,
        time_zone,
        status,
        format_code,
        kind_name,
        kind_code,
        venue_name,
        venue_short_name,
        venue_room,
        venue_address,
        online_platform,
        recording_url,
        summary,
    ) in events.order_by("starts_at", "pk").values_list(
        "id",
        "title",
        "starts_at",
        "time_zone",
        "status",
        "format",
        "kind__name",
        "kind__code",
        "venue__name",
        "venue__short_name",
        "venue_room",
        "venue_address",
        "online_platform",
        "recording_url",
        "summary",
    ):
        regs = by_event.get(pk, empty)
        platforms = [online_platform] if online_platform else []
        for source in sources.get(pk, ()):
            if source not in platforms:
                platforms.append(source)
        if kind_name not in kinds:
            kinds[kind_name] = _kind_label(kind_name)
        rows.append(
            {
                "id": pk,
                "title": title,
                "date": _local_date(starts_at, time_zone, zones).isoformat(),
                "kind": kinds[kind_name],
                "kind_code": kind_code,
                "format": formats.get(format_code, format_code),
                "format_code": format_code,
                "held": status in held_statuses,
                "registrations": regs.get("registrations", 0),
                "stream_views": streams.get(pk, 0),
                "attended": regs.get("attended", 0),
                "attended_in_person": regs.get("in_person", 0),
                "attended_online": regs.get("online", 0),
                "venue": _venue(venue_short_name or venue_name, venue_room, venue_address),
                "platforms": platforms,
                "municipalities": regs.get("municipalities", 0),
                "recording_url": recording_url,
                "questions": questions.get(pk, []),
                "summary": summary,
                "feedback_responses": feedback.get(pk, 0),
            }
        )
    return rows
