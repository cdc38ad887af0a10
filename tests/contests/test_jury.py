"""Jury: conflicts of interest, automatic assignment (coverage, balance, no conflicts), manual
assignment with a recorded override, declared conflicts."""

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from technopark.accounts.models import ChildProfile
from technopark.contests.models import Assignment, Conflict, EntryAuthor, Score, Stage
from technopark.contests.services.jury import (
    assign,
    auto_assign,
    conflicts_for,
    declare_conflict,
    unassign,
)
from tests.contests.factories import make_contest, make_entry, make_judge
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


def _stage(contest):
    return contest.stages.get(position=1)


def _loads(stage):
    loads = {}
    for judge_id in Assignment.objects.filter(stage=stage).values_list("judge_id", flat=True):
        loads[judge_id] = loads.get(judge_id, 0) + 1
    return loads


def test_conflicts_name_every_reason_found_in_the_data():
    contest = make_contest()
    stage = _stage(contest)
    entry = make_entry(contest)
    colleague = make_judge(stage, organisation=entry.organisation)
    mentor = make_judge(stage)
    EntryAuthor.objects.create(entry=entry, user=mentor, full_name="Руков", role="mentor")
    co_author_org = OrganisationFactory()
    EntryAuthor.objects.create(
        entry=entry, full_name="Соавтор Пётр", user=make_user(organisation=co_author_org)
    )
    from_co_author_org = make_judge(stage, organisation=co_author_org)
    parent = make_judge(stage)
    child = ChildProfile.objects.create(
        guardian=parent, last_name="Ученик", first_name="Иван", birth_date="2012-01-01"
    )
    EntryAuthor.objects.create(entry=entry, child=child, full_name="Ученик Иван")
    declared = make_judge(stage)
    Conflict.objects.create(entry=entry, judge=declared, reason="родственник автора")
    clean = make_judge(stage)

    assert conflicts_for(entry, colleague) == [
        "член жюри работает в организации, от которой подана работа"
    ]
    # The mentor's own organisation is where the work comes from too: two reasons.
    assert conflicts_for(entry, mentor) == [
        "член жюри работает в одной организации с автором (Руков)",
        "член жюри — руководитель работы",
    ]
    assert conflicts_for(entry, from_co_author_org) == [
        "член жюри работает в одной организации с автором (Соавтор Пётр)"
    ]
    assert conflicts_for(entry, parent) == [
        "член жюри — законный представитель автора (Ученик Иван)"
    ]
    assert conflicts_for(entry, declared) == ["заявлен конфликт интересов: родственник автора"]
    assert conflicts_for(entry, entry.submitted_by) == [
        "член жюри работает в организации, от которой подана работа",
        "член жюри подал эту работу",
        "член жюри — автор работы",
    ]
    assert conflicts_for(entry, clean) == []


def test_auto_assign_gives_every_entry_k_judges_with_loads_within_one(administrator):
    contest = make_contest(judges_per_entry=3)
    stage = _stage(contest)
    judges = [make_judge(stage) for _ in range(7)]
    entries = [make_entry(contest) for _ in range(10)]

    report = auto_assign(stage, user=administrator)

    assert report["created"] == 30 and report["entries"] == 10 and report["short"] == []
    for entry in entries:
        assert Assignment.objects.filter(stage=stage, entry=entry).count() == 3
    loads = _loads(stage)
    assert set(loads) == {j.pk for j in judges}
    # 30 assignments over 7 judges: two judges carry 5, five carry 4.
    assert sorted(loads.values()) == [4, 4, 4, 4, 4, 5, 5]
    # Deterministic and idempotent: a second run has nothing to do.
    assert auto_assign(stage, user=administrator)["created"] == 0


def test_auto_assign_never_picks_a_conflicted_judge_and_reports_who_is_short(administrator):
    contest = make_contest(judges_per_entry=2)
    stage = _stage(contest)
    school = OrganisationFactory()
    local_1 = make_judge(stage, organisation=school)
    local_2 = make_judge(stage, organisation=school)
    outsider = make_judge(stage)
    from_school = make_entry(contest, author=make_user(Role.TEACHER, organisation=school))
    ordinary = make_entry(contest)

    report = auto_assign(stage, user=administrator)

    assert [a.judge for a in Assignment.objects.filter(entry=from_school)] == [outsider]
    assert Assignment.objects.filter(entry=ordinary).count() == 2
    assert len(report["short"]) == 1
    short = report["short"][0]
    assert (short["entry"], short["assigned"], short["needed"]) == (from_school, 1, 2)
    assert "подходят 1 из 3" in short["reason"]
    assert {local_1.pk, local_2.pk} & set(
        Assignment.objects.filter(entry=from_school).values_list("judge_id", flat=True)
    ) == set()


