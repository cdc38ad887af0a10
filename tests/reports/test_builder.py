"""Every figure of a period report equals a count computed independently in plain Python over
the objects the test created; the number of queries does not grow with the number of events."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from technopark.events.models import Event
from technopark.reports.builder import build_report
from technopark.reports.scope import ReportError, Scope
from tests.reports.test_builder_data import PERIOD, SAMARA, add_events, make_period

pytestmark = pytest.mark.django_db

HELD = {"held", "archived"}


def local_day(event: Event) -> dt.date:
    return event.starts_at.astimezone(SAMARA).date()


def expected(p, scope_events, plan) -> dict:
    """The figures, from the Python objects only."""
    start, end = PERIOD
    events = [
        e
        for e in p.events
        if e in scope_events and start <= local_day(e) <= end and e.status != "draft"
    ]
    ids = {e.pk for e in events}
    plan_in = [item for item in plan if start <= item.planned_for <= end]
    planned_event_ids = {item.event_id for item in plan_in if item.event_id}
    came = {a.registration_id for a in p.attendances}
    counted = [
        r
        for r in p.registrations
        if r.event_id in ids and (r.status == "confirmed" or r.pk in came)
    ]
    counted_ids = {r.pk for r in counted}
    attendances = [a for a in p.attendances if a.registration_id in counted_ids]
    streams = [s for s in p.streams if s.event_id in ids]
    feedback = [f for f in p.feedback if f.event_id in ids]
    formats = Counter(f.preferred_format for f in feedback)
    entries = [e for e in p.entries if e.contest.event_id in ids and e.status != "withdrawn"]
    return {
        "events": events,
        "events_planned": len(plan_in) + len([e for e in events if e.pk not in planned_event_ids]),
        "events_held": len([e for e in events if e.status in HELD]),
        "registrations": len(counted),
        "stream_views": sum(s.count for s in streams),
        "unique": len({f"u{r.user_id}" if r.user_id else r.email.lower() for r in counted}),
        "in_person": len([a for a in attendances if a.mode == "in_person"]),
        "online": len([a for a in attendances if a.mode == "online"]),
        "municipalities": Counter(
            r.municipality.name if r.municipality else "муниципалитет не указан" for r in counted
        ),
        "roles": Counter(r.role for r in counted),
        "kinds": Counter(r.organisation.kind if r.organisation else "" for r in counted),
        "per_event": {
            e.pk: {
                "registrations": len([r for r in counted if r.event_id == e.pk]),
                "stream_views": sum(s.count for s in streams if s.event_id == e.pk),
                "attended": len(
                    {a.registration_id for a in attendances if a.registration.event_id == e.pk}
                ),
                "in_person": len(
                    [
                        a
                        for a in attendances
                        if a.registration.event_id == e.pk and a.mode == "in_person"
                    ]
                ),
                "feedback": len([f for f in feedback if f.event_id == e.pk]),
                "municipalities": len(
                    {r.municipality_id for r in counted if r.event_id == e.pk and r.municipality_id}
                ),
            }
            for e in events
        },  # fmt: skip
        "feedback": feedback,
        "formats": formats,
        "materials": len([m for m in p.materials if m.event_id in ids and m.published]),
        "works": Counter(e.nomination.name for e in entries),
        "winners": sorted(e.title for e in entries if e.place in ("first", "second", "third")),
    }


def check(report: dict, want: dict) -> None:
    assert report["events_planned"] == want["events_planned"]
    assert report["events_held"] == want["events_held"]
    assert sum(k["planned"] for k in report["events_by_kind"]) == want["events_planned"]
    assert sum(f["held"] for f in report["events_by_format"]) == want["events_held"]
    assert report["registrations"] == want["registrations"]
    assert report["stream_views"] == want["stream_views"]
    assert report["reach"] == want["registrations"] + want["stream_views"]
    assert report["unique_participants"] == want["unique"]
    assert report["attendance"] == {"in_person": want["in_person"], "online": want["online"]}
    assert {m["name"]: m["participants"] for m in report["municipalities"]} == dict(
        want["municipalities"]
    )
    counts = [m["participants"] for m in report["municipalities"]]
    assert counts == sorted(counts, reverse=True)
    assert {r["role_code"]: r["participants"] for r in report["roles"]} == dict(want["roles"])
    assert {k["kind_code"]: k["participants"] for k in report["organisation_kinds"]} == dict(
        want["kinds"]
    )
    assert [e["id"] for e in report["events"]] == [
        e.pk for e in sorted(want["events"], key=lambda e: e.starts_at)
    ]
    for row in report["events"]:
        per = want["per_event"][row["id"]]
        assert row["registrations"] == per["registrations"], row["title"]
        assert row["stream_views"] == per["stream_views"], row["title"]
        assert row["attended"] == per["attended"], row["title"]
        assert row["attended_in_person"] == per["in_person"], row["title"]
        assert row["feedback_responses"] == per["feedback"], row["title"]
        assert row["municipalities"] == per["municipalities"], row["title"]
    feedback = want["feedback"]
    assert report["feedback"]["responses"] == len(feedback)
    if feedback:
        mean = sum(f.rating for f in feedback) / len(feedback)
        assert report["feedback"]["mean_rating"] == pytest.approx(mean, abs=0.005)
        for code in ("in_person", "online", "hybrid"):
            share = want["formats"][code] / len(feedback)
            assert report["feedback"]["preferred_format"][code] == pytest.approx(share, abs=1e-4)
        assert report["feedback"]["preferred"] == want["formats"].most_common(1)[0][0]
    assert report["materials"] == want["materials"]
    works = {n["name"]: n["works"] for c in report["contests"] for n in c["nominations"]}
    assert {k: v for k, v in works.items() if v} == dict(want["works"])
    winners = sorted(w["title"] for c in report["contests"] for w in c["winners"])
    assert winners == want["winners"]
    json.dumps(report)  # JSON-serialisable as it is


def test_initiative_report_matches_independent_counts():
    p = make_period()
    scope_events = {e for e in p.events if e.initiative_id == p.initiative.pk} | {
        item.event for item in p.plan if item.event
    }
    report = build_report(Scope.initiative(p.initiative))
    want = expected(p, scope_events, p.plan)
    check(report, want)
    # The figures the test knows by heart, so a bug in `expected` cannot hide one in both.
    assert report["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert report["events_planned"] == 5  # 4 plan items of 2024 + the master class
    assert report["events_held"] == 4  # opening, contest, round table, master class (archived)
    assert report["registrations"] == 8
    assert report["unique_participants"] == 6  # olga (account) and ivan (e-mail) counted once
    assert report["stream_views"] == 44
    assert report["attendance"] == {"in_person": 4, "online": 2}
    assert report["materials"] == 2
    assert report["feedback"]["preferred"] == "online"
    (contest,) = report["contests"]
    assert contest["works"] == 5
    assert [n["works"] for n in contest["nominations"]] == [2, 3, 0]
    assert contest["results_published"] is True
    assert [w["place_code"] for w in contest["winners"]] == ["first", "first", "second"]
    assert [item["held"] for item in report["plan"]] == [True, True, False, True]
    assert report["initiative"]["slug"] == "rip-2024"


def test_organisation_report_with_and_without_children():
    p = make_period()
    start, end = PERIOD
    own = {e for e in p.events if e.organisation_id == p.centre.pk}
    report = build_report(Scope.organisation(p.centre), date_from=start, date_to=end)
    check(report, expected(p, own, p.plan))

    with_branch = own | {e for e in p.events if e.organisation_id == p.branch.pk}
    report = build_report(Scope.organisation(p.centre, True), date_from=start, date_to=end)
    check(report, expected(p, with_branch, p.plan))
    assert report["scope"]["key"] == f"organisation:{p.centre.pk}+"


def test_region_report():
    p = make_period()
    report = build_report(Scope.region(p.region), date_from=PERIOD[0], date_to=PERIOD[1])
    check(report, expected(p, set(p.events), p.plan))
    assert "Чужой семинар" in [e["title"] for e in report["events"]]


def test_a_narrower_period():
    p = make_period()
    report = build_report(
        Scope.initiative(p.initiative),
        date_from=dt.date(2024, 12, 31),
        date_to=dt.date(2024, 12, 31),
    )
    assert [e["title"] for e in report["events"]] == ["Круглый стол по итогам года"]
    assert report["events"][0]["date"] == "2024-12-31"
    assert report["events_planned"] == 1  # the round table, unplanned in this one-day window
    assert report["registrations"] == 4  # three confirmed and the walk-in who had cancelled


def test_empty_period_gives_honest_zeros():
    p = make_period()
    report = build_report(
        Scope.initiative(p.initiative), date_from=dt.date(2024, 8, 1), date_to=dt.date(2024, 8, 31)
    )
    assert report["events_planned"] == report["events_held"] == 0
    assert report["registrations"] == report["stream_views"] == report["reach"] == 0
    assert report["unique_participants"] == report["materials"] == 0
    assert report["attendance"] == {"in_person": 0, "online": 0}
    assert report["events"] == report["contests"] == report["municipalities"] == []
    assert report["feedback"]["mean_rating"] is None
    assert report["feedback"]["preferred_format"] == {"in_person": 0, "online": 0, "hybrid": 0}
    assert all(row["held"] == 0 for row in report["events_by_format"])
    assert report["conclusion"]


def test_reversed_period_is_refused_in_russian():
    p = make_period()
    with pytest.raises(ReportError, match="позже его окончания"):
        build_report(
            Scope.initiative(p.initiative),
            date_from=dt.date(2024, 5, 1),
            date_to=dt.date(2024, 4, 1),
        )


def test_queries_do_not_grow_with_the_number_of_events(django_assert_max_num_queries):
    p = make_period(events_in_bulk=3)
    scope = Scope.initiative(p.initiative)
    with CaptureQueriesContext(connection) as three:
        report = build_report(scope)
    assert len(report["events"]) == 4 + 3

    add_events(p, 27)
    with django_assert_max_num_queries(len(three.captured_queries)):
        report = build_report(scope)
    assert len(report["events"]) == 4 + 30
    assert report["materials"] == 2 + 30
    assert len(three.captured_queries) <= 25
