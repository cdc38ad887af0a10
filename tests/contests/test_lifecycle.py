"""A contest's life: draft → call open → judging → results published → archived. Each step is
checked against the status, results wait for complete judging unless forced, and the authors
hear about the results."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from technopark.contests.models import Assignment, Contest, Entry, Score, Stage
from technopark.contests.services.entries import submit_entry
from technopark.contests.services.lifecycle import (
    archive,
    open_call,
    publish_results,
    start_judging,
)
from technopark.core.models import AuditEntry
from tests.contests.factories import make_contest, make_entry
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


def status(contest) -> str:
    contest.refresh_from_db()
    return contest.status


def test_a_draft_opens_its_call_only_when_it_is_complete(administrator):
    draft = Contest.objects.create(
        slug="masterskaya-2023", title="Проектная педагогическая мастерская", kind="mastery",
        level="regional", audience="teachers", organisation=OrganisationFactory(),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        open_call(draft, user=administrator)
    assert error.value.messages == [
        "Приём работ объявить пока нельзя: добавьте хотя бы одну номинацию; добавьте хотя бы "
        "один этап; укажите, до какого времени принимаются работы."
    ]
    assert status(draft) == Contest.Status.DRAFT

    complete = make_contest(status=Contest.Status.DRAFT)
    open_call(complete, user=administrator)
    assert status(complete) == Contest.Status.CALL_OPEN


def test_a_transition_from_the_wrong_status_says_what_is_possible(administrator):
    contest = make_contest()
    with pytest.raises(ValidationError) as error:
        open_call(contest, user=administrator)
    assert error.value.message_dict == {
        "status": [
            "Сейчас конкурс в состоянии «идёт приём работ», поэтому объявить приём работ "
            "нельзя. Это возможно, когда он в состоянии: «черновик»."
        ]
    }
    with pytest.raises(ValidationError):
        archive(contest, user=administrator)
    assert status(contest) == Contest.Status.CALL_OPEN


def test_starting_the_judging_ends_the_call_and_opens_the_first_stage(administrator, teacher):
    contest = make_contest()
    with pytest.raises(ValidationError) as error:
        start_judging(contest, user=administrator)
    assert error.value.messages == ["На конкурс не подано ни одной работы — оценивать нечего."]

    make_entry(contest)
    start_judging(contest, user=administrator)

    assert status(contest) == Contest.Status.JUDGING
    assert contest.submission_closes_at <= timezone.now()
    assert contest.stages.get().status == Stage.Status.OPEN
    with pytest.raises(ValidationError) as error:
        submit_entry(contest=contest, user=teacher, nomination=contest.nominations.first(),
                     title="Опоздавшая работа")  # fmt: skip
    assert error.value.messages == ["Приём работ на этот конкурс закрыт."]


def test_only_the_organiser_moves_the_contest(teacher):
    organiser = OrganisationFactory()
    branch = OrganisationFactory(parent=organiser)
    contest = make_contest(organisation=branch, status=Contest.Status.DRAFT)
    other_methodist = make_user(Role.METHODIST)
    with pytest.raises(PermissionDenied):
        open_call(contest, user=teacher)
    with pytest.raises(PermissionDenied):
        open_call(contest, user=other_methodist)
    their_methodist = make_user(Role.METHODIST, organisation=organiser)
    open_call(contest, user=their_methodist)
    assert status(contest) == Contest.Status.CALL_OPEN


# ---- results ------------------------------------------------------------------------------


def judged_contest(points_by_entry, *, finish=True):
    """A contest being judged: entries № 1… scored by two judges with the given points on
    every criterion; the second judge's last sheet left unfinished unless `finish`."""
    contest = make_contest(award_rule={"first": 1, "second": 1, "third": 0})
    entries = [make_entry(contest) for _ in points_by_entry]
    Contest.objects.filter(pk=contest.pk).update(
        status=Contest.Status.JUDGING, submission_closes_at=timezone.now() - dt.timedelta(days=1)
    )
    stage = contest.stages.get()
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    judges = [make_user(Role.JURY) for _ in range(2)]
    for n, (entry, points) in enumerate(zip(entries, points_by_entry, strict=True)):
        for judge in judges:
            done = finish or judge is judges[0] or n < len(entries) - 1
            assignment = Assignment.objects.create(
                stage=stage, entry=entry, judge=judge,
                completed_at=timezone.now() if done else None,
            )  # fmt: skip
            for criterion in stage.criteria.all():
                Score.objects.create(assignment=assignment, criterion=criterion, points=points)
    contest.refresh_from_db()
    return contest, entries


