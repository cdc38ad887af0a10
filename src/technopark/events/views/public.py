"""Public pages: the calendar, an event's page with its registration form, a participant's own
registration (by its secret code) and "my registrations"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from technopark.core.permissions import declare, rules
from technopark.network.models import Organisation
from technopark.network.selectors import search_organisations

from ..forms import RegistrationForm
from ..models import Event, Format, Question, Registration
from ..rules import can_manage_event, can_see_event
from ..selectors import registrations_of_user
from ..services.registration import (
    EventFull,
    RegistrationClosed,
    cancel_registration,
    register_participant,
)
from ..services.sessions import SessionFull, with_places_left
from .calendar import calendar
from .public_helpers import event_zone, qr_svg, registration_state, venue_line, zone_label


def _visible_event(request, pk: int) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("kind", "organisation__municipality", "venue", "initiative"),
        pk=pk,
    )
    if not can_see_event(request.user, event):
        raise Http404
    return event


def _apply_errors(form: RegistrationForm, error: ValidationError) -> None:
    """Put the service's errors next to the fields they concern ("answers.12" → q12)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages_ in error.message_dict.items():
        field = key
        if key.startswith("answers."):
            field = f"q{key.split('.', 1)[1]}"
        form.add_error(field if field in form.fields else None, messages_)


def _own_registration(request, event: Event) -> Registration | None:
    user = request.user
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        .filter(Q(user=user) | Q(email=user.email.lower()))
        .first()
    )


def _initial_for(user) -> dict:
    if not user.is_authenticated:
        return {}
    organisation = getattr(user, "organisation", None)
    return {
        "full_name": user.get_full_name(),
        "email": user.email,
        "organisation": organisation.name if organisation else "",
        "municipality": getattr(user, "municipality_id", None)
        or (organisation.municipality_id if organisation else None),
    }


@declare(rules.public)
def event_detail(request, pk: int):
    event = _visible_event(request, pk)
    state = registration_state(event)
    mine = _own_registration(request, event)
    form = None
    # One query for the programme; master classes (items with places) get their places left.
    sessions = with_places_left(event, event.sessions.prefetch_related("speakers__organisation"))
    choosable = [s for s in sessions if s.capacity is not None]
    if mine is None and state["state"] in ("open", "waitlist"):
        form = RegistrationForm(
            request.POST or None,
            request.FILES or None,
            event=event,
            questions=Question.objects.filter(event=event, is_active=True),
            sessions=choosable,
            zone=event_zone(event),
            initial=_initial_for(request.user),
        )
    if request.method == "POST":
        if form is None:
            if mine is not None:
                return redirect("events:registration", code=mine.code)
            messages.error(request, state.get("message") or _("Регистрация сейчас закрыта."))
            return redirect("events:detail", pk=event.pk)
        if form.is_valid():
            try:
                registration, created = register_participant(
                    event,
                    **form.participant(),
                    answers=form.answers(),
                    sessions=form.cleaned_data.get("sessions", []),
                    user=request.user if request.user.is_authenticated else None,
                )
            except SessionFull as error:
                form.add_error("sessions", error.messages[0])
            except (RegistrationClosed, EventFull) as error:
                form.add_error(None, error.messages[0])
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                return _after_registration(request, registration, created)
    confirmed = mine is not None and mine.status == Registration.Status.CONFIRMED
    return render(
        request,
        "events/public/event_detail.html",
        {
            "event": event,
            "zone": event.time_zone,
            "zone_label": zone_label(event),
            "venue_line": venue_line(event),
            "state": state,
            "form": form,
            "mine": mine,
            "show_links": confirmed or can_manage_event(request.user, event),
            "in_person": event.format in (Format.IN_PERSON, Format.HYBRID),
            "online": event.format in (Format.ONLINE, Format.HYBRID),
            "sessions": sessions,
            "discussion": event.discussion.all(),
            "partners": event.partners.all(),
            "materials": material_links(event),
            "can_manage": can_manage_event(request.user, event),
        },
    )


