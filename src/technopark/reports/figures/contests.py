"""Figures about contests held under the report's events, and the participants' feedback."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum

from technopark.contests.models import Contest, Entry, EntryAuthor, Nomination
from technopark.events.models import Format

from .. import selectors

_PLACE_ORDER = {place: n for n, place in enumerate(selectors.WINNING_PLACES)}


def contests(event_ids: QuerySet) -> list[dict]:
    """Each contest with its works per nomination (every nomination, also those with none),
    the jury's view and, once results are published, the winners. Four queries in all."""
    found = list(
        selectors.contests(event_ids)
        .order_by("event__starts_at", "pk")
        .values("id", "title", "jury_feedback", "status", "results_published_at", "event_id")
    )
    if not found:
        return []
    contest_ids = [c["id"] for c in found]
    nominations: dict[int, list[dict]] = defaultdict(list)
    for item in (
        Nomination.objects.filter(contest_id__in=contest_ids)
        .annotate(works=Count("entries", filter=~Q(entries__status=Entry.Status.WITHDRAWN)))
        .order_by("contest_id", "position", "pk")
        .values("contest_id", "id", "name", "works")
    ):
        nominations[item["contest_id"]].append(
            {"name": item["name"], "nomination_id": item["id"], "works": item["works"]}
        )

    published = {
        c["id"]
        for c in found
        if c["status"] == Contest.Status.RESULTS_PUBLISHED or c["results_published_at"]
    }
    winners: dict[int, list[dict]] = defaultdict(list)
    if published:
        winning = selectors.works(published).filter(place__in=selectors.WINNING_PLACES)
        authors: dict[int, list[str]] = defaultdict(list)
        for entry_id, name in (
            EntryAuthor.objects.filter(
                entry_id__in=winning.values("pk"), role=EntryAuthor.Role.AUTHOR
            )
            .order_by("entry_id", "position", "pk")
            .values_list("entry_id", "full_name")
        ):
            authors[entry_id].append(name)
        rows = winning.values(
            "id", "contest_id", "place", "title", "team_name", "nomination__name", "rank", "number"
        )
        for row in sorted(
            rows,
            key=lambda r: (
                _PLACE_ORDER[r["place"]],
                r["nomination__name"],
                r["rank"] or 0,
                r["number"],
            ),
        ):
            names = authors.get(row["id"]) or ([row["team_name"]] if row["team_name"] else [])
            winners[row["contest_id"]].append(
                {
                    "place": str(Entry.Place(row["place"]).label),
                    "place_code": row["place"],
                    "title": row["title"],
                    "authors": ", ".join(names),
                    "nomination": row["nomination__name"],
                }
            )

    return [
        {
            "id": c["id"],
            "title": c["title"],
            "event_id": c["event_id"],
            "works": sum(n["works"] for n in nominations[c["id"]]),
            "nominations": nominations[c["id"]],
            "jury_feedback": c["jury_feedback"],
            "results_published": c["id"] in published,
            "winners": winners.get(c["id"], []),
        }
        for c in found
    ]


def feedback(event_ids: QuerySet) -> dict:
    """Responses, mean rating and the shares of the preferred format, in one grouped query."""
    counts: dict[str, int] = {}
    ratings = 0
    for item in (
        selectors.feedback(event_ids)
        .values("preferred_format")
        .annotate(n=Count("pk"), ratings=Sum("rating"))
        .order_by()
    ):
        counts[item["preferred_format"]] = item["n"]
        ratings += item["ratings"] or 0
    responses = sum(counts.values())
    shares = {
        choice.value: round(counts.get(choice.value, 0) / responses, 4) if responses else 0.0
        for choice in Format
    }
    preferred = None
    if responses:
        # The largest share; a tie goes to the format listed first (in person, online, hybrid).
        preferred = max(
            Format.values, key=lambda code: (counts.get(code, 0), -Format.values.index(code))
        )
    return {
        "responses": responses,
        "mean_rating": round(ratings / responses, 2) if responses else None,
        "preferred_format": shares,
        "preferred": preferred,
        "preferred_label": str(Format(preferred).label) if preferred else None,
        "by_format": {code: counts.get(code, 0) for code in Format.values},
    }
