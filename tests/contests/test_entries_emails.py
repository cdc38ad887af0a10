"""E-mails about a work reach every author with an address — the submitter, co-authors and
mentors with accounts, a pupil's own account and guardian — once each, in Russian, through the
Celery task that re-reads the work at sending time."""

import pytest
from django.core import mail
from django.utils import translation

from technopark.contests.emails import build_message, recipients
from technopark.contests.models import Entry
from technopark.contests.services.entries import submit_entry
from technopark.contests.tasks.entries import send_entry_email
from tests.contests.test_entries_helpers import make_child, pupils_contest
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupils_entry(guardian, teacher):
    account = make_user(Role.PUPIL, email="uchenik@example.ru")
    child = make_child(guardian, age=12, account=account, school=teacher.organisation)
    contest = pupils_contest()
    return submit_entry(
        contest=contest,
        user=teacher,
        nomination=contest.nominations.first(),
        title="Умная теплица",
        authors=[{"child": child}],
    )


def test_everyone_behind_a_pupils_work_is_written_to_once(pupils_entry, guardian, teacher):
    assert recipients(pupils_entry) == [teacher.email, guardian.email, "uchenik@example.ru"]


def test_the_message_is_russian_whatever_language_is_active(pupils_entry):
    with translation.override("en"):
        message = build_message(pupils_entry, "submitted")
    assert message.subject == f"Работа № 1 принята — {pupils_entry.contest.title}"
    assert "Номинация: Робототехника" in message.body
    assert "Возрастная категория: 10–13 лет" in message.body
    html = message.alternatives[0][0]
    assert '<th align="left">Номинация</th><td>Робототехника</td>' in html


def test_the_task_tells_the_state_at_sending_time(pupils_entry):
    mail.outbox.clear()
    Entry.objects.filter(pk=pupils_entry.pk).update(status=Entry.Status.WITHDRAWN)
    assert send_entry_email(pupils_entry.pk, "submitted") is False
    assert send_entry_email(pupils_entry.pk, "withdrawn") is True
    assert send_entry_email(10**9, "withdrawn") is False
    assert [m.subject.split(" — ")[0] for m in mail.outbox] == ["Работа № 1 отозвана"]


def test_an_unknown_kind_is_a_programming_error(pupils_entry):
    with pytest.raises(ValueError):
        build_message(pupils_entry, "congratulations")
