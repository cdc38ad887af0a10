"""Creating, editing and copying events: the rules an event must satisfy in every format."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from technopark.network.models import Organisation

from ..models import Event, EventKind, Format
from ..rules import can_manage_event

# Plain fields a caller may set; relations are resolved separately below.
PLAIN_FIELDS = (
    "title",
    "audience",
    "format",
    "venue_address",
    "venue_room",
    "online_url",
    "online_platform",
    "stream_url",
    "starts_at",
    "ends_at",
    "time_zone",
    "description",
    "summary",
    "cover",
    "status",
    "capacity",
    "waitlist",
    "moderation",
    "registration_opens_at",
    "registration_closes_at",
    "recording_url",
)
RELATION_FIELDS = ("kind", "organisation", "venue", "initiative", "partners")
EDITABLE_FIELDS = PLAIN_FIELDS + RELATION_FIELDS


def _resolve(model, value, field: str, message: str):
    if value is None or value == "" or isinstance(value, model):
        return value or None
    lookup = {"pk": value}
    if model is EventKind and isinstance(value, str) and not value.isdigit():
        lookup = {"code": value}
    try:
        return model.objects.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ValidationError({field: message}) from None


def _apply(event: Event, fields: dict[str, Any]) -> list | None:
    """Copy `fields` onto `event`; return the partners list to set after saving (or None)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Неизвестные поля мероприятия: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name in PLAIN_FIELDS:
        if name in fields:
            value = fields[name]
            if value is None and name not in {
                "capacity",
                "registration_opens_at",
                "registration_closes_at",
                "starts_at",
                "ends_at",
            }:
                value = Event._meta.get_field(name).get_default()
            setattr(event, name, value)
    if "kind" in fields:
        kind = _resolve(EventKind, fields["kind"], "kind", _("Такого вида мероприятия нет."))
        if kind is None:
            raise ValidationError({"kind": _("Выберите вид мероприятия.")})
        event.kind = kind
    if "organisation" in fields:
        organisation = _resolve(
            Organisation, fields["organisation"], "organisation", _("Такой организации нет.")
        )
        if organisation is None:
            raise ValidationError({"organisation": _("Выберите организацию-организатора.")})
        event.organisation = organisation
    if "venue" in fields:
        event.venue = _resolve(Organisation, fields["venue"], "venue", _("Такой площадки нет."))
    if "initiative" in fields:
        from ..models import Initiative

        event.initiative = _resolve(
            Initiative, fields["initiative"], "initiative", _("Такого проекта нет.")
        )
    if "partners" in fields:
        return [
            _resolve(Organisation, p, "partners", _("Такой организации нет."))
            for p in fields["partners"] or []
        ]
    return None


def check_event(event: Event) -> None:
    """Dates in order, the format's places and links present, a real time zone."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if event.starts_at is None:
        add("starts_at", _("Укажите начало мероприятия."))
    if event.ends_at is None:
        add("ends_at", _("Укажите окончание мероприятия."))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        add("ends_at", _("Мероприятие не может закончиться раньше, чем начнётся."))
    if event.format not in Format.values:
        add("format", _("Выберите форму проведения: очно, дистанционно или гибридно."))
    if event.format in (Format.ONLINE, Format.HYBRID) and not event.online_url:
        add(
            "online_url",
            _("Для дистанционного и гибридного формата нужна ссылка на онлайн-комнату."),
        )
    if (
        event.format in (Format.IN_PERSON, Format.HYBRID)
        and event.venue_id is None
        and not event.venue_address.strip()
    ):
        add("venue", _("Для очного и гибридного формата укажите площадку или адрес."))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        add("registration_closes_at", _("Регистрация не может закрыться раньше, чем откроется."))
    if closes and event.ends_at and closes > event.ends_at:
        add("registration_closes_at", _("Регистрация должна закрыться до конца мероприятия."))
    try:
        zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        add("time_zone", _("Такого часового пояса нет. Пример: Europe/Samara."))
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["created_by"])


def _check_manager(event: Event, by) -> None:
    if by is not None and not can_manage_event(by, event):
        raise ValidationError(
            {"organisation": _("Выберите организацию, мероприятия которой вы ведёте.")}
        )


def create_event(*, by=None, **fields: Any) -> Event:
    """A new event (a draft unless told otherwise) of an organisation `by` manages."""
    with transaction.atomic():
        event = Event(created_by=by if getattr(by, "pk", None) else None)
        partners = _apply(event, fields)
        check_event(event)
        _check_manager(event, by)
        event.save()
        if partners is not None:
            event.partners.set(partners)
    return event


def update_event(event: Event, *, by=None, **changes: Any) -> Event:
    """Change an event; more places (or no limit) move people up from the waiting list."""
    from .registration import promote_waitlist

    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        old_capacity = event.capacity
        partners = _apply(event, changes)
        check_event(event)
        _check_manager(event, by)
        event.save()
        if partners is not None:
            event.partners.set(partners)
        grew = old_capacity is not None and (
            event.capacity is None or event.capacity > old_capacity
        )
        if grew or ("waitlist" in changes and not event.waitlist):
            promote_waitlist(event)
    return event


def copy_event(event: Event, *, by=None) -> Event:
    """A new draft with the same settings, programme and questions; dates kept for editing."""
    from ..models import Question

    with transaction.atomic():
        source = Event.objects.get(pk=event.pk)
        partners = list(source.partners.all())
        sessions = list(source.sessions.prefetch_related("speakers"))
        discussion = list(source.discussion.all())
        questions = list(Question.objects.filter(event=source, is_active=True))
        copy = Event.objects.get(pk=event.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.title = (_("Копия: %(title)s") % {"title": source.title})[:300]
        copy.status = Event.Status.DRAFT
        copy.summary = ""
        copy.recording_url = ""
        copy.created_by = by if getattr(by, "pk", None) else None
        _check_manager(copy, by)
        copy.save()
        copy.partners.set(partners)
        for session in sessions:
            speakers = list(session.speakers.all())
            session.pk = None
            session.event = copy
            session.save()
            for speaker in speakers:
                speaker.pk = None
                speaker.session = session
                speaker.save()
        for item in discussion:
            item.pk = None
            item.event = copy
            item.save()
        for question in questions:
            question.pk = None
            question.event = copy
            question.save()
    return copy
