"""Background work of events: registration e-mails and the day-before reminders.

Tasks receive ids only and re-read the registration, so an e-mail queued before a change (a
cancellation, a promotion) tells the participant the state at sending time."""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone

from technopark.celery import app

from .models import Event, Registration

logger = logging.getLogger(__name__)


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


# --- confirmations: a transactional outbox --------------------------------------------------
#
# With a broker, a new registration does not publish a Celery message of its own: its INSERT
# sets `confirmation_pending`, and after the commit `kick_confirmations` publishes at most one
# `send_due_confirmations` per second per process, with a one-second countdown. Why that is
# enough: a kick skipped at time t follows a kick at t0 > t - 1 s whose task runs no earlier
# than t0 + 1 s > t, i.e. after this registration was committed, and the task keeps going
# until nothing is due. The publish was ~2.5 ms of a ~12 ms registration (benchmarks/README.md),
# and an e-mail is no longer lost when the broker is down at the moment of the commit: the
# next kick (or the beat sweep) sends it.

KICK_EVERY = 1.0
_last_kick = [0.0]


def kick_confirmations() -> None:
    now = time.monotonic()
    if now - _last_kick[0] < KICK_EVERY:
        return
    _last_kick[0] = now
    try:
        send_due_confirmations.apply_async(countdown=KICK_EVERY)
    except Exception:  # noqa: BLE001 — the broker is down: the beat sweep sends it later
        _last_kick[0] = 0.0
        logger.warning("confirmation e-mails: the broker did not take the task", exc_info=True)


@app.task(
    name="technopark.events.tasks.send_due_confirmations",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def send_due_confirmations(batch: int = 200) -> int:
    """Send every confirmation still due; each registration is claimed by a conditional UPDATE,
    so two runs at once never send one twice. An e-mail that fails goes back to the outbox."""
    sent = 0
    while True:
        due = list(
            Registration.objects.filter(confirmation_pending=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not due:
            return sent
        for pk in due:
            claimed = Registration.objects.filter(pk=pk, confirmation_pending=True).update(
                confirmation_pending=False
            )
            if not claimed:
                continue
            try:
                send_registration_email(pk, "confirmation")
            except OSError:
                Registration.objects.filter(pk=pk).update(confirmation_pending=True)
                raise
            sent += 1


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
    # The hourly run is also the outbox's safety net: a confirmation whose kick was lost (the
    # broker was down at the commit) goes now at the latest.
    transaction.on_commit(send_due_confirmations.delay)
    return sent


# The certificate batch lives next to its service; importing it here registers it with workers
# (Celery's autodiscovery reads only this module of the app).
from .services.certificates import generate_certificates_task  # noqa: E402, F401
