"""Stream views: people who watched the live stream without registering. Stored per stream
entry and never mixed into registrations; reach = registered + stream views."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.audit import record

from ..models import Event, StreamViews
from .attendance import read_table

# A regional centre's stream is watched by tens or thousands; a million is a typing slip.
MAX_VIEWS = 1_000_000
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _count(value) -> int:
    if isinstance(value, bool):
        raise ValidationError(_("Число просмотров должно быть целым числом."), code="count")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if not text.lstrip("-").isdigit():
            raise ValidationError(_("Число просмотров должно быть целым числом."), code="count")
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError(_("Число просмотров должно быть целым числом."), code="count")
    if value < 0:
        raise ValidationError(_("Число просмотров не может быть отрицательным."), code="negative")
    if value > MAX_VIEWS:
        raise ValidationError(
            _("Слишком большое число просмотров: больше %(max)s. Проверьте, нет ли опечатки.")
            % {"max": f"{MAX_VIEWS:,}".replace(",", "\u00a0")},
            code="absurd",
        )
    return value


def _date(event: Event, value) -> dt.date:
    if value in (None, ""):
        return timezone.localdate()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
            try:
                value = dt.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise ValidationError(
                _("Не понятна дата «%(value)s». Пишите так: 28.03.2023.") % {"value": text[:20]},
                code="date",
            )
    if not isinstance(value, dt.date):
        raise ValidationError(_("Укажите дату."), code="date")
    starts_on = timezone.localtime(event.starts_at).date()
    if value < starts_on:
        raise ValidationError(
            _("Дата раньше начала мероприятия (%(date)s).")
            % {"date": starts_on.strftime("%d.%m.%Y")},
            code="date_before",
        )
    if value > timezone.localdate():
        raise ValidationError(_("Дата ещё не наступила."), code="date_future")
    return value


def _source(value) -> str:
    source = " ".join(str(value or "").split())
    if not source:
        raise ValidationError(_("Укажите, где шла трансляция."), code="source")
    if len(source) > 200:
        raise ValidationError(_("Слишком длинно: не больше 200 символов."), code="source")
    return source


def record_stream_views(
    event: Event, *, count, source: str, recorded_on=None, by=None, note: str = ""
) -> StreamViews:
    """One figure of viewers of one stream; impossible figures and dates are refused."""
    errors = {}
    cleaned = {}
    for name, check, value in (
        ("count", _count, count),
        ("source", _source, source),
        ("recorded_on", lambda v: _date(event, v), recorded_on),
    ):
        try:
            cleaned[name] = check(value)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return StreamViews.objects.create(
            event=event,
            note=" ".join(str(note or "").split())[:300],
            created_by=by if getattr(by, "pk", None) else None,
            **cleaned,
        )


def total_stream_views(event: Event) -> int:
    return event.stream_views.aggregate(total=Sum("count"))["total"] or 0


def _looks_like_header(row: list) -> bool:
    first = str(row[0]).strip().lower() if row else ""
    return bool(first) and not first[0].isdigit() and not isinstance(row[0], dt.date)


def import_stream_views(event: Event, *, upload, source: str = "", by=None) -> list[StreamViews]:
    """Rows "date; views; where" from CSV or XLSX; one bad row refuses the whole file."""
    rows = read_table(upload, max_bytes=MAX_IMPORT_BYTES)
    if _looks_like_header(rows[0]):
        rows = rows[1:]
        start = 2
    else:
        start = 1
    if not rows:
        raise ValidationError(_("В файле нет ни одной строки с просмотрами."), code="empty")
    entries, problems = [], []
    for line, row in enumerate(rows, start=start):
        cells = list(row) + ["", "", "", ""]
        try:
            entries.append(
                {
                    "recorded_on": _date(event, cells[0]),
                    "count": _count(cells[1]),
                    "source": _source(cells[2] or source),
                    "note": " ".join(str(cells[3] or "").split())[:300],
                }
            )
        except ValidationError as error:
            problems.append(
                _("Строка %(line)s: %(error)s") % {"line": line, "error": " ".join(error.messages)}
            )
    if problems:
        more = len(problems) - 10
        if more > 0:
            problems = problems[:10] + [_("…и ещё строк с ошибками: %(n)s.") % {"n": more}]
        raise ValidationError(problems, code="rows")
    with transaction.atomic():
        created = [
            StreamViews.objects.create(
                event=event, created_by=by if getattr(by, "pk", None) else None, **entry
            )
            for entry in entries
        ]
        record("import_stream_views", target=event, detail=f"rows={len(created)}")
    return created
