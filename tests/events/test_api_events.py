"""Events through the API: who sees what, creating with checks, editing and copying."""

import pytest

from technopark.accounts.tokens import issue_token
from technopark.events.models import Event
from tests.events.registration_data import make_event
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, name='тест')[1]}"}


def send(client, method, url, data, **headers):
    return getattr(client, method)(url, data, content_type="application/json", **headers)


@pytest.fixture
def organiser():
    return OrganisationFactory(name="ГБУ ДО ЦДТ «Радуга»")


@pytest.fixture
def methodist(organiser):
    return make_user(Role.METHODIST, email="metodist@cdt.ru", organisation=organiser)


def hybrid(organiser, **changes) -> dict:
    data = {
        "title": "Семинар для педагогов с университетом",
        "kind": "seminar",
        "format": "hybrid",
        "organisation": organiser.pk,
        "venue": organiser.pk,
        "venue_address": "г. Самара, ул. Молодогвардейская, 33",
        "online_url": "https://meet.example.ru/room/7",
        "starts_at": "2031-11-20T10:00:00",
        "ends_at": "2031-11-20T13:00:00",
        "capacity": 60,
    }
    data.update(changes)
    return data


def test_list_shows_published_to_everyone_and_drafts_to_their_methodists(
    client, organiser, methodist
):
    make_event(organisation=organiser, title="Открытие площадки")
    make_event(organisation=organiser, title="Черновик круглого стола", status="draft")
    make_event(title="Чужой черновик", status="draft")

    public = client.get("/api/v1/events").json()["items"]
    own = client.get("/api/v1/events", **auth(methodist)).json()["items"]

    assert [e["title"] for e in public] == ["Открытие площадки"]
    assert sorted(e["title"] for e in own) == ["Открытие площадки", "Черновик круглого стола"]
    assert client.get("/api/v1/events?status=draft").json()["items"] == []
    assert client.get("/api/v1/events?format=online").json()["items"] == []
    assert client.get("/api/v1/events?format=teleport").status_code == 422


def test_methodist_creates_a_hybrid_event_read_in_its_time_zone(client, methodist, organiser):
    response = send(client, "post", "/api/v1/events", hybrid(organiser), **auth(methodist))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["kind"] == "seminar"
    assert body["starts_at"].startswith("2031-11-20T10:00:00+04:00")
    assert body["organisation"] == organiser.pk and body["waitlist"] is True
    assert client.get(f"/api/v1/events/{body['id']}").status_code == 404  # a draft
    assert client.get(f"/api/v1/events/{body['id']}", **auth(methodist)).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2031-11-20T09:00:00"}, "ends_at"),
        ({"online_url": ""}, "online_url"),
        ({"format": "in_person", "venue": None, "venue_address": ""}, "venue"),
        ({"kind": "space-flight"}, "kind"),
        ({"format": "zoom"}, "format"),
        ({"capacity": -1}, "capacity"),
        ({"online_url": "не ссылка"}, "online_url"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_bad_events_are_refused_with_field_errors(client, methodist, organiser, changes, field):
    response = send(
        client, "post", "/api/v1/events", hybrid(organiser, **changes), **auth(methodist)
    )

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Event.objects.exists()


def test_only_staff_of_the_organiser_create_and_edit(client, methodist, organiser):
    teacher = make_user(Role.TEACHER, email="pedagog@school.ru")
    other_org = OrganisationFactory(name="ГБОУ СОШ № 3")

    assert send(client, "post", "/api/v1/events", hybrid(organiser)).status_code == 401
    assert (
        send(client, "post", "/api/v1/events", hybrid(organiser), **auth(teacher)).status_code
        == 403
    )
    foreign = send(
        client, "post", "/api/v1/events", hybrid(other_org, venue=None), **auth(methodist)
    )
    assert foreign.status_code == 422 and "organisation" in foreign.json()["errors"]
    event = make_event(title="Чужое мероприятие")
    patch = send(client, "patch", f"/api/v1/events/{event.pk}", {"title": "Моё"}, **auth(methodist))
    assert patch.status_code == 403


def test_patch_changes_only_given_fields_and_more_places_promote(client, methodist, organiser):
    event = make_event(organisation=organiser, capacity=1)
    for n in range(3):
        send(
            client,
            "post",
            f"/api/v1/events/{event.pk}/registrations",
            {"full_name": f"Участник {n}", "email": f"u{n}@school.ru"},
        )

    response = send(
        client, "patch", f"/api/v1/events/{event.pk}", {"capacity": 2}, **auth(methodist)
    )
    bad = send(
        client,
        "patch",
        f"/api/v1/events/{event.pk}",
        {"ends_at": "2000-01-01T00:00:00"},
        **auth(methodist),
    )

    assert response.status_code == 200 and response.json()["capacity"] == 2
    assert response.json()["title"] == event.title
    assert sorted(event.registrations.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert bad.status_code == 422 and "ends_at" in bad.json()["errors"]


def test_copy_makes_a_draft_with_the_same_programme_and_questions(client, methodist, organiser):
    event = make_event(organisation=organiser, title="Круглый стол")
    session = event.sessions.create(
        starts_at=event.starts_at, ends_at=event.ends_at, title="Доклады", room="актовый зал"
    )
    session.speakers.create(name="Петров Иван", role="pupil")
    event.discussion.create(text="Какой формат удобнее?")
    event.questions.create(label="Тема доклада", kind="text", required=True)

    response = send(client, "post", f"/api/v1/events/{event.pk}/copy", {}, **auth(methodist))

    assert response.status_code == 201
    copy = Event.objects.get(pk=response.json()["id"])
    assert copy.title == "Копия: Круглый стол" and copy.status == "draft"
    assert copy.starts_at == event.starts_at and copy.capacity == event.capacity
    assert [s.title for s in copy.sessions.all()] == ["Доклады"]
    assert [s.name for s in copy.sessions.get().speakers.all()] == ["Петров Иван"]
    assert [d.text for d in copy.discussion.all()] == ["Какой формат удобнее?"]
    assert [q.label for q in copy.questions.all()] == ["Тема доклада"]
    assert copy.registrations.count() == 0
