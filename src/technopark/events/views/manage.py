"""Methodists' event management: the list, create/edit on one page, publish/held/archive,
duplicate, and the registrations with moderation. Rules live in `services`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from technopark.core.audit import record_personal_data_access
from technopark.core.models import AuditEntry
from technopark.core.permissions import check, declare, rules
from technopark.network.selectors import organisations_managed_by

from ..forms import EventForm, RegistrationFilterForm
from ..models import Event, EventKind, Format, Registration
from ..rules import manage_event
from ..selectors import (
    event_stats,
    events_managed_by,
    filter_registrations,
    registrations_of,
)
from ..services.events import copy_event, create_event, update_event
from ..services.registration import (
    approve_registration,
    cancel_registration,
    reject_registration,
)
from ..timefields import zone_or_default

# Pages other areas build for an event; shown only once their URL name exists.
AREA_LINKS = [
    (("events:checkin",), gettext_lazy("Отметка участников на входе")),
    (("events:stream_views",), gettext_lazy("Просмотры трансляции")),
    (("events:online_import",), gettext_lazy("Онлайн-участники с платформы")),
    (("events:stats",), gettext_lazy("Статистика и география")),
    (("events:feedback_manage", "events:feedback"), gettext_lazy("Отзывы")),
    (("events:materials",), gettext_lazy("Материалы и запись")),
    (("events:certificates",), gettext_lazy("Сертификаты")),
    (("events:exports", "events:export"), gettext_lazy("Выгрузка участников")),
]
LIVE = Q(registrations__status__in=Registration.ACTIVE)
# Status changes a manager may make from the event page, and what the button says.
TRANSITIONS = {
    "publish": (Event.Status.PUBLISHED, gettext_lazy("Мероприятие опубликовано.")),
    "held": (Event.Status.HELD, gettext_lazy("Мероприятие отмечено как проведённое.")),
    "archive": (Event.Status.ARCHIVED, gettext_lazy("Мероприятие перенесено в архив.")),
    "draft": (Event.Status.DRAFT, gettext_lazy("Мероприятие снова черновик и скрыто от всех.")),
}


def area_links(event: Event) -> list[dict]:
    links = []
    for names, label in AREA_LINKS:
        for name in names:
            for kwargs in ({"pk": event.pk}, {"event_pk": event.pk}, {"event_id": event.pk}):
                try:
                    links.append({"label": label, "url": reverse(name, kwargs=kwargs)})
                except NoReverseMatch:
                    continue
                break
            else:
                continue
            break
    return links


def managed_event(request, pk: int) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("kind", "organisation__municipality__region", "venue"), pk=pk
    )
    check(manage_event, request, event)
    return event


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@declare(rules.staff)
def event_list(request):
    events = (
        events_managed_by(request.user)
        .select_related("kind", "organisation")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status__in=Registration.ACTIVE)
            )
        )
    )
    status = request.GET.get("status", "")
    if status in Event.Status.values:
        events = events.filter(status=status)
    text = request.GET.get("q", "").strip()[:200]
    if text:
        events = events.filter(title__icontains=text)
    now = timezone.now()
    upcoming = request.GET.get("when", "upcoming") != "all"
    if upcoming:
        events = events.filter(ends_at__gte=now - timedelta(days=1)).order_by("starts_at", "pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    page = Paginator(events, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "events/manage/event_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Event.Status.choices,
            "q": text,
            "upcoming": upcoming,
        },
    )


def _defaults(user, organisations) -> dict:
    """A new event: next week, 10:00–13:00 in the organiser's region, waiting list on."""
    organisation = getattr(user, "organisation", None)
    if organisation is None or not organisations.filter(pk=organisation.pk).exists():
        organisation = organisations.order_by("name").first()
    region = getattr(getattr(organisation, "municipality", None), "region", None)
    zone = zone_or_default(getattr(region, "time_zone", ""))
    day = timezone.localdate() + timedelta(days=7)
    return {
        "organisation": organisation,
        "time_zone": zone,
        "waitlist": True,
        "format": Format.IN_PERSON,
        "kind": EventKind.objects.filter(code="seminar").first(),
        "venue": organisation,
        "starts_at": datetime.combine(day, time(10, 0)),
        "ends_at": datetime.combine(day, time(13, 0)),
    }


