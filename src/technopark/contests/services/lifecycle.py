"""The life of a contest: draft → call open → judging → results published → archived.

Every transition is checked against the current status under a lock on the contest row (the
same lock submissions take, so a work cannot slip in while the call is being closed) and
refused with a message that says what is possible instead.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.audit import record

from ..models import Contest, Entry, Stage
from ..rules import can_manage_contest

S = Contest.Status


def check_manager(user, contest: Contest) -> None:
    if not can_manage_contest(user, contest):
        raise PermissionDenied(
            _("Это может делать только организатор конкурса: методист или администратор.")
        )


def _transition(contest: Contest, user, *, allowed: tuple[str, ...], action: str) -> Contest:
    """Lock and re-read the contest; refuse unless its status is one of `allowed`."""
    check_manager(user, contest)
    locked = Contest.objects.select_for_update().get(pk=contest.pk)
    if locked.status not in allowed:
        raise ValidationError(
            {
                "status": _(
                    "Сейчас конкурс в состоянии «%(status)s», поэтому %(action)s нельзя. "
                    "Это возможно, когда он в состоянии: %(allowed)s."
                )
                % {
                    "status": locked.get_status_display(),
                    "action": action,
                    "allowed": ", ".join(f"«{S(value).label}»" for value in allowed),
                }
            },
            code="status",
        )
    return locked


def _save(contest: Contest, status: str, *fields: str) -> Contest:
    contest.status = status
    contest.save(update_fields=["status", "updated_at", *fields])
    return contest


def open_call(contest: Contest, *, user) -> Contest:
    """Announce the contest: nominations, a stage and a future deadline are required."""
    with transaction.atomic():
        contest = _transition(contest, user, allowed=(S.DRAFT,), action=_("объявить приём работ"))
        missing = []
        if not contest.nominations.exists():
            missing.append(_("добавьте хотя бы одну номинацию"))
        if not contest.stages.exists():
            missing.append(_("добавьте хотя бы один этап"))
        closes = contest.submission_closes_at
        if closes is None:
            missing.append(_("укажите, до какого времени принимаются работы"))
        elif closes <= timezone.now():
            missing.append(_("срок приёма работ уже прошёл — укажите новый"))
        if missing:
            raise ValidationError(
                _("Приём работ объявить пока нельзя: %(what)s.") % {"what": "; ".join(missing)},
                code="incomplete",
            )
        _save(contest, S.CALL_OPEN)
    return contest


def start_judging(contest: Contest, *, user) -> Contest:
    """End the call (now, if its deadline is still ahead) and open the first stage."""
    with transaction.atomic():
        contest = _transition(
            contest, user, allowed=(S.CALL_OPEN,), action=_("начать оценку работ")
        )
        if not contest.entries.filter(status=Entry.Status.SUBMITTED).exists():
            raise ValidationError(
                _("На конкурс не подано ни одной работы — оценивать нечего."), code="empty"
            )
        fields = []
        now = timezone.now()
        if contest.submission_closes_at is None or contest.submission_closes_at > now:
            contest.submission_closes_at = now
            fields.append("submission_closes_at")
        _save(contest, S.JUDGING, *fields)
        first = contest.stages.order_by("position").first()
        if first is not None and first.status == Stage.Status.PENDING:
            first.status = Stage.Status.OPEN
            first.save(update_fields=["status"])
    return contest


def _incomplete_stages(contest: Contest) -> list[Stage]:
    """Stages not yet closed with works still unjudged: sheets unfinished (scored), scores
    missing (test) or decisions pending (interview)."""
    from . import results

    stages = contest.stages.exclude(status=Stage.Status.CLOSED)
    return [
        stage
        for stage in stages.order_by("position")
        if stage.entry_stages.exists() and not results.judging_complete(stage)
    ]


def publish_results(contest: Contest, *, user, force: bool = False) -> Contest:
    """Publish the results once judging is complete (or, explicitly, with `force`): the final
    stage is ranked, places are assigned by the award rule, every author is told."""
    from . import results
    from .stages import close_final_stage

    with transaction.atomic():
        contest = _transition(contest, user, allowed=(S.JUDGING,), action=_("опубликовать итоги"))
        stages = list(contest.stages.order_by("position"))
        final = stages[-1] if stages else None
        unfinished = [s for s in stages[:-1] if s.status != Stage.Status.CLOSED]
        if unfinished:
            raise ValidationError(
                _("Сначала закройте этап «%(stage)s»: работы на нём ещё ждут решения.")
                % {"stage": unfinished[0].title},
                code="stage_open",
            )
        incomplete = _incomplete_stages(contest)
        if incomplete and not force:
            raise ValidationError(
                _(
                    "Оценка не завершена: на этапе «%(stage)s» есть работы без оценок жюри, "
                    "без балла или без решения. Дождитесь их или опубликуйте итоги "
                    "принудительно."
                )
                % {"stage": incomplete[0].title},
                code="judging_incomplete",
            )
        if final is not None and final.status != Stage.Status.CLOSED:
            close_final_stage(final)
        results.assign_places(contest)
        contest.results_published_at = timezone.now()
        _save(contest, S.RESULTS_PUBLISHED, "results_published_at")
        record(
            "publish_results",
            target=contest,
            detail="forced: judging incomplete" if incomplete else "judging complete",
        )
        _notify_all(contest)
    return contest


def _notify_all(contest: Contest) -> None:
    from ..tasks.entries import send_entry_email

    ids = list(contest.entries.filter(status=Entry.Status.SUBMITTED).values_list("pk", flat=True))
    transaction.on_commit(lambda: [send_entry_email.delay(pk, "results") for pk in ids])


def archive(contest: Contest, *, user) -> Contest:
    """Move a contest with published results (or an abandoned draft) to the archive."""
    with transaction.atomic():
        contest = _transition(
            contest,
            user,
            allowed=(S.RESULTS_PUBLISHED, S.DRAFT),
            action=_("отправить конкурс в архив"),
        )
        _save(contest, S.ARCHIVED)
    return contest
