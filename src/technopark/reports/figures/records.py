"""The rows behind one figure of a report, for the page "records behind a figure".

`records(scope, start, end, figure, params)` returns what to list: a queryset from the same
`reports.selectors` function the builder aggregated, narrowed by the link's filters (event,
municipality, role, kind of organisation, mode, format, contest, nomination, stage, outcome),
and how to show a row. The page counts that queryset, so its total equals the figure in the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from technopark.contests.models import Contest, EntryStage, Stage
from technopark.events.models import Attendance, Event, Format

from .. import selectors
from ..scope import ReportError, Scope
from .events import format_label

TITLES = {
    "events": gettext_lazy("Мероприятия периода"),
    "events_planned": gettext_lazy("Запланированные мероприятия"),
    "events_held": gettext_lazy("Проведённые мероприятия"),
    "registrations": gettext_lazy("Зарегистрированные участники"),
    "unique_participants": gettext_lazy("Разные участники"),
    "attended": gettext_lazy("Участники, отмеченные как присутствовавшие"),
    "attendance_in_person": gettext_lazy("Отметки очного присутствия"),
    "attendance_online": gettext_lazy("Отметки онлайн-присутствия"),
    "stream_views": gettext_lazy("Просмотры трансляций"),
    "reach": gettext_lazy("Охват: регистрации и просмотры трансляций"),
    "works": gettext_lazy("Конкурсные работы"),
    "winners": gettext_lazy("Победители и призёры"),
    "stage": gettext_lazy("Работы на этапе конкурса или отбора"),
    "feedback": gettext_lazy("Анкеты обратной связи"),
    "materials": gettext_lazy("Опубликованные материалы"),
}
# Figures that are the registrations list narrowed by a filter of the link.
ALIASES = {"municipalities": "registrations", "roles": "registrations",
           "organisation_kinds": "registrations"}  # fmt: skip


@dataclass
class Records:
    figure: str
    title: str
    columns: list[str]
    queryset: QuerySet
    cells: Callable[[object], list]
    personal: bool
    filters: list[str] = field(default_factory=list)  # human descriptions of the filters
    # A second, short list shown above (plan items) or below (stream views of the reach).
    extra_title: str = ""
    extra_columns: list[str] = field(default_factory=list)
    extra_rows: list[list] = field(default_factory=list)
    extra_total: int = 0
    # The figure itself when it is not the number of listed rows (a sum of stream views, the
    # reach, plan items plus unplanned events); None — the number of rows.
    total: int | None = None
    list_title: str = ""  # the heading of the main list when there is an extra one
    empty: str = ""  # what to say when the main list is empty


def _int(params: dict, name: str) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ReportError(_("Неверная ссылка: «%(name)s» должно быть числом.") % {"name": name})
    return int(value)


def _day(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        from django.utils import timezone

        moment = timezone.localtime(moment).date()
    return date_format(moment, "d.m.Y")


def _person(r) -> str:
    return f"{r.full_name} ({r.email})"


def _event_cells(e: Event) -> list:
    return [
        _day(e.starts_at),
        {"text": e.title, "url": reverse("events:detail", args=[e.pk])},
        e.kind.name,
        format_label(e.format),
        e.get_status_display(),
    ]


def _event_columns() -> list[str]:
    return [_("Дата"), _("Мероприятие"), _("Вид"), _("Форма"), _("Состояние")]


def records(scope: Scope, start: dt.date, end: dt.date, figure: str, params: dict) -> Records:
    """What lies behind `figure`; ReportError (Russian) on a figure or filter it does not know."""
    name = ALIASES.get(figure, figure)
    if name not in TITLES:
        raise ReportError(_("Неизвестный показатель «%(figure)s».") % {"figure": figure})
    events = selectors.events(scope, start, end)
    notes: list[str] = []
    event_id = _int(params, "event")
    if event_id is not None:
        event = events.filter(pk=event_id).first()
        if event is None:
            raise ReportError(_("Такого мероприятия в этом отчёте нет."))
        notes.append(_("мероприятие: %(title)s") % {"title": event.title})
        events = events.filter(pk=event_id)
    ids = events.values("pk")
    builder = _BUILDERS[name]
    result = builder(scope, start, end, events, ids, params, notes)
    result.figure = figure
    result.title = str(TITLES[name])
    result.filters = notes
    return result


def _events(scope, start, end, events, ids, params, notes, *, held=False) -> Records:
    rows = events.filter(status__in=selectors.HELD_STATUSES) if held else events
    kind = (params.get("kind") or "").strip()
    if kind:
        rows = rows.filter(kind__code=kind)
        notes.append(_("вид: %(kind)s") % {"kind": kind})
    fmt = (params.get("format") or "").strip()
    if fmt:
        if fmt not in Format.values:
            raise ReportError(_("Неизвестная форма проведения."))
        rows = rows.filter(format=fmt)
        notes.append(_("форма: %(format)s") % {"format": format_label(fmt)})
    return Records(
        "", "", _event_columns(), rows.select_related("kind").order_by("starts_at", "pk"),
        _event_cells, personal=False,
    )  # fmt: skip


def _held(*args) -> Records:
    return _events(*args, held=True)


def _planned(scope, start, end, events, ids, params, notes) -> Records:
    """Plan items due in the period (above) and the events that realise none (the list)."""
    result = _events(scope, start, end, selectors.unplanned_events(scope, start, end), ids,
                     params, notes)  # fmt: skip
    items = selectors.plan_items(scope, start, end).select_related("kind", "event")
    kind = (params.get("kind") or "").strip()
    if kind:
        items = items.filter(kind__code=kind)
    result.extra_title = _("По плану")
    result.list_title = _("Вне плана")
    result.empty = _("В этом периоде нет мероприятий вне плана.")
    result.extra_columns = [_("Срок"), _("Что запланировано"), _("Вид"), _("Проведено")]
    result.extra_rows = [
        [
            _day(item.planned_for),
            item.title,
            item.kind.name if item.kind else "",
            item.event.title if item.event else _("нет"),
        ]
        for item in items.order_by("planned_for", "position", "pk")
    ]
    result.extra_total = len(result.extra_rows)
    result.total = result.extra_total + result.queryset.count()
    return result


def _registrations(scope, start, end, events, ids, params, notes, *, attended=False) -> Records:
    rows = selectors.registrations(ids)
    if attended:
        rows = rows.filter(Exists(Attendance.objects.filter(registration_id=OuterRef("pk"))))
    municipality = (params.get("municipality") or "").strip()
    if municipality:
        none_label = _("муниципалитет не указан")
        if municipality in ("none", none_label):
            rows = rows.filter(municipality=None)
        elif municipality.isdigit():
            rows = rows.filter(municipality_id=int(municipality))
        else:
            rows = rows.filter(municipality__name=municipality)
        notes.append(_("муниципалитет: %(name)s") % {"name": municipality})
    role = (params.get("role") or "").strip()
    if role:
        rows = rows.filter(role=role)
        notes.append(_("кто: %(role)s") % {"role": role})
    kind = (params.get("kind") or "").strip()
    if kind:  # "none": registrations without an organisation
        rows = (
            rows.filter(organisation=None)
            if kind == "none"
            else rows.filter(organisation__kind=kind)
        )
        notes.append(_("вид организации: %(kind)s") % {"kind": kind})
    return Records(
        "", "",
        [_("Участник"), _("Мероприятие"), _("Организация"), _("Муниципалитет"), _("Кто"),
         _("Состояние")],
        rows.select_related("event", "organisation", "municipality").order_by(
            "event__starts_at", "full_name", "pk"
        ),
        lambda r: [
            _person(r), r.event.title,
            (r.organisation.short_name or r.organisation.name) if r.organisation
            else r.organisation_name,
            r.municipality.name if r.municipality else "",
            r.get_role_display(), r.get_status_display(),
        ],
        personal=True,
    )  # fmt: skip


def _attended(*args) -> Records:
    return _registrations(*args, attended=True)


def _unique(scope, start, end, events, ids, params, notes) -> Records:
    rows = (
        selectors.registrations(ids)
        .values("person")
        .annotate(name=Min("full_name"), email=Min(Lower("email")), n=Count("pk"))
        .order_by("name", "person")
    )
    return Records(
        "", "", [_("Участник"), _("Электронная почта"), _("Регистраций")], rows,
        lambda r: [r["name"], r["email"], r["n"]], personal=True,
    )  # fmt: skip


def _attendance(mode):
    def build(scope, start, end, events, ids, params, notes) -> Records:
        rows = selectors.attendances(ids).filter(mode=mode)
        return Records(
            "", "", [_("Участник"), _("Мероприятие"), _("Откуда отметка"), _("Отмечен")],
            rows.select_related("registration__event").order_by(
                "registration__event__starts_at", "registration__full_name", "pk"
            ),
            lambda a: [_person(a.registration), a.registration.event.title,
                       a.get_source_display(), _day(a.checked_in_at)],
            personal=True,
        )  # fmt: skip

    return build


def _streams(scope, start, end, events, ids, params, notes) -> Records:
    views = selectors.stream_views(ids).aggregate(n=Sum("count"))["n"] or 0
    return Records(
        "", "", [_("Мероприятие"), _("Где трансляция"), _("Дата"), _("Просмотров"),
                 _("Примечание")],
        selectors.stream_views(ids).select_related("event").order_by("event__starts_at", "pk"),
        lambda s: [s.event.title, s.source, _day(s.recorded_on), s.count, s.note],
        personal=False, total=views,
    )  # fmt: skip


def _reach(*args) -> Records:
    result = _registrations(*args)
    streams = _streams(*args)
    result.extra_title = _("Просмотры трансляций")
    result.list_title = _("Регистрации")
    result.extra_columns = streams.columns
    result.extra_total = streams.queryset.count()
    result.extra_rows = [streams.cells(s) for s in streams.queryset[:200]]
    result.total = result.queryset.count() + streams.total
    return result


def _contests(scope, start, end, ids, params):
    """The report's contests, or the one the link names; narrowed to an event, only those held
    under it (a contest run without an event belongs to no event)."""
    own = None if _int(params, "event") is not None else scope
    contests = selectors.contests(ids, own, start, end)
    contest_id = _int(params, "contest")
    if contest_id is not None:
        contests = contests.filter(pk=contest_id)
    return contests


def _works(scope, start, end, events, ids, params, notes, *, winners=False) -> Records:
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


def _winners(*args) -> Records:
    return _works(*args, winners=True)


def _feedback(scope, start, end, events, ids, params, notes) -> Records:
    rows = selectors.feedback(ids)
    fmt = (params.get("format") or "").strip()
    if fmt:
        if fmt not in Format.values:
            raise ReportError(_("Неизвестная форма проведения."))
        rows = rows.filter(preferred_format=fmt)
        notes.append(_("удобная форма: %(format)s") % {"format": format_label(fmt)})
    return Records(
        "", "", [_("Мероприятие"), _("Оценка"), _("Удобная форма"), _("Придёт ещё"), _("Отзыв")],
        rows.select_related("event").order_by("event__starts_at", "pk"),
        lambda f: [f.event.title, f.rating, format_label(f.preferred_format),
                   _("да") if f.would_attend_again else _("нет"), f.comment],
        personal=False,
    )  # fmt: skip


def _score(value: Decimal | None) -> Decimal | str:
    """31.000 → 31, 26.500 → 26.5 (the page writes the decimal comma)."""
    if value is None:
        return ""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


STAGE_OUTCOMES = {
    "passed": Q(outcome=EntryStage.Outcome.PASSED),
    "not_passed": Q(outcome=EntryStage.Outcome.NOT_PASSED),
    "pending": Q(outcome=EntryStage.Outcome.PENDING),
    "by_achievement": Q(admission=EntryStage.Admission.ACHIEVEMENT),
}


def _stage(scope, start, end, events, ids, params, notes) -> Records:
    """The works at a stage of a contest (or at every stage), by what was decided."""
    contests = _contests(scope, start, end, ids, params)
    rows = selectors.stage_entries(contests.values("pk"))
    stage_id = _int(params, "stage")
    if stage_id is not None:
        stage = Stage.objects.filter(pk=stage_id, contest__in=contests).first()
        if stage is None:
            raise ReportError(_("Такого этапа в этом отчёте нет."))
        notes.append(_("этап: %(title)s") % {"title": stage.title})
        rows = rows.filter(stage_id=stage_id)
    outcome = (params.get("outcome") or "").strip()
    if outcome:
        if outcome not in STAGE_OUTCOMES:
            raise ReportError(_("Неизвестное решение по этапу «%(value)s».") % {"value": outcome})
        rows = rows.filter(STAGE_OUTCOMES[outcome])
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


def _materials(scope, start, end, events, ids, params, notes) -> Records:
    return Records(
        "", "", [_("Мероприятие"), _("Материал")],
        selectors.materials(ids).select_related("event").order_by("event__starts_at", "pk"),
        lambda m: [m.event.title,
                   {"text": m.title, "url": m.url or (m.file.url if m.file else "")}],
        personal=False,
    )  # fmt: skip


_BUILDERS = {
    "events": _events,
    "events_planned": _planned,
    "events_held": _held,
    "registrations": _registrations,
    "unique_participants": _unique,
    "attended": _attended,
    "attendance_in_person": _attendance(Attendance.Mode.IN_PERSON),
    "attendance_online": _attendance(Attendance.Mode.ONLINE),
    "stream_views": _streams,
    "reach": _reach,
    "works": _works,
    "winners": _winners,
    "stage": _stage,
    "feedback": _feedback,
    "materials": _materials,
}

__all__ = ["ALIASES", "TITLES", "Records", "records"]
