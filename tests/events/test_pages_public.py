"""The public event page, the calendar and "my registrations", as a guest or a teacher sees them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from technopark.events.models import (
    AgendaSession,
    DiscussionQuestion,
    Event,
    EventKind,
    Format,
    Registration,
    Speaker,
)
from tests.events.registration_data import make_event
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db

SAMARA = ZoneInfo("Europe/Samara")


def page(client, event):
    return client.get(reverse("events:detail", args=[event.pk]))


def test_in_person_event_shows_the_place_and_no_online_room(client):
    event = make_event(format=Format.IN_PERSON, online_url="", stream_url="")
    body = page(client, event).content.decode()
    assert "ул. Молодогвардейская, 33" in body
    assert "мини-технопарк «Кванториум»" in body
    assert "Онлайн" not in body
    assert "meet.example.ru" not in body


def test_online_event_hides_its_room_link_from_guests(client):
    event = make_event(format=Format.ONLINE, venue=None, venue_address="", venue_room="")
    body = page(client, event).content.decode()
    assert "Сферум" in body
    assert "Ссылку на онлайн-комнату увидят подтверждённые участники." in body
    assert "https://meet.example.ru/room/123" not in body
    assert "https://vk.com/video-123" not in body
    assert "ул. Молодогвардейская" not in body


def test_hybrid_event_shows_room_and_stream_links_to_a_confirmed_participant(client, teacher):
    event = make_event()
    Registration.objects.create(
        event=event,
        user=teacher,
        full_name="Кузнецова Светлана",
        email=teacher.email,
        status=Registration.Status.CONFIRMED,
    )
    client.force_login(teacher)
    body = page(client, event).content.decode()
    assert "ул. Молодогвардейская, 33" in body
    assert 'href="https://meet.example.ru/room/123"' in body
    assert 'href="https://vk.com/video-123"' in body
    assert "Ваша регистрация: подтверждена" in body


def test_waitlisted_participant_does_not_get_the_links(client, teacher):
    event = make_event()
    Registration.objects.create(
        event=event,
        user=teacher,
        full_name="Кузнецова Светлана",
        email=teacher.email,
        status=Registration.Status.WAITLISTED,
    )
    client.force_login(teacher)
    body = page(client, event).content.decode()
    assert "https://meet.example.ru/room/123" not in body


def test_time_is_shown_in_the_events_own_time_zone(client):
    starts = datetime(2030, 3, 28, 10, 0, tzinfo=ZoneInfo("Asia/Novosibirsk"))
    event = make_event(starts_at=starts, time_zone="Asia/Novosibirsk")
    body = page(client, event).content.decode()
    assert "28 марта 2030" in body
    assert "10:00–13:00" in body
    assert "Новосибирск" in body


def test_draft_is_not_found_for_guests_and_teachers_but_opens_for_its_methodist(client):
    organisation = OrganisationFactory()
    event = make_event(status=Event.Status.DRAFT, organisation=organisation)
    assert page(client, event).status_code == 404
    client.force_login(make_user(Role.TEACHER))
    assert page(client, event).status_code == 404
    client.force_login(make_user(Role.METHODIST, organisation=organisation))
    assert page(client, event).status_code == 200


def test_agenda_lists_a_pupil_presenting_with_her_teacher_and_round_table_questions(client):
    event = make_event(title="Круглый стол «Техническое творчество: итоги года»")
    session = AgendaSession.objects.create(
        event=event,
        title="Мастер-класс «Робот-сортировщик»",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(minutes=40),
    )
    Speaker.objects.create(session=session, name="Орлова Анна Петровна", role=Speaker.Role.TEACHER)
    Speaker.objects.create(
        session=session, name="Миронова Дарья", role=Speaker.Role.PUPIL, position=1
    )
    DiscussionQuestion.objects.create(event=event, text="Какой формат встреч удобнее педагогам?")
    body = page(client, event).content.decode()
    assert "Мастер-класс «Робот-сортировщик»" in body
    assert "Орлова Анна Петровна <small>(педагог)</small>" in body
    assert "Миронова Дарья <small>(обучающийся)</small>" in body
    assert "Какой формат встреч удобнее педагогам?" in body


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=2)}, "Регистрация откроется"),
        (
            {
                "registration_opens_at": timezone.now() - timedelta(days=2),
                "registration_closes_at": timezone.now() - timedelta(hours=1),
            },
            "Регистрация на это мероприятие закрыта.",
        ),
        ({"status": Event.Status.HELD}, "Мероприятие уже прошло"),
    ],
    ids=["opens-later", "closed", "held"],
)
def test_registration_block_says_why_there_is_no_form(client, fields, text):
    event = make_event(**fields)
    response = page(client, event)
    assert text in response.content.decode()
    assert response.context["form"] is None


def test_full_event_with_waiting_list_offers_the_waiting_list(client):
    event = make_event(capacity=1)
    Registration.objects.create(
        event=event,
        full_name="Иванов Иван",
        email="ivanov@example.ru",
        status=Registration.Status.CONFIRMED,
    )
    body = page(client, event).content.decode()
    assert "Записаться в лист ожидания" in body


def test_signed_in_teacher_finds_the_form_filled_in(client, teacher):
    client.force_login(teacher)
    form = page(client, make_event()).context["form"]
    assert form.initial["email"] == teacher.email
    assert form.initial["full_name"] == teacher.get_full_name()
    assert form.initial["organisation"] == teacher.organisation.name


# ---- calendar ---------------------------------------------------------------------------------


def at(day: int, hour: int = 10, month: int = 3, year: int = 2030) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SAMARA)


def test_calendar_month_shows_published_events_of_that_month_only(client):
    opening = make_event(title="Открытие стажёрской площадки", starts_at=at(28))
    make_event(title="Черновик семинара", starts_at=at(20), status=Event.Status.DRAFT)
    make_event(title="Апрельский семинар", starts_at=at(3, month=4))
    response = client.get(reverse("events:calendar"), {"month": "2030-03"})
    assert [e.title for e in response.context["month_events"]] == [opening.title]
    body = response.content.decode()
    assert "март 2030" in body.lower()
    assert "Черновик семинара" not in body


def test_calendar_moves_to_the_next_month(client):
    make_event(title="Апрельский семинар", starts_at=at(3, month=4))
    response = client.get(reverse("events:calendar"), {"month": "2030-03"})
    assert "month=2030-04" in response.content.decode()
    response = client.get(reverse("events:calendar"), {"month": "2030-04"})
    assert [e.title for e in response.context["month_events"]] == ["Апрельский семинар"]


def test_an_empty_month_points_to_the_next_published_event(client):
    make_event(title="Черновик", starts_at=at(10, month=5), status=Event.Status.DRAFT)
    make_event(title="Июньский фестиваль", starts_at=at(14, month=6))
    response = client.get(reverse("events:calendar"), {"month": "2030-03"})
    assert response.context["month_events"] == []
    assert response.context["next_event"].title == "Июньский фестиваль"
    assert "Ближайшее мероприятие — 14 июня 2030" in response.content.decode()


def test_calendar_filters_by_kind_format_and_audience(client):
    weekend = EventKind.objects.get(code="technical_weekend")
    make_event(
        title="Технический уик-энд",
        starts_at=at(14),
        kind=weekend,
        audience=Event.Audience.PUPILS,
        format=Format.IN_PERSON,
    )
    make_event(title="Семинар онлайн", starts_at=at(15), format=Format.ONLINE)
    url = reverse("events:calendar")

    def titles(**params):
        response = client.get(url, {"month": "2030-03", **params})
        return [e.title for e in response.context["month_events"]]

    assert titles(kind="technical_weekend") == ["Технический уик-энд"]
    assert titles(format="online") == ["Семинар онлайн"]
    assert titles(audience="pupils") == ["Технический уик-энд"]
    assert titles(kind="no-such-kind") == ["Технический уик-энд", "Семинар онлайн"]


def test_calendar_list_view_and_htmx_refresh_render_only_the_results(client):
    make_event(title="Семинар для педагогов", starts_at=timezone.now() + timedelta(days=3))
    response = client.get(reverse("events:calendar"), {"view": "list"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Семинар для педагогов" in body
    assert "<html" not in body


def test_calendar_survives_a_garbage_month(client):
    response = client.get(reverse("events:calendar"), {"month": "2030-13", "view": "x"})
    assert response.status_code == 200
    assert response.context["view"] == "month"


def test_a_crowded_month_shows_three_a_day_and_twenty_in_the_list(client):
    organisation = OrganisationFactory(name="ГБУ ДО ЦДТ «Радуга»")
    for n in range(5):
        make_event(
            title=f"Семинар 14 марта № {n}", starts_at=at(14, 9 + n), organisation=organisation
        )
    for n in range(20):
        make_event(title=f"Мастер-класс № {n}", starts_at=at(20, 10), organisation=organisation)

    response = client.get(reverse("events:calendar"), {"month": "2030-03"})
    body = response.content.decode()

    cell = next(c for week in response.context["weeks"] for c in week if c["day"].day == 14)
    assert [e["title"] for e in cell["events"]] == [f"Семинар 14 марта № {n}" for n in range(3)]
    assert cell["more"] == 2
    assert "ещё 2" in body and "day=2030-03-14" in body
    assert len(response.context["month_events"]) == 20
    assert "Все мероприятия месяца (25) — списком" in body
    # The days a tile shows are the event's own: 9:00 Samara time stays 14 March at 9:00.
    assert "<b>14</b>" in body and "09:00" in body


def test_list_from_a_day_starts_there(client):
    make_event(title="Семинар 13 марта", starts_at=at(13))
    make_event(title="Семинар 14 марта", starts_at=at(14))

    response = client.get(reverse("events:calendar"), {"view": "list", "day": "2030-03-14"})

    assert [e.title for e in response.context["page"]] == ["Семинар 14 марта"]
    assert "Мероприятия с 14 марта 2030" in response.content.decode()


def test_a_month_once_drawn_is_served_from_the_cache_until_an_event_changes(
    client, django_assert_max_num_queries
):
    seminar = make_event(title="Семинар для педагогов", starts_at=at(14))
    draft = make_event(title="Мастер-класс", starts_at=at(15), status=Event.Status.DRAFT)
    url = reverse("events:calendar")
    first = client.get(url, {"month": "2030-03"}).content.decode()
    assert "Семинар для педагогов" in first and "Мастер-класс" not in first

    # Drawn already: the month is not read again (the kinds of the filter, the version).
    month = client.get(url, {"month": "2030-03"}, HTTP_HX_REQUEST="true").content
    with django_assert_max_num_queries(2):
        again = client.get(url, {"month": "2030-03"}, HTTP_HX_REQUEST="true").content
    assert again == month

    # Any change to an event draws the month afresh, for every worker (the version is read
    # from the database, not kept in a process).
    seminar.title = "Семинар для педагогов-наставников"
    seminar.save()
    assert (
        "Семинар для педагогов-наставников"
        in client.get(url, {"month": "2030-03"}).content.decode()
    )
    draft.status = Event.Status.PUBLISHED
    draft.save()
    assert "Мастер-класс" in client.get(url, {"month": "2030-03"}).content.decode()


def test_the_calendar_cache_can_be_switched_off(client, settings, django_assert_num_queries):
    settings.EVENTS_CALENDAR_CACHE_SECONDS = 0
    make_event(title="Семинар для педагогов", starts_at=at(14))
    url = reverse("events:calendar")
    client.get(url, {"month": "2030-03"})
    with django_assert_num_queries(3):  # the kinds of the filter, the month, its first 20
        client.get(url, {"month": "2030-03"})


# ---- my registrations -------------------------------------------------------------------------


def test_my_registrations_lists_only_my_own(client, teacher):
    mine = make_event(title="Семинар «Робототехника в начальной школе»")
    other = make_event(title="Чужой семинар")
    Registration.objects.create(
        event=mine,
        user=teacher,
        full_name="Я",
        email=teacher.email,
        status=Registration.Status.CONFIRMED,
    )
    Registration.objects.create(
        event=other,
        full_name="Другой",
        email="other@example.ru",
        status=Registration.Status.CONFIRMED,
    )
    client.force_login(teacher)
    response = client.get(reverse("events:my_registrations"))
    assert [r.event.title for r in response.context["upcoming"]] == [mine.title]
    assert "Чужой семинар" not in response.content.decode()


def test_my_registrations_needs_signing_in(client):
    response = client.get(reverse("events:my_registrations"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
