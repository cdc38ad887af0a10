"""Helpers shared by the contest pages: fetching what the user may see, grouping results,
and the blind-review view of an entry (no names, no organisations, neutral file names)."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..models import Contest, Entry, EntryAuthor, EntryFile
from ..rules import can_see_contest
from ..selectors import nomination_counts  # noqa: F401 - re-exported for the pages

PLACE_ORDER = {
    Entry.Place.FIRST: 0,
    Entry.Place.SECOND: 1,
    Entry.Place.THIRD: 2,
    Entry.Place.LAUREATE: 3,
    Entry.Place.PARTICIPANT: 4,
}


def visible_contest(request, pk: int) -> Contest:
    """The contest if the user may see it; a draft is a 404 for everyone else."""
    contest = get_object_or_404(
        Contest.objects.select_related("organisation", "organisation__municipality"), pk=pk
    )
    if not can_see_contest(request.user, contest):
        raise Http404
    return contest


def results_groups(contest: Contest) -> list[dict]:
    """Ranked entries per nomination and age category, for the published results."""
    entries = (
        contest.entries.filter(status=Entry.Status.SUBMITTED)
        .select_related("nomination", "age_category", "organisation")
        .prefetch_related(
            Prefetch("authors", queryset=EntryAuthor.objects.order_by("position", "id"))
        )
        .order_by(
            "nomination__position",
            "nomination_id",
            "age_category__min_age",
            "age_category_id",
            "rank",
            "number",
        )
    )
    entries = list(entries)
    publishable = _publishable_children(
        a.child_id for e in entries for a in e.authors.all() if a.child_id
    )
    for entry in entries:
        for author in entry.authors.all():
            author.public_name = (
                author.full_name
                if not author.child_id or author.child_id in publishable
                else _("обучающийся (имя не публикуется)")
            )
    groups = []
    for (nomination, category), rows in groupby(
        entries, key=lambda e: (e.nomination, e.age_category)
    ):
        rows = list(rows)
        rows.sort(key=lambda e: (e.rank is None, e.rank or 0, e.number))
        groups.append({"nomination": nomination, "age_category": category, "entries": rows})
    return groups


def _publishable_children(child_ids) -> set[int]:
    """Children whose guardian's current consent allows publishing the name."""
    from technopark.accounts.models import GuardianConsent

    latest: dict[int, bool] = {}
    consents = (
        GuardianConsent.objects.filter(child_id__in=set(child_ids), withdrawn_at=None)
        .order_by("child_id", "-given_at")
        .values_list("child_id", "allow_publication")
    )
    for child_id, allowed in consents:
        latest.setdefault(child_id, allowed)
    return {child_id for child_id, allowed in latest.items() if allowed}


def authors_line(entry: Entry, role: str = EntryAuthor.Role.AUTHOR) -> str:
    return ", ".join(a.full_name for a in entry.authors.all() if a.role == role)


def blind_file_name(entry: Entry, entry_file: EntryFile, index: int) -> str:
    """A file name that says nothing about the author: «Работа 12, файл 1.pdf»."""
    extension = entry_file.original_name.rsplit(".", 1)[-1].lower()[:5]
    name = _("Работа %(number)s, файл %(index)s") % {"number": entry.number, "index": index}
    return f"{name}.{extension}" if "." in entry_file.original_name else name


def files_for(entry: Entry, *, blind: bool) -> list[dict]:
    """The files of an entry as a judge or an organiser sees them."""
    rows = []
    for index, entry_file in enumerate(entry.files.all(), start=1):
        rows.append(
            {
                "file": entry_file,
                "name": blind_file_name(entry, entry_file, index)
                if blind
                else entry_file.original_name,
                "size": entry_file.size,
            }
        )
    return rows
