"""Demo contests: the October 2023 competition of pedagogical mastery of seed 000 (exactly 23
works, a jury of five with three complete score sheets on each work, published results) and, for
seed 001, the selection of pupils for the National Children's Technopark (at its testing stage
now), an open pupils' project competition taking entries and a city competition being judged
now (contests_judging).

Idempotent: a contest is found by its slug, a nomination by name, a stage by position, an entry
by its number, a jury seat or an assignment by its unique key; what exists is left as it is.
Scores are pseudo-random but fixed (random.Random with a constant seed), so every run and every
machine gets the same results. Dates of the seed-001 contests are counted from the day of the
first run, so the demo always has a selection in progress, a call that is open and a jury at
work. Shared building blocks are in contests_parts, the Minsk pupils in contests_pupils.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from technopark.accounts.models import ChildProfile, User
from technopark.contests.models import (
    AgeCategory,
    Assignment,
    Contest,
    Entry,
    EntryStage,
    Score,
    Stage,
)
from technopark.contests.services import results
from technopark.contests.services.pass_rules import passing
from technopark.events.models import Event
from technopark.network.models import Organisation

from . import contests_content as content
from .contests_judging import load_judging_contest
from .contests_parts import (
    get_contest,
    get_criteria,
    get_entry,
    get_jury,
    get_nominations,
    get_stage,
)
from .contests_pupils import load_minsk_children, mentors_by_school, pupil_authors
from .events_people import minsk_teachers, samara_teachers

SAMARA = content.SAMARA
DEMO_TEACHER = "pedagog@technopark.local"
# Judges' organisations do not compete: the jury would be in a conflict of interest.
NOT_COMPETING = {"sipkro", "samgtu"}


def _sync(instance, values: dict) -> bool:
    from .loader import _sync  # loader imports this module: import at call time

    return _sync(instance, values)


def load_contests(organisations: dict[str, Organisation]) -> None:
    load_osp_contest(organisations)
    children = load_minsk_children(organisations)
    load_selection(organisations, children)
    load_projects_contest(organisations, children)
    load_judging_contest(organisations, children)


def _score(stage: Stage, entry: Entry, judge: User, criteria, *, quality, bias, when) -> bool:
    """A completed assignment with a score on every criterion, unless the judge has it already
    (then False). The points are the entry's quality, the judge's leniency and a little noise."""
    assignment, created = Assignment.objects.get_or_create(stage=stage, entry=entry, judge=judge)
    if not created:
        return False
    rng = random.Random(f"{stage.contest_id}:{stage.position}:{entry.number}:{judge.email}")
    Score.objects.bulk_create(
        Score(
            assignment=assignment,
            criterion=criterion,
            points=Decimal(
                max(1, min(int(criterion.max_points), round(
                    float(criterion.max_points) * (quality + bias + rng.uniform(-0.08, 0.08))
                )))
            ),
        )
        for criterion in criteria
    )  # fmt: skip
    assignment.comment = rng.choice(content.OSP_JUDGE_COMMENTS)
    assignment.completed_at = when
    assignment.save(update_fields=["comment", "completed_at"])
    return True


# --- seed 000 --------------------------------------------------------------------------------


def _osp_teachers() -> list[User]:
    """Samara teachers and methodists with an account, in a fixed shuffled order; the demo
    teacher first, so the «my works» page of that login has a work to show."""
    pool = [p for p in samara_teachers() if p.organisation not in NOT_COMPETING]
    users = {u.email: u for u in User.objects.filter(email__in=[p.email for p in pool])}
    people = sorted(users.values(), key=lambda u: u.email)
    random.Random("osp-2023:authors").shuffle(people)
    demo = User.objects.filter(email__iexact=DEMO_TEACHER).first()
    return [demo, *people] if demo else people


def load_osp_contest(orgs: dict[str, Organisation]) -> Contest:
    event = Event.objects.filter(initiative__slug="osp-2023", kind__code="competition").first()
    contest = get_contest(orgs, {**content.OSP_CONTEST, "event": event})
    # What the reports and the public page rely on is put right if someone changed it.
    _sync(
        contest,
        {
            "event": event or contest.event,
            "status": Contest.Status.RESULTS_PUBLISHED,
            "jury_feedback": content.OSP_JURY_FEEDBACK,
            "judges_per_entry": content.OSP_CONTEST["judges_per_entry"],
        },
    )
    stage = get_stage(contest, 1, **content.OSP_STAGE)
    nominations = get_nominations(contest, content.OSP_NOMINATIONS)
    criteria = get_criteria(stage, content.OSP_CRITERIA)
    _osp_experts(orgs)
    judges = get_jury(stage, content.OSP_JURY)
    bias = dict(zip(judges, content.OSP_JUDGE_BIAS, strict=True))
    per_entry = contest.judges_per_entry
    scored = False

    teachers = _osp_teachers()
    coauthors = dict(content.OSP_COAUTHORS)
    rng = random.Random("osp-2023:works")
    first_day = dt.datetime(2023, 9, 20, 10, tzinfo=SAMARA)
    for index, (nomination, title, annotation) in enumerate(content.OSP_WORKS):
        teacher = teachers[index]
        authors = [{"user": teacher, "full_name": teacher.get_full_name()}]
        if index in coauthors:
            authors.append({"full_name": coauthors[index]})
        entry = get_entry(
            contest,
            index + 1,
            authors,
            stage=stage,
            admission=EntryStage.Admission.OPEN_CALL,
            submitted_at=first_day + dt.timedelta(days=index, hours=rng.randint(0, 8)),
            nomination=nominations[nomination],
            title=title,
            annotation=annotation,
            submitted_by=teacher,
            organisation=teacher.organisation,
            municipality=teacher.municipality,
        )
        quality = rng.uniform(0.55, 0.95)
        # judges_per_entry of the five in turn: loads of 14 or 13 works, the same for all runs.
        panel = [judges[(per_entry * index + k) % len(judges)] for k in range(per_entry)]
        for judge in panel:
            when = dt.datetime(2023, 10, 17 + index % 7, 12, tzinfo=SAMARA)
            scored |= _score(
                stage, entry, judge, criteria, quality=quality, bias=bias[judge], when=when
            )
    # Results through the services whenever a sheet was added (e.g. a demo made with a smaller
    # jury), so the ranks and places always follow the scores.
    if scored or contest.entries.filter(final_score=None).exists():
        _close_in_the_past(stage, None)
        results.assign_places(contest)
    return contest


def _osp_experts(orgs: dict[str, Organisation]) -> None:
    """The invited experts of the seed-000 jury, as accounts with the jury role, created (or
    put right) by the loader's helper like the rest of the demo staff."""
    from django.contrib.auth.hashers import make_password

    from .loader import _person  # loader imports this module: import at call time
    from .people import DEMO_PASSWORD, DemoPerson, staff_email

    experts = [
        DemoPerson(staff_email(last, first, middle), ("jury",), last, first, middle, org, position)
        for last, first, middle, org, position in content.OSP_EXPERTS
    ]
    existing = set(
        User.objects.filter(email__in=[p.email for p in experts]).values_list("email", flat=True)
    )
    password_hash = make_password(DEMO_PASSWORD) if len(existing) < len(experts) else ""
    for person in experts:
        _person(person, orgs, password_hash)


