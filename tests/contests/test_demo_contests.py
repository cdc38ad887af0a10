"""The demo contests: the seed-000 competition with exactly 23 works and published results, the
seed-001 selection at its testing stage, and an open call; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from technopark.accounts.models import ChildProfile, GuardianConsent, User
from technopark.contests.models import (
    AgeCategory,
    Assignment,
    Contest,
    Criterion,
    Entry,
    EntryAuthor,
    EntryStage,
    JuryMember,
    Nomination,
    Score,
    Stage,
)
from technopark.demo import contests_content as content

pytestmark = pytest.mark.django_db

MODELS = (
    Contest,
    Nomination,
    AgeCategory,
    Stage,
    Criterion,
    Entry,
    EntryAuthor,
    EntryStage,
    JuryMember,
    Assignment,
    Score,
    User,
    ChildProfile,
    GuardianConsent,
)


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db):
    return run_demo()


def osp() -> Contest:
    return Contest.objects.get(slug=content.OSP_SLUG)


def test_osp_contest_has_exactly_23_submitted_works_in_uneven_nominations(demo):
    contest = osp()
    assert contest.entries.filter(status=Entry.Status.SUBMITTED).count() == 23
    per_nomination = {
        n.name: n.entries.filter(status=Entry.Status.SUBMITTED).count()
        for n in contest.nominations.all()
    }
    assert sorted(per_nomination.values(), reverse=True) == [8, 7, 5, 3]
    assert sum(per_nomination.values()) == 23
    assert contest.kind == Contest.Kind.MASTERY and contest.level == Contest.Level.REGIONAL
    assert contest.audience == Contest.Audience.TEACHERS
    assert contest.organisation.short_name == "СП ЦДТ с. Большая Черниговка"
    assert contest.jury_feedback.startswith("По отзыву членов жюри")
    # Teachers of several municipalities of Samara region, the demo teacher among them.
    municipalities = set(contest.entries.values_list("municipality__name", flat=True))
    assert len(municipalities) >= 6
    assert contest.entries.filter(submitted_by__email="pedagog@technopark.local").count() == 1
    assert all(m.endswith(("Самара", "Тольятти")) or "район" in m or "округ" in m
               for m in municipalities)  # fmt: skip


def test_osp_contest_is_the_october_event_of_the_initiative(demo):
    event = osp().event
    assert event is not None
    assert event.initiative.slug == "osp-2023"
    assert event.kind.code == "competition"
    assert (event.starts_at.year, event.starts_at.month) == (2023, 10)


def test_osp_jury_of_three_scored_everything_and_results_are_published(demo):
    contest = osp()
    stage = contest.stages.get()
    assert stage.kind == Stage.Kind.SCORED and stage.status == Stage.Status.CLOSED
    assert stage.criteria.count() == 4
    jury = {m.user.email: m.role for m in stage.jury.select_related("user")}
    assert sorted(jury.values()) == ["chair", "member", "secretary"]
    assert jury["zhyuri@technopark.local"] == JuryMember.Role.MEMBER
    assignments = Assignment.objects.filter(stage=stage)
    assert assignments.count() == 23 * 3
    assert not assignments.filter(completed_at=None).exists()
    assert Score.objects.filter(assignment__stage=stage).count() == 23 * 3 * 4
    for score in Score.objects.filter(assignment__stage=stage).select_related("criterion"):
        assert 0 < score.points <= score.criterion.max_points

    assert contest.status == Contest.Status.RESULTS_PUBLISHED
    assert contest.results_published_at is not None
    entries = list(contest.entries.all())
    assert all(e.final_score is not None and e.rank is not None and e.place for e in entries)
    for nomination in contest.nominations.all():
        places = dict(nomination.entries.order_by("rank").values_list("rank", "place")[:3])
        assert places == {1: "first", 2: "second", 3: "third"}, nomination.name
    laureates = [e for e in entries if e.place == Entry.Place.LAUREATE]
    participants = [e for e in entries if e.place == Entry.Place.PARTICIPANT]
    assert laureates and participants
    threshold = content.OSP_AWARD_RULE["laureate_min_score"]
    assert all(e.final_score >= threshold for e in laureates)
    assert all(e.final_score < threshold for e in participants)


def test_selection_has_application_testing_and_interview_and_is_at_testing(demo):
    contest = Contest.objects.get(slug=content.SELECTION_SLUG)
    assert contest.kind == Contest.Kind.SELECTION
    stages = list(contest.stages.order_by("position"))
    assert [s.kind for s in stages] == [Stage.Kind.SCORED, Stage.Kind.TEST, Stage.Kind.INTERVIEW]
    assert [s.status for s in stages] == ["closed", "open", "pending"]
    application, testing, interview = stages
    assert contest.entries.count() == 36
    # Olympiad winners skipped the application and are at testing by achievement.
    achievers = testing.entry_stages.filter(admission=EntryStage.Admission.ACHIEVEMENT)
    assert achievers.count() == 6
    assert not application.entry_stages.filter(entry__in=achievers.values("entry")).exists()
    assert all(es.entry.achievement for es in achievers.select_related("entry"))
    # Everyone else was scored at stage 1; those at or above the threshold went on.
    assert application.entry_stages.count() == 30
    passed = application.entry_stages.filter(outcome=EntryStage.Outcome.PASSED)
    failed = application.entry_stages.filter(outcome=EntryStage.Outcome.NOT_PASSED)
    assert passed.count() + failed.count() == 30 and passed.count() and failed.count()
    assert all(es.raw_score >= application.pass_value for es in passed)
    assert all(es.raw_score < application.pass_value for es in failed)
    assert testing.entry_stages.count() == 6 + passed.count()
    assert contest.entries.filter(current_stage=testing).count() == 6 + passed.count()
    assert not interview.entry_stages.exists()
    # Pupils are children with a guardian's active consent.
    authors = EntryAuthor.objects.filter(entry__contest=contest, role=EntryAuthor.Role.AUTHOR)
    assert authors.count() == 36
    for author in authors.select_related("child"):
        assert author.child.consents.filter(withdrawn_at=None).exists()


def test_open_project_competition_takes_entries_with_age_categories(demo):
    contest = Contest.objects.get(slug=content.PROJECTS_SLUG)
    assert contest.status == Contest.Status.CALL_OPEN
    assert contest.kind == Contest.Kind.PROJECTS and contest.audience == Contest.Audience.PUPILS
    assert contest.age_categories.count() == 2
    assert contest.submission_opens_at < timezone.now() < contest.submission_closes_at
    for entry in contest.entries.select_related("age_category"):
        child = entry.authors.get(role=EntryAuthor.Role.AUTHOR).child
        today = timezone.localdate()
        age = (
            today.year
            - child.birth_date.year
            - ((today.month, today.day) < (child.birth_date.month, child.birth_date.day))
        )
        assert entry.age_category.min_age <= age <= entry.age_category.max_age


def test_running_the_demo_twice_changes_nothing(demo):
    first = counts()
    scores = sorted(Entry.objects.values_list("pk", "final_score", "rank", "place"))
    assert run_demo() == demo
    assert counts() == first
    assert sorted(Entry.objects.values_list("pk", "final_score", "rank", "place")) == scores
    assert "конкурсов — 3" in demo and "конкурсных работ — 63" in demo


def test_no_demo_judge_scores_an_entry_they_are_in_conflict_with(demo):
    from technopark.contests.services.jury import conflicts_for

    assignments = Assignment.objects.select_related("entry", "judge")
    assert assignments.count() == 23 * 3 + 30 * 2
    for assignment in assignments:
        assert conflicts_for(assignment.entry, assignment.judge) == [], assignment
