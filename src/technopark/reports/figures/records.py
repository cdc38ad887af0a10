"""The rows behind one figure of a report, for the page "records behind a figure".

`records(scope, start, end, figure, params)` returns what to list: a queryset from the same
`reports.selectors` function the builder aggregated, narrowed by the link's filters (event,
municipality, role, kind of organisation, mode, format, contest, nomination, stage, outcome),
and how to show a row. The page counts that queryset, so its total equals the figure in the report.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Min, OuterRef, Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from technopark.events.models import Attendance, Event, Format

from .. import selectors
from ..scope import ReportError, Scope
from .events import format_label
from .records_base import Records
from .records_base import int_param as _int
from .records_contests import stage, winners, works

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
    "works": works,
    "winners": winners,
    "stage": stage,
    "feedback": _feedback,
    "materials": _materials,
}

__all__ = ["ALIASES", "TITLES", "Records", "records"]
