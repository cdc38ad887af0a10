"""Methodists manage their organisation's events: create, publish, duplicate, programme, questions,
participants with moderation — and nobody else's."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from technopark.core.models import AuditEntry
from technopark.events.models import (
    AgendaSession,
    DiscussionQuestion,
    Event,
    EventKind,
    Question,
    Registration,
)
from tests.events.registration_data import make_event
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(db):
    return OrganisationFactory(name="ГБУ ДО ЦДТ «Радуга»")


@pytest.fixture
def methodist_of_centre(centre):
    return make_user(Role.METHODIST, organisation=centre, email="metodist@raduga.ru")


def hybrid_form(centre, **changes) -> dict:
    data = {
        "title": "Открытие региональной стажёрской площадки",
        "kind": EventKind.objects.get(code="opening").pk,
        "audience": "teachers",
        "organisation": centre.pk,
        "format": "hybrid",
        "starts_at": "2030-03-28T10:00",
        "ends_at": "2030-03-28T13:00",
        "time_zone": "Europe/Samara",
        "venue": centre.pk,
        "venue_address": "г. Самара, ул. Молодогвардейская, 33",
        "venue_room": "мини-технопарк «Кванториум»",
        "online_url": "https://sferum.ru/room/opening",
        "online_platform": "Сферум",
        "stream_url": "https://vk.com/video-1",
        "capacity": "60",
        "waitlist": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_methodist_creates_a_hybrid_event_as_a_draft(client, centre, methodist_of_centre):
    client.force_login(methodist_of_centre)
    form = client.get(reverse("events:create")).context["form"]
    assert form.initial["time_zone"] == "Europe/Samara"
    assert form.initial["waitlist"] is True

    university = OrganisationFactory(name="Самарский университет")
    school = OrganisationFactory(name="ГБОУ СОШ № 5 г. Сызрани")
    response = client.post(
        reverse("events:create"), hybrid_form(centre, partners=[university.pk, school.pk])
    )
    event = Event.objects.get()
    assert set(event.partners.all()) == {university, school}
    assert response["Location"] == reverse("events:manage", args=[event.pk])
    assert event.status == Event.Status.DRAFT
    assert event.starts_at == datetime(2030, 3, 28, 10, 0, tzinfo=ZoneInfo("Europe/Samara"))
    assert event.created_by == methodist_of_centre
    assert event.capacity == 60 and event.waitlist


def test_hybrid_event_without_an_online_room_is_explained(client, centre, methodist_of_centre):
    client.force_login(methodist_of_centre)
    response = client.post(reverse("events:create"), hybrid_form(centre, online_url=""))
    assert response.status_code == 200
    assert "нужна ссылка на онлайн-комнату" in response.content.decode()
    assert not Event.objects.exists()


def test_event_ending_before_it_starts_is_explained(client, centre, methodist_of_centre):
    client.force_login(methodist_of_centre)
    response = client.post(
        reverse("events:create"), hybrid_form(centre, ends_at="2030-03-28T09:00")
    )
    assert "не может закончиться раньше, чем начнётся" in response.content.decode()
    assert not Event.objects.exists()


def test_methodist_cannot_create_for_another_organisation(client, centre, methodist_of_centre):
    other = OrganisationFactory(name="ГБОУ СОШ № 3 г. Жигулёвска")
    client.force_login(methodist_of_centre)
    response = client.post(reverse("events:create"), hybrid_form(centre, organisation=other.pk))
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_methodist_publishes_and_the_event_appears_for_guests(client, centre, methodist_of_centre):
    event = make_event(organisation=centre, status=Event.Status.DRAFT)
    client.force_login(methodist_of_centre)
    client.post(reverse("events:status", args=[event.pk]), {"action": "publish"})
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    client.logout()
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 200


def test_methodist_of_another_organisation_is_refused(client, centre):
    event = make_event(organisation=centre)
    stranger = make_user(Role.METHODIST, organisation=OrganisationFactory())
    client.force_login(stranger)
    for name in ("manage", "edit", "registrations", "agenda", "questions", "discussion"):
        assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 403, name
    assert client.post(reverse("events:copy", args=[event.pk])).status_code == 403
    assert (
        client.post(reverse("events:status", args=[event.pk]), {"action": "held"}).status_code
        == 403
    )
    assert Event.objects.count() == 1
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_teacher_cannot_open_event_management(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("events:manage_list")).status_code == 403


def test_management_list_shows_only_my_organisations_events(client, centre, methodist_of_centre):
    mine = make_event(organisation=centre, title="Наш семинар")
    make_event(organisation=OrganisationFactory(), title="Чужой семинар")
    client.force_login(methodist_of_centre)
    response = client.get(reverse("events:manage_list"))
    assert [e.title for e in response.context["page"]] == [mine.title]


def test_duplicate_makes_a_new_draft_with_programme_and_questions(
    client, centre, methodist_of_centre
):
    event = make_event(organisation=centre)
    AgendaSession.objects.create(
        event=event, title="Приветствие", starts_at=event.starts_at, ends_at=event.ends_at
    )
    Question.objects.create(event=event, label="Секция", kind="text")
    client.force_login(methodist_of_centre)
    response = client.post(reverse("events:copy", args=[event.pk]))
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == reverse("events:edit", args=[copy.pk])
    assert copy.status == Event.Status.DRAFT
    assert copy.title == f"Копия: {event.title}"
    assert list(copy.sessions.values_list("title", flat=True)) == ["Приветствие"]
    assert list(copy.questions.values_list("label", flat=True)) == ["Секция"]


def test_edit_keeps_the_wall_clock_time_of_the_events_zone(client, centre, methodist_of_centre):
    start = datetime(2030, 5, 10, 9, 30, tzinfo=ZoneInfo("Asia/Yekaterinburg"))
    event = make_event(organisation=centre, starts_at=start, time_zone="Asia/Yekaterinburg")
    client.force_login(methodist_of_centre)
    form = client.get(reverse("events:edit", args=[event.pk])).context["form"]
    assert form.initial["starts_at"] == datetime(2030, 5, 10, 9, 30)
    data = hybrid_form(
        centre,
        starts_at="2030-05-10T09:30",
        ends_at="2030-05-10T12:30",
        time_zone="Asia/Yekaterinburg",
        title="Семинар в Екатеринбурге",
    )
    client.post(reverse("events:edit", args=[event.pk]), data)
    event.refresh_from_db()
    assert event.title == "Семинар в Екатеринбурге"
    assert event.starts_at == start


def test_agenda_editor_adds_a_session_with_a_pupil_and_her_teacher(
    client, centre, methodist_of_centre
):
    event = make_event(
        organisation=centre, starts_at=datetime(2030, 3, 28, 10, tzinfo=ZoneInfo("Europe/Samara"))
    )
    client.force_login(methodist_of_centre)
    client.post(
        reverse("events:agenda", args=[event.pk]),
        {
            "title": "Мастер-класс «Умная теплица»",
            "starts_at": "2030-03-28T10:30",
            "ends_at": "2030-03-28T11:10",
            "room": "каб. 12",
            "speakers-TOTAL_FORMS": "2",
            "speakers-INITIAL_FORMS": "0",
            "speakers-0-name": "Орлова Анна Петровна",
            "speakers-0-role": "teacher",
            "speakers-1-name": "Миронова Дарья",
            "speakers-1-role": "pupil",
        },
    )
    session = AgendaSession.objects.get(event=event)
    assert [(s.name, s.role) for s in session.speakers.all()] == [
        ("Орлова Анна Петровна", "teacher"),
        ("Миронова Дарья", "pupil"),
    ]


def test_session_outside_the_event_is_explained(client, centre, methodist_of_centre):
    event = make_event(
        organisation=centre, starts_at=datetime(2030, 3, 28, 10, tzinfo=ZoneInfo("Europe/Samara"))
    )
    client.force_login(methodist_of_centre)
    response = client.post(
        reverse("events:agenda", args=[event.pk]),
        {
            "title": "Поздно",
            "starts_at": "2030-03-29T10:30",
            "ends_at": "2030-03-29T11:10",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
        },
    )
    assert "должен проходить во время мероприятия" in response.content.decode()
    assert not AgendaSession.objects.exists()


def test_discussion_and_registration_questions_are_edited(client, centre, methodist_of_centre):
    event = make_event(organisation=centre)
    client.force_login(methodist_of_centre)
    client.post(reverse("events:discussion", args=[event.pk]), {"text": "Что мешает активности?"})
    assert DiscussionQuestion.objects.get(event=event).text == "Что мешает активности?"
    client.post(
        reverse("events:questions", args=[event.pk]),
        {"label": "Секция", "kind": "choice", "options": "робототехника\n3D", "required": "on"},
    )
    question = Question.objects.get(event=event)
    assert question.options == ["робототехника", "3D"] and question.required
    client.post(
        reverse("events:question_action", args=[event.pk, question.pk]), {"action": "deactivate"}
    )
    question.refresh_from_db()
    assert not question.is_active


def test_choice_question_without_options_is_explained(client, centre, methodist_of_centre):
    event = make_event(organisation=centre)
    client.force_login(methodist_of_centre)
    response = client.post(
        reverse("events:questions", args=[event.pk]), {"label": "Секция", "kind": "choice"}
    )
    assert "хотя бы два варианта" in response.content.decode()
    assert not Question.objects.exists()


def test_registrations_list_is_audited_and_moderation_works(client, centre, methodist_of_centre):
    event = make_event(organisation=centre, moderation=True)
    pending = Registration.objects.create(
        event=event,
        full_name="Петров Пётр",
        email="petrov@example.ru",
        status=Registration.Status.PENDING,
    )
    client.force_login(methodist_of_centre)
    response = client.get(reverse("events:registrations", args=[event.pk]))
    assert "Петров Пётр" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()
    client.post(
        reverse("events:registration_action", args=[event.pk, pending.pk]), {"action": "approve"}
    )
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED


def test_registrations_filter_by_status(client, centre, methodist_of_centre):
    event = make_event(organisation=centre)
    for email, status in (("a@example.ru", "confirmed"), ("b@example.ru", "waitlisted")):
        Registration.objects.create(event=event, full_name=email, email=email, status=status)
    client.force_login(methodist_of_centre)
    response = client.get(
        reverse("events:registrations", args=[event.pk]), {"status": "waitlisted"}
    )
    assert [r.email for r in response.context["page"]] == ["b@example.ru"]
