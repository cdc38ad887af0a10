"""The selection for the National Children's Technopark: test scores imported from a file (a bad
row stops the whole import, nothing half-written), the interview's decision with the assigned
direction, and a jury-scored stage closed on the jury's real results."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from technopark.contests.models import Assignment, EntryStage, JuryMember, Score, Stage
from technopark.contests.services.stages import (
    close_stage,
    import_test_scores,
    record_decision,
)
from tests.contests.factories import make_judge
from tests.contests.test_entries_helpers import entry_at, judging, selection, stage_of
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


def csv_file(text: str, name: str = "баллы.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("баллы.xlsx", buffer.getvalue())


@pytest.fixture
def testing():
    """A selection whose testing stage is open with entries № 1–3 on it."""
    contest = judging(selection())
    Stage.objects.filter(contest=contest, position=1).update(status=Stage.Status.CLOSED)
    stage = stage_of(contest, 2)
    Stage.objects.filter(pk=stage.pk).update(
        status=Stage.Status.OPEN, pass_rule=Stage.PassRule.THRESHOLD, pass_value=60
    )
    stage.refresh_from_db()
    for _ in range(3):
        entry_at(stage)
    return stage


def scores(stage) -> dict[int, Decimal | None]:
    rows = EntryStage.objects.filter(stage=stage).values_list("entry__number", "raw_score")
    return dict(rows)


def test_scores_are_imported_by_entry_number(testing, administrator):
    report = import_test_scores(
        testing, user=administrator, upload=csv_file("№ работы;Балл\n1;72,5\n3;40\n")
    )
    assert report == {"imported": 2, "changed": 2, "missing": [2]}
    assert scores(testing) == {1: Decimal("72.500"), 2: None, 3: Decimal("40.000")}


def test_an_excel_file_without_headers_works_too(testing, administrator):
    import_test_scores(testing, user=administrator, upload=xlsx_file([[2, 88], [1, 61.25]]))
    assert scores(testing) == {1: Decimal("61.250"), 2: Decimal("88.000"), 3: None}


def test_one_bad_row_stops_the_import_and_every_bad_row_is_listed(testing, administrator):
    import_test_scores(testing, user=administrator, upload=csv_file("Номер,Балл\n1,50\n"))
    upload = csv_file("Номер,Балл\n1,99\n7,80\nдва,10\n3,-5\n1,70\n2,сто\n")

    with pytest.raises(ValidationError) as error:
        import_test_scores(testing, user=administrator, upload=upload)

    assert error.value.message_dict == {
        "file": [
            "Строка 3: работы № 7 на этом этапе нет.",
            "Строка 4: не понятен номер работы.",
            "Строка 5: балл должен быть числом не меньше нуля.",
            "Строка 6: работа № 1 уже встречалась выше.",
            "Строка 7: балл должен быть числом не меньше нуля.",
        ]
    }
    # Row 2 was fine, but nothing is half-written: № 1 keeps its earlier score.
    assert scores(testing) == {1: Decimal("50.000"), 2: None, 3: None}


def test_a_file_that_is_not_a_table_is_refused(testing, administrator):
    upload = SimpleUploadedFile("баллы.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(ValidationError) as error:
        import_test_scores(testing, user=administrator, upload=upload)
    assert "Этот тип файла не подходит" in error.value.messages[0]


def test_scores_go_only_to_an_open_testing_stage(testing, administrator, teacher):
    interview = stage_of(testing.contest, 3)
    with pytest.raises(ValidationError) as error:
        import_test_scores(interview, user=administrator, upload=csv_file("1;5\n"))
    assert error.value.messages == ["Баллы из файла загружаются только на этап тестирования."]
    with pytest.raises(PermissionDenied):
        import_test_scores(testing, user=teacher, upload=csv_file("1;5\n"))
    Stage.objects.filter(pk=testing.pk).update(status=Stage.Status.CLOSED)
    testing.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        import_test_scores(testing, user=administrator, upload=csv_file("1;5\n"))
    assert "загрузить баллы можно только на идущий этап" in error.value.messages[0]


def test_imported_scores_decide_the_testing_stage(testing, administrator):
    import_test_scores(testing, user=administrator, upload=csv_file("1;72,5\n2;60\n3;59,99\n"))
    counts = close_stage(testing, user=administrator)
    interview = stage_of(testing.contest, 3)
    assert (counts["passed"], counts["moved"]) == (2, 2)
    assert sorted(
        EntryStage.objects.filter(stage=interview).values_list("entry__number", flat=True)
    ) == [1, 2]


# ---- the interview ------------------------------------------------------------------------


@pytest.fixture
def interview(testing, administrator):
    import_test_scores(testing, user=administrator, upload=csv_file("1;90\n2;80\n3;70\n"))
    close_stage(testing, user=administrator)
    stage = stage_of(testing.contest, 3)
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    stage.refresh_from_db()
    return stage


def passage(stage, number) -> EntryStage:
    return EntryStage.objects.get(stage=stage, entry__number=number)


def test_the_interview_admits_with_a_direction(
    interview, administrator, django_capture_on_commit_callbacks
):
    record_decision(passage(interview, 1), user=administrator, outcome="passed",
                    direction=" Лаборатория  робототехники ", note="Сильный проект")  # fmt: skip
    record_decision(passage(interview, 2), user=administrator, outcome="not_passed",
                    direction="забыто")  # fmt: skip
    record_decision(passage(interview, 3), user=administrator, outcome="not_passed")
    assert (passage(interview, 1).direction, passage(interview, 2).direction) == (
        "Лаборатория робототехники",
        "",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = close_stage(interview, user=administrator)
    assert (counts["passed"], counts["not_passed"], counts["next_stage"]) == (1, 2, None)
    admitted = next(m for m in mail.outbox if "прошла дальше" in m.subject)
    assert "Направление (лаборатория): Лаборатория робототехники" in admitted.body
    assert "Работа успешно прошла этап «Собеседование»." in admitted.body


def test_admission_without_a_direction_is_refused(interview, administrator):
    with pytest.raises(ValidationError) as error:
        record_decision(passage(interview, 1), user=administrator, outcome="passed")
    assert error.value.message_dict == {
        "direction": ["Укажите направление или лабораторию, куда принят участник."]
    }
    with pytest.raises(ValidationError) as error:
        record_decision(passage(interview, 1), user=administrator, outcome="принят")
    assert error.value.message_dict == {"outcome": ["Выберите решение: прошёл или не прошёл."]}
    assert passage(interview, 1).outcome == EntryStage.Outcome.PENDING


def test_the_chair_of_the_interview_may_decide_a_member_may_not(interview):
    chair = make_judge(interview, role=JuryMember.Role.CHAIR)
    member = make_judge(interview)
    record_decision(passage(interview, 1), user=chair, outcome="passed", direction="IT-квантум")
    with pytest.raises(PermissionDenied):
        record_decision(passage(interview, 2), user=member, outcome="passed", direction="IT")
    assert passage(interview, 2).outcome == EntryStage.Outcome.PENDING


def test_pending_interviews_keep_the_stage_open_unless_forced(interview, administrator):
    record_decision(passage(interview, 1), user=administrator, outcome="passed", direction="IT")
    with pytest.raises(ValidationError) as error:
        close_stage(interview, user=administrator)
    assert error.value.messages == [
        "Не по всем собеседованиям принято решение: ждут решения работы № 2, 3."
    ]
    counts = close_stage(interview, user=administrator, force=True)
    assert (counts["passed"], counts["not_passed"]) == (1, 2)


def test_a_decision_is_only_for_an_open_interview(testing, administrator):
    row = EntryStage.objects.filter(stage=testing).first()
    with pytest.raises(ValidationError) as error:
        record_decision(row, user=administrator, outcome="passed", direction="IT")
    assert error.value.messages == ["Решение с направлением записывается только на собеседовании."]


# ---- a jury-scored stage ------------------------------------------------------------------


def sheet(stage, entry, judge, points, *, complete=True):
    assignment = Assignment.objects.create(
        stage=stage, entry=entry, judge=judge,
        completed_at=timezone.now() if complete else None,
    )  # fmt: skip
    for criterion in stage.criteria.all():
        Score.objects.create(assignment=assignment, criterion=criterion, points=points)
    return assignment


def test_a_scored_stage_closes_on_the_jurys_results(administrator):
    contest = judging(selection(), pass_rule=Stage.PassRule.TOP_N, pass_value=1)
    application, testing = stage_of(contest, 1), stage_of(contest, 2)
    judges = [make_user(Role.JURY) for _ in range(2)]
    entries = [entry_at(application) for _ in range(3)]
    for entry, points in zip(entries, (6, 9, 3), strict=True):
        for judge in judges:
            sheet(application, entry, judge, points, complete=judge is judges[0] or points != 3)

    with pytest.raises(ValidationError) as error:
        close_stage(application, user=administrator)
    assert "не все члены жюри завершили оценку" in error.value.messages[0]
    assert EntryStage.objects.filter(stage=testing).count() == 0

    Assignment.objects.filter(completed_at__isnull=True).update(completed_at=timezone.now())
    counts = close_stage(application, user=administrator)

    assert counts["passed"] == 1
    assert list(EntryStage.objects.filter(stage=testing).values_list("entry", flat=True)) == [
        entries[1].pk
    ]
    assert list(
        EntryStage.objects.filter(stage=application)
        .order_by("entry__number")
        .values_list("raw_score", "rank")
    ) == [(Decimal("6.000"), 2), (Decimal("9.000"), 1), (Decimal("3.000"), 3)]
