"""Figures about people: registrations, unique participants, attendance, geography, roles and
kinds of organisation. Each is one grouped query over the counted registrations of the period;
the three passes over the registrations (per event, the breakdown, distinct people) do not
depend on each other, so the builder runs them side by side (reports.parallel).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from technopark.events.models import Attendance, Registration
from technopark.network.models import Municipality, Organisation

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


def by_event(event_ids: QuerySet) -> tuple[dict[int, dict], dict[str, int]]:
    """Per event: counted registrations, municipalities, who came (in person, online); and the
    attendance marks of the whole period."""
    by_event: dict[int, dict] = {}
    for item in (
        selectors.registrations(event_ids)
        .values("event_id")
        .annotate(n=Count("pk"), municipalities=Count("municipality_id", distinct=True))
        .order_by()
    ):
        by_event[item["event_id"]] = {
            "registrations": item["n"],
            "municipalities": item["municipalities"],
            "attended": 0,
            "in_person": 0,
            "online": 0,
        }

    # Every registration with a mark counts, so the marks need no check of the registration.
    attendance = {"in_person": 0, "online": 0}
    for item in (
        selectors.attendances(event_ids)
        .values("registration__event_id")
        .annotate(
            in_person=Count("pk", filter=Q(mode=Attendance.Mode.IN_PERSON)),
            online=Count("pk", filter=Q(mode=Attendance.Mode.ONLINE)),
            attended=Count("registration_id", distinct=True),
        )
        .order_by()
    ):
        row = by_event.get(item["registration__event_id"])
        if row is None:
            continue
        for key in ("attended", "in_person", "online"):
            row[key] = item[key]
        attendance["in_person"] += item["in_person"]
        attendance["online"] += item["online"]
    return by_event, attendance


def breakdown(event_ids: QuerySet) -> dict[str, list[dict]]:
    """Counted registrations by municipality, by role and by kind of organisation: one query
    grouped by all three, a few thousand groups at region scale (grouping by the organisation
    itself gave one per person, ~100,000, to add up here); names looked up afterwards in the
    short reference table."""
    municipality_counts: dict[int | None, int] = defaultdict(int)
    roles: dict[str, int] = defaultdict(int)
    kinds: dict[str, int] = defaultdict(int)
    for municipality_id, role, kind, n in (
        selectors.registrations(event_ids)
        .values("municipality_id", "role", "organisation__kind")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "role", "organisation__kind", "n")
        .order_by()
    ):
        municipality_counts[municipality_id] += n
        roles[role] += n
        kinds[kind or ""] += n
    names = dict(
        Municipality.objects.filter(
            pk__in=[pk for pk in municipality_counts if pk is not None]
        ).values_list("pk", "name")
    )
    none_label = _("муниципалитет не указан")
    return {
        "municipalities": _sorted(
            [
                {"name": names.get(pk) or none_label, "municipality_id": pk, "participants": n}
                for pk, n in municipality_counts.items()
            ],
            "name",
        ),
        "roles": _sorted(
            [
                {"role": _role_label(code), "role_code": code, "participants": n}
                for code, n in roles.items()
            ],
            "role",
        ),
        "organisation_kinds": _sorted(
            [
                {"kind": _organisation_kind_label(code), "kind_code": code, "participants": n}
                for code, n in kinds.items()
            ],
            "kind",
        ),
    }


def unique_participants(event_ids: QuerySet) -> int:
    """Distinct people among the counted registrations: accounts, plus the e-mails (in lower
    case) of registrations made without an account, each already one number
    (Registration.person), so an integer count read from the report's index."""
    return selectors.registrations(event_ids).aggregate(n=Count("person", distinct=True))["n"]
