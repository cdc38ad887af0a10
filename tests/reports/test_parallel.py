"""The report's heavy queries side by side on their own connections (reports.parallel): the same
figures as one after another, errors reach the caller, and never inside a transaction."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from technopark.events.reference import ensure_event_kinds
from technopark.reports import parallel
from technopark.reports.builder import build_report
from technopark.reports.figures import people
from technopark.reports.scope import Scope
from tests.reports.test_builder import check, expected
from tests.reports.test_builder_data import PERIOD, make_period


@pytest.fixture(autouse=True)
def _event_kinds():
    """A database emptied after another test that commits has lost the shipped kinds."""
    ensure_event_kinds()


def where_it_ran(calls: list):
    """A stand-in for unique_participants that notes the thread and the connection it ran on."""
    real = people.unique_participants

    def spy(event_ids):
        calls.append((threading.current_thread().name, id(connections["default"])))
        return real(event_ids)

    spy.__name__ = real.__name__
    return spy


@pytest.mark.django_db(transaction=True)
def test_side_by_side_gives_the_same_report_as_one_after_another(monkeypatch, settings):
    p = make_period()
    calls: list = []
    monkeypatch.setattr(people, "unique_participants", where_it_ran(calls))
    scope = Scope.region(p.region)

    report = build_report(scope, date_from=PERIOD[0], date_to=PERIOD[1])
    check(report, expected(p, set(p.events), p.plan))
    assert calls[0][0] == "report-unique_participants"
    assert calls[0][1] != id(connections["default"])  # a connection of its own

    settings.REPORTS_PARALLEL_QUERIES = False
    calls.clear()
    assert build_report(scope, date_from=PERIOD[0], date_to=PERIOD[1]) == report
    assert calls[0][0] == threading.current_thread().name


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_thread_reaches_the_caller():
    def broken():
        raise ValueError("не посчиталось")

    connection.ensure_connection()
    mine = connections["default"].connection
    wait = parallel.start(broken)
    with pytest.raises(ValueError, match="не посчиталось"):
        wait()
    # The thread closed its own connection only: the caller's is the same open one.
    assert connections["default"].connection is mine
    assert connections["default"].is_usable()


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_everything_runs_here_and_sees_its_rows():
    p = make_period()
    with transaction.atomic():
        report = build_report(Scope.region(p.region), date_from=PERIOD[0], date_to=PERIOD[1])
        names = []
        parallel.start(lambda: names.append(threading.current_thread().name))()
        assert names == [threading.current_thread().name]
    check(report, expected(p, set(p.events), p.plan))