def test_results_wait_for_complete_judging(administrator):
    contest, _entries = judged_contest([5, 8, 2], finish=False)
    with pytest.raises(ValidationError) as error:
        publish_results(contest, user=administrator)
    assert error.value.messages == [
        "Оценка не завершена: на этапе «Заочный этап» есть работы без оценок жюри, без балла "
        "или без решения. Дождитесь их или опубликуйте итоги принудительно."
    ]
    assert status(contest) == Contest.Status.JUDGING
    assert contest.stages.get().status == Stage.Status.OPEN
    assert not Entry.objects.exclude(place="").exists()


def test_forced_publication_is_recorded(administrator):
    contest, _entries = judged_contest([5, 8, 2], finish=False)
    publish_results(contest, user=administrator, force=True)
    assert status(contest) == Contest.Status.RESULTS_PUBLISHED
    entry = AuditEntry.objects.get(action="publish_results")
    assert entry.detail == "forced: judging incomplete"


def test_publishing_ranks_places_and_tells_every_author(
    administrator, django_capture_on_commit_callbacks
):
    contest, entries = judged_contest([5, 8, 2])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publish_results(contest, user=administrator)

    assert status(contest) == Contest.Status.RESULTS_PUBLISHED
    assert contest.results_published_at is not None
    assert contest.stages.get().status == Stage.Status.CLOSED
    ranked = Entry.objects.filter(contest=contest).order_by("number")
    assert list(ranked.values_list("rank", "place")) == [
        (2, Entry.Place.SECOND),
        (1, Entry.Place.FIRST),
        (3, Entry.Place.PARTICIPANT),
    ]
    assert ranked[1].final_score == Decimal("20.000")  # 8 + 8 + 8 × 0.5
    assert len(mail.outbox) == 3
    winner = next(m for m in mail.outbox if m.to == [entries[1].submitted_by.email])
    assert winner.subject == f"Итоги конкурса опубликованы — {contest.title}"
    assert "Награда: диплом I степени" in winner.body


def test_results_cannot_be_published_twice_and_then_go_to_the_archive(administrator):
    contest, _entries = judged_contest([5])
    publish_results(contest, user=administrator)
    with pytest.raises(ValidationError) as error:
        publish_results(contest, user=administrator)
    assert "Сейчас конкурс в состоянии «итоги опубликованы»" in error.value.messages[0]
    archive(contest, user=administrator)
    assert status(contest) == Contest.Status.ARCHIVED


def test_an_earlier_stage_still_open_blocks_the_results(administrator):
    contest, _entries = judged_contest([5])
    Stage.objects.create(contest=contest, position=2, title="Очный финал")
    with pytest.raises(ValidationError) as error:
        publish_results(contest, user=administrator, force=True)
    assert error.value.messages == [
        "Сначала закройте этап «Заочный этап»: работы на нём ещё ждут решения."
    ]


def test_a_final_interview_with_pending_decisions_blocks_the_results(administrator):
    from technopark.contests.models import EntryStage
    from technopark.contests.services.stages import record_decision

    contest, entries = judged_contest([5, 8])
    stage = contest.stages.get()
    Stage.objects.filter(pk=stage.pk).update(kind=Stage.Kind.INTERVIEW)
    passages = list(EntryStage.objects.filter(stage=stage).order_by("entry__number"))
    record_decision(passages[0], user=administrator, outcome="passed", direction="Хайтек")

    with pytest.raises(ValidationError) as error:
        publish_results(contest, user=administrator)
    assert "на этапе «Заочный этап» есть работы без оценок жюри" in error.value.messages[0]

    publish_results(contest, user=administrator, force=True)
    assert list(
        EntryStage.objects.filter(stage=stage)
        .order_by("entry__number")
        .values_list("outcome", "direction")
    ) == [("passed", "Хайтек"), ("not_passed", "")]
