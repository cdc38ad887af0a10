"""Two methodists move two organisations under each other at the same moment.

Each move alone passes the cycle check; only the tree lock stops the pair from making a cycle.
The first test proves the race exists with the lock switched off, the second that the lock
closes it. PostgreSQL only: SQLite lets one writer in at a time anyway."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from technopark.network import services
from technopark.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL row visibility"),
]


def move_crosswise(first: Organisation, second: Organisation) -> list[Exception]:
    """Thread 1 puts `first` under `second` and holds its transaction open while thread 2
    tries to put `second` under `first`."""
    first_moved, errors = threading.Event(), []

    def one():
        try:
            with transaction.atomic():
                services.update_organisation(first, parent=second)
                first_moved.set()
                # Give thread 2 time to run its check against the not-yet-committed move.
                threading.Event().wait(0.5)
        finally:
            first_moved.set()
            connection.close()

    def two():
        first_moved.wait(5)
        try:
            services.update_organisation(second, parent=first)
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return errors


def has_cycle(a: Organisation, b: Organisation) -> bool:
    a.refresh_from_db()
    b.refresh_from_db()
    return a.parent_id == b.pk and b.parent_id == a.pk


def test_without_the_tree_lock_crosswise_moves_make_a_cycle(monkeypatch):
    a, b = OrganisationFactory(name="Школа А"), OrganisationFactory(name="Школа Б")
    monkeypatch.setattr(services, "_lock_hierarchy", lambda: None)

    errors = move_crosswise(a, b)

    assert errors == []
    assert has_cycle(a, b)


def test_tree_lock_refuses_the_second_crosswise_move():
    a, b = OrganisationFactory(name="Школа А"), OrganisationFactory(name="Школа Б")

    errors = move_crosswise(a, b)

    assert len(errors) == 1
    assert "parent" in errors[0].message_dict
    assert not has_cycle(a, b)
    assert a.parent_id == b.pk and b.parent_id is None
