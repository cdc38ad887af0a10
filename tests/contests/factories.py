"""Contest factories: a contest with nominations, a scored stage with criteria, entries."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from technopark.contests.models import (
    Contest,
    Criterion,
    Entry,
    EntryAuthor,
    EntryStage,
    JuryMember,
    Nomination,
    Stage,
)
from tests.factories import OrganisationFactory, Role, make_user


class ContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest

    slug = factory.Sequence(lambda n: f"contest-{n}")
    title = factory.Sequence(lambda n: f"Областной конкурс педагогического мастерства № {n}")
    kind = Contest.Kind.MASTERY
    level = Contest.Level.REGIONAL
    audience = Contest.Audience.TEACHERS
    organisation = factory.SubFactory(OrganisationFactory)
    status = Contest.Status.CALL_OPEN
    submission_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    submission_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))


def make_contest(
    nominations=("Методическая разработка", "Программа"),
    criteria=(("Актуальность", 10, 1), ("Новизна", 10, 1), ("Оформление", 5, Decimal("0.5"))),
    **fields,
) -> Contest:
    """A contest open for entries, with nominations and one scored stage with criteria."""
    contest = ContestFactory(**fields)
    for i, name in enumerate(nominations):
        Nomination.objects.create(contest=contest, name=name, position=i)
    stage = Stage.objects.create(contest=contest, position=1, title="Заочный этап")
    for i, (name, max_points, weight) in enumerate(criteria):
        Criterion.objects.create(
            stage=stage, name=name, max_points=max_points, weight=weight, position=i
        )
    return contest


def make_entry(contest, nomination=None, author=None, **fields) -> Entry:
    """An entry by `author` (a new teacher by default), placed on the first stage."""
    author = author or make_user(Role.TEACHER)
    nomination = nomination or contest.nominations.first()
    stage = contest.stages.order_by("position").first()
    number = (contest.entries.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    entry = Entry.objects.create(
        contest=contest,
        number=number,
        nomination=nomination,
        title=fields.pop("title", f"Работа № {number}"),
        submitted_by=author,
        organisation=author.organisation,
        municipality=author.organisation.municipality if author.organisation else None,
        current_stage=stage,
        **fields,
    )
    EntryAuthor.objects.create(entry=entry, user=author, full_name=author.get_full_name())
    if stage:
        EntryStage.objects.create(entry=entry, stage=stage)
    return entry


def make_judge(stage, nomination=None, role=JuryMember.Role.MEMBER, **user_fields):
    user = make_user(Role.JURY, **user_fields)
    JuryMember.objects.create(stage=stage, user=user, nomination=nomination, role=role)
    return user
