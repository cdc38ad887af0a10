"""Reads of contests shared by pages, the API and documents: who sees which contest and entry."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .models import Assignment, Conflict, Contest, Entry, EntryAuthor, Nomination
from .rules import can_manage_contest


def public_contests() -> QuerySet[Contest]:
    """Every contest past its draft, newest deadline first."""
    return Contest.objects.exclude(status=Contest.Status.DRAFT).select_related("organisation")


def contests_visible_to(user) -> QuerySet[Contest]:
    """Public contests, plus the drafts of the organisations `user` manages."""
    from technopark.network.selectors import organisations_managed_by

    condition = ~Q(status=Contest.Status.DRAFT)
    if user is not None and user.is_authenticated:
        condition |= Q(organisation__in=organisations_managed_by(user).values("pk"))
    return Contest.objects.filter(condition).select_related("organisation")


def nomination_counts(contest: Contest) -> list[tuple[Nomination, int]]:
    """Each nomination with its number of works (entries not withdrawn nor disqualified)."""
    nominations = contest.nominations.annotate(
        works=Count("entries", filter=Q(entries__status=Entry.Status.SUBMITTED))
    ).order_by("position", "id")
    return [(nomination, nomination.works) for nomination in nominations]


def _authored_by(user) -> Q:
    """Entries `user` submitted, authored or mentored, or whose pupil author is their child."""
    authorships = EntryAuthor.objects.filter(
        Q(user=user) | Q(child__account=user) | Q(child__guardian=user)
    ).values("entry_id")
    return Q(submitted_by=user) | Q(pk__in=authorships)


def _assigned_to(user) -> Q:
    """Entries `user` is assigned to judge, minus those with a declared conflict that the
    organiser did not knowingly override (the same rule as rules.can_see_entry)."""
    assigned = Assignment.objects.filter(entry=OuterRef("pk"), judge=user)
    overridden = assigned.exclude(conflict_overridden="")
    conflict = Conflict.objects.filter(entry=OuterRef("pk"), judge=user)
    return Q(Exists(assigned)) & (Q(Exists(overridden)) | ~Q(Exists(conflict)))


def entries_visible_to(user, contest: Contest) -> QuerySet[Entry]:
    """The organiser sees every entry; a judge only the assigned ones; an author their own;
    anyone else none."""
    entries = contest.entries.select_related("nomination", "age_category", "current_stage")
    if user is None or not user.is_authenticated or not user.is_active:
        return entries.none()
    if can_manage_contest(user, contest):
        return entries
    return entries.filter(_authored_by(user) | _assigned_to(user))


def my_entries(user) -> QuerySet[Entry]:
    """The works `user` submitted or is an author, mentor or pupil's guardian of, newest first."""
    if user is None or not user.is_authenticated:
        return Entry.objects.none()
    return (
        Entry.objects.filter(_authored_by(user))
        .select_related("contest", "nomination", "age_category", "current_stage")
        .order_by("-submitted_at", "-pk")
    )


def entry_with_details(pk: int) -> Entry | None:
    """One entry with its authors, files and stages, for the entry page and the API."""
    return (
        Entry.objects.select_related(
            "contest__organisation", "nomination", "age_category", "current_stage", "submitted_by"
        )
        .prefetch_related("authors", "files", "stages__stage")
        .filter(pk=pk)
        .first()
    )
