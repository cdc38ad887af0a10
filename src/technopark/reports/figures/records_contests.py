"""The works behind a report's contest figures: all works, the winners, and the works at a
stage by what was decided (the lists of reports.figures.records)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from technopark.contests.models import Contest, Stage

from .. import selectors
from ..scope import ReportError
from .records_base import Records
from .records_base import int_param as _int


def _contests(scope, start, end, ids, params):
    """The report's contests, or the one the link names; narrowed to an event, only those held
    under it (a contest run without an event belongs to no event)."""
    own = None if _int(params, "event") is not None else scope
    contests = selectors.contests(ids, own, start, end)
    contest_id = _int(params, "contest")
    if contest_id is not None:
        contests = contests.filter(pk=contest_id)
    return contests


def works(scope, start, end, events, ids, params, notes, *, winners=False) -> Records:
    contests = _contests(scope, start, end, ids, params)
    if winners:
        contests = contests.filter(
            Q(status=Contest.Status.RESULTS_PUBLISHED) | Q(results_published_at__isnull=False)
        )
    rows = selectors.works(contests.values("pk"))
    if winners:
        rows = rows.filter(place__in=selectors.WINNING_PLACES)
    nomination = _int(params, "nomination")
    if nomination is not None:
        rows = rows.filter(nomination_id=nomination)
    return Records(
        "", "", [_("№"), _("Работа"), _("Номинация"), _("Авторы"), _("Организация"),
                 _("Муниципалитет"), _("Награда")],
        rows.select_related("contest", "nomination", "organisation", "municipality")
        .prefetch_related("authors").order_by("contest_id", "nomination__position", "number"),
        lambda e: [e.number, e.title, e.nomination.name,
                   ", ".join(a.full_name for a in e.authors.all()) or e.team_name,
                   str(e.organisation or ""), str(e.municipality or ""),
                   e.get_place_display() if e.place else ""],
        personal=True,
    )  # fmt: skip


def winners(*args) -> Records:
    return works(*args, winners=True)


def _score(value: Decimal | None) -> Decimal | str:
    """31.000 → 31, 26.500 → 26.5 (the page writes the decimal comma)."""
    if value is None:
        return ""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def stage(scope, start, end, events, ids, params, notes) -> Records:
    """The works at a stage of a contest (or at every stage), by what was decided."""
    contests = _contests(scope, start, end, ids, params)
    rows = selectors.stage_entries(contests.values("pk"))
    stage_id = _int(params, "stage")
    if stage_id is not None:
        chosen = Stage.objects.filter(pk=stage_id, contest__in=contests).first()
        if chosen is None:
            raise ReportError(_("Такого этапа в этом отчёте нет."))
        notes.append(_("этап: %(title)s") % {"title": chosen.title})
        rows = rows.filter(stage_id=stage_id)
    outcome = (params.get("outcome") or "").strip()
    if outcome:
        if outcome not in selectors.STAGE_OUTCOMES:
            raise ReportError(_("Неизвестное решение по этапу «%(value)s».") % {"value": outcome})
        rows = rows.filter(selectors.STAGE_OUTCOMES[outcome])
        notes.append(str(STAGE_OUTCOME_NOTES[outcome]))

    def cells(s) -> list:
        row = [
            s.entry.number,
            s.entry.title,
            s.entry.nomination.name,
            ", ".join(a.full_name for a in s.entry.authors.all()) or s.entry.team_name,
            str(s.entry.organisation or ""),
            str(s.entry.municipality or ""),
            s.get_admission_display(),
            _score(s.raw_score),
            s.get_outcome_display(),
        ]
        return row if stage_id is not None else [s.stage.title, *row]

    columns = [
        _("№"),
        _("Работа"),
        _("Номинация"),
        _("Авторы"),
        _("Организация"),
        _("Муниципалитет"),
        _("Как попала на этап"),
        _("Балл"),
        _("Решение"),
    ]
    return Records(
        "", "", columns if stage_id is not None else [_("Этап"), *columns],
        rows.select_related("stage", "entry__nomination", "entry__organisation",
                            "entry__municipality")
        .prefetch_related("entry__authors")
        .order_by("stage__contest_id", "stage__position", "rank", "entry__number"),
        cells,
        personal=True,
    )  # fmt: skip


STAGE_OUTCOME_NOTES = {
    "passed": gettext_lazy("прошли дальше"),
    "not_passed": gettext_lazy("не прошли"),
    "pending": gettext_lazy("ждут решения"),
    "by_achievement": gettext_lazy("попали на этап по достижению, без предыдущих этапов"),
}
