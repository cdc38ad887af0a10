"""The events and registrations generators at a tiny scale: exact counts, valid rows, no timing."""

from collections import Counter

import pytest

from benchmarks.dataset import Plan, build
from benchmarks.steps.events import BIG_EVENT_TITLE, bench_events, bench_registrations
from technopark.events.models import Event, Format, Registration

SMALL = Plan(people=120, organisations=20, municipalities=46, events=30, registrations=500, seed=5)


def quiet(_message: str) -> None:
    pass


@pytest.mark.django_db
def test_generator_builds_exactly_the_planned_events_and_registrations():
    counts = build(SMALL, log=quiet)

    assert counts["events"] == bench_events().count() == 30
    assert counts["registrations"] == bench_registrations().count() == 500
    big = bench_events().get(title=BIG_EVENT_TITLE)
    assert big.registrations.count() == 50  # a tenth of the plan below 100,000 registrations


@pytest.mark.django_db
def test_generated_rows_are_valid_and_varied():
    build(SMALL, log=quiet)
    events = bench_events()
    for event in events:
        if event.format != Format.IN_PERSON:
            assert event.online_url
        if event.format != Format.ONLINE:
            assert event.venue_id
        assert event.ends_at > event.starts_at
    assert {e.status for e in events} >= {Event.Status.HELD, Event.Status.PUBLISHED}
    assert len({e.format for e in events}) == 3

    registrations = bench_registrations()
    live = registrations.filter(status__in=Registration.ACTIVE)
    per_email = Counter(live.values_list("event_id", "email"))
    assert max(per_email.values()) == 1  # the database constraint would refuse a second one
    assert registrations.values("municipality").distinct().count() > 5
    assert registrations.exclude(user=None).exists() and registrations.filter(user=None).exists()


@pytest.mark.django_db
def test_rebuilding_registrations_keeps_the_events():
    build(SMALL, log=quiet)
    event_ids = set(bench_events().values_list("pk", flat=True))
    messages: list[str] = []
    counts = build(Plan(**{**SMALL.__dict__, "registrations": 300}), log=messages.append)

    assert "events: already there, skipped" in messages
    assert counts["registrations"] == 300
    assert set(bench_events().values_list("pk", flat=True)) == event_ids
