"""Places in programme items (master classes): chosen at registration, never oversold, a full
item is a clear refusal with nothing saved; cancelling frees the place."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from technopark.events.models import AgendaSession, Registration
from technopark.events.services import agenda
from technopark.events.services.registration import (
    cancel_registration,
    promote_waitlist,
    register_participant,
)
from technopark.events.services.sessions import SessionFull, with_places_left
from tests.events.registration_data import make_event, samara_municipality

pytestmark = pytest.mark.django_db


def session(event, title, *, start_hours=0, hours=1, capacity=None, room="") -> AgendaSession:
    starts = event.starts_at + timedelta(hours=start_hours)
    return AgendaSession.objects.create(
        event=event,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        capacity=capacity,
        room=room,
    )


def person(n: int) -> dict:
    return {"full_name": f"Кузнецова Анна {n}", "email": f"anna{n}@school.ru"}


@pytest.fixture
def programme():
    event = make_event(capacity=None)
    plenary = session(event, "Пленарная часть", hours=1)
    robots = session(event, "Мастер-класс «Роботы»", start_hours=1, capacity=2, room="ауд. 12")
    drones = session(event, "Мастер-класс «Дроны»", start_hours=1, capacity=5, room="ауд. 14")
    vr = session(event, "Мастер-класс «VR»", start_hours=2, capacity=3)
    return event, plenary, robots, drones, vr


def test_chosen_places_are_held_and_the_last_one_cannot_be_taken_twice(programme):
    event, _plenary, robots, _drones, vr = programme

    first, _ = register_participant(event, **person(1), sessions=[robots.pk, vr.pk])
    second, _ = register_participant(event, **person(2), sessions=[str(robots.pk)])
    with pytest.raises(SessionFull) as refused:
        register_participant(event, **person(3), sessions=[robots.pk, vr.pk])

    assert "«Мастер-класс «Роботы»»" in refused.value.messages[0]
    assert "Мест больше нет" in refused.value.messages[0]
    assert sorted(s.pk for s in first.sessions.all()) == [robots.pk, vr.pk]
    assert [s.pk for s in second.sessions.all()] == [robots.pk]
    # Nothing of the refused one was saved: no registration, no place in VR either.
    assert not Registration.objects.filter(email="anna3@school.ru").exists()
    places = {s.title: s.places_left for s in with_places_left(event)}
    assert places == {"Мастер-класс «Роботы»": 0, "Мастер-класс «Дроны»": 5, "Мастер-класс «VR»": 2}


def test_cancelling_frees_the_place_for_the_next_person(programme):
    event, _plenary, robots, *_ = programme
    first, _ = register_participant(event, **person(1), sessions=[robots.pk])
    register_participant(event, **person(2), sessions=[robots.pk])

    cancel_registration(first)
    third, created = register_participant(event, **person(3), sessions=[robots.pk])

    assert created and [s.pk for s in third.sessions.all()] == [robots.pk]
    assert with_places_left(event)[0].places_left == 0


def test_bad_choices_are_explained_and_nothing_is_saved(programme):
    event, plenary, robots, drones, _vr = programme
    other = session(make_event(capacity=None), "Чужой мастер-класс", capacity=5)
    cases = [
        ([robots.pk, drones.pk], "идут в одно время"),
        ([plenary.pk], "нет пункта"),  # an item without places is for everybody, not chosen
        ([other.pk], "нет пункта"),
        (["abc"], "указан неверно"),
        ([2**70], "указан неверно"),
    ]
    for choice, message in cases:
        with pytest.raises(ValidationError) as error:
            register_participant(event, **person(9), sessions=choice)
        assert message in error.value.message_dict["sessions"][0], choice
    assert not Registration.objects.exists()


def test_a_repeat_gets_the_existing_registration_even_when_the_item_is_now_full(programme):
    event, _plenary, robots, *_ = programme
    first, _ = register_participant(event, **person(1), sessions=[robots.pk])
    register_participant(event, **person(2), sessions=[robots.pk])

    again, created = register_participant(event, **person(1), sessions=[robots.pk])

    assert (again.pk, created) == (first.pk, False)


def test_a_waitlisted_person_keeps_their_place_until_promoted():
    event = make_event(capacity=1, waitlist=True)
    robots = session(event, "Мастер-класс «Роботы»", capacity=1)
    seated, _ = register_participant(event, **person(1))
    waiting, _ = register_participant(event, **person(2), sessions=[robots.pk])

    with pytest.raises(SessionFull):
        register_participant(event, **person(3), sessions=[robots.pk])
    cancel_registration(seated)
    waiting.refresh_from_db()

    assert waiting.status == Registration.Status.CONFIRMED
    assert [s.pk for s in waiting.sessions.all()] == [robots.pk]
    assert promote_waitlist(event) == []


def test_capacity_cannot_drop_below_people_already_holding_a_place(programme):
    event, _plenary, robots, *_ = programme
    register_participant(event, **person(1), sessions=[robots.pk])
    register_participant(event, **person(2), sessions=[robots.pk])

    with pytest.raises(ValidationError) as error:
        agenda.update_session(robots, capacity=1)
    agenda.update_session(robots, capacity=4)

    assert "уже записались 2" in error.value.message_dict["capacity"][0]
    robots.refresh_from_db()
    assert robots.capacity == 4


# --- API ---------------------------------------------------------------------------------------


def api_post(client, event, data):
    return client.post(
        f"/api/v1/events/{event.pk}/registrations", data, content_type="application/json"
    )


def test_api_lists_places_and_refuses_a_full_item_with_409(client, programme):
    event, plenary, robots, *_ = programme
    ok = api_post(client, event, {**person(1), "sessions": [robots.pk]})
    api_post(client, event, {**person(2), "sessions": [robots.pk]})
    full = api_post(client, event, {**person(3), "sessions": [robots.pk]})
    bad = api_post(client, event, {**person(4), "sessions": [plenary.pk]})
    again = api_post(client, event, person(1))
    listing = client.get(f"/api/v1/events/{event.pk}/sessions").json()

    assert ok.status_code == 201 and ok.json()["sessions"] == [robots.pk]
    assert full.status_code == 409 and "Роботы" in full.json()["detail"]
    assert bad.status_code == 422 and "sessions" in str(bad.json())
    assert again.status_code == 200 and again.json()["sessions"] == [robots.pk]
    rows = {row["title"]: row for row in listing}
    assert rows["Пленарная часть"]["choosable"] is False
    assert rows["Пленарная часть"]["places_left"] is None
    assert rows["Мастер-класс «Роботы»"]["places_left"] == 0
    assert rows["Мастер-класс «Дроны»"]["places_left"] == 5
    assert Registration.objects.count() == 2


# --- the page ---------------------------------------------------------------------------------


def guest(n: int, **changes) -> dict:
    data = {
        **person(n),
        "organisation": "ГБОУ СОШ № 5 г. Сызрани",
        "municipality": samara_municipality().pk,
        "role": "teacher",
    }
    data.update(changes)
    return data


def test_page_offers_items_with_places_and_disables_a_full_one(client, programme):
    event, _plenary, robots, drones, _vr = programme
    register_participant(event, **person(1), sessions=[robots.pk])
    register_participant(event, **person(2), sessions=[robots.pk])

    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert "Мастер-классы и секции" in page
    assert "Мастер-класс «Дроны», ауд. 14 — свободных мест: 5" in page
    assert "Мастер-класс «Роботы», ауд. 12 — мест нет" in page
    assert page.count("disabled") == 1
    assert f'value="{robots.pk}"' in page and f'value="{drones.pk}"' in page
    assert "Мест: 2, все заняты" in page


def test_page_registers_with_a_choice_and_shows_it(client, programme, settings):
    event, _plenary, _robots, drones, vr = programme
    mail.outbox.clear()

    response = client.post(
        reverse("events:detail", args=[event.pk]),
        guest(5, sessions=[str(drones.pk), str(vr.pk)]),
        follow=True,
    )

    registration = Registration.objects.get(email="anna5@school.ru")
    assert sorted(s.pk for s in registration.sessions.all()) == [drones.pk, vr.pk]
    body = response.content.decode()
    assert "Ваше место закреплено на пунктах программы" in body
    assert "Мастер-класс «Дроны», ауд. 14" in body


def test_page_refuses_a_full_item_next_to_the_field(client, programme):
    event, _plenary, robots, *_ = programme
    register_participant(event, **person(1), sessions=[robots.pk])
    register_participant(event, **person(2), sessions=[robots.pk])

    response = client.post(
        reverse("events:detail", args=[event.pk]), guest(6, sessions=[str(robots.pk)])
    )

    assert response.status_code == 200
    assert "Мест больше нет: «Мастер-класс «Роботы»»" in response.content.decode()
    assert not Registration.objects.filter(email="anna6@school.ru").exists()


def test_confirmation_email_lists_the_chosen_items(programme, django_capture_on_commit_callbacks):
    event, _plenary, robots, *_ = programme
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        register_participant(event, **person(7), sessions=[robots.pk])

    assert len(mail.outbox) == 1
    assert "Ваши места в программе" in mail.outbox[0].body
    assert "Мастер-класс «Роботы», ауд. 12" in mail.outbox[0].body


def test_participant_list_filters_by_item_and_the_export_names_the_chosen_ones(programme):
    import csv
    import io

    from technopark.events.services.exports import export_participants, filter_participants

    event, _plenary, robots, drones, vr = programme
    register_participant(event, **person(1), sessions=[robots.pk, vr.pk])
    register_participant(event, **person(2), sessions=[drones.pk])
    register_participant(event, **person(3))

    in_robots = filter_participants(event, session=robots)
    data, _ = export_participants(event, filter_participants(event), fmt="csv")

    assert [r.email for r in in_robots] == ["anna1@school.ru"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Пункты программы"
    by_email = {row[2]: row[-1] for row in rows[1:]}
    assert by_email == {
        "anna1@school.ru": "Мастер-класс «Роботы»; Мастер-класс «VR»",
        "anna2@school.ru": "Мастер-класс «Дроны»",
        "anna3@school.ru": "",
    }


def test_admin_shows_chosen_items_but_does_not_let_them_be_edited(admin_client, programme):
    event, _plenary, robots, *_ = programme
    registration, _ = register_participant(event, **person(1), sessions=[robots.pk])

    page = admin_client.get(
        reverse("admin:events_registration_change", args=[registration.pk])
    ).content.decode()

    assert "Мастер-класс «Роботы»" in page
    assert 'name="sessions"' not in page  # read-only: places are taken only under the lock
