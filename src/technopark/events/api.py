"""API router of events: the calendar, event management, registration and statistics."""

import datetime as dt
import zoneinfo

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from technopark.core.api_auth import allow
from technopark.core.audit import record_personal_data_access
from technopark.core.models import AuditEntry
from technopark.core.permissions import check, rules

from . import selectors
from .api_schemas import (
    Detail,
    EventFilters,
    EventIn,
    EventOut,
    EventPatch,
    RegistrationFilters,
    RegistrationIn,
    RegistrationOut,
    RegistrationRow,
    SessionOut,
    StatsOut,
    StreamViewsIn,
    StreamViewsOut,
)
from .models import Event, Question, Registration
from .rules import can_manage_event, can_see_event, manage_event
from .services import events as event_services
from .services import registration as registration_services

router = Router(tags=[gettext_lazy("Мероприятия")])


# --- helpers -------------------------------------------------------------------------------------


def _visible_event(request, event_id: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("kind", "organisation"), pk=event_id)
    if not can_see_event(request.user, event):
        raise Http404
    return event


def _managed_event(request, event_id: int) -> Event:
    event = _visible_event(request, event_id)
    check(manage_event, request, obj=event)
    return event


def _aware(fields: dict, zone_name: str) -> dict:
    """Dates without an offset are read in the event's own time zone."""
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_current_timezone()
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = fields.get(name)
        if isinstance(value, dt.datetime) and timezone.is_naive(value):
            fields[name] = timezone.make_aware(value, zone)
    return fields


# --- events --------------------------------------------------------------------------------------


@router.get(
    "/events", response=list[EventOut], summary=gettext_lazy("Мероприятия"), **allow(rules.public)
)
@paginate(PageNumberPagination)
def event_list(request, filters: Query[EventFilters]):
    """Мероприятия, которые видит вызывающий: всем — опубликованные и проведённые, методистам —
    ещё и черновики своих организаций. Отбор: `status`, `kind`, `format`, `audience`, `from`,
    `to`."""
    events = selectors.filter_events(
        selectors.events_visible_to(request.user),
        status=filters.status or "",
        kind=filters.kind,
        format=filters.format or "",
        audience=filters.audience or "",
        starts_from=filters.from_,
        starts_to=filters.to,
    )
    return events.prefetch_related("partners").order_by("starts_at", "pk")


@router.post(
    "/events",
    response={201: EventOut},
    summary=gettext_lazy("Создать мероприятие"),
    **allow(rules.staff),
)
def event_create(request, payload: EventIn):
    """Создаёт мероприятие (по умолчанию черновик) от организации, которую ведёт вызывающий."""
    fields = payload.dict(exclude_unset=True)
    fields = _aware(fields, fields.get("time_zone") or "Europe/Samara")
    event = event_services.create_event(by=request.user, **fields)
    return Status(201, event)


@router.get(
    "/events/{int:event_id}",
    response=EventOut,
    summary=gettext_lazy("Мероприятие"),
    **allow(rules.public),
)
def event_detail(request, event_id: int):
    """Одно мероприятие; черновик видят только его организаторы."""
    return _visible_event(request, event_id)


@router.patch(
    "/events/{int:event_id}",
    response=EventOut,
    summary=gettext_lazy("Изменить мероприятие"),
    **allow(manage_event),
)
def event_update(request, event_id: int, payload: EventPatch):
    """Меняет переданные поля. Если мест стало больше, лист ожидания продвигается сам."""
    event = _managed_event(request, event_id)
    changes = payload.dict(exclude_unset=True)
    changes = _aware(changes, changes.get("time_zone") or event.time_zone)
    return event_services.update_event(event, by=request.user, **changes)


@router.post(
    "/events/{int:event_id}/copy",
    response={201: EventOut},
    summary=gettext_lazy("Копия мероприятия"),
    **allow(manage_event),
)
def event_copy(request, event_id: int):
    """Новый черновик с теми же настройками, программой и вопросами анкеты; даты сохранены,
    их остаётся поправить."""
    event = _managed_event(request, event_id)
    return Status(201, event_services.copy_event(event, by=request.user))


# --- registration --------------------------------------------------------------------------------


