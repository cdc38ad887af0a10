"""Check-in at the door: right person in, wrong codes out with a reason, nothing changed."""

import pytest
from django.core.exceptions import ValidationError

from technopark.events.models import Attendance
from technopark.events.services.attendance import check_in, normalise_code
from tests.events.attendance_data import make_event, register

pytestmark = pytest.mark.django_db


def test_confirmed_participant_is_checked_in_by_their_code(methodist):
    event = make_event()
    registration = register(event, "Иванов Пётр Сергеевич")

    result = check_in(event, code=registration.code.lower(), by=methodist, source="code")

    assert result.created is True
    assert result.message == "Отмечен: Иванов Пётр Сергеевич"
    assert list(Attendance.objects.values_list("registration", "mode", "source")) == [
        (registration.pk, "in_person", "code")
    ]


def test_second_scan_returns_the_first_check_in_and_says_when(methodist):
    event = make_event()
    registration = register(event, "Иванов Пётр Сергеевич")
    first = check_in(event, code=registration.code, by=methodist, source="qr")

    again = check_in(event, code=registration.code, by=methodist, source="qr")

    assert again.created is False
    assert again.attendance == first.attendance
    assert "Иванов Пётр Сергеевич уже отмечен в " in again.message
    assert Attendance.objects.count() == 1


def test_online_and_in_person_are_counted_separately():
    event = make_event()
    registration = register(event)
    check_in(event, code=registration.code, mode="in_person")
    check_in(event, code=registration.code, mode="online")
    assert Attendance.objects.filter(registration=registration).count() == 2


def test_unknown_code_is_refused_with_the_code_in_the_message():
    event = make_event()
    with pytest.raises(ValidationError) as error:
        check_in(event, code="ZZZZ2222ZZ")
    assert error.value.messages == [
        "Код «ZZZZ2222ZZ» не найден. Проверьте, правильно ли он введён."
    ]
    assert Attendance.objects.count() == 0


def test_code_of_another_event_is_refused():
    event = make_event()
    other = make_event(organisation=event.organisation, title="Круглый стол")
    registration = register(other)
    with pytest.raises(ValidationError) as error:
        check_in(event, code=registration.code)
    assert error.value.code == "foreign"
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("cancelled", "Регистрация отменена"),
        ("rejected", "Заявка отклонена"),
        ("waitlisted", "в листе ожидания"),
        ("pending", "ещё не подтверждена"),
    ],
)
def test_registration_without_a_place_is_not_checked_in(status, words):
    event = make_event()
    registration = register(event, status=status)
    with pytest.raises(ValidationError) as error:
        check_in(event, code=registration.code)
    assert words in error.value.messages[0]
    assert Attendance.objects.count() == 0


def test_empty_code_asks_for_a_code():
    with pytest.raises(ValidationError) as error:
        check_in(make_event(), code="   ")
    assert error.value.messages == ["Введите код участника."]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (" abcd-2345 ef ", "ABCD2345EF"),
        ("https://tp.example.ru/events/r/ABCD2345EF/", "ABCD2345EF"),
        ("https://tp.example.ru/checkin?code=abcd2345ef", "ABCD2345EF"),
    ],
)
def test_typed_or_scanned_codes_are_read_the_same_way(raw, code):
    assert normalise_code(raw) == code
