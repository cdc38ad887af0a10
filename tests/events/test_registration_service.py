"""Registration rules: seats, waiting list, moderation, duplicates and bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from technopark.events.models import Answer, Event, Registration
from technopark.events.selectors import event_stats
from technopark.events.services import questions as question_services
from technopark.events.services.events import update_event
from technopark.events.services.registration import (
    EventFull,
    RegistrationClosed,
    approve_registration,
    cancel_registration,
    promote_waitlist,
    register_participant,
    reject_registration,
)
from technopark.events.services.streams import record_stream_views
from tests.events.registration_data import make_event, samara_municipality
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db

PEOPLE = [
    "Иванова Мария Петровна",
    "Смирнов Алексей Игоревич",
    "Кузнецова Ольга Сергеевна",
    "Попов Дмитрий Андреевич",
]


def register(event, n: int = 0, **fields):
    values = {
        "full_name": PEOPLE[n % len(PEOPLE)],
        "email": f"uchastnik{n}@school.ru",
        "role": Registration.ParticipantRole.TEACHER,
        "answers": {},
    }
    values.update(fields)
    return register_participant(event, **values)


def statuses(event) -> list[str]:
    return list(event.registrations.order_by("created_at", "pk").values_list("status", flat=True))


def test_free_seats_confirm_and_a_full_event_puts_people_on_the_waiting_list():
    event = make_event(capacity=2)

    results = [register(event, n)[0].status for n in range(4)]

    assert results == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_a_full_event_without_waiting_list_refuses_with_a_clear_message():
    event = make_event(capacity=1, waitlist=False)
    register(event, 0)

    with pytest.raises(EventFull) as error:
        register(event, 1)

    assert "Все места заняты" in error.value.messages[0]
    assert event.registrations.count() == 1


def test_the_same_email_again_returns_the_existing_registration():
    event = make_event()
    first, created = register(event, 0, email="Ivanova@School.RU ")

    again, created_again = register(event, 1, email="  ivanova@school.ru")

    assert created is True and created_again is False
    assert again.pk == first.pk
    assert first.email == "ivanova@school.ru"
    assert event.registrations.count() == 1


def test_after_cancelling_the_same_email_may_register_again():
    event = make_event()
    first, _ = register(event, 0)
    cancel_registration(first, by=None)

    second, created = register(event, 0)

    assert created is True and second.pk != first.pk


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Event.Status.DRAFT}, "ещё не опубликовано"),
        ({"status": Event.Status.HELD}, "уже прошло"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "закрыта"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "ещё не открыта"),
    ],
)
def test_registration_outside_its_window_is_refused_and_nothing_is_saved(changes, message):
    event = make_event(**changes)

    with pytest.raises(RegistrationClosed) as error:
        register(event)

    assert message in error.value.messages[0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"email": "не-почта"}, "email"),
        ({"email": "ivanova@"}, "email"),
        ({"full_name": "   "}, "full_name"),
        ({"role": "astronaut"}, "role"),
        ({"municipality": 999999}, "municipality"),
        ({"organisation": 999999}, "organisation"),
    ],
)
def test_bad_participant_data_is_refused_field_by_field(fields, key):
    event = make_event()

    with pytest.raises(ValidationError) as error:
        register(event, **fields)

    assert key in error.value.message_dict
    assert not Registration.objects.exists()


def test_municipality_comes_from_the_organisation_when_not_given():
    event = make_event()
    registration, _ = register(event, organisation=event.organisation.pk)

    assert registration.organisation_name == "ГБУ ДО ЦДТ «Радуга»"
    assert registration.municipality_id == event.organisation.municipality_id


def test_questions_are_checked_and_answers_keep_the_wording():
    event = make_event()
    topic = question_services.add_question(
        event, label="Тема мастер-класса", kind="text", required=True
    )
    place = question_services.add_question(
        event, label="Формат участия", kind="choice", options=["Очно", "Онлайн"], required=True
    )
    pupils = question_services.add_question(event, label="Сколько учеников", kind="number")
    lunch = question_services.add_question(event, label="Нужен обед?", kind="yesno")
    days = question_services.add_question(
        event, label="Дни", kind="multi", options=["Пятница", "Суббота"]
    )

    with pytest.raises(ValidationError) as error:
        register(event, answers={str(place.pk): "По телефону", str(pupils.pk): "много"})
    assert set(error.value.message_dict) == {
        f"answers.{topic.pk}",
        f"answers.{place.pk}",
        f"answers.{pupils.pk}",
    }
    assert "Тема мастер-класса" in error.value.message_dict[f"answers.{topic.pk}"][0]
    assert not Registration.objects.exists()

    registration, _ = register(
        event,
        answers={
            str(topic.pk): "Робототехника",
            str(place.pk): "Очно",
            str(pupils.pk): "3,5",
            str(lunch.pk): "да",
            str(days.pk): ["Суббота", "Пятница"],
        },
    )
    values = {a.label: a.value for a in registration.answers.all()}
    assert values == {
        "Тема мастер-класса": "Робототехника",
        "Формат участия": "Очно",
        "Сколько учеников": 3.5,
        "Нужен обед?": True,
        "Дни": ["Пятница", "Суббота"],
    }


def test_unknown_question_numbers_are_refused():
    event = make_event()

    with pytest.raises(ValidationError) as error:
        register(event, answers={"424242": "что-то"})

    assert "answers" in error.value.message_dict


def test_editing_questions_later_never_changes_answers_given_before():
    event = make_event()
    question = question_services.add_question(
        event, label="Формат участия", kind="choice", options=["Очно", "Онлайн"]
    )
    register(event, answers={str(question.pk): "Онлайн"})

    question_services.update_question(
        question, label="Как вы будете участвовать?", options=["В зале", "По ссылке"]
    )
    question_services.deactivate_question(question)

    answer = Answer.objects.get()
    assert (answer.label, answer.value) == ("Формат участия", "Онлайн")
    with pytest.raises(ValidationError) as error:
        question_services.update_question(question, kind="text")
    assert "kind" in error.value.message_dict


def test_questions_can_be_reordered_and_need_options_for_choices():
    event = make_event()
    first = question_services.add_question(event, label="Первый", kind="text")
    second = question_services.add_question(event, label="Второй", kind="text")

    question_services.reorder_questions(event, [second.pk, first.pk])

    assert list(event.questions.values_list("label", flat=True)) == ["Второй", "Первый"]
    with pytest.raises(ValidationError) as error:
        question_services.add_question(event, label="Выбор", kind="choice", options=["один"])
    assert "options" in error.value.message_dict


def test_file_answers_are_judged_by_content_and_size(settings):
    settings.EVENTS_ANSWER_FILE_MAX_BYTES = 1024
    event = make_event()
    question = question_services.add_question(event, label="Презентация", kind="file")
    disguised = SimpleUploadedFile("doklad.pdf", b"MZ\x90\x00 not a pdf at all" * 4)
    oversized = SimpleUploadedFile("doklad.pdf", b"%PDF-1.4\n" + b"0" * 2048)

    for upload in (disguised, oversized):
        with pytest.raises(ValidationError) as error:
            register(event, answers={question.pk: upload})
        assert f"answers.{question.pk}" in error.value.message_dict
    assert not Registration.objects.exists()

    good = SimpleUploadedFile("doklad.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    registration, _ = register(event, answers={question.pk: good})
    answer = registration.answers.get()
    assert answer.value == "doklad.pdf" and answer.file.name.endswith(".pdf")
    assert "doklad" not in answer.file.name


def test_cancelling_a_seat_promotes_the_oldest_waiting_person():
    event = make_event(capacity=1)
    seated, _ = register(event, 0)
    oldest, _ = register(event, 1)
    register(event, 2)

    cancel_registration(seated, by=None)

    assert statuses(event) == ["cancelled", "confirmed", "waitlisted"]
    oldest.refresh_from_db()
    assert oldest.status == "confirmed"


def test_cancelling_from_the_waiting_list_promotes_nobody():
    event = make_event(capacity=1)
    register(event, 0)
    waiting, _ = register(event, 1)
    register(event, 2)

    cancel_registration(waiting, by=None)

    assert statuses(event) == ["confirmed", "cancelled", "waitlisted"]


def test_a_stranger_cannot_cancel_someone_elses_registration():
    event = make_event()
    registration, _ = register(event, 0)
    stranger = make_user(Role.TEACHER, email="chuzhoy@school.ru")

    with pytest.raises(ValidationError):
        cancel_registration(registration, by=stranger)

    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_more_places_move_people_up_from_the_waiting_list():
    event = make_event(capacity=1)
    for n in range(4):
        register(event, n)

    update_event(event, capacity=3)

    assert statuses(event) == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    update_event(event, capacity=None)
    assert statuses(event) == ["confirmed"] * 4
    assert promote_waitlist(event) == []


def test_moderation_holds_the_seat_until_the_organiser_decides():
    organiser = make_user(Role.ADMINISTRATOR, email="admin@cdt.ru")
    event = make_event(capacity=1, moderation=True)
    pending, _ = register(event, 0)
    waiting, _ = register(event, 1)
    assert (pending.status, waiting.status) == ("pending", "waitlisted")

    reject_registration(pending, by=organiser)

    waiting.refresh_from_db()
    assert waiting.status == "pending"  # promoted, but still to be approved
    approve_registration(waiting, by=organiser)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    with pytest.raises(ValidationError):
        approve_registration(waiting, by=organiser)


def test_only_an_organiser_moderates():
    teacher = make_user(Role.TEACHER, email="pedagog@school.ru")
    event = make_event(moderation=True)
    pending, _ = register(event, 0)

    with pytest.raises(ValidationError):
        approve_registration(pending, by=teacher)

    pending.refresh_from_db()
    assert pending.status == "pending"


def test_stream_views_are_counted_apart_from_registrations():
    event = make_event(capacity=None)
    for n in range(3):
        register(event, n, municipality=samara_municipality())
    register(event, 3)
    record_stream_views(event, count=40, source="сообщество ЦДТ ВКонтакте")

    stats = event_stats(event)

    assert stats["registered"] == 4
    assert stats["stream_views"] == 40
    assert stats["reach"] == 44
    assert stats["by_municipality"] == [
        {"name": "городской округ Самара", "participants": 3},
        {"name": "муниципалитет не указан", "participants": 1},
    ]
