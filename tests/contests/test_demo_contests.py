"""The demo contests: the seed-000 competition with exactly 23 works and published results, the
seed-001 selection at its testing stage, an open call, and a city competition being judged with
open work for the demo jury member; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
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
from technopark.contests.rules import can_judge
from technopark.contests.services.results import compute_stage_results, judging_complete
from technopark.contests.services.scoring import judge_progress
from technopark.core.models import AuditEntry
from technopark.demo import contests_content as content
from technopark.demo import contests_judging as judging
from technopark.demo.people import DEMO_PASSWORD

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
    AuditEntry,
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


def test_osp_jury_of_five_gave_every_work_three_sheets_and_results_are_published(demo):
    contest = osp()
    stage = contest.stages.get()
    assert stage.kind == Stage.Kind.SCORED and stage.status == Stage.Status.CLOSED
    assert stage.criteria.count() == 4
    jury = {m.user.email: m.role for m in stage.jury.select_related("user")}
    assert sorted(jury.values()) == ["chair", "member", "member", "member", "secretary"]
    assert jury["zhyuri@technopark.local"] == JuryMember.Role.MEMBER
    assert contest.judges_per_entry == 3
    # The jury comes from organisations that do not compete: no author shares one.
    jury_orgs = set(stage.jury.values_list("user__organisation__short_name", flat=True))
    assert jury_orgs == {"СИПКРО", "СамГТУ"}
    assert not contest.entries.filter(organisation__short_name__in=jury_orgs).exists()
    for email in jury:
        assert User.objects.get(email=email).memberships.filter(role="jury").exists(), email
    assignments = Assignment.objects.filter(stage=stage)
    assert assignments.count() == 23 * 3
    assert not assignments.filter(completed_at=None).exists()
    for entry in contest.entries.all():
        assert entry.assignments.filter(stage=stage).exclude(completed_at=None).count() == 3
    loads = sorted(
        assignments.values_list("judge__email").annotate(n=Count("id")).values_list("n", flat=True)
    )
    assert loads == [13, 14, 14, 14, 14]
    # The stored results are exactly what the results service computes from the sheets.
    computed = {row.entry.pk: row for row in compute_stage_results(stage, save=False).rows}
    for entry in contest.entries.all():
        assert (entry.final_score, entry.rank) == (
            computed[entry.pk].raw_score,
            computed[entry.pk].rank,
        ), entry.number
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
    sheets = sorted(Assignment.objects.values_list("pk", "judge_id", "completed_at", "comment"))
    points = sorted(Score.objects.values_list("pk", "points"))
    judged = Contest.objects.get(slug=judging.SLUG)
    dates = (judged.submission_opens_at, judged.submission_closes_at, judged.status)
    assert run_demo() == demo
    assert counts() == first
    assert sorted(Entry.objects.values_list("pk", "final_score", "rank", "place")) == scores
    assert sorted(Assignment.objects.values_list("pk", "judge_id", "completed_at", "comment")) == (
        sheets
    )
    assert sorted(Score.objects.values_list("pk", "points")) == points
    judged.refresh_from_db()
    assert (judged.submission_opens_at, judged.submission_closes_at, judged.status) == dates
    assert "конкурсов — 4" in demo and "конкурсных работ — 75" in demo


def test_no_demo_judge_scores_an_entry_they_are_in_conflict_with(demo):
    from technopark.contests.services.jury import conflicts_for

    assignments = Assignment.objects.select_related("entry", "judge")
    assert assignments.count() == 23 * 3 + 30 * 2 + 12 * 2
    for assignment in assignments:
        assert conflicts_for(assignment.entry, assignment.judge) == [], assignment


# --- the city competition being judged now ---------------------------------------------------


def judged() -> tuple[Contest, Stage]:
    contest = Contest.objects.get(slug=judging.SLUG)
    return contest, contest.stages.get(position=1)


def test_city_competition_is_being_judged_blind_by_an_automatically_assigned_jury(demo):
    contest, stage = judged()
    assert contest.status == Contest.Status.JUDGING
    # The Minsk resource centre, the organiser of the open call too.
    assert contest.organisation == Contest.objects.get(slug=content.PROJECTS_SLUG).organisation
    assert contest.blind_review and contest.judges_per_entry == 2
    assert contest.submission_closes_at < timezone.now()
    assert [s.status for s in contest.stages.order_by("position")] == ["open", "pending"]
    assert stage.kind == Stage.Kind.SCORED and stage.criteria.count() == 4
    assert stage.starts_on <= timezone.localdate() <= stage.ends_on
    assert contest.entries.filter(status=Entry.Status.SUBMITTED).count() == 12
    jury = {m.user.email: m.role for m in stage.jury.select_related("user")}
    assert jury == dict(judging.JURY)
    # The automatic assignment: two judges per work, none by hand, loads 8 / 8 / 8.
    assignments = Assignment.objects.filter(stage=stage)
    assert assignments.count() == 24 and not assignments.filter(is_manual=True).exists()
    for entry in contest.entries.all():
        assert entry.assignments.filter(stage=stage).count() == 2, entry.number
    # Judging is under way: some sheets finished, some begun, some untouched.
    progress = {row["judge"].email: row for row in judge_progress(stage)}
    assert {e: (r["assigned"], r["completed"]) for e, r in progress.items()} == {
        judging.JURY[0][0]: (8, 6),
        judging.JURY[1][0]: (8, 4),
        judging.ZHYURI: (8, 3),
    }
    assert not judging_complete(stage)
    begun = assignments.filter(completed_at=None).exclude(scores=None).distinct()
    assert begun.count() == 2
    for sheet in assignments.exclude(completed_at=None):
        assert sheet.scores.count() == 4
        for score in sheet.scores.select_related("criterion"):
            assert 0 < score.points <= score.criterion.max_points


def test_zhyuri_has_open_assignments_and_no_conflicts(demo):
    _contest, stage = judged()
    zhyuri = User.objects.get(email=judging.ZHYURI)
    mine = Assignment.objects.filter(stage=stage, judge=zhyuri).select_related("stage", "entry")
    unscored = [a for a in mine if not a.scores.exists()]
    assert len(unscored) >= 3
    assert all(a.completed_at is None and can_judge(zhyuri, a) for a in unscored)
    assert mine.exclude(completed_at=None).count() == 3
    from technopark.contests.services.jury import conflicts_for

    assert all(conflicts_for(a.entry, zhyuri) == [] for a in mine)
    assert not mine.exclude(conflict_overridden="").exists()


def test_zhyuri_finds_the_works_in_the_workspace_by_number_without_names(demo, client):
    contest, stage = judged()
    assert client.login(email=judging.ZHYURI, password=DEMO_PASSWORD)
    page = client.get(reverse("contests:jury")).content.decode()
    assert contest.title in page
    assert "Оценено 3 из 8" in page
    zhyuri = User.objects.get(email=judging.ZHYURI)
    mine = Assignment.objects.filter(stage=stage, judge=zhyuri).select_related("entry")
    authors = EntryAuthor.objects.filter(entry__in=[a.entry for a in mine]).select_related("child")
    surnames = {a.full_name.split()[0] for a in authors}
    assert len(surnames) >= 8
    unscored = next(a for a in mine.order_by("-entry__number") if not a.scores.exists())
    sheet = client.get(reverse("contests:judge_entry", args=[unscored.pk]))
    assert sheet.status_code == 200
    for html in (page, sheet.content.decode()):
        assert not [name for name in surnames if name in html]
    school = unscored.entry.organisation
    assert school.name and school.name not in sheet.content.decode()
