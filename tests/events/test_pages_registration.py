"""A guest registers through the form on the event page; bad input is explained, nothing saved."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from technopark.events.models import Answer, Event, Question, Registration
from tests.events.registration_data import make_event, samara_municipality
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def guest(**changes) -> dict:
    data = {
        "full_name": "Смирнова Ольга Викторовна",
        "email": "o.smirnova@example.ru",
        "organisation": "ГБОУ СОШ № 5 г. Сызрани",
        "municipality": samara_municipality().pk,
        "role": "teacher",
    }
    data.update(changes)
    return data


def post(client, event, data, **extra):
    return client.post(reverse("events:detail", args=[event.pk]), data, **extra)


def test_guest_registers_and_sees_status_qr_and_code(client, django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event, guest())
    registration = Registration.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registration", args=[registration.code])
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.organisation is None
    assert registration.organisation_name == "ГБОУ СОШ № 5 г. Сызрани"

    body = client.get(response["Location"]).content.decode()
    assert "Подтверждена" in body
    assert registration.code in body
    assert "<svg" in body
    # A confirmed participant gets the room and stream links.
    assert "https://meet.example.ru/room/123" in body
    assert len(mail.outbox) == 1


def test_organisation_typed_as_in_the_directory_is_linked(client):
    school = OrganisationFactory(name="ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка")
    event = make_event()
    post(client, event, guest(organisation="  ГБОУ СОШ № 1  «ОЦ» с. Большая Черниговка "))
    registration = Registration.objects.get(event=event)
    assert registration.organisation == school


def test_organisation_suggestions_offer_matching_names(client):
    OrganisationFactory(name="ГБУ ДО «Кванториум» г. Тольятти")
    response = client.get(reverse("events:organisation_suggestions"), {"organisation": "кванто"})
    assert '<option value="ГБУ ДО «Кванториум» г. Тольятти">' in response.content.decode()


def test_the_same_email_again_does_not_reveal_the_first_registration(client):
    event = make_event()
    post(client, event, guest())
    first = Registration.objects.get(event=event)
    client.cookies.clear()
    response = post(client, event, guest(full_name="Кто-то Другой"), follow=True)
    assert Registration.objects.filter(event=event).count() == 1
    body = response.content.decode()
    assert first.code not in body
    assert "С этим адресом уже есть регистрация" in body


def test_custom_questions_are_asked_by_kind_and_stored(client):
    event = make_event()
    text = Question.objects.create(event=event, label="Тема вашего опыта", kind="text")
    choice = Question.objects.create(
        event=event, label="Секция", kind="choice", options=["робототехника", "3D"], required=True
    )
    multi = Question.objects.create(
        event=event, label="Что интересно", kind="multi", options=["VR", "ИИ", "дроны"]
    )
    yesno = Question.objects.create(event=event, label="Нужна справка?", kind="yesno")
    number = Question.objects.create(event=event, label="Сколько детей", kind="number")
    upload = Question.objects.create(event=event, label="Презентация", kind="file")
    form = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert f'type="radio" name="q{choice.pk}"' in form
    assert f'type="checkbox" name="q{multi.pk}"' in form
    assert f'type="file" name="q{upload.pk}"' in form
    assert 'enctype="multipart/form-data"' in form

    post(
        client,
        event,
        guest(
            **{
                f"q{text.pk}": "Кружок робототехники в селе",
                f"q{choice.pk}": "3D",
                f"q{multi.pk}": ["VR", "дроны"],
                f"q{yesno.pk}": "yes",
                f"q{number.pk}": "12",
                f"q{upload.pk}": SimpleUploadedFile("opyt.pdf", PDF, "application/pdf"),
            }
        ),
    )
    answers = {a.label: a.value for a in Answer.objects.filter(registration__event=event)}
    assert answers == {
        "Тема вашего опыта": "Кружок робототехники в селе",
        "Секция": "3D",
        "Что интересно": ["VR", "дроны"],
        "Нужна справка?": True,
        "Сколько детей": 12,
        "Презентация": "opyt.pdf",
    }


def assert_rejected(response, event, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()
    assert not Answer.objects.exists()


def test_malformed_email_is_explained_and_nothing_saved(client):
    event = make_event()
    response = post(client, event, guest(email="olga@@example"))
    assert_rejected(response, event, "Введите правильный адрес электронной почты.")


def test_missing_required_answer_is_explained_and_nothing_saved(client):
    event = make_event()
    Question.objects.create(
        event=event, label="Секция", kind="choice", options=["робототехника", "3D"], required=True
    )
    response = post(client, event, guest())
    assert_rejected(response, event, "Обязательное поле.")


@override_settings(EVENTS_ANSWER_FILE_MAX_BYTES=1024)
def test_oversized_file_is_explained_and_nothing_saved(client):
    event = make_event()
    question = Question.objects.create(event=event, label="Презентация", kind="file")
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 4096, "application/pdf")
    response = post(client, event, guest(**{f"q{question.pk}": big}))
    assert_rejected(response, event, "Файл слишком большой")


def test_disguised_file_is_explained_and_nothing_saved(client):
    event = make_event()
    question = Question.objects.create(event=event, label="Презентация", kind="file")
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00\x03\x00\x00\x00" * 64, "application/pdf")
    response = post(client, event, guest(**{f"q{question.pk}": fake}))
    assert_rejected(response, event, "Этот тип файла не подходит")


def test_closed_registration_rejects_a_post_with_a_message(client):
    event = make_event(
        registration_closes_at=timezone.now() - timedelta(minutes=5),
        registration_opens_at=timezone.now() - timedelta(days=5),
    )
    response = post(client, event, guest(), follow=True)
    assert "Регистрация на это мероприятие закрыта." in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_draft_event_takes_no_registration(client):
    event = make_event(status=Event.Status.DRAFT)
    assert post(client, event, guest()).status_code == 404
    assert not Registration.objects.exists()


def test_full_event_puts_the_guest_on_the_waiting_list(client):
    event = make_event(capacity=1)
    post(client, event, guest(email="first@example.ru"))
    response = post(client, event, guest(email="second@example.ru"), follow=True)
    body = response.content.decode()
    assert "В листе ожидания" in body
    assert "https://meet.example.ru/room/123" not in body


def test_participant_cancels_with_the_secret_link_and_the_waiting_list_moves_up(client):
    event = make_event(capacity=1)
    post(client, event, guest(email="first@example.ru"))
    post(client, event, guest(email="second@example.ru"))
    first = Registration.objects.get(email="first@example.ru")
    response = client.post(reverse("events:registration_cancel", args=[first.code]), follow=True)
    assert "Регистрация отменена" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert Registration.objects.get(email="second@example.ru").status == "confirmed"


def test_unknown_code_is_not_found(client):
    assert client.get(reverse("events:registration", args=["NOSUCHCODE"])).status_code == 404
    assert (
        client.post(reverse("events:registration_cancel", args=["NOSUCHCODE"])).status_code == 404
    )


def test_signed_in_teacher_registration_is_linked_to_her_account(client, teacher):
    event = make_event()
    client.force_login(teacher)
    post(client, event, guest(email=teacher.email))
    registration = Registration.objects.get(event=event)
    assert registration.user == teacher
    response = client.get(reverse("events:detail", args=[event.pk]))
    assert response.context["mine"] == registration
