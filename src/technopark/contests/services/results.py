"""Results of a stage: scores, normalisation, ranking with tie-break, and places.

Score of a sheet. A judge's sheet for an entry (a completed assignment) is worth
    S = Σ_c points_c · weight_c,
so the point range of the stage is [0, R] with R = Σ_c max_points_c · weight_c.
Only completed sheets count; drafts are ignored.

Raw score of an entry: the mean or the median (contest.aggregation) of its sheets' S.

Normalised score (always computed and stored; used for ranking when contest.normalise):
    for judge j with sheets S_j1..S_jn at the stage: μ_j = mean, σ_j = population standard
    deviation; z = (S − μ_j) / σ_j. A judge with a single sheet or with σ_j = 0 says nothing
    about how the entries differ, so z = 0 for all their sheets (no division by zero).
    Over all completed sheets of the stage: M = mean of S, Σ = population std of S.
    N = M + z · Σ, clamped to [0, R]: every judge is brought to the same centre and spread —
    the pool's — on the criteria's own scale, so a lenient and a strict judge count alike.
    The entry's normalised score is the mean or median of its N, like the raw one.
All scores are rounded to 0.001 (half up) before ranking, so equal-looking scores are equal.

Ranking, per nomination and age category, higher first:
    1. the score (normalised if contest.normalise, else raw);
    2. tie-break: the higher aggregated points on the criteria marked "is_tie_break" (in their
       order), aggregated the same way as the score;
    3. the chair's vote EntryStage.tie_break_vote: a smaller number ranks higher, an entry with
       a vote before one without;
    4. still equal: a shared rank ("1, 1, 3" — the next rank skips).
Entries without a completed sheet have no score and no rank.

Places (assign_places, in places.py, re-exported here) come from the ranks of the contest's
last ranked stage and contest.award_rule, e.g.
{"first": 1, "second": 1, "third": 1, "laureate_min_score": 20}:
rank ≤ first → diploma I; ≤ first+second → II; ≤ first+second+third → III; otherwise
score ≥ laureate_min_score → laureate; otherwise participant. A manual place always stays.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.db.models.base import ModelState

from technopark.core.bulk import update_rows

from ..models import Contest, Entry, EntryStage, Score, Stage
from .places import assign_places, final_stage, place_for, set_place, set_tie_break_vote
from .scoring import judging_complete, judging_gaps

__all__ = [
    "assign_places",
    "compute_stage_results",
    "final_stage",
    "judging_complete",
    "judging_gaps",
    "place_for",
    "set_place",
    "set_tie_break_vote",
]

THOUSANDTH = Decimal("0.001")
# What ranking, saving and the pass rules read (attribute names); other fields load on access.
ENTRY_STAGE_FIELDS = ("id", "entry_id", "raw_score", "normalised_score", "rank", "tie_break_vote")
ENTRY_FIELDS = (
    "id",
    "number",
    "title",
    "contest_id",
    "nomination_id",
    "age_category_id",
    "organisation_id",
    "municipality_id",
    "status",
    "final_score",
    "rank",
    "place",
)


def _round(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):  # normalised figures: formatting rounds, no Decimal maths
        return Decimal(f"{value:.3f}")
    return value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def aggregate(values, how: str):
    """Mean or median, unrounded: Decimal for Decimals (raw), float for floats (normalised);
    None for no values."""
    values = list(values)
    if not values:
        return None
    if how == Contest.Aggregation.MEDIAN:
        return statistics.median(values)
    if isinstance(values[0], float):
        return statistics.fmean(values)
    return sum(values, start=Decimal(0)) / len(values)


@dataclass
class ResultRow:
    entry: Entry
    entry_stage: EntryStage
    raw_by_judge: dict[int, Decimal] = field(default_factory=dict)
    normalised_by_judge: dict[int, Decimal] = field(default_factory=dict)
    raw_score: Decimal | None = None
    normalised_score: Decimal | None = None
    score: Decimal | None = None
    tie_break: tuple = ()
    vote: int | None = None
    rank: int | None = None
    shared: bool = False  # the rank is shared with another entry


@dataclass
class ResultGroup:
    nomination: object
    age_category: object
    rows: list[ResultRow]


@dataclass
class StageResults:
    stage: Stage
    criteria: list
    judges: list  # users with at least one completed sheet, by name
    max_total: Decimal
    normalised: bool  # whether ranking used the normalised score
    groups: list[ResultGroup]

    @property
    def rows(self) -> list[ResultRow]:
        return [row for group in self.groups for row in group.rows]

    def table(self, *, normalised: bool) -> list[dict]:
        """One row per entry: the judges' sheet totals in `judges` order and the entry score."""
        out = []
        for group in self.groups:
            for row in group.rows:
                by_judge = row.normalised_by_judge if normalised else row.raw_by_judge
                out.append(
                    {
                        "entry": row.entry,
                        "nomination": group.nomination,
                        "age_category": group.age_category,
                        "by_judge": [by_judge.get(j.pk) for j in self.judges],
                        "score": row.normalised_score if normalised else row.raw_score,
                        "rank": row.rank,
                    }
                )
        return out

    @property
    def raw_table(self) -> list[dict]:
        return self.table(normalised=False)

    @property
    def normalised_table(self) -> list[dict]:
        return self.table(normalised=True)