def test_auto_assign_uses_only_the_jury_of_the_entrys_nomination(administrator):
    contest = make_contest(judges_per_entry=1)
    stage = _stage(contest)
    first, second = contest.nominations.all()
    for_first = make_judge(stage, nomination=first)
    for_second = make_judge(stage, nomination=second)
    entry_first = make_entry(contest, nomination=first)
    entry_second = make_entry(contest, nomination=second)

    auto_assign(stage, user=administrator)

    assert Assignment.objects.get(entry=entry_first).judge == for_first
    assert Assignment.objects.get(entry=entry_second).judge == for_second


def test_auto_assign_keeps_existing_assignments_and_counts_them_as_load(administrator):
    contest = make_contest(judges_per_entry=1)
    stage = _stage(contest)
    busy, idle = make_judge(stage), make_judge(stage)
    entries = [make_entry(contest) for _ in range(3)]
    Assignment.objects.create(stage=stage, entry=entries[0], judge=busy, is_manual=True)

    auto_assign(stage, user=administrator)

    assert Assignment.objects.get(entry=entries[0]).is_manual is True
    # Entry 2 goes to the idle judge (load 0 < 1); entry 3 finds both at 1 and takes the
    # lower id, so the busy judge ends with 2.
    assert Assignment.objects.get(entry=entries[1]).judge == idle
    assert _loads(stage) == {busy.pk: 2, idle.pk: 1}
    assert Assignment.objects.filter(stage=stage).count() == 3


def test_auto_assign_is_refused_to_non_organisers_and_on_closed_stages(administrator, teacher):
    contest = make_contest()
    stage = _stage(contest)
    make_judge(stage)
    make_entry(contest)
    with pytest.raises(PermissionDenied):
        auto_assign(stage, user=teacher)
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.CLOSED)
    with pytest.raises(ValidationError, match="Этап закрыт"):
        auto_assign(stage, user=administrator)
    assert not Assignment.objects.exists()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    judge_orgs=st.lists(st.integers(0, 4), min_size=2, max_size=7),
    entry_orgs=st.lists(st.integers(0, 4), min_size=1, max_size=9),
    k=st.integers(1, 3),
    seed=st.integers(0, 10_000),
)
def test_property_no_judge_is_ever_assigned_a_conflicted_entry(
    administrator, judge_orgs, entry_orgs, k, seed
):
    rng = random.Random(seed)
    with transaction.atomic():
        organisations = [OrganisationFactory() for _ in range(5)]
        contest = make_contest(judges_per_entry=k)
        stage = _stage(contest)
        judges = [make_judge(stage, organisation=organisations[i]) for i in judge_orgs]
        entries = []
        for i in entry_orgs:
            entry = make_entry(contest, author=make_user(organisation=organisations[i]))
            if rng.random() < 0.3:  # a co-author from another random organisation
                EntryAuthor.objects.create(
                    entry=entry,
                    full_name="Соавтор",
                    user=make_user(organisation=rng.choice(organisations)),
                )
            if rng.random() < 0.3:
                Conflict.objects.create(entry=entry, judge=rng.choice(judges), reason="дружба")
            entries.append(entry)

        report = auto_assign(stage, user=administrator)

        short = {item["entry"].pk for item in report["short"]}
        for entry in entries:
            author_orgs = set(
                entry.authors.exclude(user=None).values_list("user__organisation_id", flat=True)
            ) | {entry.organisation_id}
            declared = set(entry.conflicts.values_list("judge_id", flat=True))
            clean = {
                j.pk
                for j in judges
                if j.organisation_id not in author_orgs and j.pk not in declared
            }
            assigned = set(
                Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True)
            )
            assert assigned <= clean  # never a conflicted judge
            assert len(assigned) == min(k, len(clean))
            assert (entry.pk in short) == (len(clean) < k)
        transaction.set_rollback(True)


