"""The registration API as an integrator sees it: status codes, field names, errors."""

import pytest

from technopark.accounts.tokens import issue_token
from technopark.core.models import AuditEntry
from technopark.events.models import Event, Registration, StreamViews
from tests.events.registration_data import make_event, samara_municipality
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, name='тест')[1]}"}


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def methodist_of(event):
    return make_user(Role.METHODIST, email="metodist@cdt.ru", organisation=event.organisation)


def test_guest_registers_then_repeats_and_gets_the_same_registration(client):
    event = make_event(capacity=1)
    url = f"/api/v1/events/{event.pk}/registrations"
    data = {
        "full_name": "Иванова Мария Петровна",
        "email": "Ivanova@school.ru",
        "organisation": "ГБОУ СОШ № 5 г. Сызрани",
        "municipality": samara_municipality().pk,
        "answers": {},
    }

    first = post(client, url, data)
    again = post(client, url, data)
    waiting = post(client, url, {**data, "email": "smirnov@school.ru"})

    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "confirmed" and len(body["code"]) == 10
    assert again.status_code == 200
    assert again.json() == {"id": body["id"], "status": "confirmed", "code": None, "sessions": []}
    assert waiting.status_code == 201 and waiting.json()["status"] == "waitlisted"
    registration = Registration.objects.get(pk=body["id"])
    assert registration.organisation_name == "ГБОУ СОШ № 5 г. Сызрани"
    assert registration.email == "ivanova@school.ru"


def test_moderated_event_answers_pending(client):
    event = make_event(moderation=True)

    response = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {"full_name": "Попов Дмитрий", "email": "popov@school.ru"},
    )

    assert response.status_code == 201 and response.json()["status"] == "pending"


@pytest.mark.parametrize(
    ("event_fields", "message"),
    [
        ({"capacity": 0, "waitlist": False}, "Все места заняты"),
        ({"status": Event.Status.HELD}, "уже прошло"),
    ],
)
def test_closed_or_full_registration_is_409_with_a_message(client, event_fields, message):
    event = make_event(**event_fields)

    response = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {"full_name": "Попов Дмитрий", "email": "popov@school.ru"},
    )

    assert response.status_code == 409
    assert message in response.json()["detail"]
    assert not Registration.objects.exists()


def test_a_draft_is_not_found_for_guests(client):
    event = make_event(status=Event.Status.DRAFT)

    response = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {"full_name": "Попов Дмитрий", "email": "popov@school.ru"},
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"full_name": "Попов Дмитрий", "email": "popov-at-school"}, "email"),
        ({"email": "popov@school.ru"}, "full_name"),
        ({"full_name": "Попов", "email": "popov@school.ru", "municipality": 0}, "municipality"),
        ({"full_name": "Попов", "email": "popov@school.ru", "role": "king"}, "role"),
        ({"full_name": "Попов", "email": "popov@school.ru", "answers": {"77": "да"}}, "answers"),
    ],
)
def test_bad_registration_data_is_422_with_field_errors(client, data, field):
    event = make_event()

    response = post(client, f"/api/v1/events/{event.pk}/registrations", data)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Registration.objects.exists()


def test_missing_required_answer_names_the_question(client):
    event = make_event()
    question = event.questions.create(label="Тема доклада", kind="text", required=True)

    response = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {"full_name": "Попов Дмитрий", "email": "popov@school.ru", "answers": {}},
    )

    assert response.status_code == 422
    assert response.json()["errors"][f"answers.{question.pk}"] == [
        "Ответьте на вопрос «Тема доклада»."
    ]