def _sheet_totals(stage: Stage, entry_ids: set[int]) -> dict[tuple[int, int], Decimal]:
    """(entry id, judge id) → Σ points · weight over completed sheets of `entry_ids` (the
    entries still in the contest), summed by the database."""
    decimal = DecimalField(max_digits=14, decimal_places=4)
    product = ExpressionWrapper(F("points") * F("criterion__weight"), output_field=decimal)
    rows = (
        Score.objects.filter(
            assignment__stage=stage,
            assignment__completed_at__isnull=False,
        )
        .values_list("assignment__entry_id", "assignment__judge_id")
        .annotate(total=Sum(product, output_field=decimal))
        .order_by()
    )
    places = Decimal("0.0001")
    return {(e, j): Decimal(str(total)).quantize(places) for e, j, total in rows if e in entry_ids}


def _pstdev(values: list[float], mean: float) -> float:
    """Population standard deviation of floats; exactly 0 when all values are equal (the
    statistics module's exact version costs ~0.1 s over 25,000 sheets)."""
    if len(values) < 2 or min(values) == max(values):
        return 0.0
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def _normalise(totals: dict[tuple[int, int], Decimal], max_total: Decimal) -> dict:
    """(entry id, judge id) → N (a float), as in the module docstring."""
    if not totals:
        return {}
    floats = {key: float(v) for key, v in totals.items()}
    pool = list(floats.values())
    centre = statistics.fmean(pool)
    spread = _pstdev(pool, centre)
    by_judge: dict[int, list[float]] = defaultdict(list)
    for (_entry, judge), value in floats.items():
        by_judge[judge].append(value)
    moments = {}
    for judge, values in by_judge.items():
        mu = statistics.fmean(values)
        moments[judge] = (mu, _pstdev(values, mu))
    top = float(max_total)
    out = {}
    for key, value in floats.items():
        mu, sigma = moments[key[1]]
        z = (value - mu) / sigma if sigma > 0 else 0.0
        out[key] = min(max(centre + z * spread, 0.0), top)
    return out


def _tie_values(stage: Stage, tie_criteria: list, how: str, entry_ids: set[int]) -> dict:
    """entry id → aggregated points on each tie-break criterion, in criterion order, for
    `entry_ids` (only works whose score another work shares need them: read for those)."""
    if not tie_criteria or not entry_ids:
        return {}
    points: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for entry_id, criterion_id, value in Score.objects.filter(
        assignment__stage=stage,
        assignment__completed_at__isnull=False,
        assignment__entry_id__in=entry_ids,
        criterion__in=tie_criteria,
    ).values_list("assignment__entry_id", "criterion_id", "points"):
        points[(entry_id, criterion_id)].append(value)
    return {
        e: tuple(_round(aggregate(points[(e, c.pk)], how)) or Decimal(0) for c in tie_criteria)
        for e in entry_ids
    }


def _attach_ties(stage: Stage, tie_criteria: list, how: str, rows: list[ResultRow]) -> None:
    """Tie-break points for every row whose score another row of the stage shares (the only
    rows they can order); the others get zeros, as an entry without points would."""
    counts = Counter(row.score for row in rows if row.score is not None)
    shared = {row.entry.pk for row in rows if row.score is not None and counts[row.score] > 1}
    ties = _tie_values(stage, tie_criteria, how, shared)
    zeros = tuple(Decimal(0) for _c in tie_criteria)
    for row in rows:
        row.tie_break = ties.get(row.entry.pk, zeros)


def _rank(rows: list[ResultRow]) -> None:
    """Sort a group and give competition ranks as the module docstring says."""

    def key(row: ResultRow):
        return (
            row.score is None,
            -(row.score or 0),
            tuple(-v for v in row.tie_break),
            row.vote is None,
            row.vote or 0,
        )

    rows.sort(key=lambda r: (*key(r), r.entry.number))
    previous, previous_rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            row.rank = None
            continue
        current = key(row)
        row.rank = previous_rank if current == previous else position
        previous, previous_rank = current, row.rank
    counts = defaultdict(int)
    for row in rows:
        counts[row.rank] += 1
    for row in rows:
        row.shared = row.rank is not None and counts[row.rank] > 1


def _loaded(model, values: dict, db: str):
    """A model instance from database values without Model.__init__ (its per-field setattr
    costs ~0.3 s for the 10,000 objects of a 5,000-work stage): what Model.from_db builds for
    a .only() query, fields not given load on access."""
    obj = model.__new__(model)
    obj._state = ModelState()
    obj._state.adding, obj._state.db = False, db
    obj.__dict__.update(values)
    return obj