def test_loads_balance_within_one_when_conflicts_leave_room(administrator):
    contest = make_contest(judges_per_entry=2)
    stage = _stage(contest)
    orgs = [OrganisationFactory() for _ in range(3)]
    judges = [make_judge(stage, organisation=orgs[i % 3]) for i in range(9)]
    rng = random.Random(4)
    for _ in range(20):
        make_entry(contest, author=make_user(organisation=rng.choice(orgs)))

    report = auto_assign(stage, user=administrator)

    assert report["short"] == []
    loads = [_loads(stage).get(j.pk, 0) for j in judges]
    assert sum(loads) == 40
    assert max(loads) - min(loads) <= 1


def test_manual_assignment_refuses_a_conflict_unless_overridden_and_records_it(administrator):
    contest = make_contest()
    stage = _stage(contest)
    entry = make_entry(contest)
    colleague = make_judge(stage, organisation=entry.organisation)

    with pytest.raises(ValidationError) as refused:
        assign(stage, entry, colleague, user=administrator)
    assert "Конфликт интересов: член жюри работает в организации" in str(refused.value)
    assert not Assignment.objects.exists()

    assignment = assign(stage, entry, colleague, user=administrator, override_conflict=True)
    assert assignment.is_manual is True
    assert assignment.conflict_overridden == (
        "член жюри работает в организации, от которой подана работа"
    )
    with pytest.raises(ValidationError, match="уже назначен"):
        assign(stage, entry, colleague, user=administrator, override_conflict=True)


def test_manual_assignment_checks_the_jury_seat_and_the_organiser(administrator, teacher):
    contest = make_contest()
    stage = _stage(contest)
    first, second = contest.nominations.all()
    entry = make_entry(contest, nomination=second)
    judge_of_first = make_judge(stage, nomination=first)
    stranger = make_user(Role.JURY)

    with pytest.raises(ValidationError, match="не входит в жюри"):
        assign(stage, entry, judge_of_first, user=administrator)
    with pytest.raises(ValidationError, match="не входит в жюри"):
        assign(stage, entry, stranger, user=administrator)
    with pytest.raises(PermissionDenied):
        assign(stage, entry, make_judge(stage), user=teacher)
    assert not Assignment.objects.exists()


def test_declared_conflict_takes_the_judge_off_unscored_entries_only(administrator):
    contest = make_contest()
    stage = _stage(contest)
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    judge = make_judge(stage)
    fresh, scored = make_entry(contest), make_entry(contest)
    Assignment.objects.create(stage=stage, entry=fresh, judge=judge)
    started = Assignment.objects.create(stage=stage, entry=scored, judge=judge)
    Score.objects.create(assignment=started, criterion=stage.criteria.first(), points=5)

    conflict = declare_conflict(fresh, judge, user=judge, reason="мой бывший ученик")
    assert conflict.declared_by == judge and conflict.reason == "мой бывший ученик"
    assert not Assignment.objects.filter(entry=fresh).exists()

    declare_conflict(scored, judge, user=administrator, reason="коллега по методобъединению")
    assert Assignment.objects.filter(entry=scored, judge=judge).exists()
    assert conflicts_for(fresh, judge) == ["заявлен конфликт интересов: мой бывший ученик"]


def test_declaring_a_conflict_rejects_bad_input_and_strangers(administrator, teacher):
    contest = make_contest()
    stage = _stage(contest)
    judge = make_judge(stage)
    entry = make_entry(contest)
    with pytest.raises(ValidationError, match="Опишите"):
        declare_conflict(entry, judge, user=judge, reason="   ")
    with pytest.raises(ValidationError, match="Не больше 300"):
        declare_conflict(entry, judge, user=judge, reason="x" * 301)
    with pytest.raises(PermissionDenied):
        declare_conflict(entry, judge, user=teacher, reason="подозрение")
    declare_conflict(entry, judge, user=judge, reason="сосед")
    with pytest.raises(ValidationError, match="уже заявлен"):
        declare_conflict(entry, judge, user=administrator, reason="ещё раз")
    assert Conflict.objects.count() == 1


def test_unassign_refuses_a_finished_sheet(administrator):
    from django.utils import timezone

    contest = make_contest()
    stage = _stage(contest)
    judge = make_judge(stage)
    done = Assignment.objects.create(
        stage=stage, entry=make_entry(contest), judge=judge, completed_at=timezone.now()
    )
    pending = Assignment.objects.create(stage=stage, entry=make_entry(contest), judge=judge)
    with pytest.raises(ValidationError, match="уже завершил"):
        unassign(done, user=administrator)
    unassign(pending, user=administrator)
    assert list(Assignment.objects.all()) == [done]
