"""The period report as one JSON-serialisable dict: the single source of every format (JSON,
DOCX, XLSX, PDF, the web page and the dashboard).

    build_report(Scope.initiative(initiative), date_from=None, date_to=None) -> dict

The keys are described in /work/helpers/REPORTS_CONTRACT.md and in the user guide. Every figure
is an aggregate SQL query over the rows that `reports.selectors` names, so the page "records
behind a figure" lists exactly what was counted. The number of queries does not grow with the
number of events.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import parallel, selectors
from .figures import contests as contest_figures
from .figures import events as event_figures
from .figures import people as people_figures
from .scope import INITIATIVE, ReportError, Scope

__all__ = ["ReportError", "Scope", "build_report"]


def build_report(
    scope: Scope, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict:
    """Build the report of `scope` for the period (the scope's default period where an end is
    missing). Raises ReportError on a reversed period; an empty period gives honest zeros."""
    if not isinstance(scope, Scope):
        raise ReportError(_("Не понятно, по чему строить отчёт."), code="unknown_scope")
    start, end = scope.period(date_from, date_to)
    events = selectors.events(scope, start, end)
    event_ids = events.values("pk")

    # Side by side, each on a connection of its own (reports.parallel), while the per-event
    # figures are counted here: the two heaviest passes over the registrations and the four
    # queries over the events.
    unique = parallel.start(people_figures.unique_participants, event_ids)
    breakdown = parallel.start(people_figures.breakdown, event_ids)
    counts = parallel.start(event_figures.by_kind_and_format, scope, start, end)
    by_event, attendance = people_figures.by_event(event_ids)
    event_rows = event_figures.event_rows(events, by_event)
    registrations = sum(row["registrations"] for row in by_event.values())
    stream_views = sum(row["stream_views"] for row in event_rows)
    contests = contest_figures.contests(event_ids, scope, start, end)
    feedback = contest_figures.feedback(event_ids)
    materials = selectors.materials(event_ids).count()
    counts, breakdown = counts(), breakdown()
    report = {
        "scope": {"kind": scope.kind, "title": scope.title, "key": scope.key},
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "events_planned": counts["events_planned"],
        "events_held": counts["events_held"],
        "plan": event_figures.plan(scope, start, end),
        "events_by_kind": counts["events_by_kind"],
        "events_by_format": counts["events_by_format"],
        "registrations": registrations,
        "stream_views": stream_views,
        "reach": registrations + stream_views,
        "unique_participants": unique(),
        "attendance": attendance,
        "municipalities": breakdown["municipalities"],
        "roles": breakdown["roles"],
        "organisation_kinds": breakdown["organisation_kinds"],
        "contests": contests,
        "feedback": feedback,
        "materials": materials,
        "events": event_rows,
    }
    if scope.kind == INITIATIVE:
        initiative = scope.initiative
        report["initiative"] = {
            "slug": initiative.slug,
            "title": initiative.title,
            "topic": initiative.topic,
            "goal": initiative.goal,
            "status_title": initiative.status_title,
            "status": str(initiative.get_status_display()),
            "year": initiative.starts_on.year,
            "organisation": str(initiative.organisation.name),
            "organisation_short": initiative.organisation.short_name,
            "starts_on": initiative.starts_on.isoformat(),
            "ends_on": initiative.ends_on.isoformat(),
        }
    report["conclusion"] = conclusion(scope, report)
    return report


# (report key, label): the headline figures, shown as cards on every report page (each linked
# to its rows) and compared with the previous period on the dashboard.
HEADLINE_FIGURES = (
    ("events_planned", gettext_lazy("Запланировано мероприятий")),
    ("events_held", gettext_lazy("Проведено мероприятий")),
    ("registrations", gettext_lazy("Зарегистрировано участников")),
    ("unique_participants", gettext_lazy("Разных участников")),
    ("attendance_in_person", gettext_lazy("Были очно")),
    ("attendance_online", gettext_lazy("Были онлайн")),
    ("stream_views", gettext_lazy("Просмотров трансляций")),
    ("reach", gettext_lazy("Охват: регистрации + просмотры")),
    ("works", gettext_lazy("Конкурсных работ")),
    ("feedback", gettext_lazy("Анкет обратной связи")),
    ("materials", gettext_lazy("Опубликовано материалов")),
)


def headline_figure(report: dict, key: str) -> int:
    """The value of a headline figure in a built report."""
    if key.startswith("attendance_"):
        return report["attendance"][key.removeprefix("attendance_")]
    if key == "works":
        return sum(c["works"] for c in report.get("contests", []))
    if key == "feedback":
        return report["feedback"]["responses"]
    return report[key]


def conclusion(scope: Scope, report: dict) -> str:
    """The initiative's own conclusion when the methodist wrote one; otherwise a sentence from
    the figures (never a claim the figures do not support)."""
    if scope.kind == INITIATIVE and scope.initiative.conclusion.strip():
        return scope.initiative.conclusion.strip()
    held, planned = report["events_held"], report["events_planned"]
    if not planned and not held:
        return _("За период мероприятий не запланировано и не проведено.")
    # "Label: number" — Russian has three plural forms, so no counted nouns in the sentence.
    parts = [
        _("Проведено мероприятий: %(held)s, запланировано: %(planned)s.")
        % {"held": held, "planned": planned}
    ]
    parts.append(
        _("Зарегистрировано участников: %(registrations)s, просмотров трансляций: %(views)s.")
        % {"registrations": report["registrations"], "views": report["stream_views"]}
    )
    preferred = report["feedback"].get("preferred_label")
    if preferred:
        share = round(report["feedback"]["preferred_format"][report["feedback"]["preferred"]] * 100)
        parts.append(
            _("По опросу участников наиболее востребованная форма — %(format)s (%(share)s %%).")
            % {"format": preferred, "share": share}
        )
    return " ".join(parts)