# --- seed 001: the selection -----------------------------------------------------------------


def load_selection(orgs: dict[str, Organisation], children: list[ChildProfile]) -> Contest:
    today = timezone.localdate()
    contest = get_contest(orgs, content.selection(today))
    stages = [
        get_stage(contest, position, **spec)
        for position, spec in enumerate(content.selection_stages(today), start=1)
    ]
    application, testing, _interview = stages
    nominations = get_nominations(contest, [(name, "") for name in content.SELECTION_DIRECTIONS])
    criteria = get_criteria(application, content.SELECTION_CRITERIA)
    experts = get_jury(application, content.SELECTION_JURY)
    mentors = mentors_by_school()
    achievers = dict(content.SELECTION_ACHIEVERS)
    rng = random.Random("ndt-selection:applications")
    for index, (direction, title) in enumerate(content.SELECTION_PROJECTS):
        child = children[index]
        school = child.school
        school_key = next(k for k, o in orgs.items() if o.pk == school.pk)
        achievement = achievers.get(index, "")
        entry = get_entry(
            contest,
            index + 1,
            pupil_authors(child, mentors[school_key][index % len(mentors[school_key])]),
            stage=testing if achievement else application,
            admission=(
                EntryStage.Admission.ACHIEVEMENT if achievement else EntryStage.Admission.OPEN_CALL
            ),
            submitted_at=content.minsk_time(today, -60 + index // 2, 12 + index % 8),
            nomination=nominations[direction],
            title=title,
            achievement=achievement,
            submitted_by=child.guardian,
            organisation=school,
            municipality=child.municipality,
        )
        quality = rng.uniform(0.45, 0.9)
        if achievement:
            continue
        pair = (experts[index % 3], experts[(index + 1) % 3])
        for judge, bias in zip(pair, (0.0, 0.03), strict=True):
            when = content.minsk_time(today, -30 + index % 14, 16)
            _score(application, entry, judge, criteria, quality=quality, bias=bias, when=when)
    if application.entry_stages.filter(raw_score=None).exists():
        _close_in_the_past(application, testing)
    return contest


def _close_in_the_past(stage: Stage, following: Stage | None) -> None:
    """What closing the stage did back then, without the e-mails of today: the jury's results
    (results service), the stage's pass rule (pass_rules), the passing entries moved on."""
    results.compute_stage_results(stage)
    rows = list(
        EntryStage.objects.filter(stage=stage, entry__status=Entry.Status.SUBMITTED)
        .select_related("entry")
        .order_by("entry__number")
    )
    passed = passing(rows, stage.pass_rule, stage.pass_value, normalised=stage.contest.normalise)
    for row in rows:
        row.outcome = (
            EntryStage.Outcome.PASSED if row.pk in passed else EntryStage.Outcome.NOT_PASSED
        )
    EntryStage.objects.bulk_update(rows, ["outcome"])
    if following is None:
        return
    movers = [row.entry_id for row in rows if row.pk in passed]
    for entry_id in movers:
        EntryStage.objects.get_or_create(
            entry_id=entry_id,
            stage=following,
            defaults={"admission": EntryStage.Admission.PREVIOUS_STAGE},
        )
    Entry.objects.filter(pk__in=movers).update(current_stage=following)


# --- seed 001: the open project competition --------------------------------------------------


def load_projects_contest(orgs: dict[str, Organisation], children: list[ChildProfile]) -> Contest:
    today = timezone.localdate()
    contest = get_contest(orgs, content.projects(today))
    nominations = get_nominations(contest, [(name, "") for name in content.PROJECTS_NOMINATIONS])
    categories = [
        AgeCategory.objects.get_or_create(
            contest=contest, name=name, defaults={"min_age": low, "max_age": high}
        )[0]
        for name, low, high in content.PROJECTS_AGE_CATEGORIES
    ]
    stages = [
        get_stage(contest, position, **spec)
        for position, spec in enumerate(content.projects_stages(today), start=1)
    ]
    for stage in stages:
        get_criteria(stage, content.PROJECTS_CRITERIA)
    get_jury(stages[0], content.SELECTION_JURY[::2])
    teachers = minsk_teachers()
    users = {u.email: u for u in User.objects.filter(email__in=[t.email for t in teachers])}
    for number, (child_index, nomination, title, mentor) in enumerate(
        content.PROJECTS_ENTRIES, start=1
    ):
        child = children[child_index]
        born = child.birth_date
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        teacher = teachers[mentor]
        get_entry(
            contest,
            number,
            pupil_authors(child, (teacher.full_name, users.get(teacher.email))),
            stage=stages[0],
            admission=EntryStage.Admission.OPEN_CALL,
            submitted_at=content.minsk_time(today, -12 + 2 * number, 19),
            nomination=nominations[nomination],
            age_category=next(c for c in categories if c.min_age <= age <= c.max_age),
            title=title,
            submitted_by=child.guardian,
            organisation=child.school,
            municipality=child.municipality,
        )
    return contest
