"""Who passes a stage, as pure functions over its EntryStage rows (see services/stages.py for
the rules in words). Nothing here touches the database except through the rows given."""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal

from ..models import EntryStage, Stage


def score_of(row: EntryStage, normalised: bool) -> Decimal | None:
    """The score a rule looks at: the normalised one when the contest normalises judges."""
    if normalised and row.normalised_score is not None:
        return row.normalised_score
    return row.raw_score


def _groups(rows, key) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _category(row: EntryStage) -> tuple:
    return (row.entry.nomination_id, row.entry.age_category_id)


def set_ranks(rows: list[EntryStage], *, normalised: bool) -> None:
    """Rank within nomination and age category by score, highest first; equal scores share a
    rank (1, 1, 3); rows without a score get none. Used where no jury ranked the stage."""
    for group in _groups(rows, _category).values():
        scored = sorted(
            (r for r in group if score_of(r, normalised) is not None),
            key=lambda r: -score_of(r, normalised),
        )
        previous, rank = None, 0
        for position, row in enumerate(scored, start=1):
            score = score_of(row, normalised)
            if score != previous:
                rank, previous = position, score
            row.rank = rank
        for row in group:
            if score_of(row, normalised) is None:
                row.rank = None


def _seat_order(normalised: bool):
    """Quota seats go by score, then the chair's vote, then the earlier entry. (Stage ranks
    are per nomination and age category, so they do not compare across a quota's groups.)"""

    def key(row: EntryStage):
        return (
            -score_of(row, normalised),
            row.tie_break_vote if row.tie_break_vote is not None else math.inf,
            row.entry.number,
        )

    return key


def passing(rows: list[EntryStage], rule: str, value, *, normalised: bool) -> set[int]:
    """The pks of the rows that pass under `rule` with N / threshold / quota `value`."""
    if rule == Stage.PassRule.ALL:
        return {r.pk for r in rows}
    scored = [r for r in rows if score_of(r, normalised) is not None]
    if rule == Stage.PassRule.THRESHOLD:
        return {r.pk for r in scored if score_of(r, normalised) >= Decimal(value)}
    seats = int(value)
    if rule == Stage.PassRule.TOP_N:
        if any(r.rank is None for r in scored):
            set_ranks(scored, normalised=normalised)
        return {r.pk for r in scored if r.rank is not None and r.rank <= seats}
    if rule == Stage.PassRule.QUOTA_NOMINATION:
        groups = _groups(scored, lambda r: r.entry.nomination_id)
    elif rule == Stage.PassRule.QUOTA_MUNICIPALITY:
        groups = _groups(scored, lambda r: r.entry.municipality_id)
    else:
        raise ValueError(f"unknown pass rule {rule!r}")
    order = _seat_order(normalised)
    return {r.pk for group in groups.values() for r in sorted(group, key=order)[:seats]}