@declare(rules.staff)
def event_create(request):
    organisations = organisations_managed_by(request.user).order_by("name")
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        initial=_defaults(request.user, organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = create_event(by=request.user, **form.changes())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Черновик сохранён. Добавьте программу и вопросы анкеты, затем опубликуйте."),
            )
            return redirect("events:manage", pk=event.pk)
    return render(request, "events/manage/event_form.html", {"form": form, "event": None})


@declare(rules.staff)
def event_edit(request, pk: int):
    event = managed_event(request, pk)
    organisations = (
        organisations_managed_by(request.user)
        | type(event.organisation).objects.filter(pk=event.organisation_id)
    ).order_by("name")
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        initial=EventForm.initial_from(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = update_event(event, by=request.user, **form.changes())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("events:manage", pk=event.pk)
    return render(request, "events/manage/event_form.html", {"form": form, "event": event})


@declare(rules.staff)
def event_manage(request, pk: int):
    event = managed_event(request, pk)
    stats = event_stats(event)
    return render(
        request,
        "events/manage/event_manage.html",
        {
            "event": event,
            "stats": stats,
            "links": area_links(event),
            "sessions": event.sessions.prefetch_related("speakers"),
            "questions_count": event.questions.filter(is_active=True).count(),
            "discussion_count": event.discussion.count(),
        },
    )


@declare(rules.staff)
@require_POST
def event_status(request, pk: int):
    event = managed_event(request, pk)
    action = request.POST.get("action", "")
    if action not in TRANSITIONS:
        messages.error(request, _("Неизвестное действие."))
        return redirect("events:manage", pk=event.pk)
    status, done = TRANSITIONS[action]
    try:
        update_event(event, by=request.user, status=status)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("events:manage", pk=event.pk)


@declare(rules.staff)
@require_POST
def event_copy(request, pk: int):
    event = managed_event(request, pk)
    try:
        copy = copy_event(event, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("events:manage", pk=event.pk)
    messages.success(request, _("Создана копия-черновик. Поправьте название и даты и опубликуйте."))
    return redirect("events:edit", pk=copy.pk)


# ---- registrations -----------------------------------------------------------------------------


@declare(rules.staff)
def registration_list(request, pk: int):
    event = managed_event(request, pk)
    form = RegistrationFilterForm(request.GET or None)
    filters = form.filters()
    registrations = filter_registrations(
        registrations_of(event),
        status=filters["status"],
        attended=filters["attended"],
        municipality=filters["municipality"].pk if filters["municipality"] else None,
        role=filters["role"],
    )
    for word in filters["text"].split()[:5]:
        registrations = registrations.filter(
            Q(full_name__icontains=word)
            | Q(email__icontains=word.lower())
            | Q(organisation_name__icontains=word)
            | Q(code=word.upper())
        )
    page = Paginator(registrations.prefetch_related("answers"), 50).get_page(
        request.GET.get("page")
    )
    record_personal_data_access(
        AuditEntry.Action.VIEW,
        what=_("участники мероприятия «%(title)s» (№ %(pk)s), страница %(n)s")
        % {"title": event.title, "pk": event.pk, "n": page.number},
        count=len(page.object_list),
    )
    return render(
        request,
        "events/manage/registration_list.html",
        {"event": event, "form": form, "page": page, "moderation": event.moderation},
    )


MODERATION = {
    "approve": (approve_registration, gettext_lazy("Заявка подтверждена.")),
    "reject": (reject_registration, gettext_lazy("Заявка отклонена.")),
    "cancel": (cancel_registration, gettext_lazy("Регистрация отменена.")),
}


@declare(rules.staff)
@require_POST
def registration_action(request, pk: int, registration_pk: int):
    event = managed_event(request, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    action = MODERATION.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Неизвестное действие."))
    else:
        service, done = action
        try:
            service(registration, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
    back = request.POST.get("back", "")
    if back.startswith(reverse("events:registrations", args=[event.pk])):
        return redirect(back)
    return redirect("events:registrations", pk=event.pk)


urlpatterns = [
    path("manage/", event_list, name="manage_list"),
    path("manage/new/", event_create, name="create"),
    path("manage/<int:pk>/", event_manage, name="manage"),
    path("manage/<int:pk>/edit/", event_edit, name="edit"),
    path("manage/<int:pk>/status/", event_status, name="status"),
    path("manage/<int:pk>/copy/", event_copy, name="copy"),
    path("manage/<int:pk>/registrations/", registration_list, name="registrations"),
    path(
        "manage/<int:pk>/registrations/<int:registration_pk>/",
        registration_action,
        name="registration_action",
    ),
]
