"""Stages of a contest: opening, closing with the pass rule, test scores imported from a file,
interview decisions with the assigned direction.

Closing a stage decides who goes on. The score a rule looks at is the stage's aggregated jury
score (the normalised one when the contest normalises judges) or the imported test score:

- all — everyone at the stage passes;
- top N — entries ranked 1…N within their nomination and age category pass (a shared rank at
  the boundary lets every entry sharing it through: they are equal by the documented
  tie-break);
- threshold — a score of at least the threshold passes;
- quota per nomination / per municipality — exactly that many seats per nomination (per
  municipality), taken by score, then the chair's vote (EntryStage.tie_break_vote), then the
  earlier entry;
- an interview stage ignores the rule: its decisions are recorded one by one.

Entries admitted to a later stage by an achievement are already there and are not touched.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.audit import record

from ..models import Contest, Entry, EntryStage, JuryMember, Stage
from ..rules import can_manage_contest
from .lifecycle import check_manager
from .pass_rules import passing, score_of

MAX_SCORE = Decimal("99999.999")


def _locked_stage(stage: Stage) -> Stage:
    # Always the contest row first, as submissions and transitions do: one lock order.
    Contest.objects.select_for_update().get(pk=stage.contest_id)
    return Stage.objects.select_related("contest").get(pk=stage.pk)


def _next_stage(stage: Stage) -> Stage | None:
    return (
        Stage.objects.filter(contest_id=stage.contest_id, position__gt=stage.position)
        .order_by("position")
        .first()
    )


def open_stage(stage: Stage, *, user) -> Stage:
    """Open a pending stage while the contest is being judged, once the stages before it are
    closed."""
    check_manager(user, stage.contest)
    with transaction.atomic():
        stage = _locked_stage(stage)
        if stage.status != Stage.Status.PENDING:
            raise ValidationError(
                _("Этап «%(stage)s» уже %(status)s.")
                % {"stage": stage.title, "status": stage.get_status_display().lower()},
                code="status",
            )
        if stage.contest.status != Contest.Status.JUDGING:
            raise ValidationError(
                _("Этапы открываются, когда приём работ закончен и идёт оценка."), code="status"
            )
        before = stage.contest.stages.filter(position__lt=stage.position)
        open_before = before.exclude(status=Stage.Status.CLOSED).order_by("position").first()
        if open_before is not None:
            raise ValidationError(
                _("Сначала закройте этап «%(stage)s».") % {"stage": open_before.title},
                code="order",
            )
        stage.status = Stage.Status.OPEN
        stage.save(update_fields=["status"])
    return stage


def _live_rows(stage: Stage) -> list[EntryStage]:
    return list(
        EntryStage.objects.filter(stage=stage, entry__status=Entry.Status.SUBMITTED)
        .select_related("entry")
        .order_by("entry__number")
    )


def _score_the_stage(stage: Stage, *, force: bool) -> None:
    """Fill raw/normalised scores and ranks from the jury's sheets (a scored stage) or from the
    imported test scores, with the tie-break documented in services/results.py."""
    if stage.kind == Stage.Kind.INTERVIEW:
        return
    from . import results

    if stage.kind == Stage.Kind.SCORED and not force and not results.judging_complete(stage):
        raise ValidationError(
            _(
                "На этапе «%(stage)s» не все члены жюри завершили оценку. Закрыть этап "
                "можно, когда оценки выставлены."
            )
            % {"stage": stage.title},
            code="judging_incomplete",
        )
    results.compute_stage_results(stage)


def _decide(stage: Stage, rows: list[EntryStage], *, force: bool) -> set[int]:
    """The ids of the entry stages that pass."""
    if stage.kind == Stage.Kind.INTERVIEW:
        pending = [r for r in rows if r.outcome == EntryStage.Outcome.PENDING]
        if pending and not force:
            raise ValidationError(
                _("Не по всем собеседованиям принято решение: ждут решения работы № %(numbers)s.")
                % {"numbers": ", ".join(str(r.entry.number) for r in pending[:20])},
                code="decisions_pending",
            )
        return {r.pk for r in rows if r.outcome == EntryStage.Outcome.PASSED}
    rule, value = stage.pass_rule, stage.pass_value
    if rule != Stage.PassRule.ALL and value is None:
        raise ValidationError(
            {
                "pass_value": _("Для правила «%(rule)s» укажите N, порог или квоту.")
                % {"rule": stage.get_pass_rule_display()}
            }
        )
    counted = rule in (
        Stage.PassRule.TOP_N,
        Stage.PassRule.QUOTA_NOMINATION,
        Stage.PassRule.QUOTA_MUNICIPALITY,
    )
    if counted and (value < 1 or value != value.to_integral_value()):
        raise ValidationError(
            {
                "pass_value": _("Для правила «%(rule)s» нужно целое число работ, не меньше одной.")
                % {"rule": stage.get_pass_rule_display()}
            }
        )
    return passing(rows, rule, value, normalised=stage.contest.normalise)


def _close(stage: Stage, *, force: bool, notify: bool) -> dict:
    _score_the_stage(stage, force=force)
    rows = _live_rows(stage)
    passed = _decide(stage, rows, force=force)
    for row in rows:
        row.outcome = (
            EntryStage.Outcome.PASSED if row.pk in passed else EntryStage.Outcome.NOT_PASSED
        )
    EntryStage.objects.bulk_update(rows, ["outcome"])
    following = _next_stage(stage)
    moved = already = 0
    if following is not None:
        movers = [r.entry for r in rows if r.pk in passed]
        there = set(
            EntryStage.objects.filter(stage=following, entry__in=movers).values_list(
                "entry_id", flat=True
            )
        )
        EntryStage.objects.bulk_create(
            EntryStage(entry=e, stage=following, admission=EntryStage.Admission.PREVIOUS_STAGE)
            for e in movers
            if e.pk not in there
        )
        moved, already = len(movers) - len(there), len(there)
        Entry.objects.filter(pk__in=[e.pk for e in movers]).update(current_stage=following)
    stage.status = Stage.Status.CLOSED
    stage.closed_at = timezone.now()
    stage.save(update_fields=["status", "closed_at"])
    counts = {
        "entries": len(rows),
        "passed": len(passed),
        "not_passed": len(rows) - len(passed),
        "moved": moved,
        "already_there": already,
        "without_score": sum(1 for r in rows if score_of(r, stage.contest.normalise) is None),
        "next_stage": following.pk if following else None,
    }
    record("close_stage", target=stage, detail=" ".join(f"{k}={v}" for k, v in counts.items()))
    if notify:
        _notify(stage, rows, passed)
    return counts


def _notify(stage: Stage, rows: list[EntryStage], passed: set[int]) -> None:
    from ..tasks.entries import send_entry_email

    plan = [(r.entry_id, "stage_passed" if r.pk in passed else "stage_not_passed") for r in rows]
    stage_id = stage.pk
    transaction.on_commit(lambda: [send_entry_email.delay(e, k, stage_id) for e, k in plan])


def close_stage(stage: Stage, *, user, force: bool = False) -> dict:
    """Score the stage, apply its pass rule, move the passing entries to the next stage and
    tell every author; returns the counts. `force` closes despite unfinished judging or
    pending interview decisions (those count as not passed)."""
    check_manager(user, stage.contest)
    with transaction.atomic():
        stage = _locked_stage(stage)
        if stage.status != Stage.Status.OPEN:
            raise ValidationError(
                _("Закрыть можно только идущий этап, а этап «%(stage)s» %(status)s.")
                % {"stage": stage.title, "status": stage.get_status_display().lower()},
                code="status",
            )
        if stage.contest.status != Contest.Status.JUDGING:
            raise ValidationError(_("Этапы закрываются, пока идёт оценка."), code="status")
        return _close(stage, force=force, notify=True)


def close_final_stage(stage: Stage) -> dict:
    """For publish_results (already locked and checked): rank the last stage and close it;
    the results e-mail tells the authors."""
    return _close(stage, force=True, notify=False)


# ---- test scores --------------------------------------------------------------------------


NUMBER_HEADERS = ("номер", "№", "number", "работ", "id")
SCORE_HEADERS = ("балл", "score", "результат", "points", "оценк")


def _header(row: list) -> tuple[int, int] | None:
    lowered = [str(c or "").strip().lower() for c in row]
    number = next((i for i, h in enumerate(lowered) if any(k in h for k in NUMBER_HEADERS)), None)
    score = next(
        (i for i, h in enumerate(lowered) if i != number and any(k in h for k in SCORE_HEADERS)),
        None,
    )
    return (number, score) if number is not None and score is not None else None


def _parse_number(value) -> int | None:
    text = str(value).strip().lstrip("№").strip()
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if number != number.to_integral_value() or number < 1 or number > 10**9:
        return None
    return int(number)


def _parse_score(value) -> Decimal | None:
    try:
        score = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    if not score.is_finite() or score < 0 or score > MAX_SCORE:
        return None
    return score.quantize(Decimal("0.001"))


def _test_stage(stage: Stage, user) -> Stage:
    check_manager(user, stage.contest)
    if stage.kind != Stage.Kind.TEST:
        raise ValidationError(_("Баллы из файла загружаются только на этап тестирования."))
    if stage.status != Stage.Status.OPEN:
        raise ValidationError(
            _("Этап «%(stage)s» %(status)s: загрузить баллы можно только на идущий этап.")
            % {"stage": stage.title, "status": stage.get_status_display().lower()}
        )
    return stage


def import_test_scores(stage: Stage, *, user, upload) -> dict:
    """Read a CSV/XLSX of entry numbers and test scores; every row must match a work at the
    stage, otherwise nothing is written and the bad rows are listed."""
    from technopark.events.services.attendance import MAX_IMPORT_BYTES, read_table

    _test_stage(stage, user)
    table = read_table(upload, max_bytes=MAX_IMPORT_BYTES)
    columns = _header(table[0])
    body = table[1:] if columns else table
    number_col, score_col = columns or (0, 1)
    first_line = 2 if columns else 1
    rows = {r.entry.number: r for r in _live_rows(stage)}
    problems: list[str] = []
    found: dict[int, Decimal] = {}
    for line, cells in enumerate(body, start=first_line):
        cells = list(cells) + ["", ""]
        number, score = _parse_number(cells[number_col]), _parse_score(cells[score_col])
        if number is None:
            problems.append(_("Строка %(line)s: не понятен номер работы.") % {"line": line})
        elif score is None:
            problems.append(
                _("Строка %(line)s: балл должен быть числом не меньше нуля.") % {"line": line}
            )
        elif number not in rows:
            problems.append(
                _("Строка %(line)s: работы № %(number)s на этом этапе нет.")
                % {"line": line, "number": number}
            )
        elif number in found:
            problems.append(
                _("Строка %(line)s: работа № %(number)s уже встречалась выше.")
                % {"line": line, "number": number}
            )
        else:
            found[number] = score
    if problems:
        error = ValidationError({"file": problems}, code="bad_rows")
        error.problems = problems
        raise error
    with transaction.atomic():
        stage = _test_stage(_locked_stage(stage), user)
        changed = []
        for number, score in found.items():
            row = rows[number]
            if row.raw_score != score:
                row.raw_score = score
                changed.append(row)
        EntryStage.objects.bulk_update(changed, ["raw_score"], batch_size=500)
        record(
            "import_test_scores", target=stage, detail=f"rows={len(found)} changed={len(changed)}"
        )
    return {
        "imported": len(found),
        "changed": len(changed),
        "missing": sorted(set(rows) - set(found)),
    }


# ---- interview decisions ------------------------------------------------------------------


def _may_decide(user, stage: Stage) -> bool:
    if can_manage_contest(user, stage.contest):
        return True
    seats = JuryMember.objects.filter(
        stage=stage, user=user, role__in=(JuryMember.Role.CHAIR, JuryMember.Role.SECRETARY)
    )
    return bool(user is not None and user.is_authenticated and seats.exists())


def record_decision(
    entry_stage: EntryStage, *, user, outcome: str, direction: str = "", note: str = ""
) -> EntryStage:
    """The interview's decision: admitted (with the direction or lab assigned) or not."""
    stage = entry_stage.stage
    if not _may_decide(user, stage):
        raise PermissionDenied(
            _("Решение по собеседованию записывает организатор, председатель или секретарь.")
        )
    direction = " ".join(str(direction or "").split())
    note = str(note or "").strip()
    errors = {}
    if outcome not in EntryStage.Outcome.values:
        errors["outcome"] = [_("Выберите решение: прошёл или не прошёл.")]
    elif outcome == EntryStage.Outcome.PASSED and not direction:
        errors["direction"] = [_("Укажите направление или лабораторию, куда принят участник.")]
    if len(direction) > 200:
        errors["direction"] = [_("Слишком длинно: не больше 200 символов.")]
    if len(note) > 2000:
        errors["note"] = [_("Слишком длинно: не больше 2000 символов.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stage = _locked_stage(stage)
        entry_stage = EntryStage.objects.select_related("entry").get(pk=entry_stage.pk)
        if stage.kind != Stage.Kind.INTERVIEW:
            raise ValidationError(_("Решение с направлением записывается только на собеседовании."))
        if stage.status != Stage.Status.OPEN:
            raise ValidationError(
                _("Этап «%(stage)s» %(status)s: решение записать нельзя.")
                % {"stage": stage.title, "status": stage.get_status_display().lower()}
            )
        if entry_stage.entry.status != Entry.Status.SUBMITTED:
            raise ValidationError(_("Работа снята с конкурса: решение по ней не записывается."))
        entry_stage.outcome = outcome
        entry_stage.direction = direction if outcome == EntryStage.Outcome.PASSED else ""
        entry_stage.decision_note = note
        entry_stage.save(update_fields=["outcome", "direction", "decision_note"])
    return entry_stage
