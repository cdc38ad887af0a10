"""The speed-minded SQL of the report selects exactly the rows the plain filters select: the
period's registrations through `= ANY(ARRAY(…))` on PostgreSQL (`IN (subquery)` elsewhere),
distinct people counted as one integer per person (Registration.person)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from technopark.events.models import Attendance, Registration
from technopark.reports import selectors
from technopark.reports.builder import build_report
from technopark.reports.scope import Scope
from tests.reports.test_builder_data import PERIOD, make_period

pytestmark = pytest.mark.django_db


def test_among_selects_the_same_rows_as_a_plain_in():
    p = make_period()
    events = selectors.events(Scope.initiative(p.initiative), *PERIOD)
    ids = events.values("pk")
    plain = Registration.objects.filter(event_id__in=list(events.values_list("pk", flat=True)))
    by_queryset = set(selectors.registrations(ids).values_list("pk", flat=True))
    by_list = set(selectors.registrations(list(ids.values_list("pk", flat=True))))
    expected = set(selectors.counted(plain).values_list("pk", flat=True))
    assert expected  # the period has counted registrations, so the test can fail
    assert by_queryset == expected
    assert {r.pk for r in by_list} == expected
    marks = set(selectors.attendances(ids).values_list("pk", flat=True))
    assert marks == set(
        Attendance.objects.filter(registration__event__in=events).values_list("pk", flat=True)
    )
    assert marks  # someone came


def test_the_sql_fits_the_database():
    p = make_period()
    with CaptureQueriesContext(connection) as queries:
        build_report(Scope.initiative(p.initiative))
    registrations = [
        q["sql"] for q in queries.captured_queries if 'FROM "events_registration"' in q["sql"]
    ]
    assert registrations
    assert any('COUNT(DISTINCT "events_registration"."person")' in sql for sql in registrations)
    assert not any('LOWER("events_registration"."email")' in sql for sql in registrations)
    if connection.vendor == "postgresql":
        assert all("= ANY(ARRAY(SELECT" in sql for sql in registrations)
    else:
        assert all('"events_registration"."event_id" IN (SELECT' in sql for sql in registrations)
        assert not any("COLLATE" in sql for sql in registrations)


def test_unique_guests_differing_only_in_case_count_once():
    p = make_period()
    scope = Scope.initiative(p.initiative)
    before = build_report(scope)["unique_participants"]
    event = next(e for e in selectors.events(scope, *PERIOD) if e.registrations.exists())
    guest = Registration.objects.filter(event=event, user=None, status="confirmed").first()
    assert guest is not None
    other = (
        selectors.events(scope, *PERIOD)
        .exclude(pk=event.pk)
        .exclude(registrations__email__iexact=guest.email)
        .first()
    )
    Registration.objects.create(
        event=other,
        full_name=guest.full_name,
        email=guest.email.upper(),
        status="confirmed",
        role=guest.role,
    )
    Registration.objects.create(
        event=other,
        full_name="Новый Гость Гостевич",
        email="new.guest@example.org",
        status="confirmed",
        role=guest.role,
    )
    report = build_report(scope)
    assert report["unique_participants"] == before + 1
