"""Figures about people: registrations, unique participants, attendance, geography, roles and
kinds of organisation. Each is one grouped query over the counted registrations of the period.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from technopark.events.models import Registration
from technopark.network.models import Organisation

from .. import selectors


def _role_label(code: str) -> str:
    try:
        return str(Registration.ParticipantRole(code).label)
    except ValueError:
        return code or _("не указано")


def _organisation_kind_label(code: str | None) -> str:
    if not code:
        return _("организация не указана")
    try:
        return str(Organisation.Kind(code).label)
    except ValueError:
        return code


def _sorted(rows: list[dict], label: str) -> list[dict]:
    """Largest first, then alphabetically."""
    return sorted(rows, key=lambda r: (-r["participants"], r[label].casefold()))


def people(event_ids: QuerySet) -> dict:
    """Totals of the period and `by_event`: per-event registrations, attendance and the number
    of municipalities, for figures.events."""
    registrations = selectors.registrations(event_ids)
    by_event: dict[int, dict] = defaultdict(dict)

    for item in (
        registrations.values("event_id")
        .annotate(n=Count("pk"), municipalities=Count("municipality_id", distinct=True))
        .order_by()
    ):
        by_event[item["event_id"]]["registrations"] = item["n"]
        by_event[item["event_id"]]["municipalities"] = item["municipalities"]

    attendance = {"in_person": 0, "online": 0}
    for item in (
        selectors.attendances(event_ids)
        .values("registration__event_id", "mode")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        mode = item["mode"]
        if mode in attendance:
            attendance[mode] += item["n"]
            by_event[item["registration__event_id"]][mode] = item["n"]

    for item in (
        selectors.attendances(event_ids)
        .values("registration__event_id")
        .annotate(n=Count("registration_id", distinct=True))
        .order_by()
    ):
        by_event[item["registration__event_id"]]["attended"] = item["n"]

    unique = registrations.aggregate(n=Count(selectors.person_key(), distinct=True))["n"] or 0

    none_label = _("муниципалитет не указан")
    municipalities = _sorted(
        [
            {
                "name": item["municipality__name"] or none_label,
                "municipality_id": item["municipality_id"],
                "participants": item["n"],
            }
            for item in registrations.values("municipality_id", "municipality__name")
            .annotate(n=Count("pk"))
            .order_by()
        ],
        "name",
    )
    roles = _sorted(
        [
            {
                "role": _role_label(item["role"]),
                "role_code": item["role"],
                "participants": item["n"],
            }
            for item in registrations.values("role").annotate(n=Count("pk")).order_by()
        ],
        "role",
    )
    kinds: dict[str, int] = defaultdict(int)
    for item in registrations.values("organisation__kind").annotate(n=Count("pk")).order_by():
        kinds[item["organisation__kind"] or ""] += item["n"]
    organisation_kinds = _sorted(
        [
            {"kind": _organisation_kind_label(code), "kind_code": code, "participants": n}
            for code, n in kinds.items()
        ],
        "kind",
    )
    return {
        "registrations": sum(e.get("registrations", 0) for e in by_event.values()),
        "unique_participants": unique,
        "attendance": attendance,
        "municipalities": municipalities,
        "roles": roles,
        "organisation_kinds": organisation_kinds,
        "by_event": by_event,
    }
