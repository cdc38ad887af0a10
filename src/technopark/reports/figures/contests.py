"""Figures about contests held under the report's events, and the participants' feedback."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from technopark.contests.models import Contest, Entry, EntryAuthor, Nomination, Stage
from technopark.events.models import Format

from .. import selectors

_PLACE_ORDER = {place: n for n, place in enumerate(selectors.WINNING_PLACES)}


def contests(event_ids: QuerySet, scope=None, date_from=None, date_to=None) -> list[dict]:
    """Each contest of the report (selectors.contests) with its works per nomination (every
    nomination, also those with none), its stages with how many works were at each and what
    was decided, the jury's view and, once results are published, the winners. Six queries
    in all."""
    found = list(
        selectors.contests(event_ids, scope, date_from, date_to)
        .order_by(Coalesce("event__starts_at", "submission_opens_at", "created_at"), "pk")
        .values(
            "id",
            "title",
            "kind",
            "jury_feedback",
            "status",
            "results_published_at",
            "event_id",
            "submission_opens_at",
            "submission_closes_at",
        )
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

    stages = _stages(contest_ids)
    return [
        {
            "id": c["id"],
            "title": c["title"],
            **_choice(Contest.Kind, "kind", c["kind"]),
            **_choice(Contest.Status, "status", c["status"]),
            "event_id": c["event_id"],
            "submission_opens": _local_day(c["submission_opens_at"]),
            "submission_closes": _local_day(c["submission_closes_at"]),
            "works": sum(n["works"] for n in nominations[c["id"]]),
            "nominations": nominations[c["id"]],
            "stages": stages.get(c["id"], []),
            "jury_feedback": c["jury_feedback"],
            "results_published": c["id"] in published,
            "winners": winners.get(c["id"], []),
        }
        for c in found
    ]


def _local_day(moment) -> str | None:
    return timezone.localdate(moment).isoformat() if moment else None


def _choice(choices, name: str, code: str) -> dict:
    """{"kind": "отбор", "kind_code": "selection"}: the label to read and the code to match."""
    return {name: str(choices(code).label), f"{name}_code": code}


def _stages(contest_ids: list[int]) -> dict[int, list[dict]]:
    """Per contest, its stages in order, each with its works (withdrawn ones left out) and the
    counts of selectors.STAGE_OUTCOMES — the same rows the list behind each figure shows."""
    counts = {
        item.pop("stage_id"): item
        for item in selectors.stage_entries(contest_ids)
        .values("stage_id")
        .annotate(
            entries=Count("pk"),
            **{name: Count("pk", filter=rule) for name, rule in selectors.STAGE_OUTCOMES.items()},
        )
        .order_by()
    }
    nothing = dict.fromkeys(["entries", *selectors.STAGE_OUTCOMES], 0)
    stages: dict[int, list[dict]] = defaultdict(list)
    for stage in Stage.objects.filter(contest_id__in=contest_ids).order_by(
        "contest_id", "position", "pk"
    ):
        stages[stage.contest_id].append(
            {
                "stage_id": stage.pk,
                "position": stage.position,
                "title": stage.title,
                **_choice(Stage.Kind, "kind", stage.kind),
                **_choice(Stage.Status, "status", stage.status),
                "starts_on": stage.starts_on.isoformat() if stage.starts_on else None,
                "ends_on": stage.ends_on.isoformat() if stage.ends_on else None,
                **counts.get(stage.pk, nothing),
            }
        )
    return stages


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
