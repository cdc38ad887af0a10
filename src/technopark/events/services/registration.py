"""Registration: seats, the waiting list and moderation, decided under a lock on the event.

Why a lock: "count the seats, then insert" is a read followed by a write. Two requests that
both read "9 of 10 taken" would both insert and the event would be oversold. Every write that
changes who holds a seat therefore runs inside one transaction that first locks the event row
and only then counts — the second request waits for the first to commit and counts again.

- PostgreSQL: `SELECT … FOR UPDATE` on the event row. One row per event, always the event first
  and never a second event in the same transaction, so two registrations cannot deadlock.
- SQLite: `select_for_update()` is a no-op there, but the connection opens every transaction
  with `BEGIN IMMEDIATE` (settings.DATABASES OPTIONS transaction_mode), which takes the single
  database write lock at once; writers are serialised for the whole block, which is the same
  guarantee at the scale SQLite is used for.

`settings.EVENTS_REGISTRATION_LOCKING = False` is for the concurrency test only: it counts outside
any transaction and inserts in a second one, with a short pause between, so the test can show
the overselling the lock prevents (a test that cannot fail proves nothing).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.network.models import Municipality, Organisation

from ..models import Event, Registration
from .participants import normalise_email
from .participants import participant_fields as _participant_fields
from .questions import build_answers, save_answers
from .registration_errors import EventFull, RegistrationClosed
from .sessions import SessionFull, check_places, resolve_choice, save_choice

__all__ = ["EventFull", "RegistrationClosed", "SessionFull"]


def _locking() -> bool:
    return getattr(settings, "EVENTS_REGISTRATION_LOCKING", True)


# What deciding a seat reads of the event (check_open, _place_status, and the title that the
# audit entry of a new registration names). Reading only these keeps the description and the
# twenty other columns out of the hot path: on a 2-core machine the ORM's per-column work was a
# measurable share of a registration (benchmarks/README.md, "register_api").
SEAT_FIELDS = (
    "title",
    "status",
    "ends_at",
    "time_zone",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "waitlist",
    "moderation",
    "organisation_id",
)


def _lock(event: Event, *, fields: tuple[str, ...] | None = None) -> Event:
    """Re-read the event under a row lock (see the module docstring)."""
    queryset = Event.objects.select_for_update()
    if fields:
        queryset = queryset.only(*fields)
    return queryset.get(pk=event.pk)


def _live(event: Event, email: str):
    return Registration.objects.filter(
        event=event, email=normalise_email(email), status__in=Registration.ACTIVE
    ).order_by("created_at", "pk")


def live_registration(event: Event, email: str) -> Registration | None:
    return _live(event, email).first()


def seated_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Registration.SEATED).count()


def check_open(event: Event, *, now=None) -> None:
    """Raise RegistrationClosed unless the event takes registrations right now."""
    now = now or timezone.now()
    if event.status == Event.Status.DRAFT:
        raise RegistrationClosed(_("Мероприятие ещё не опубликовано, регистрация недоступна."))
    if event.status != Event.Status.PUBLISHED or event.ends_at <= now:
        raise RegistrationClosed(_("Мероприятие уже прошло, регистрация закрыта."))
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at, _zone(event))
        raise RegistrationClosed(
            _("Регистрация ещё не открыта: она откроется %(when)s.")
            % {"when": opens.strftime("%d.%m.%Y %H:%M")}
        )
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise RegistrationClosed(_("Регистрация на это мероприятие закрыта."))


def _zone(event: Event):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def _place_status(event: Event, seated: int) -> str:
    """The status a new (or promoted) registration gets, given the seats already taken."""
    if event.capacity is None or seated < event.capacity:
        return Registration.Status.PENDING if event.moderation else Registration.Status.CONFIRMED
    if event.waitlist:
        return Registration.Status.WAITLISTED
    raise EventFull(_("Все места заняты, а лист ожидания на это мероприятие не ведётся."))


def register_participant(
    event: Event,
    *,
    full_name: str,
    email: str,
    organisation: Organisation | int | None = None,
    organisation_name: str = "",
    municipality: Municipality | int | None = None,
    role: str = Registration.ParticipantRole.TEACHER,
    answers: dict | None = None,
    sessions=(),
    user=None,
) -> tuple[Registration, bool]:
    """Register one person: one live registration per e-mail, capacity never exceeded — the
    event's and that of each chosen programme item (`sessions`: ids, see services/sessions.py).
    """
    fields = _participant_fields(
        full_name=full_name,
        email=email,
        organisation=organisation,
        organisation_name=organisation_name,
        municipality=municipality,
        role=role,
    )
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    # Answers (and uploaded files) are checked before the lock is taken, so the lock is held
    # only for the few statements that decide the seat. A repeated submission is the same
    # person and gets the existing registration whatever it sent this time: the check under
    # the lock answers a repeat before the open dates and seats are looked at, this one a
    # repeat whose answers are now refused. (A separate look-up before everything was one
    # query more on every new registration, the hot path.)
    try:
        # The API reads the event with `has_questions` (one query, not two): no question, no
        # look-up of questions.
        no_questions = getattr(event, "has_questions", None) is False
        prepared = build_answers(event, answers or {}, questions=[] if no_questions else None)
        chosen = resolve_choice(event, sessions)
    except ValidationError:
        existing = live_registration(event, fields["email"])
        if existing is not None:
            return existing, False
        raise
    try:
        register = _register_locked if _locking() else _register_unlocked
        registration, created = register(event, fields, user, prepared, chosen)
    except IntegrityError:
        # Another request for the same e-mail won the race; the partial unique constraint
        # refused ours. The winner is the registration.
        existing = live_registration(event, fields["email"])
        if existing is None:
            raise
        return existing, False
    return registration, created


def _register_locked(
    event: Event, fields: dict, user, prepared, chosen
) -> tuple[Registration, bool]:
    """Decide the seat under the lock, then insert. A repeated e-mail is not looked up first:
    the partial unique constraint refuses the second live registration and the existing one is
    read only then (a new person, the usual case, costs one query less). Whatever refuses a
    repeat — closed, full, a full master class — also answers with the existing registration.
    """
    with transaction.atomic():
        locked = _lock(event, fields=SEAT_FIELDS)
        try:
            check_open(locked)
            # Without a capacity every registration gets a seat: nothing to count.
            seated = seated_count(locked) if locked.capacity is not None else 0
            status = _place_status(locked, seated)
            check_places(chosen)  # the programme items' places, counted under the same lock
        except RegistrationClosed:
            existing = live_registration(locked, fields["email"])
            if existing is not None:
                return existing, False
            raise
        try:
            with transaction.atomic():  # a savepoint: a refused INSERT keeps the lock
                # The caller's event object, not the partial re-read: callers show its fields.
                registration = Registration.objects.create(
                    event=event,
                    user=user,
                    status=status,
                    confirmation_pending=_outbox(),
                    **fields,
                )
        except IntegrityError:
            existing = live_registration(locked, fields["email"])
            if existing is None:
                raise
            return existing, False
        save_answers(registration, prepared)
        save_choice(registration, chosen)
        _confirm(registration)
    return registration, True


def _register_unlocked(
    event: Event, fields: dict, user, prepared, chosen
) -> tuple[Registration, bool]:
    """TEST ONLY: the race the lock closes, made wide enough to hit reliably."""
    existing = live_registration(event, fields["email"])
    if existing is not None:
        return existing, False
    event = Event.objects.get(pk=event.pk)
    check_open(event)
    status = _place_status(event, seated_count(event))
    check_places(chosen)
    time.sleep(0.05)
    with transaction.atomic():
        registration = Registration.objects.create(event=event, user=user, status=status, **fields)
        save_answers(registration, prepared)
        save_choice(registration, chosen)
        _notify(registration, "confirmation")
    return registration, True


def _outbox() -> bool:
    """With a broker, confirmations go through the outbox (tasks.kick_confirmations); without
    one (the embedded profile, tests) the e-mail is sent at the commit, as before."""
    return not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)


def _confirm(registration: Registration) -> None:
    if not registration.confirmation_pending:
        _notify(registration, "confirmation")
        return
    from ..tasks import kick_confirmations

    transaction.on_commit(kick_confirmations)


def _notify(registration: Registration, kind: str) -> None:
    """Queue an e-mail after commit; the task gets the id and re-reads everything."""
    from ..tasks import send_registration_email

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_email.delay(pk, kind))


def promote_waitlist(event: Event) -> list[Registration]:
    """Move people up from the waiting list, oldest first, while seats are free."""
    with transaction.atomic():
        event = _lock(event)
        if event.status != Event.Status.PUBLISHED or event.ends_at <= timezone.now():
            return []
        waiting = Registration.objects.filter(
            event=event, status=Registration.Status.WAITLISTED
        ).order_by("created_at", "pk")
        if event.capacity is not None:
            free = event.capacity - seated_count(event)
            if free <= 0:
                return []
            waiting = waiting[:free]
        promoted = list(waiting)
        status = Registration.Status.PENDING if event.moderation else Registration.Status.CONFIRMED
        for registration in promoted:
            registration.status = status
            registration.save(update_fields=["status", "status_changed_at"])
            _notify(registration, "promoted")
    return promoted


def _may_act_for(registration: Registration, by) -> bool:
    from ..rules import can_manage_event

    if by is None:
        return True  # the participant acting through their secret code or link
    if getattr(by, "pk", None) and registration.user_id == by.pk:
        return True
    if getattr(by, "is_authenticated", False) and normalise_email(by.email) == registration.email:
        return True
    return can_manage_event(by, registration.event)


def cancel_registration(registration: Registration, *, by=None) -> Registration:
    """The participant or an organiser cancels; the freed seat goes to the waiting list."""
    if not _may_act_for(registration, by):
        raise ValidationError(
            _("Отменить эту регистрацию может только сам участник или организатор.")
        )
    with transaction.atomic():
        _lock(registration.event)
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status not in Registration.ACTIVE:
            return registration
        was_seated = registration.status in Registration.SEATED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "status_changed_at"])
        if was_seated:
            promote_waitlist(registration.event)
    return registration


def _moderate(registration: Registration, by, status: str) -> Registration:
    from ..rules import can_manage_event

    if not can_manage_event(by, registration.event):
        raise ValidationError(_("Подтверждать и отклонять заявки может только организатор."))
    with transaction.atomic():
        _lock(registration.event)
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            raise ValidationError(
                {
                    "status": _("Заявка уже рассмотрена: её состояние — «%(status)s».")
                    % {"status": registration.get_status_display()}
                }
            )
        registration.status = status
        registration.save(update_fields=["status", "status_changed_at"])
        if status == Registration.Status.REJECTED:
            promote_waitlist(registration.event)
        _notify(registration, "approved" if status == Registration.Status.CONFIRMED else "rejected")
    return registration


def approve_registration(registration: Registration, *, by) -> Registration:
    """An organiser confirms a pending application (it already holds its seat)."""
    return _moderate(registration, by, Registration.Status.CONFIRMED)


def reject_registration(registration: Registration, *, by) -> Registration:
    """An organiser turns an application down; its seat goes to the waiting list."""
    return _moderate(registration, by, Registration.Status.REJECTED)
