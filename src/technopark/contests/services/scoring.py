"""Scores of a judge: saved per criterion while the stage is open, checked against each
criterion's maximum; "complete" only when every criterion has a score. Others' scores become
visible to a judge only after the stage closes, and only if the contest allows it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Assignment, Criterion, Entry, EntryStage, JuryMember, Score, Stage

COMMENT_LENGTH = 5000


def score_field(criterion_id: int) -> str:
    """The form field name errors of one criterion are reported under."""
    return f"score_{criterion_id}"


def _points(value, criterion: Criterion) -> tuple[Decimal | None, str | None]:
    """(points, None) or (None, error text)."""
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None, _("Введите число.")
    if not points.is_finite():
        return None, _("Введите число.")
    if points < 0 or points > criterion.max_points:
        return None, _("Балл должен быть от 0 до %(max)s.") % {
            "max": criterion.max_points.normalize()
        }
    if points != points.quantize(Decimal("0.01")):
        return None, _("Не больше двух знаков после запятой.")
    return points.quantize(Decimal("0.01")), None


def save_scores(
    assignment: Assignment,
    *,
    user,
    scores: dict[int, tuple],
    comment: str = "",
    complete: bool = False,
) -> Assignment:
    """Save the judge's points (criterion id → (points, comment); points None clears one); with
    `complete` every criterion of the stage must have a score, without it the sheet is (again)
    a draft that results ignore. All or nothing."""
    from ..rules import can_judge

    if user is None or assignment.judge_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Оценивать работу может только назначенный на неё член жюри."))
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update()
            .select_related("stage", "entry")
            .get(pk=assignment.pk)
        )
        if assignment.stage.status != Stage.Status.OPEN:
            raise ValidationError(
                _("Этап не идёт: оценки принимаются, только пока этап открыт."), code="closed"
            )
        if assignment.entry.status != Entry.Status.SUBMITTED:
            raise ValidationError(_("Работа отозвана или снята с конкурса."), code="withdrawn")
        if not can_judge(user, assignment):
            raise PermissionDenied(_("Оценивать эту работу вам нельзя."))
        criteria = {c.pk: c for c in assignment.stage.criteria.all()}
        errors: dict[str, list[str]] = {}
        cleaned: dict[int, tuple[Decimal | None, str]] = {}
        for key, value in (scores or {}).items():
            try:
                criterion = criteria[int(key)]
            except (KeyError, TypeError, ValueError):
                errors.setdefault("scores", []).append(
                    _("Критерия «%(key)s» на этом этапе нет.") % {"key": key}
                )
                continue
            points, note = value if isinstance(value, tuple | list) else (value, "")
            note = (note or "").strip()
            if len(note) > COMMENT_LENGTH:
                errors.setdefault(score_field(criterion.pk), []).append(
                    _("Комментарий длиннее %(count)s знаков.") % {"count": COMMENT_LENGTH}
                )
                continue
            if points is None or points == "":
                cleaned[criterion.pk] = (None, "")
                continue
            points, error = _points(points, criterion)
            if error:
                errors.setdefault(score_field(criterion.pk), []).append(error)
            else:
                cleaned[criterion.pk] = (points, note)
        comment = (comment or "").strip()
        if len(comment) > COMMENT_LENGTH:
            errors.setdefault("comment", []).append(
                _("Комментарий длиннее %(count)s знаков.") % {"count": COMMENT_LENGTH}
            )
        existing = {s.criterion_id: s for s in assignment.scores.all()}
        if complete and not errors:
            scored = {cid for cid in existing if cleaned.get(cid, (True,))[0] is not None}
            scored |= {cid for cid, (points, _note) in cleaned.items() if points is not None}
            missing = [c for cid, c in criteria.items() if cid not in scored]
            for criterion in missing:
                errors.setdefault(score_field(criterion.pk), []).append(
                    _("Поставьте балл, чтобы завершить оценку.")
                )
            if not criteria:
                errors.setdefault("scores", []).append(
                    _("У этапа нет критериев оценки: обратитесь к организатору.")
                )
        if errors:
            raise ValidationError(errors)
        for criterion_id, (points, note) in cleaned.items():
            score = existing.get(criterion_id)
            if points is None:
                if score is not None:
                    score.delete()
            elif score is None:
                Score.objects.create(
                    assignment=assignment, criterion_id=criterion_id, points=points, comment=note
                )
            elif score.points != points or score.comment != note:
                score.points, score.comment = points, note
                score.save(update_fields=["points", "comment", "updated_at"])
        assignment.comment = comment
        assignment.completed_at = (assignment.completed_at or timezone.now()) if complete else None
        assignment.save(update_fields=["comment", "completed_at"])
        return assignment


def judge_progress(stage: Stage) -> list[dict]:
    """For each judge of the stage: role, entries assigned and entries finished (two queries)."""
    counts = {
        row["judge_id"]: row
        for row in Assignment.objects.filter(stage=stage)
        .values("judge_id")
        .annotate(
            assigned=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
        )
    }
    seats: dict[int, JuryMember] = {}
    for seat in JuryMember.objects.filter(stage=stage).select_related("user"):
        # A judge with several nomination seats is one row; the highest role wins.
        current = seats.get(seat.user_id)
        if current is None or _ROLE_ORDER[seat.role] < _ROLE_ORDER[current.role]:
            seats[seat.user_id] = seat
    rows = []
    for user_id, seat in seats.items():
        row = counts.get(user_id, {"assigned": 0, "completed": 0})
        rows.append(
            {
                "judge": seat.user,
                "role": seat.role,
                "assigned": row["assigned"],
                "completed": row["completed"],
                "remaining": row["assigned"] - row["completed"],
            }
        )
    rows.sort(key=lambda r: (_ROLE_ORDER[r["role"]], r["judge"].last_name, r["judge"].pk))
    return rows


_ROLE_ORDER = {JuryMember.Role.CHAIR: 0, JuryMember.Role.SECRETARY: 1, JuryMember.Role.MEMBER: 2}


def visible_scores(user, entry: Entry, stage: Stage):
    """The score sheets of `entry` at `stage` that `user` may read: organisers all of them; an
    assigned judge their own, and the others' once the stage is closed if the contest shows
    them; anyone else none."""
    from ..rules import can_manage_contest

    sheets = (
        Assignment.objects.filter(entry=entry, stage=stage)
        .select_related("judge")
        .prefetch_related("scores__criterion")
        .order_by("judge__last_name", "judge_id")
    )
    if user is None or not user.is_authenticated:
        return sheets.none()
    if can_manage_contest(user, entry.contest):
        return sheets
    own = sheets.filter(judge=user)
    if not own.exists():
        return sheets.none()
    if stage.status == Stage.Status.CLOSED and entry.contest.show_scores_after_close:
        return sheets
    return own


def sheet_total(assignment: Assignment) -> Decimal:
    """Σ points × weight of one score sheet (with its scores prefetched)."""
    return sum((s.points * s.criterion.weight for s in assignment.scores.all()), start=Decimal(0))


def judging_gaps(stage: Stage) -> dict:
    """What keeps the stage from being complete: entries without a judge, unfinished sheets
    (scored stage), entries without a score (test) or without a decision (interview)."""
    entry_stages = EntryStage.objects.filter(stage=stage, entry__status=Entry.Status.SUBMITTED)
    if stage.kind == Stage.Kind.TEST:
        return {"unscored": entry_stages.filter(raw_score__isnull=True).count()}
    if stage.kind == Stage.Kind.INTERVIEW:
        return {"undecided": entry_stages.filter(outcome=EntryStage.Outcome.PENDING).count()}
    assignments = Assignment.objects.filter(stage=stage, entry__status=Entry.Status.SUBMITTED)
    return {
        "unassigned": entry_stages.exclude(entry_id__in=assignments.values("entry_id")).count(),
        "unfinished": assignments.filter(completed_at__isnull=True).count(),
        # Without criteria nobody can finish a sheet; with no entries nothing is missing.
        "no_criteria": int(entry_stages.exists() and not stage.criteria.exists()),
    }


def judging_complete(stage: Stage) -> bool:
    """Every entry of the stage judged: each has judges and every sheet is finished."""
    return not any(judging_gaps(stage).values())
