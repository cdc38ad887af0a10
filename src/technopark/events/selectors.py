"""Reads of events shared by pages, the API and reports: who sees what, filters, statistics."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from technopark.network.selectors import organisations_managed_by

from .models import Attendance, Event, Registration, StreamViews

PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.HELD)


def _is_staff(user) -> bool:
    from technopark.accounts.models import Role

    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_any_role(Role.ADMINISTRATOR, Role.METHODIST)
    )


def events_managed_by(user) -> QuerySet[Event]:
    """Every event of the organisations `user` manages (administrators: all)."""
    if not _is_staff(user):
        return Event.objects.none()
    return Event.objects.filter(organisation__in=organisations_managed_by(user).values("pk"))


def events_visible_to(user) -> QuerySet[Event]:
    """Published and held events for everyone; managers also see the rest of their own
    (drafts and the archive)."""
    events = Event.objects.select_related("kind", "organisation", "venue")
    condition = Q(status__in=PUBLIC_STATUSES)
    if _is_staff(user):
        condition |= Q(pk__in=events_managed_by(user).values("pk"))
    return events.filter(condition)


def filter_events(
    events: QuerySet[Event],
    *,
    status: str = "",
    kind: str = "",
    format: str = "",
    audience: str = "",
    organisation: int | None = None,
    starts_from=None,
    starts_to=None,
) -> QuerySet[Event]:
    """The calendar filters; `starts_from`/`starts_to` take dates (whole days) or datetimes."""
    if status:
        events = events.filter(status=status)
    if kind:
        # Codes are slugs; a short number is also accepted as the kind's id.
        kind = str(kind)
        condition = Q(kind__code=kind)
        if kind.isdigit() and len(kind) <= 9:
            condition |= Q(kind_id=int(kind))
        events = events.filter(condition)
    if format:
        events = events.filter(format=format)
    if audience:
        events = events.filter(audience=audience)
    if organisation:
        events = events.filter(organisation_id=organisation)
    if starts_from is not None:
        if isinstance(starts_from, datetime):
            events = events.filter(ends_at__gte=starts_from)
        else:
            events = events.filter(ends_at__date__gte=starts_from)
    if starts_to is not None:
        if isinstance(starts_to, datetime):
            events = events.filter(starts_at__lte=starts_to)
        else:
            events = events.filter(starts_at__date__lte=starts_to)
    return events


def event_stats(event: Event) -> dict:
    """Registrations, attendance and stream views of one event, each counted apart.

    Stream viewers did not register and are never added into `registered`; `reach` is the one
    figure that adds them up, and it is always shown next to the parts."""
    by_status = dict(
        Registration.objects.filter(event=event)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    active = Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
    attended = Attendance.objects.filter(registration__event=event).aggregate(
        in_person=Count("registration", filter=Q(mode=Attendance.Mode.IN_PERSON), distinct=True),
        online=Count("registration", filter=Q(mode=Attendance.Mode.ONLINE), distinct=True),
        anyhow=Count("registration", distinct=True),
    )
    views = StreamViews.objects.filter(event=event).aggregate(total=Coalesce(Sum("count"), 0))
    registered = sum(by_status.get(s, 0) for s in Registration.ACTIVE)
    by_municipality = [
        {"name": row["municipality__name"] or "", "participants": row["n"]}
        for row in active.values("municipality__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "municipality__name")
    ]
    for row in by_municipality:
        if not row["name"]:
            row["name"] = _unknown_municipality()
    return {
        "registered": registered,
        "confirmed": by_status.get(Registration.Status.CONFIRMED, 0),
        "waitlisted": by_status.get(Registration.Status.WAITLISTED, 0),
        "pending": by_status.get(Registration.Status.PENDING, 0),
        "cancelled": by_status.get(Registration.Status.CANCELLED, 0),
        "attended": attended["anyhow"],
        "attended_in_person": attended["in_person"],
        "attended_online": attended["online"],
        "stream_views": views["total"],
        "reach": registered + views["total"],
        "by_municipality": by_municipality,
    }


def _unknown_municipality() -> str:
    from django.utils.translation import gettext as _

    return _("муниципалитет не указан")


def registrations_of(event: Event) -> QuerySet[Registration]:
    """An event's registrations for its organisers, oldest first, with what lists show."""
    attended_in_person = Attendance.objects.filter(
        registration=OuterRef("pk"), mode=Attendance.Mode.IN_PERSON
    )
    attended_online = Attendance.objects.filter(
        registration=OuterRef("pk"), mode=Attendance.Mode.ONLINE
    )
    return (
        Registration.objects.filter(event=event)
        .select_related("municipality", "organisation")
        .annotate(
            attended_in_person=Exists(attended_in_person),
            attended_online=Exists(attended_online),
        )
        .order_by("created_at", "pk")
    )


def filter_registrations(
    registrations: QuerySet[Registration],
    *,
    status: str = "",
    attended: bool | None = None,
    municipality: int | None = None,
    organisation: int | str | None = None,
    role: str = "",
) -> QuerySet[Registration]:
    """The participant-list filters: status, attended (anyhow), municipality, organisation
    (an id, or words of the name a guest typed) and role."""
    if status:
        registrations = registrations.filter(status=status)
    if attended is not None:
        any_attendance = Attendance.objects.filter(registration=OuterRef("pk"))
        registrations = registrations.filter(
            Exists(any_attendance) if attended else ~Exists(any_attendance)
        )
    if municipality:
        registrations = registrations.filter(municipality_id=municipality)
    if organisation not in (None, ""):
        if isinstance(organisation, int) or (
            str(organisation).isdigit() and len(str(organisation)) <= 18
        ):
            registrations = registrations.filter(organisation_id=int(organisation))
        else:
            text = str(organisation).strip()
            registrations = registrations.filter(
                Q(organisation_name__icontains=text) | Q(organisation__name__icontains=text)
            )
    if role:
        registrations = registrations.filter(role=role)
    return registrations


def registrations_of_user(user) -> QuerySet[Registration]:
    """A participant's own registrations ("my registrations"): those made while signed in.

    Not matched by e-mail: sign-up does not prove ownership of an address, so matching by it
    would show a stranger's guest registrations and their secret codes."""
    if not (user and user.is_authenticated):
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user)
        .select_related("event__kind", "event__organisation")
        .order_by("-event__starts_at", "pk")
    )
