"""Forty people press "register" at the same moment for an event with ten seats.

Each thread opens its own HTTP connection to a live server, so each request runs in its own
server thread with its own database connection, as in production. The first test proves the
race is real by switching the lock off (settings.EVENTS_REGISTRATION_LOCKING = False) and
watching the event get oversold; the second proves the lock closes it: exactly ten confirmed,
thirty on the waiting list. The same pair for a master class (a programme item with its own
places, services/sessions.py): twenty people, five places — without the lock it is oversold,
with it exactly five get in and fifteen are refused with 409. Runs on SQLite (a file database,
see tests/settings.py) and on PostgreSQL (DATABASE_URL)."""

import http.client
import json
import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from technopark.events.models import AgendaSession, Registration
from tests.events.registration_data import make_event

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 10
PEOPLE = 40


def fire(
    live_server,
    event_id: int,
    emails: list[str],
    extra: dict | None = None,
    *,
    retry_as_created: bool = True,
) -> list[int]:
    """POST one registration per e-mail, all threads released at once; return status codes."""
    address = urlsplit(live_server.url)
    start = threading.Barrier(len(emails))
    codes: list[int] = []
    lock = threading.Lock()

    def one(n: int, email: str) -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
        body = json.dumps(
            {
                "full_name": f"Участник Номер {n}",
                "email": email,
                "organisation": "ГБОУ СОШ № 1",
                **(extra or {}),
            }
        )

        def send(conn) -> int:
            conn.request(
                "POST",
                f"/api/v1/events/{event_id}/registrations",
                body=body.encode(),
                headers={"Content-Type": "application/json"},
            )
            return conn.getresponse().status

        try:
            connection.connect()
            start.wait(30)
            try:
                status = send(connection)
            except ConnectionError:
                # The test server's listen queue is short; on a loaded machine it now and then
                # resets a connection. Send again, as a browser would: the e-mail is unique, so
                # "200, the same registration" means the first attempt was in fact taken.
                connection.close()
                connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
                status = send(connection)
                if status == 200 and retry_as_created:
                    status = 201
        finally:
            connection.close()
        with lock:
            codes.append(status)

    threads = [threading.Thread(target=one, args=(n, e)) for n, e in enumerate(emails)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(150)
    return codes


def counts(event) -> dict[str, int]:
    result: dict[str, int] = {}
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        result[status] = result.get(status, 0) + 1
    return result


def test_without_the_lock_simultaneous_registrations_oversell_the_event(live_server, settings):
    settings.EVENTS_REGISTRATION_LOCKING = False
    event = make_event(capacity=CAPACITY)

    codes = fire(live_server, event.pk, [f"p{n}@school.ru" for n in range(PEOPLE)])

    # Without the lock only the overselling matters; every answer was still a new registration.
    assert set(codes) == {201}
    assert counts(event).get("confirmed", 0) > CAPACITY  # the race is real


def test_with_the_lock_exactly_capacity_are_confirmed_and_the_rest_wait(live_server):
    event = make_event(capacity=CAPACITY)

    codes = fire(live_server, event.pk, [f"p{n}@school.ru" for n in range(PEOPLE)])

    assert codes.count(201) == PEOPLE
    assert counts(event) == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}


def test_one_email_sent_many_times_at_once_makes_one_registration(live_server):
    event = make_event(capacity=CAPACITY)

    codes = fire(live_server, event.pk, ["odna.i.ta.zhe@school.ru"] * 12, retry_as_created=False)

    assert sorted(codes) == [200] * 11 + [201]
    assert counts(event) == {"confirmed": 1}


# --- places in a programme item (a master class), under the same lock ---------------------------

SESSION_PLACES = 5
SESSION_PEOPLE = 20


def master_class(event):
    return AgendaSession.objects.create(
        event=event,
        title="Мастер-класс «Роботы»",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
        capacity=SESSION_PLACES,
    )


def holders(session) -> int:
    return Registration.objects.filter(sessions=session, status__in=Registration.ACTIVE).count()


def test_without_the_lock_a_master_class_is_oversold(live_server, settings):
    settings.EVENTS_REGISTRATION_LOCKING = False
    event = make_event(capacity=None)
    session = master_class(event)

    emails = [f"m{n}@school.ru" for n in range(SESSION_PEOPLE)]
    codes = fire(live_server, event.pk, emails, {"sessions": [session.pk]})

    assert codes.count(201) > SESSION_PLACES
    assert holders(session) > SESSION_PLACES  # the race is real


def test_with_the_lock_a_master_class_takes_exactly_its_places(live_server):
    event = make_event(capacity=None)
    session = master_class(event)

    emails = [f"m{n}@school.ru" for n in range(SESSION_PEOPLE)]
    codes = fire(live_server, event.pk, emails, {"sessions": [session.pk]})

    assert sorted(codes) == [201] * SESSION_PLACES + [409] * (SESSION_PEOPLE - SESSION_PLACES)
    assert holders(session) == SESSION_PLACES
    # A refused request saved nothing: no registration without its master class.
    assert Registration.objects.filter(event=event).count() == SESSION_PLACES
