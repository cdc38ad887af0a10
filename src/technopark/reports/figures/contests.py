"""Figures about contests held under the report's events, and the participants' feedback."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from technopark.contests.models import Contest, Entry, EntryAuthor, EntryStage, Nomination, Stage
from technopark.events.models import Format

from .. import selectors

_PLACE_ORDER = {place: n for n, place in enumerate(selectors.WINNING_PLACES)}


def contests(event_ids: QuerySet, scope=None, date_from=None, date_to=None) -> list[dict]:
    """Each contest of the report (selectors.contests) with its works per nomination (every
    nomination, also those with none), its stages with how many works were at each and what
    was decided, the jury's view and, once results are published, the winners. Five queries
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
            "kind": str(Contest.Kind(c["kind"]).label),
            "kind_code": c["kind"],
            "status": str(Contest.Status(c["status"]).label),
            "status_code": c["status"],
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


def _stages(contest_ids: list[int]) -> dict[int, list[dict]]:
    """Per contest, its stages in order: the works at each (withdrawn ones left out), how many
    passed, did not pass or wait for the decision, and how many came in by an achievement
    without the earlier stages."""
    withdrawn = Q(entry_stages__entry__status=Entry.Status.WITHDRAWN)
    at_stage = Q(entry_stages__isnull=False) & ~withdrawn

    def counted(**condition) -> Count:
        return Count("entry_stages", filter=at_stage & Q(**condition))

    stages: dict[int, list[dict]] = defaultdict(list)
    for item in (
        Stage.objects.filter(contest_id__in=contest_ids)
        .annotate(
            entries=Count("entry_stages", filter=at_stage),
            passed=counted(entry_stages__outcome=EntryStage.Outcome.PASSED),
            not_passed=counted(entry_stages__outcome=EntryStage.Outcome.NOT_PASSED),
            pending=counted(entry_stages__outcome=EntryStage.Outcome.PENDING),
            by_achievement=counted(entry_stages__admission=EntryStage.Admission.ACHIEVEMENT),
        )
        .order_by("contest_id", "position", "pk")
        .values(
            "contest_id",
            "id",
            "position",
            "title",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "entries",
            "passed",
            "not_passed",
            "pending",
            "by_achievement",
        )  # fmt: skip
    ):
        stages[item["contest_id"]].append(
            {
                "stage_id": item["id"],
                "position": item["position"],
                "title": item["title"],
                "kind": str(Stage.Kind(item["kind"]).label),
                "kind_code": item["kind"],
                "status": str(Stage.Status(item["status"]).label),
                "status_code": item["status"],
                "starts_on": item["starts_on"].isoformat() if item["starts_on"] else None,
                "ends_on": item["ends_on"].isoformat() if item["ends_on"] else None,
                "entries": item["entries"],
                "passed": item["passed"],
                "not_passed": item["not_passed"],
                "pending": item["pending"],
                "by_achievement": item["by_achievement"],
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
