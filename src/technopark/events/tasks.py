"""Background work of events: registration e-mails and the day-before reminders.

Tasks receive ids only and re-read the registration, so an e-mail queued before a change (a
cancellation, a promotion) tells the participant the state at sending time."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from technopark.celery import app

from .models import Event, Registration


@app.task(
    name="technopark.events.tasks.send_registration_email",
    # Nobody waits for the answer. With a result backend, a task that keeps its result makes
    # every `.delay()` subscribe to (and later unsubscribe from) a Redis channel for it: that
    # was a round trip per registration on the API's hot path.
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def send_registration_email(registration_id: int, kind: str) -> bool:
    """Send one registration e-mail; a registration gone or cancelled since gets none."""
    from .emails import build_message

    registration = (
        Registration.objects.select_related("event__venue", "event__organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    if kind != "rejected" and registration.status not in Registration.ACTIVE:
        return False
    build_message(registration, kind).send()
    return True


@app.task(name="technopark.events.tasks.send_reminders")
def send_reminders() -> int:
    """Remind confirmed participants of tomorrow's events; safe to run every hour (each person
    is claimed once through `reminded_at`, even when two runs overlap)."""
    from .emails import reminder_window

    start, end = reminder_window()
    due = Registration.objects.filter(
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due[:5000]):
        with transaction.atomic():
            # The conditional UPDATE is the claim: only one run sees "1 row changed".
            claimed = Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if claimed:
                transaction.on_commit(lambda pk=pk: send_registration_email.delay(pk, "reminder"))
                sent += 1
    return sent


# The certificate batch lives next to its service; importing it here registers it with workers
# (Celery's autodiscovery reads only this module of the app).
from .services.certificates import generate_certificates_task  # noqa: E402, F401
