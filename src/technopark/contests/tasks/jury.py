"""Celery tasks of the jury: reminders to judges and diploma batches.

Tasks receive ids, re-read the data and delegate to the services, so a task queued before a
change acts on the state at run time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from technopark.celery import app

__all__ = ["generate_diplomas", "remind_judges"]

REMIND_AGAIN_AFTER = dt.timedelta(days=1)


@app.task(name="technopark.contests.generate_diplomas")
def generate_diplomas(contest_id: int, batch: str = "") -> dict:
    """Issue the contest's diplomas one by one, saving progress after each for the page."""
    from ..models import Contest
    from ..services.diplomas import diploma_recipients, issue_diploma, set_diploma_progress

    contest = Contest.objects.select_related("organisation").get(pk=contest_id)
    recipients = diploma_recipients(contest)
    done = errors = 0
    total = len(recipients)
    set_diploma_progress(contest_id, state="running", done=0, total=total, errors=0, batch=batch)
    for entry, author in recipients:
        try:
            issue_diploma(entry, author)
        except (ValidationError, OSError):
            errors += 1
        done += 1
        set_diploma_progress(
            contest_id, state="running", done=done, total=total, errors=errors, batch=batch
        )
    result = {"state": "done", "done": done, "total": total, "errors": errors, "batch": batch}
    set_diploma_progress(contest_id, **result)
    return result


@app.task(name="technopark.contests.remind_judges", ignore_result=True)
def remind_judges(days: int = 3) -> int:
    """E-mail every judge with unfinished assignments on an open stage that ends within `days`
    days (at most once a day per judge); returns how many judges were written to."""
    from ..models import Assignment, Stage

    today = timezone.localdate()
    now = timezone.now()
    due = (
        Assignment.objects.filter(
            completed_at__isnull=True,
            stage__status=Stage.Status.OPEN,
            stage__ends_on__gte=today,
            stage__ends_on__lte=today + dt.timedelta(days=days),
            entry__status="submitted",
            judge__is_active=True,
        )
        .exclude(reminded_at__gt=now - REMIND_AGAIN_AFTER)
        .select_related("judge", "stage__contest", "entry")
        .order_by("judge_id", "stage_id", "entry__number")
    )
    by_judge: dict[int, list] = {}
    for assignment in due:
        by_judge.setdefault(assignment.judge_id, []).append(assignment)
    for assignments in by_judge.values():
        judge = assignments[0].judge
        with translation.override(judge.language or "ru"):
            send_mail(
                _("Напоминание: оценка конкурсных работ"),
                _reminder_text(judge, assignments),
                settings.DEFAULT_FROM_EMAIL,
                [judge.email],
            )
        Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(reminded_at=now)
    return len(by_judge)


def _reminder_text(judge, assignments) -> str:
    lines = [_("Здравствуйте, %(name)s!") % {"name": judge.get_full_name()}, ""]
    count = len(assignments)
    # No plural forms: Russian has three, a count after a colon reads right for any number.
    lines.append(_("Работ, ожидающих вашей оценки: %(count)s.") % {"count": count})
    for assignment in assignments:
        stage = assignment.stage
        lines.append(
            _("— «%(contest)s», этап «%(stage)s» (до %(date)s): № %(number)s")
            % {
                "contest": stage.contest.title,
                "stage": stage.title,
                "date": stage.ends_on.strftime("%d.%m.%Y"),
                "number": assignment.entry.number,
            }
        )
    lines += ["", _("Оценки вносятся в кабинете члена жюри: %(url)s") % {"url": settings.SITE_URL}]
    return "\n".join(lines)
