"""Places of a contest: diplomas I–III, laureates and participants by contest.award_rule from
the ranks of the last ranked stage, or set by the organiser (a manual place is never
overridden); and the chair's vote that orders entries still tied. The rules are described in
results.py."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Contest, Entry, EntryStage, Stage

DEFAULT_AWARD_RULE = {"first": 1, "second": 1, "third": 1}


def final_stage(contest: Contest) -> Stage | None:
    """The last stage whose entries have ranks: the one places are decided on."""
    return contest.stages.filter(entry_stages__rank__isnull=False).order_by("-position").first()


def _award_counts(contest: Contest) -> tuple[int, int, int, Decimal | None]:
    rule = {**DEFAULT_AWARD_RULE, **(contest.award_rule or {})}
    try:
        counts = [int(rule.get(k) or 0) for k in ("first", "second", "third")]
        laureate = rule.get("laureate_min_score")
        laureate = Decimal(str(laureate)) if laureate not in (None, "") else None
    except (TypeError, ValueError, ArithmeticError):
        raise ValidationError(
            {"award_rule": _("Правило присуждения мест записано неверно.")}
        ) from None
    if any(c < 0 for c in counts):
        raise ValidationError({"award_rule": _("Число дипломов не может быть отрицательным.")})
    return counts[0], counts[1], counts[2], laureate


def place_for(rank: int | None, score: Decimal | None, rule: tuple) -> str:
    first, second, third, laureate = rule
    if rank is not None:
        if rank <= first:
            return Entry.Place.FIRST
        if rank <= first + second:
            return Entry.Place.SECOND
        if rank <= first + second + third:
            return Entry.Place.THIRD
    if laureate is not None and score is not None and score >= laureate:
        return Entry.Place.LAUREATE
    return Entry.Place.PARTICIPANT


def assign_places(contest: Contest) -> None:
    """Places by contest.award_rule from the last ranked stage; manual places stay."""
    rule = _award_counts(contest)
    stage = final_stage(contest)
    ranked = {}
    if stage is not None:
        ranked = {
            es.entry_id: es
            for es in EntryStage.objects.filter(stage=stage).only(
                "entry_id", "rank", "raw_score", "normalised_score"
            )
        }
    changed = []
    with transaction.atomic():
        for entry in Entry.objects.filter(contest=contest, place_set_by_organiser=False).only(
            "pk", "status", "place"
        ):
            if entry.status != Entry.Status.SUBMITTED:
                place = ""
            elif (es := ranked.get(entry.pk)) is not None:
                score = es.normalised_score if contest.normalise else es.raw_score
                place = place_for(es.rank, score, rule)
            else:
                place = Entry.Place.PARTICIPANT
            if entry.place != place:
                entry.place = place
                changed.append(entry)
        Entry.objects.bulk_update(changed, ["place"], batch_size=500)


def set_place(entry: Entry, *, user, place: str) -> Entry:
    """The organiser sets a place by hand (kept by assign_places); an empty place hands the
    entry back to the rule."""
    from .jury import require_manager

    require_manager(user, entry.contest)
    if place and place not in Entry.Place.values:
        raise ValidationError({"place": _("Выберите награду из списка.")})
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if place and entry.status != Entry.Status.SUBMITTED:
            raise ValidationError({"place": _("Работа отозвана или снята с конкурса.")})
        entry.place = place
        entry.place_set_by_organiser = bool(place)
        entry.save(update_fields=["place", "place_set_by_organiser", "updated_at"])
    if not place:
        assign_places(entry.contest)
        entry.refresh_from_db(fields=["place"])
    return entry


def set_tie_break_vote(entry_stage: EntryStage, *, user, vote: int | None) -> EntryStage:
    """The chair of the stage's jury (or an organiser) orders entries left equal by score and
    tie-break criterion: a smaller number ranks higher; None withdraws the vote. The stage's
    ranking is recomputed at once; a closed stage keeps its decisions."""
    from ..models import JuryMember
    from ..rules import can_manage_contest
    from .results import compute_stage_results

    stage = entry_stage.stage
    is_chair = (
        user is not None
        and user.is_authenticated
        and JuryMember.objects.filter(stage=stage, user=user, role=JuryMember.Role.CHAIR).exists()
    )
    if not (is_chair or can_manage_contest(user, stage.contest)):
        raise PermissionDenied(
            _("Решающий голос при равенстве баллов есть только у председателя жюри.")
        )
    if vote in ("", None):
        vote = None
    else:
        try:
            vote = int(vote)
        except (TypeError, ValueError):
            vote = 0
        if not 1 <= vote <= 999:
            raise ValidationError(
                {"tie_break_vote": _("Укажите порядок числом от 1 до 999 (1 — выше всех).")}
            )
    with transaction.atomic():
        stage = Stage.objects.select_for_update().get(pk=stage.pk)
        if stage.status == Stage.Status.CLOSED:
            raise ValidationError(_("Этап закрыт: его рейтинг уже утверждён."))
        EntryStage.objects.filter(pk=entry_stage.pk).update(tie_break_vote=vote)
        compute_stage_results(stage)
    entry_stage.refresh_from_db()
    return entry_stage
