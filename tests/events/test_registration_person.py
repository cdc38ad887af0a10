"""Registration.person: one number per person, the account's or the guest e-mail's, on every
path a registration is written by (service, edit, bulk insert, a deleted account)."""

import pytest

from technopark.events.models import Registration
from technopark.events.models.participation import person_number
from technopark.events.services.registration import register_participant
from tests.events.registration_data import make_event
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def register(event, email: str, **fields) -> Registration:
    registration, _ = register_participant(
        event, full_name="Иванова Мария Петровна", email=email, answers={}, **fields
    )
    return registration


def test_a_guest_is_the_same_number_whatever_the_case_of_the_e_mail_and_the_event():
    first, second = make_event(), make_event(title="Круглый стол")

    a = register(first, "Maria.Ivanova@School.ru")
    b = register(second, "maria.ivanova@school.ru")
    other = register(second, "olga@school.ru")

    assert a.person == b.person == person_number(None, "maria.ivanova@school.ru")
    assert a.person < 0 and other.person < 0
    assert other.person != a.person
    stored = set(Registration.objects.values_list("person", flat=True))
    assert stored == {a.person, other.person}


def test_an_account_is_its_id_and_never_a_guest_number():
    user = make_user(email="teacher@school.ru")
    event = make_event()

    registration = register(event, "teacher@school.ru", user=user)

    assert registration.person == user.pk
    guest = register(make_event(title="Семинар"), "teacher@school.ru")
    assert guest.person < 0  # without an account the e-mail is someone of its own


def test_an_edited_e_mail_moves_a_guest_and_a_status_change_keeps_the_number():
    registration = register(make_event(), "old@school.ru")

    registration.email = "new@school.ru"
    registration.save(update_fields=["email"])
    registration.refresh_from_db()
    assert registration.person == person_number(None, "new@school.ru")

    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    registration.refresh_from_db()
    assert registration.person == person_number(None, "new@school.ru")


def test_a_deleted_account_leaves_the_registration_the_same_person():
    user = make_user(email="teacher@school.ru")
    registration = register(make_event(), "teacher@school.ru", user=user)
    number = user.pk

    user.delete()
    registration.refresh_from_db()
    assert registration.user_id is None
    assert registration.person == number

    registration.full_name = "Иванова Мария"
    registration.save()
    registration.refresh_from_db()
    assert registration.person == number


def test_bulk_insert_gives_the_numbers_too():
    event, user = make_event(), make_user(email="teacher@school.ru")

    Registration.objects.bulk_create(
        [
            Registration(event=event, full_name="А", email="Guest@School.ru", status="confirmed"),
            Registration(
                event=event, user=user, full_name="Б", email=user.email, status="confirmed"
            ),  # fmt: skip
        ]
    )

    assert dict(Registration.objects.values_list("full_name", "person")) == {
        "А": person_number(None, "guest@school.ru"),
        "Б": user.pk,
    }
