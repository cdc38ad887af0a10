"""Who manages, sees and judges what: a judge sees only the entries assigned to them (and not
one they declared a conflict on), authors see their own, organisers all, anyone else none."""

import pytest
from django.contrib.auth.models import AnonymousUser

from technopark.contests import rules
from technopark.contests.models import Assignment, Conflict, Contest, Entry, EntryAuthor, Stage
from technopark.contests.selectors import (
    entries_visible_to,
    my_entries,
    nomination_counts,
    public_contests,
)
from tests.contests.factories import make_contest, make_entry, make_judge
from tests.contests.test_entries_helpers import make_child
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(teacher):
    """A contest of a branch organisation with three entries; a judge assigned to № 1 only."""
    head = OrganisationFactory(name="Ресурсный центр")
    contest = make_contest(organisation=OrganisationFactory(parent=head))
    stage = contest.stages.get()
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    stage.refresh_from_db()
    entries = [make_entry(contest, author=teacher)] + [make_entry(contest) for _ in range(2)]
    judge = make_judge(stage)
    assignment = Assignment.objects.create(stage=stage, entry=entries[0], judge=judge)
    return {
        "contest": contest,
        "head": head,
        "stage": stage,
        "entries": entries,
        "judge": judge,
        "assignment": assignment,
    }


def test_organisers_are_administrators_and_methodists_of_the_organiser_or_above(world, teacher):
    contest = world["contest"]
    assert rules.can_manage_contest(make_user(Role.ADMINISTRATOR), contest)
    assert rules.can_manage_contest(make_user(Role.METHODIST, organisation=world["head"]), contest)
    assert not rules.can_manage_contest(make_user(Role.METHODIST), contest)
    assert not rules.can_manage_contest(teacher, contest)
    assert not rules.can_manage_contest(AnonymousUser(), contest)
    # Without an object the rule asks "may manage some contest": staff only.
    assert rules.manage_contest.allows(make_user(Role.METHODIST))
    assert not rules.manage_contest.allows(teacher)


def test_a_draft_is_seen_only_by_its_organisers(world):
    contest = world["contest"]
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.DRAFT)
    contest.refresh_from_db()
    assert not rules.can_see_contest(AnonymousUser(), contest)
    assert not rules.can_see_contest(make_user(Role.METHODIST), contest)
    assert rules.can_see_contest(make_user(Role.ADMINISTRATOR), contest)
    assert list(public_contests()) == []
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.JUDGING)
    contest.refresh_from_db()
    assert rules.can_see_contest(AnonymousUser(), contest)
    assert list(public_contests()) == [contest]


def test_a_judge_is_someone_with_the_role_or_a_seat(world, teacher):
    assert rules.is_judge.allows(world["judge"])
    seated = make_user(Role.TEACHER)
    assert not rules.is_judge.allows(seated)
    from technopark.contests.models import JuryMember

    JuryMember.objects.create(stage=world["stage"], user=seated)
    assert rules.is_judge.allows(seated)
    assert not rules.is_judge.allows(teacher)
    assert not rules.is_judge.allows(AnonymousUser())


def test_a_judge_sees_only_the_assigned_entry(world):
    first, second, third = world["entries"]
    judge = world["judge"]
    assert rules.can_see_entry(judge, first)
    assert not rules.can_see_entry(judge, second)
    assert list(entries_visible_to(judge, world["contest"])) == [first]


def test_a_declared_conflict_hides_the_entry_unless_the_organiser_overrode_it(world):
    first = world["entries"][0]
    judge = world["judge"]
    Conflict.objects.create(entry=first, judge=judge, reason="Работа коллеги по кафедре")
    assert not rules.can_see_entry(judge, first)
    assert not rules.can_judge(judge, world["assignment"])
    assert list(entries_visible_to(judge, world["contest"])) == []

    Assignment.objects.filter(pk=world["assignment"].pk).update(
        conflict_overridden="Работа коллеги по кафедре"
    )
    assert rules.can_see_entry(judge, first)
    assert list(entries_visible_to(judge, world["contest"])) == [first]


def test_authors_see_their_own_and_organisers_see_all(world, teacher):
    contest = world["contest"]
    first, second, third = world["entries"]
    assert rules.can_see_entry(teacher, first) and not rules.can_see_entry(teacher, second)
    assert list(entries_visible_to(teacher, contest)) == [first]
    assert list(my_entries(teacher)) == [first]
    admin = make_user(Role.ADMINISTRATOR)
    assert list(entries_visible_to(admin, contest)) == [first, second, third]
    stranger = make_user(Role.TEACHER)
    assert list(entries_visible_to(stranger, contest)) == []
    assert not rules.can_see_entry(stranger, first)
    assert list(entries_visible_to(AnonymousUser(), contest)) == []
    assert not rules.can_see_entry(AnonymousUser(), first)


def test_a_pupils_guardian_and_own_account_see_the_entry(world, guardian):
    second = world["entries"][1]
    pupil_account = make_user(Role.PUPIL)
    child = make_child(guardian, account=pupil_account)
    EntryAuthor.objects.create(entry=second, child=child, full_name=str(child))
    for user in (guardian, pupil_account):
        assert rules.can_see_entry(user, second)
        assert list(my_entries(user)) == [second]


def test_the_assigned_judge_judges_only_while_the_stage_is_open(world):
    assignment = world["assignment"]
    assert rules.can_judge(world["judge"], assignment)
    assert not rules.can_judge(make_user(Role.JURY), assignment)
    Entry.objects.filter(pk=assignment.entry_id).update(status=Entry.Status.WITHDRAWN)
    assignment.refresh_from_db()
    assert not rules.can_judge(world["judge"], assignment)
    Entry.objects.filter(pk=assignment.entry_id).update(status=Entry.Status.SUBMITTED)
    Stage.objects.filter(pk=world["stage"].pk).update(status=Stage.Status.CLOSED)
    assignment = Assignment.objects.get(pk=assignment.pk)
    assert not rules.can_judge(world["judge"], assignment)


def test_nomination_counts_leave_withdrawn_works_out(world, django_assert_num_queries):
    contest = world["contest"]
    methods, programme = contest.nominations.all()
    make_entry(contest, nomination=programme)
    Entry.objects.filter(pk=world["entries"][2].pk).update(status=Entry.Status.WITHDRAWN)
    with django_assert_num_queries(1):
        counts = nomination_counts(contest)
    assert [(n.name, works) for n, works in counts] == [
        (methods.name, 2),
        (programme.name, 1),
    ]


def test_rules_without_an_object_answer_the_operation_level_question(world, teacher):
    judge = world["judge"]
    # see_entry without an entry: any active user may ask; the entry itself decides later.
    assert rules.see_entry.allows(teacher) and not rules.see_entry.allows(AnonymousUser())
    assert rules.see_entry.allows(judge, world["entries"][0])
    assert not rules.see_entry.allows(judge, world["entries"][1])
    assert rules.judge_assignment.allows(judge) and not rules.judge_assignment.allows(teacher)
    assert rules.judge_assignment.allows(judge, world["assignment"])
    assert rules.see_contest.allows(AnonymousUser(), world["contest"])
