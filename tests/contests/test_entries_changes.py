"""After submitting: the author edits, adds files and withdraws until the deadline, never
after it; only the submitter or the organiser may; a refused change changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from technopark.contests.models import Contest, Entry, EntryFile
from technopark.contests.services.entries import (
    add_entry_file,
    remove_entry_file,
    submit_entry,
    update_entry,
    withdraw_entry,
)
from tests.contests.factories import make_contest
from tests.contests.test_entries_helpers import fake_pdf, pdf
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db

DEADLINE = "Приём работ закончился"


@pytest.fixture
def entry(teacher):
    contest = make_contest()
    return submit_entry(
        contest=contest,
        user=teacher,
        nomination=contest.nominations.first(),
        title="Урок «Мосты»",
        files=[pdf()],
    )


def past_deadline(entry):
    Contest.objects.filter(pk=entry.contest_id).update(
        submission_closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    entry.refresh_from_db()


def test_the_author_edits_the_work_before_the_deadline(entry, teacher):
    second = entry.contest.nominations.last()
    update_entry(entry, user=teacher, title="  Урок «Мосты и фермы» ", nomination=second.pk)
    entry.refresh_from_db()
    assert (entry.title, entry.nomination) == ("Урок «Мосты и фермы»", second)


def test_editing_after_the_deadline_is_refused(entry, teacher):
    past_deadline(entry)
    with pytest.raises(ValidationError) as error:
        update_entry(entry, user=teacher, title="Поздняя правка")
    assert error.value.messages == ["Приём работ закончился: изменить работу уже нельзя."]
    entry.refresh_from_db()
    assert entry.title == "Урок «Мосты»"


def test_the_organiser_may_correct_a_work_after_the_deadline(entry, administrator):
    past_deadline(entry)
    update_entry(entry, user=administrator, title="Урок «Мосты» (исправлено)")
    entry.refresh_from_db()
    assert entry.title == "Урок «Мосты» (исправлено)"


def test_someone_else_may_not_edit(entry):
    with pytest.raises(PermissionDenied):
        update_entry(entry, user=make_user(Role.TEACHER), title="Чужая правка")
    entry.refresh_from_db()
    assert entry.title == "Урок «Мосты»"


def test_fields_that_cannot_change_are_named(entry, teacher):
    with pytest.raises(ValidationError) as error:
        update_entry(entry, user=teacher, number=99, submitted_by=teacher)
    assert error.value.messages == ["Эти сведения работы изменить нельзя: number, submitted_by."]


def test_moving_into_a_nomination_where_the_author_already_has_a_work_is_refused(entry, teacher):
    contest = entry.contest
    second = contest.nominations.last()
    submit_entry(contest=contest, user=teacher, nomination=second, title="Программа «Юный инженер»")
    with pytest.raises(ValidationError) as error:
        update_entry(entry, user=teacher, nomination=second)
    assert "уже есть работа автора" in error.value.message_dict["nomination"][0]
    entry.refresh_from_db()
    assert entry.nomination == contest.nominations.first()


def test_the_author_withdraws_and_everyone_is_told(
    entry, teacher, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_entry(entry, user=teacher)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN and entry.withdrawn_at is not None
    assert [m.subject for m in mail.outbox] == [f"Работа № 1 отозвана — {entry.contest.title}"]
    with pytest.raises(ValidationError) as error:
        withdraw_entry(entry, user=teacher)
    assert error.value.messages == ["Работа отозвана: отозвать её уже нельзя."]


def test_withdrawing_after_the_deadline_is_refused(entry, teacher):
    past_deadline(entry)
    with pytest.raises(ValidationError) as error:
        withdraw_entry(entry, user=teacher)
    assert error.value.messages == ["Приём работ закончился: отозвать работу уже нельзя."]
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED


def test_files_are_added_and_removed_until_the_deadline(entry, teacher):
    added = add_entry_file(entry, user=teacher, upload=pdf("презентация.pdf"))
    assert entry.files.count() == 2
    remove_entry_file(added, user=teacher)
    assert list(entry.files.values_list("original_name", flat=True)) == ["работа.pdf"]

    past_deadline(entry)
    with pytest.raises(ValidationError):
        add_entry_file(entry, user=teacher, upload=pdf("поздно.pdf"))
    with pytest.raises(ValidationError):
        remove_entry_file(entry.files.get(), user=teacher)
    assert entry.files.count() == 1


def test_a_disguised_file_is_not_attached(entry, teacher):
    with pytest.raises(ValidationError) as error:
        add_entry_file(entry, user=teacher, upload=fake_pdf())
    assert "Этот тип файла не подходит" in error.value.messages[0]
    assert EntryFile.objects.filter(entry=entry).count() == 1


def test_no_more_than_ten_files(entry, teacher):
    for n in range(9):
        add_entry_file(entry, user=teacher, upload=pdf(f"приложение-{n}.pdf"))
    with pytest.raises(ValidationError) as error:
        add_entry_file(entry, user=teacher, upload=pdf("лишний.pdf"))
    assert error.value.message_dict == {
        "file": ["К работе уже приложено 10 файлов — это наибольшее число."]
    }


def test_file_changes_are_in_the_audit_log(entry, teacher):
    from technopark.core.models import AuditEntry

    added = add_entry_file(entry, user=teacher, upload=pdf("смета.pdf"))
    remove_entry_file(added, user=teacher)
    assert list(
        AuditEntry.objects.filter(action__endswith="_entry_file")
        .order_by("pk")
        .values_list("action", "detail", "target_id")
    ) == [
        ("add_entry_file", "смета.pdf", str(entry.pk)),
        ("remove_entry_file", "смета.pdf", str(entry.pk)),
    ]
