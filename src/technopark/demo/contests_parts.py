"""Building blocks shared by the demo contests: each finds its row by the natural key (a contest
by slug, a nomination by name, a stage by position, an entry by its number, a jury seat by its
unique key) and creates it with the given values only when it is missing."""

from __future__ import annotations

from technopark.accounts.models import User
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
from technopark.network.models import Organisation


def get_contest(orgs: dict[str, Organisation], spec: dict) -> Contest:
    """The contest with the spec's slug, created with everything the spec says if missing."""
    fields = dict(spec)
    slug, partners = fields.pop("slug"), fields.pop("partners", ())
    fields["organisation"] = orgs[fields["organisation"]]
    contest, created = Contest.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        contest.partners.set([orgs[key] for key in partners])
    return contest


def get_nominations(contest: Contest, items) -> list[Nomination]:
    return [
        Nomination.objects.get_or_create(
            contest=contest, name=name, defaults={"description": description, "position": n}
        )[0]
        for n, (name, description) in enumerate(items)
    ]


def get_stage(contest: Contest, position: int, **defaults) -> Stage:
    return Stage.objects.get_or_create(contest=contest, position=position, defaults=defaults)[0]


def get_criteria(stage: Stage, items) -> list[Criterion]:
    return [
        Criterion.objects.get_or_create(
            stage=stage,
            name=name,
            defaults={"max_points": max_points, "is_tie_break": tie_break, "position": n},
        )[0]
        for n, (name, max_points, tie_break) in enumerate(items)
    ]


def get_jury(stage: Stage, items) -> list[User]:
    """Jury seats for all nominations of the stage; the judges' accounts come from people.py."""
    users = {u.email: u for u in User.objects.filter(email__in=[e for e, _ in items])}
    judges = []
    for email, role in items:
        JuryMember.objects.get_or_create(
            stage=stage, user=users[email], nomination=None, defaults={"role": role}
        )
        judges.append(users[email])
    return judges


def get_entry(contest: Contest, number: int, authors, *, stage, admission, submitted_at, **fields):
    """The entry numbered `number`, with its authors and its first stage, if it is missing."""
    entry, created = Entry.objects.get_or_create(
        contest=contest, number=number, defaults={**fields, "current_stage": stage}
    )
    if created:
        EntryAuthor.objects.bulk_create(
            EntryAuthor(entry=entry, position=n, **author) for n, author in enumerate(authors)
        )
        EntryStage.objects.create(entry=entry, stage=stage, admission=admission)
        # Set on insert; put back to when the work really came in.
        Entry.objects.filter(pk=entry.pk).update(submitted_at=submitted_at, created_at=submitted_at)
    return entry