def _entry_stages(stage: Stage, nominations: dict, categories: dict) -> list[EntryStage]:
    """The stage's rows of entries still in the contest, each with its entry, nomination and
    age category attached, in entry number order."""
    fields = (*ENTRY_STAGE_FIELDS, *(f"entry__{name}" for name in ENTRY_FIELDS))
    rows = (
        EntryStage.objects.filter(stage=stage, entry__status=Entry.Status.SUBMITTED)
        .order_by("entry__number")
        .values_list(*fields)
    )
    db, split = rows.db, len(ENTRY_STAGE_FIELDS)
    out = []
    for row in rows:
        entry = _loaded(Entry, dict(zip(ENTRY_FIELDS, row[split:], strict=True)), db)
        entry._state.fields_cache.update(
            nomination=nominations[entry.nomination_id],
            age_category=categories.get(entry.age_category_id),
        )
        es = _loaded(EntryStage, dict(zip(ENTRY_STAGE_FIELDS, row[:split], strict=True)), db)
        es.stage_id = stage.pk
        es._state.fields_cache.update(entry=entry, stage=stage)
        out.append(es)
    return out


def compute_stage_results(stage: Stage, *, save: bool = True) -> StageResults:
    """Scores, normalised scores and ranks of every entry at the stage; with `save`, written to
    EntryStage (raw_score, normalised_score, rank) and Entry (final_score, rank)."""
    stage = Stage.objects.select_related("contest").get(pk=stage.pk)
    contest = stage.contest
    how = contest.aggregation
    criteria = list(stage.criteria.all())
    max_total = sum((c.max_points * c.weight for c in criteria), start=Decimal(0))
    # A handful of nominations and categories: attached by hand instead of joined per row.
    nominations = {n.pk: n for n in contest.nominations.all()}
    categories = {c.pk: c for c in contest.age_categories.all()}
    entry_stages = _entry_stages(stage, nominations, categories)
    tie_criteria = [c for c in criteria if c.is_tie_break]
    if stage.kind == Stage.Kind.SCORED:
        totals = _sheet_totals(stage, {es.entry_id for es in entry_stages})
        normalised = _normalise(totals, max_total)
    else:  # a test or interview: the imported score is the only "sheet"
        totals, normalised = {}, {}
    raw_by_entry, norm_by_entry = defaultdict(dict), defaultdict(dict)
    for (entry_id, judge_id), value in totals.items():
        raw_by_entry[entry_id][judge_id] = value
        norm_by_entry[entry_id][judge_id] = normalised[(entry_id, judge_id)]
    groups: dict[tuple, ResultGroup] = {}
    for es in entry_stages:
        entry = es.entry
        row = ResultRow(entry=entry, entry_stage=es, vote=es.tie_break_vote)
        if stage.kind == Stage.Kind.SCORED:
            row.raw_by_judge = raw_by_entry.get(entry.pk, {})
            row.normalised_by_judge = {
                j: _round(v) for j, v in norm_by_entry.get(entry.pk, {}).items()
            }
            row.raw_score = _round(aggregate(row.raw_by_judge.values(), how))
            row.normalised_score = _round(aggregate(norm_by_entry[entry.pk].values(), how))
        else:
            row.raw_score = row.normalised_score = es.raw_score
        row.score = row.normalised_score if contest.normalise else row.raw_score
        group_key = (entry.nomination_id, entry.age_category_id)
        if group_key not in groups:
            groups[group_key] = ResultGroup(entry.nomination, entry.age_category, [])
        groups[group_key].rows.append(row)
    if stage.kind == Stage.Kind.SCORED:
        _attach_ties(stage, tie_criteria, how, [r for g in groups.values() for r in g.rows])
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            g.nomination.position,
            g.nomination.pk,
            g.age_category.min_age if g.age_category else -1,
        ),
    )
    for group in ordered:
        _rank(group.rows)
    judge_ids = {j for _e, j in totals}
    from technopark.accounts.models import User

    judges = list(User.objects.filter(pk__in=judge_ids).order_by("last_name", "first_name", "pk"))
    results = StageResults(stage, criteria, judges, max_total, contest.normalise, ordered)
    if save:
        _save(results)
    return results


def _save(results: StageResults) -> None:
    """Write only what changed."""
    stage_rows, entry_rows = [], []
    for row in results.rows:
        es, entry = row.entry_stage, row.entry
        new = (row.raw_score, row.normalised_score, row.rank)
        if (es.raw_score, es.normalised_score, es.rank) != new:
            es.raw_score, es.normalised_score, es.rank = new
            stage_rows.append((*new, es.pk))
        if (entry.final_score, entry.rank) != (row.score, row.rank):
            entry.final_score, entry.rank = row.score, row.rank
            entry_rows.append((row.score, row.rank, entry.pk))
    with transaction.atomic():
        update_rows(EntryStage, ("raw_score", "normalised_score", "rank"), stage_rows)
        update_rows(Entry, ("final_score", "rank"), entry_rows)
