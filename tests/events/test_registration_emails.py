"""What participants receive: confirmation with QR and ICS, promotion, reminders once."""

import datetime as dt
import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from technopark.events.models import Format, Registration
from technopark.events.services.registration import cancel_registration, register_participant
from technopark.events.tasks import send_reminders
from tests.events.registration_data import make_event

pytestmark = pytest.mark.django_db

SAMARA = zoneinfo.ZoneInfo("Europe/Samara")


def register(event, email="ivanova@school.ru", name="Иванова Мария Петровна"):
    return register_participant(
        event, full_name=name, email=email, role=Registration.ParticipantRole.TEACHER, answers={}
    )[0]


def attachment(message, filename):
    for item in message.attachments:
        if isinstance(item, tuple) and item[0] == filename:
            return item
        if not isinstance(item, tuple) and item.get_filename() == filename:
            return item
    return None


def test_confirmation_email_has_status_local_time_place_qr_and_calendar_file(
    mailoutbox, django_capture_on_commit_callbacks
):
    starts = dt.datetime(2031, 3, 28, 11, 0, tzinfo=SAMARA)
    event = make_event(starts_at=starts, ends_at=starts + timedelta(hours=3))

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ivanova@school.ru"]
    assert message.subject == "Вы зарегистрированы — Открытие региональной стажёрской площадки"
    body = message.body
    assert "Здравствуйте, Иванова Мария Петровна!" in body
    assert "Состояние заявки: подтверждена" in body
    assert "28 марта 2031, 11:00 – 14:00" in body
    assert "Europe/Samara" in body
    assert "ул. Молодогвардейская, 33" in body
    assert "https://meet.example.ru/room/123" in body
    assert registration.code in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'src="cid:qr"' in html

    qr = attachment(message, "qr.png")
    assert qr is not None and qr.get_payload(decode=True).startswith(b"\x89PNG")
    ics = attachment(message, "event.ics")
    calendar = Calendar.from_ical(ics[1])
    assert calendar["METHOD"] == "PUBLISH"
    entry = calendar.walk("VEVENT")[0]
    assert entry["UID"] == f"registration-{registration.pk}-{registration.code}@127.0.0.1"
    assert entry.decoded("DTSTART") == starts
    assert entry.decoded("DTEND") == starts + timedelta(hours=3)
    assert "Молодогвардейская" in str(entry["LOCATION"])
    assert str(entry["SUMMARY"]) == "Открытие региональной стажёрской площадки"


def test_online_event_gives_the_link_as_the_calendar_location(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(format=Format.ONLINE, venue=None, venue_address="", venue_room="")

    with django_capture_on_commit_callbacks(execute=True):
        register(event)

    ics = Calendar.from_ical(attachment(mailoutbox[0], "event.ics")[1])
    assert str(ics.walk("VEVENT")[0]["LOCATION"]) == "https://meet.example.ru/room/123"
    assert "Где:" not in mailoutbox[0].body


def test_waiting_list_email_says_so_and_has_no_qr(mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(capacity=0)

    with django_capture_on_commit_callbacks(execute=True):
        register(event)

    message = mailoutbox[0]
    assert message.subject.startswith("Вы в листе ожидания")
    assert "лист ожидания" in message.body
    assert attachment(message, "qr.png") is None


def test_promotion_from_the_waiting_list_is_announced_with_the_same_calendar_entry(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        seated = register(event, "first@school.ru")
        waiting = register(event, "second@school.ru", "Смирнов Алексей Игоревич")
    first_uid = Calendar.from_ical(attachment(mailoutbox[1], "event.ics")[1]).walk("VEVENT")[0][
        "UID"
    ]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(seated, by=None)

    assert [m.to for m in mailoutbox] == [["second@school.ru"]]
    assert mailoutbox[0].subject.startswith("Освободилось место")
    assert waiting.code in mailoutbox[0].body
    uid = Calendar.from_ical(attachment(mailoutbox[0], "event.ics")[1]).walk("VEVENT")[0]["UID"]
    assert uid == first_uid


def test_reminders_go_out_the_day_before_and_only_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow = make_event(starts_at=timezone.now() + timedelta(hours=24))
    next_week = make_event(title="Круглый стол", starts_at=timezone.now() + timedelta(days=7))
    register(tomorrow, "a@school.ru")
    register(tomorrow, "b@school.ru")
    cancelled = register(tomorrow, "c@school.ru")
    cancel_registration(cancelled, by=None)
    register(next_week, "a@school.ru")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 0

    assert sorted(m.to[0] for m in mailoutbox) == ["a@school.ru", "b@school.ru"]
    assert all(m.subject.startswith("Напоминание: завтра") for m in mailoutbox)
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 2


# --- the outbox (a broker is configured) ---------------------------------------------------------


def test_with_a_broker_confirmations_go_through_the_outbox_once_each(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    from technopark.events import tasks

    # A broker: the task is published (to the in-memory broker of the tests), not run here.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    tasks._last_kick[0] = 0.0
    event = make_event(capacity=None)

    with django_capture_on_commit_callbacks(execute=True):
        first, _ = register_participant(event, full_name="Орлова Вера", email="orlova@school.ru")
    kicked = tasks._last_kick[0]
    with django_capture_on_commit_callbacks(execute=True):
        register_participant(event, full_name="Юдин Олег", email="yudin@school.ru")

    # Nothing was sent inside the requests; the first commit published the task, the second
    # (within the same second) did not publish another.
    assert mailoutbox == []
    assert kicked > 0 and tasks._last_kick[0] == kicked
    assert Registration.objects.filter(confirmation_pending=True).count() == 2
    # The task sends both; a second run at the same time sends nothing twice.
    assert tasks.send_due_confirmations() == 2
    assert tasks.send_due_confirmations() == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["orlova@school.ru", "yudin@school.ru"]
    assert "Код для отметки на входе" in mailoutbox[0].body
