"""Eight clicks on "submit" at the same moment by one teacher, in a contest that takes one work
per author and nomination.

Each thread has its own database connection, as each request has in production. The first test
proves the race is real by switching the lock off (settings.CONTESTS_ENTRY_LOCKING = False) and
watching the limit break; the second proves the lock closes it: exactly one work, seven clear
refusals, numbers without gaps or repeats. Runs on SQLite (a file database, see
tests/settings.py) and on PostgreSQL (DATABASE_URL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from technopark.contests.services.entries import submit_entry
from tests.contests.factories import make_contest
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db(transaction=True)

CLICKS = 8


def fire(contest, users) -> list[str]:
    """Submit once per user in `users`, all threads released at once; return the outcomes."""
    start = threading.Barrier(len(users))
    outcomes: list[str] = []
    lock = threading.Lock()
    nomination = contest.nominations.first()

    def one(n: int, user) -> None:
        try:
            start.wait(30)
            try:
                submit_entry(contest=contest, user=user, nomination=nomination, title=f"Работа {n}")
                outcome = "created"
            except ValidationError as error:
                outcome = error.messages[0]
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(n, u)) for n, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


@pytest.fixture
def teacher_alone(db):
    return make_user(Role.TEACHER, email="odin.pedagog@example.ru")


def test_without_the_lock_simultaneous_submissions_break_the_limit(settings, teacher_alone):
    settings.CONTESTS_ENTRY_LOCKING = False
    contest = make_contest()

    outcomes = fire(contest, [teacher_alone] * CLICKS)

    assert len(outcomes) == CLICKS
    assert contest.entries.count() > 1  # the race is real


def test_with_the_lock_exactly_one_work_is_taken(teacher_alone):
    contest = make_contest()

    outcomes = fire(contest, [teacher_alone] * CLICKS)

    assert outcomes.count("created") == 1
    assert len(outcomes) == CLICKS
    assert contest.entries.count() == 1


def test_different_authors_at_once_get_distinct_consecutive_numbers():
    contest = make_contest()
    teachers = [make_user(Role.TEACHER) for _ in range(CLICKS)]

    outcomes = fire(contest, teachers)

    assert outcomes == ["created"] * CLICKS
    assert sorted(contest.entries.values_list("number", flat=True)) == list(range(1, CLICKS + 1))
    assert connection.vendor in ("sqlite", "postgresql")