def material_links(event: Event) -> list[dict]:
    """Published materials; files go through the download page when it exists."""
    links = []
    for material in event.materials.filter(published=True):
        url = material.url
        if material.file:
            try:
                url = reverse("events:material_file", kwargs={"material_pk": material.pk})
            except NoReverseMatch:
                url = material.file.url
        if url:
            links.append({"title": material.title, "url": url})
    return links


def _after_registration(request, registration: Registration, created: bool):
    user = request.user
    if created or (
        user.is_authenticated
        and (registration.user_id == user.pk or registration.email == user.email.lower())
    ):
        if not created:
            messages.info(request, _("Вы уже зарегистрированы на это мероприятие."))
        return redirect("events:registration", code=registration.code)
    # Someone typed an e-mail that is already registered: the code goes to that mailbox only,
    # never to this browser, or anyone could cancel another person's place.
    _resend(registration)
    messages.info(
        request,
        _(
            "С этим адресом уже есть регистрация. Мы отправили письмо со ссылкой на неё на "
            "%(email)s."
        )
        % {"email": registration.email},
    )
    return redirect("events:detail", pk=registration.event_id)


def _resend(registration: Registration) -> None:
    try:
        from ..tasks import send_registration_email
    except ImportError:  # the e-mail tasks are not installed
        return
    send_registration_email.delay(registration.pk, "confirmation")


def _registration_by_code(code: str) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("event__kind", "event__organisation", "event__venue"),
        code=code.strip().upper()[:16],
    )
    if registration.event.status == Event.Status.DRAFT:
        raise Http404
    return registration


@declare(rules.public)
def registration_detail(request, code: str):
    registration = _registration_by_code(code)
    event = registration.event
    seated = registration.status in Registration.SEATED
    return render(
        request,
        "events/public/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "zone": event.time_zone,
            "zone_label": zone_label(event),
            "venue_line": venue_line(event),
            "qr": qr_svg(registration.code) if seated else "",
            "chosen": registration.sessions.order_by("starts_at")
            if registration.status in Registration.ACTIVE
            else [],
            "show_links": registration.status == Registration.Status.CONFIRMED,
            "in_person": event.format in (Format.IN_PERSON, Format.HYBRID),
            "online": event.format in (Format.ONLINE, Format.HYBRID),
            "can_cancel": registration.status in Registration.ACTIVE
            and event.status == Event.Status.PUBLISHED
            and event.ends_at > timezone.now(),
        },
    )


@declare(rules.public)
@require_POST
def registration_cancel(request, code: str):
    registration = _registration_by_code(code)
    # Holding the secret code is the participant's proof, as with the link in the e-mail.
    cancel_registration(registration, by=None)
    messages.success(request, _("Регистрация отменена. Спасибо, что предупредили!"))
    if request.user.is_authenticated and request.POST.get("next") == "my":
        return redirect("events:my_registrations")
    return redirect("events:registration", code=registration.code)


@declare(rules.authenticated)
def my_registrations(request):
    registrations = registrations_of_user(request.user).exclude(event__status=Event.Status.DRAFT)
    now = timezone.now()
    upcoming = [r for r in registrations if r.event.ends_at > now]
    past = [r for r in registrations if r.event.ends_at <= now]
    return render(
        request,
        "events/public/my_registrations.html",
        {"upcoming": upcoming[::-1], "past": past[:50], "active": Registration.ACTIVE},
    )


@declare(rules.public)
def organisation_suggestions(request):
    """Options for the organisation field's datalist (htmx): twenty names at most."""
    text = request.GET.get("organisation", "")[:100]
    options = []
    if len(text.strip()) >= 2:
        options = search_organisations(Organisation.objects.filter(is_active=True), text).order_by(
            "name"
        )[:20]
    return render(request, "events/public/_organisation_options.html", {"options": options})


urlpatterns = [
    path("", calendar, name="calendar"),
    path("<int:pk>/", event_detail, name="detail"),
    path("r/<str:code>/", registration_detail, name="registration"),
    path("r/<str:code>/cancel/", registration_cancel, name="registration_cancel"),
    path("my/", my_registrations, name="my_registrations"),
    path("organisations/suggest/", organisation_suggestions, name="organisation_suggestions"),
]