@router.post(
    "/events/{int:event_id}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut, 409: Detail},
    summary=gettext_lazy("Зарегистрироваться"),
    **allow(rules.public),
)
def registration_create(request, event_id: int, payload: RegistrationIn):
    """Регистрация участника, с учётной записью или без. Новая — `201`; тот же e-mail ещё раз —
    `200` и прежняя регистрация; регистрация закрыта или мест нет без листа ожидания — `409`.
    Состояние: `confirmed`, `waitlisted` или `pending` (если заявки подтверждает организатор)."""
    # Only the columns registering reads, and whether there are questions, in one query (the
    # hot path; a draft loads its organiser on demand).
    event = get_object_or_404(
        Event.objects.only(*registration_services.SEAT_FIELDS).annotate(
            has_questions=Exists(Question.objects.filter(event=OuterRef("pk"), is_active=True))
        ),
        pk=event_id,
    )
    if not can_see_event(request.user, event):
        raise Http404
    organisation = payload.organisation
    organisation_name = ""
    if isinstance(organisation, str) and not organisation.strip().isdigit():
        organisation_name, organisation = organisation, None
    user = request.user if request.user.is_authenticated else None
    try:
        registration, created = registration_services.register_participant(
            event,
            full_name=payload.full_name,
            email=payload.email,
            organisation=organisation,
            organisation_name=organisation_name,
            municipality=payload.municipality,
            role=payload.role,
            answers=payload.answers,
            sessions=payload.sessions,
            user=user,
        )
    except registration_services.RegistrationClosed as closed:
        return Status(409, {"detail": " ".join(closed.messages)})
    out = {"id": registration.pk, "status": registration.status}
    if created:
        chosen = sorted({int(pk) for pk in payload.sessions})
        return Status(201, {**out, "code": registration.code, "sessions": chosen})
    return Status(200, {**out, "sessions": [s.pk for s in registration.sessions.all()]})


@router.get(
    "/events/{int:event_id}/sessions",
    response=list[SessionOut],
    summary=gettext_lazy("Программа и места"),
    **allow(rules.public),
)
def session_list(request, event_id: int):
    """Программа мероприятия. Пункты с числом мест (`choosable`) выбираются при регистрации
    (поле `sessions`), `places_left` — сколько мест на них осталось. Мест нет — регистрация с
    таким выбором получает `409`; листа ожидания на отдельный пункт нет."""
    from .services.sessions import taken_places

    event = _visible_event(request, event_id)
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    taken = taken_places(s.pk for s in sessions if s.capacity is not None)
    for session in sessions:
        session.choosable = session.capacity is not None
        session.places_left = (
            max(session.capacity - taken.get(session.pk, 0), 0) if session.choosable else None
        )
    return sessions


@router.get(
    "/events/{int:event_id}/registrations",
    response=list[RegistrationRow],
    summary=gettext_lazy("Участники мероприятия"),
    **allow(manage_event),
)
@paginate(PageNumberPagination)
def registration_list(request, event_id: int, filters: Query[RegistrationFilters]):
    """Список зарегистрированных для организаторов, с отбором по состоянию, посещению,
    муниципалитету, организации и роли. Каждый просмотр записывается в журнал."""
    event = _managed_event(request, event_id)
    registrations = selectors.filter_registrations(
        selectors.registrations_of(event),
        status=filters.status or "",
        attended=filters.attended,
        municipality=filters.municipality,
        organisation=filters.organisation,
        role=filters.role or "",
    ).prefetch_related("answers", "sessions")
    record_personal_data_access(
        AuditEntry.Action.VIEW,
        what=_("участники мероприятия «%(title)s» (№ %(pk)s), через API")
        % {"title": event.title, "pk": event.pk},
        count=registrations.count(),
    )
    return registrations


@router.delete(
    "/registrations/{int:registration_id}",
    response=RegistrationOut,
    summary=gettext_lazy("Отменить регистрацию"),
    **allow(rules.public),
)
def registration_cancel(request, registration_id: int, code: str = ""):
    """Отмена участия: сам участник (вошедший или по коду регистрации `?code=…`) или
    организатор. Освободившееся место сразу переходит первому из листа ожидания."""
    registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=registration_id
    )
    user = request.user
    by_code = bool(code) and code.strip().upper() == registration.code
    if by_code:
        by = None
    elif not user.is_authenticated:
        if code:
            raise HttpError(403, _("Код регистрации не подходит."))
        raise AuthenticationError()
    elif (
        registration.user_id == user.pk
        or registration.email == (user.email or "").lower()
        or can_manage_event(user, registration.event)
    ):
        by = user
    else:
        raise HttpError(403, _("Отменить регистрацию может только сам участник или организатор."))
    registration = registration_services.cancel_registration(registration, by=by)
    return {"id": registration.pk, "status": registration.status}


# --- stream views and statistics ----------------------------------------------------------------


@router.post(
    "/events/{int:event_id}/stream-views",
    response={201: StreamViewsOut},
    summary=gettext_lazy("Просмотры трансляции"),
    **allow(manage_event),
)
def stream_views_create(request, event_id: int, payload: StreamViewsIn):
    """Записывает число просмотров трансляции (по источнику и дате). Просмотры не
    прибавляются к зарегистрированным: охват считается отдельно."""
    from .services.streams import record_stream_views

    event = _managed_event(request, event_id)
    views = record_stream_views(
        event,
        count=payload.count,
        source=payload.source,
        recorded_on=payload.recorded_on,
        by=request.user,
    )
    return Status(201, views)


@router.get(
    "/events/{int:event_id}/stats",
    response=StatsOut,
    summary=gettext_lazy("Итоги мероприятия"),
    **allow(manage_event),
)
def event_statistics(request, event_id: int):
    """Зарегистрированные, подтверждённые, в листе ожидания, пришедшие очно и онлайн, просмотры
    трансляции и охват (зарегистрированные + просмотры) — каждое число отдельно."""
    return selectors.event_stats(_managed_event(request, event_id))