def test_participant_cancels_with_their_code_and_the_waiting_list_moves(client):
    event = make_event(capacity=1)
    url = f"/api/v1/events/{event.pk}/registrations"
    first = post(client, url, {"full_name": "Иванова Мария", "email": "a@school.ru"}).json()
    second = post(client, url, {"full_name": "Смирнов Алексей", "email": "b@school.ru"}).json()

    nobody = client.delete(f"/api/v1/registrations/{first['id']}")
    wrong = client.delete(f"/api/v1/registrations/{first['id']}?code=AAAAAAAAAA")
    done = client.delete(f"/api/v1/registrations/{first['id']}?code={first['code'].lower()}")

    assert (nobody.status_code, wrong.status_code, done.status_code) == (401, 403, 200)
    assert done.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=second["id"]).status == "confirmed"


def test_signed_in_participant_and_organiser_may_cancel_a_stranger_may_not(client):
    event = make_event()
    teacher = make_user(Role.TEACHER, email="pedagog@school.ru")
    stranger = make_user(Role.TEACHER, email="chuzhoy@school.ru")
    url = f"/api/v1/events/{event.pk}/registrations"
    own = post(client, url, {"full_name": "Педагог", "email": "pedagog@school.ru"}).json()
    other = post(client, url, {"full_name": "Другой", "email": "drugoy@school.ru"}).json()

    refused = client.delete(f"/api/v1/registrations/{own['id']}", **auth(stranger))
    by_self = client.delete(f"/api/v1/registrations/{own['id']}", **auth(teacher))
    by_organiser = client.delete(
        f"/api/v1/registrations/{other['id']}", **auth(methodist_of(event))
    )

    assert refused.status_code == 403
    assert by_self.status_code == 200 and by_organiser.status_code == 200
    assert client.delete("/api/v1/registrations/999999").status_code == 404


def test_participant_list_is_for_organisers_only_and_filters(client):
    event = make_event()
    url = f"/api/v1/events/{event.pk}/registrations"
    post(client, url, {"full_name": "Иванова Мария", "email": "a@school.ru", "role": "teacher"})
    post(client, url, {"full_name": "Смирнов Алексей", "email": "b@school.ru", "role": "pupil"})
    other_methodist = make_user(Role.METHODIST, email="drugoy@cdt.ru")

    assert client.get(url).status_code == 401
    assert client.get(url, **auth(other_methodist)).status_code == 403
    response = client.get(url + "?role=pupil", **auth(methodist_of(event)))

    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["full_name"] for i in items] == ["Смирнов Алексей"]
    assert items[0]["status"] == "confirmed" and items[0]["attended_in_person"] is False
    seen = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert f"«{event.title}» (№ {event.pk})" in seen.detail


def test_stream_views_and_stats_keep_registrations_and_views_apart(client):
    event = make_event(capacity=None)
    headers = auth(methodist_of(event))
    for n in range(3):
        post(
            client,
            f"/api/v1/events/{event.pk}/registrations",
            {"full_name": f"Участник {n}", "email": f"u{n}@school.ru"},
        )

    negative = post(
        client, f"/api/v1/events/{event.pk}/stream-views", {"count": -5, "source": "ВК"}, **headers
    )
    no_source = post(client, f"/api/v1/events/{event.pk}/stream-views", {"count": 5}, **headers)
    created = post(
        client,
        f"/api/v1/events/{event.pk}/stream-views",
        {"count": 40, "source": "сообщество ЦДТ ВКонтакте"},
        **headers,
    )
    stats = client.get(f"/api/v1/events/{event.pk}/stats", **headers)

    assert negative.status_code == 422 and "count" in negative.json()["errors"]
    assert no_source.status_code == 422 and "source" in no_source.json()["errors"]
    assert created.status_code == 201 and StreamViews.objects.count() == 1
    assert stats.status_code == 200
    data = stats.json()
    assert (data["registered"], data["confirmed"], data["stream_views"], data["reach"]) == (
        3,
        3,
        40,
        43,
    )
    assert data["waitlisted"] == 0 and data["attended_in_person"] == 0
    assert data["by_municipality"] == [{"name": "муниципалитет не указан", "participants": 3}]
    assert client.get(f"/api/v1/events/{event.pk}/stats").status_code == 401
