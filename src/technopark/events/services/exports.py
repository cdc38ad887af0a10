"""Participant lists with filters, their XLSX/CSV exports (each written to the audit log) and
the geography summary: participants by municipality."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.audit import record_personal_data_access
from technopark.core.exports import csv_bytes, xlsx_bytes

from ..models import Attendance, Event, Registration

ATTENDED_CHOICES = ("yes", "no", "in_person", "online")


def filter_participants(
    event: Event,
    *,
    status: str = "",
    attended: str = "",
    municipality=None,
    organisation=None,
    role: str = "",
    session=None,
):
    """The event's registrations narrowed by the list filters; unknown values narrow nothing."""
    present = Attendance.objects.filter(registration=OuterRef("pk"))
    registrations = (
        event.registrations.select_related("organisation", "municipality")
        .annotate(
            in_person=Exists(present.filter(mode=Attendance.Mode.IN_PERSON)),
            online=Exists(present.filter(mode=Attendance.Mode.ONLINE)),
        )
        .order_by("full_name", "pk")
    )
    if status in Registration.Status.values:
        registrations = registrations.filter(status=status)
    if attended == "yes":
        registrations = registrations.filter(Q(in_person=True) | Q(online=True))
    elif attended == "no":
        registrations = registrations.filter(in_person=False, online=False)
    elif attended == "in_person":
        registrations = registrations.filter(in_person=True)
    elif attended == "online":
        registrations = registrations.filter(online=True)
    if municipality:
        registrations = registrations.filter(municipality=municipality)
    if organisation:
        registrations = registrations.filter(organisation=organisation)
    if role in Registration.ParticipantRole.values:
        registrations = registrations.filter(role=role)
    if session is not None:
        registrations = registrations.filter(sessions=session)
    return registrations


def _headers(with_sessions: bool = False) -> list[str]:
    extra = [_("Пункты программы")] if with_sessions else []
    return [
        _("№"),
        _("Фамилия, имя, отчество"),
        _("Электронная почта"),
        _("Организация"),
        _("Муниципалитет"),
        _("Кто"),
        _("Состояние заявки"),
        _("Был очно"),
        _("Был онлайн"),
        _("Зарегистрирован"),
        *extra,
    ]


def _session_titles(event: Event) -> dict[int, list[str]]:
    """Registration id → titles of the programme items it chose (one query for the list)."""
    chosen: dict[int, list[str]] = {}
    rows = (
        Registration.sessions.through.objects.filter(agendasession__event=event)
        .order_by("agendasession__starts_at")
        .values_list("registration_id", "agendasession__title")
    )
    for registration_id, title in rows:
        chosen.setdefault(registration_id, []).append(title)
    return chosen


ROW_FIELDS = (
    "pk",
    "full_name",
    "email",
    "organisation__name",
    "organisation_name",
    "municipality__name",
    "role",
    "status",
    "in_person",
    "online",
    "created_at",
)


def _rows(registrations, chosen: dict[int, list[str]] | None = None):
    """Plain tuples, labels looked up once: building 10,000 model objects (with organisation
    and municipality) and calling get_…_display per row was half the export's time."""
    roles = {value: str(label) for value, label in Registration.ParticipantRole.choices}
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    rows = registrations.values_list(*ROW_FIELDS).iterator(chunk_size=2000)
    for number, row in enumerate(rows, start=1):
        pk, name, email, org, org_typed, place, role, status, in_person, online, created = row
        extra = ["; ".join(chosen.get(pk, ()))] if chosen is not None else []
        yield [
            number,
            name,
            email,
            org or org_typed,
            place or "",
            roles.get(role, role),
            statuses.get(status, status),
            bool(in_person),
            bool(online),
            created,
            *extra,
        ]


def export_participants(event: Event, registrations, *, fmt: str) -> tuple[bytes, str]:
    """The filtered list as XLSX or CSV bytes and a file name; the export is audited."""
    if fmt not in ("xlsx", "csv"):
        raise ValueError(fmt)
    count = registrations.count()
    record_personal_data_access(
        "export", what=f"участники мероприятия «{event.title}» ({fmt})", count=count
    )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    filename = f"participants-{event.pk}-{stamp}.{fmt}"
    # A column of chosen master classes only where the programme has items to choose.
    with_sessions = event.sessions.filter(capacity__isnull=False).exists()
    chosen = _session_titles(event) if with_sessions else None
    headers = _headers(with_sessions)
    if fmt == "xlsx":
        return xlsx_bytes(headers, _rows(registrations, chosen), title=_("Участники")), filename
    return csv_bytes(headers, _rows(registrations, chosen)), filename


def geography(event: Event) -> list[dict]:
    """Participants (live registrations, as in the event's statistics) by municipality, most
    first; unknown place last."""
    rows = (
        event.registrations.filter(status__in=Registration.ACTIVE)
        .values("municipality__name")
        .annotate(participants=Count("id"))
        .order_by("-participants", "municipality__name")
    )
    known = [
        {"name": row["municipality__name"], "participants": row["participants"]}
        for row in rows
        if row["municipality__name"]
    ]
    unknown = sum(row["participants"] for row in rows if not row["municipality__name"])
    if unknown:
        known.append({"name": _("не указан"), "participants": unknown})
    return known
