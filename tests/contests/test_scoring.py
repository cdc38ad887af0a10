"""Scoring: only the assigned judge, only while the stage is open, 0..max per criterion, every
criterion before "complete"; progress per judge; who sees whose scores."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from technopark.contests.models import Assignment, Score, Stage
from technopark.contests.services.scoring import judge_progress, save_scores, visible_scores
from tests.contests.factories import make_contest, make_entry, make_judge

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet():
    """An open stage (criteria max 10, 10, 5) and one judge assigned to one entry."""
    contest = make_contest()
    stage = contest.stages.get()
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    stage.refresh_from_db()
    judge = make_judge(stage)
    entry = make_entry(contest)
    assignment = Assignment.objects.create(stage=stage, entry=entry, judge=judge)
    return assignment, list(stage.criteria.all())


def test_judge_saves_a_draft_then_completes(sheet):
    assignment, (relevance, novelty, layout) = sheet
    judge = assignment.judge
    save_scores(
        assignment, user=judge, scores={relevance.pk: (Decimal("8.5"), "Актуально")}, comment="Ок"
    )
    assignment.refresh_from_db()
    assert assignment.completed_at is None and assignment.comment == "Ок"
    assert Score.objects.get(assignment=assignment, criterion=relevance).points == Decimal("8.50")

    save_scores(
        assignment,
        user=judge,
        scores={novelty.pk: ("7", ""), str(layout.pk): ("4,5", "Аккуратно")},
        complete=True,
    )
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    assert {s.criterion_id: s.points for s in assignment.scores.all()} == {
        relevance.pk: Decimal("8.50"),
        novelty.pk: Decimal("7.00"),
        layout.pk: Decimal("4.50"),
    }


def test_complete_requires_every_criterion_and_writes_nothing_otherwise(sheet):
    assignment, (relevance, novelty, layout) = sheet
    with pytest.raises(ValidationError) as error:
        save_scores(
            assignment, user=assignment.judge, scores={relevance.pk: (9, "")}, complete=True
        )
    assert set(error.value.message_dict) == {f"score_{novelty.pk}", f"score_{layout.pk}"}
    assert error.value.message_dict[f"score_{layout.pk}"] == [
        "Поставьте балл, чтобы завершить оценку."
    ]
    assert not Score.objects.exists()
    assignment.refresh_from_db()
    assert assignment.completed_at is None


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("5.5", "Балл должен быть от 0 до 5."),
        (-1, "Балл должен быть от 0 до 5."),
        ("abc", "Введите число."),
        ("nan", "Введите число."),
        ("1.234", "Не больше двух знаков после запятой."),
    ],
)
def test_points_out_of_range_or_not_numbers_are_refused(sheet, points, message):
    assignment, (relevance, _novelty, layout) = sheet
    with pytest.raises(ValidationError) as error:
        save_scores(
            assignment,
            user=assignment.judge,
            scores={relevance.pk: (10, ""), layout.pk: (points, "")},
        )
    assert error.value.message_dict == {f"score_{layout.pk}": [message]}
    assert not Score.objects.exists()  # the valid criterion is not saved either


def test_unknown_criterion_is_refused(sheet):
    assignment, _criteria = sheet
    other = make_contest().stages.get().criteria.first()
    with pytest.raises(ValidationError, match="нет"):
        save_scores(assignment, user=assignment.judge, scores={other.pk: (1, "")})
    assert not Score.objects.exists()


def test_only_the_assigned_judge_while_the_stage_is_open(sheet, administrator):
    assignment, (relevance, *_rest) = sheet
    other_judge = make_judge(assignment.stage)
    for intruder in (other_judge, administrator):
        with pytest.raises(PermissionDenied):
            save_scores(assignment, user=intruder, scores={relevance.pk: (5, "")})
    Stage.objects.filter(pk=assignment.stage_id).update(status=Stage.Status.CLOSED)
    with pytest.raises(ValidationError, match="Этап не идёт"):
        save_scores(assignment, user=assignment.judge, scores={relevance.pk: (5, "")})
    assert not Score.objects.exists()


def test_clearing_a_score_and_reopening_a_completed_sheet(sheet):
    assignment, (relevance, novelty, layout) = sheet
    judge = assignment.judge
    all_three = {relevance.pk: (1, ""), novelty.pk: (2, ""), layout.pk: (3, "")}
    save_scores(assignment, user=judge, scores=all_three, complete=True)
    save_scores(assignment, user=judge, scores={layout.pk: (None, "")})
    assignment.refresh_from_db()
    assert assignment.completed_at is None
    assert set(assignment.scores.values_list("criterion_id", flat=True)) == {
        relevance.pk,
        novelty.pk,
    }


def test_judge_progress_counts_assigned_and_completed(sheet):
    assignment, criteria = sheet
    stage = assignment.stage
    chair = make_judge(stage, role="chair")
    idle = make_judge(stage)
    Assignment.objects.create(stage=stage, entry=assignment.entry, judge=chair)
    save_scores(
        assignment,
        user=assignment.judge,
        scores={c.pk: (1, "") for c in criteria},
        complete=True,
    )
    rows = {row["judge"].pk: row for row in judge_progress(stage)}
    assert rows[assignment.judge_id]["assigned"] == 1
    assert rows[assignment.judge_id]["completed"] == 1
    assert (rows[chair.pk]["assigned"], rows[chair.pk]["completed"]) == (1, 0)
    assert (rows[idle.pk]["assigned"], rows[idle.pk]["remaining"]) == (0, 0)
    assert judge_progress(stage)[0]["judge"] == chair  # the chair is listed first


def test_others_scores_visible_only_after_close_and_if_allowed(sheet, administrator, teacher):
    assignment, _criteria = sheet
    stage, entry = assignment.stage, assignment.entry
    other = make_judge(stage)
    other_sheet = Assignment.objects.create(stage=stage, entry=entry, judge=other)

    assert list(visible_scores(assignment.judge, entry, stage)) == [assignment]
    assert set(visible_scores(administrator, entry, stage)) == {assignment, other_sheet}
    assert list(visible_scores(teacher, entry, stage)) == []

    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.CLOSED)
    stage.refresh_from_db()
    assert set(visible_scores(assignment.judge, entry, stage)) == {assignment, other_sheet}
    entry.contest.show_scores_after_close = False
    entry.contest.save()
    entry.refresh_from_db()
    assert list(visible_scores(assignment.judge, entry, stage)) == [assignment]
