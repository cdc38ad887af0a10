"""The demo data carries seed 000's figures exactly and a second `technopark demo` adds nothing."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from technopark.events.models import (
    AgendaSession,
    Attendance,
    DiscussionQuestion,
    Event,
    FeedbackResponse,
    Format,
    Initiative,
    PlanItem,
    Registration,
    Speaker,
    StreamViews,
)
from technopark.events.selectors import event_stats
from technopark.events.services.initiatives import initiative_progress

pytestmark = pytest.mark.django_db

MODELS = (
    Initiative,
    PlanItem,
    Event,
    AgendaSession,
    Speaker,
    DiscussionQuestion,
    Registration,
    Attendance,
    StreamViews,
    FeedbackResponse,
)


def run_demo() -> None:
    call_command("demo", stdout=StringIO())


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db):
    run_demo()


def osp() -> Initiative:
    return Initiative.objects.get(slug="osp-2023")


def plan_event(title_start: str) -> Event:
    return Event.objects.get(initiative=osp(), title__startswith=title_start)


def test_running_demo_twice_creates_no_event_rows(demo):
    first = counts()
    assert all(first.values()), first
    run_demo()
    assert counts() == first


def test_the_internship_site_planned_three_events_and_held_all_three(demo):
    initiative = osp()
    assert initiative.organisation.name == "СП ЦДТ ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка"
    assert initiative.status_title == "областная стажёрская площадка по техническому направлению"
    assert initiative.topic.startswith("Использование ресурсов мини-технопарка «Квантум»")
    assert (initiative.starts_on.year, initiative.ends_on.year) == (2023, 2023)

    progress = initiative_progress(initiative)
    assert (progress["planned"], progress["held"], progress["not_held"]) == (3, 3, 0)
    assert [row["event"].kind.code for row in progress["items"]] == [
        "opening",
        "competition",
        "round_table",
    ]
    assert [row["event"].starts_at.month for row in progress["items"]] == [3, 10, 11]


def test_hybrid_opening_counts_61_registrations_and_40_stream_views_apart(demo):
    opening = plan_event("Открытие")
    assert opening.format == Format.HYBRID
    assert opening.starts_at.date().isoformat() == "2023-03-28"
    assert opening.venue.name == "Мини-технопарк «Квантум»"
    assert "jazz.sber.ru" in opening.online_url and opening.stream_url and opening.recording_url

    stats = event_stats(opening)
    assert stats["registered"] == stats["confirmed"] == 61
    assert stats["stream_views"] == 40
    assert stats["reach"] == 101
    assert list(opening.stream_views.values_list("count", "source")) == [
        (40, "сообщество ЦДТ ВКонтакте")
    ]
    assert stats["attended_in_person"] > stats["attended_online"] > 0
    # Teachers came from several municipalities; the site's own district most of all.
    places = stats["by_municipality"]
    assert len(places) >= 8
    assert places[0]["name"] == "муниципальный район Большечерниговский"
    assert Registration.objects.filter(event=opening).values("email").distinct().count() == 61


def test_opening_master_classes_are_run_by_teachers_with_their_pupils(demo):
    opening = plan_event("Открытие")
    master_classes = opening.sessions.filter(title__startswith="Мастер-класс")
    assert master_classes.count() == 3
    for session in master_classes:
        roles = set(session.speakers.values_list("role", flat=True))
        assert roles == {Speaker.Role.TEACHER, Speaker.Role.PUPIL}


def test_round_table_has_52_registrations_questions_and_feedback_leaning_to_in_person(demo):
    round_table = plan_event("Круглый стол")
    assert round_table.starts_at.month == 11
    assert event_stats(round_table)["registered"] == 52
    assert round_table.stream_views.count() == 0
    assert 4 <= round_table.discussion.count() <= 6
    assert round_table.sessions.filter(title__icontains="мини-технопарк").exists()
    assert "пассивно" in round_table.summary

    formats = Counter(round_table.feedback.values_list("preferred_format", flat=True))
    assert formats.most_common(1)[0][0] == Format.IN_PERSON
    assert formats[Format.IN_PERSON] / sum(formats.values()) == pytest.approx(0.6)
    # Every response comes from someone who attended.
    assert not round_table.feedback.filter(registration__attendances=None).exists()


def test_minsk_centre_has_a_full_weekend_with_waiting_list_and_an_open_future_event(demo):
    weekend = Event.objects.get(title__startswith="Технический уик-энд")
    stats = event_stats(weekend)
    assert (stats["confirmed"], stats["waitlisted"]) == (weekend.capacity, 5)
    assert weekend.status == Event.Status.PUBLISHED

    open_event = Event.objects.get(title__startswith="Городской мастер-класс")
    assert open_event.status == Event.Status.PUBLISHED
    assert event_stats(open_event)["confirmed"] < open_event.capacity
    from technopark.events.services.registration import check_open

    check_open(open_event)  # raises if registration were closed

    seminar = Event.objects.get(title__startswith="Семинар для педагогов")
    assert {p.short_name for p in seminar.partners.all()} == {"БГУИР", "МГИРО"}
