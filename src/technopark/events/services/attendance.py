"""Attendance: check-in at the door by code or QR, check-in from the list, and the online
participant list imported from the video platform. Attendance is stored apart from
registration: a registration says who meant to come, an attendance that they came."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from technopark.core.audit import record
from technopark.core.files import validate_upload

from ..models import Attendance, Event, Registration

MAX_IMPORT_BYTES = 5 * 1024 * 1024

# Why a registration cannot be checked in, by status: said to the person at the door.
REFUSALS = {
    Registration.Status.CANCELLED: gettext_lazy(
        "Регистрация отменена участником — отметить нельзя."
    ),
    Registration.Status.REJECTED: gettext_lazy("Заявка отклонена организатором — отметить нельзя."),
    Registration.Status.WAITLISTED: gettext_lazy(
        "Участник в листе ожидания, места ему не досталось."
    ),
    Registration.Status.PENDING: gettext_lazy("Заявка ещё не подтверждена организатором."),
}


@dataclass
class CheckIn:
    registration: Registration
    attendance: Attendance
    created: bool

    @property
    def time(self) -> str:
        return local_time(self.registration.event, self.attendance.checked_in_at)

    @property
    def message(self) -> str:
        if self.created:
            return _("Отмечен: %(name)s") % {"name": self.registration.full_name}
        return _("%(name)s уже отмечен в %(time)s") % {
            "name": self.registration.full_name,
            "time": local_time(self.registration.event, self.attendance.checked_in_at),
        }


def local_time(event: Event, moment) -> str:
    """Wall-clock time at the event's place, as the people at the door see it."""
    try:
        zone = zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_current_timezone()
    return timezone.localtime(moment, zone).strftime("%H:%M")


def normalise_code(raw: str) -> str:
    """A typed code, a scanned code, or a scanned link that carries the code — as the code."""
    text = (raw or "").strip()
    if "/" in text or "?" in text:
        parsed = urlparse(text)
        query = parse_qs(parsed.query)
        if query.get("code"):
            text = query["code"][0]
        else:
            parts = [p for p in parsed.path.split("/") if p]
            text = parts[-1] if parts else ""
    return re.sub(r"[\s\-]", "", text).upper()[:32]


def check_in(
    event: Event,
    *,
    code: str,
    mode: str = Attendance.Mode.IN_PERSON,
    by=None,
    source: str = Attendance.Source.CODE,
) -> CheckIn:
    """Mark a confirmed registration of this event as present; a second scan changes nothing."""
    if mode not in Attendance.Mode.values:
        raise ValidationError(_("Неизвестный способ участия."), code="mode")
    if source not in Attendance.Source.values:
        raise ValidationError(_("Неизвестный способ отметки."), code="source")
    normalised = normalise_code(code)
    if not normalised:
        raise ValidationError(_("Введите код участника."), code="empty")
    with transaction.atomic():
        # The row lock makes two scans of one code at two doors wait for each other, so the
        # second sees the first one's attendance instead of failing on the unique key.
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "organisation", "municipality")
            .filter(code=normalised)
            .first()
        )
        if registration is None:
            raise ValidationError(
                _("Код «%(code)s» не найден. Проверьте, правильно ли он введён.")
                % {"code": normalised},
                code="unknown",
            )
        if registration.event_id != event.pk:
            raise ValidationError(
                _("Этот код выдан на другое мероприятие, а не на «%(event)s».")
                % {"event": event.title},
                code="foreign",
            )
        if registration.status != Registration.Status.CONFIRMED:
            raise ValidationError(str(REFUSALS[registration.status]), code=registration.status)
        existing = registration.attendances.filter(mode=mode).first()
        if existing is not None:
            return CheckIn(registration, existing, created=False)
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    registration=registration,
                    mode=mode,
                    source=source,
                    checked_in_by=by if getattr(by, "pk", None) else None,
                )
        except IntegrityError:  # a concurrent writer on a database without row locks
            return CheckIn(registration, registration.attendances.get(mode=mode), created=False)
        record("check_in", target=registration, detail=f"{mode}/{source}")
        return CheckIn(registration, attendance, created=True)


def find_for_check_in(event: Event, query: str, *, limit: int = 20):
    """Registrations of the event whose name, e-mail or organisation contains the query."""
    from django.db.models import Q

    query = " ".join((query or "").split())
    registrations = (
        event.registrations.select_related("organisation")
        .prefetch_related("attendances")
        .order_by("full_name", "pk")
    )
    if not query:
        return registrations.none()
    condition = Q()
    for word in query.split()[:4]:
        condition &= (
            _contains("full_name", word)
            | Q(email__icontains=word)
            | _contains("organisation_name", word)
            | _contains("organisation__name", word)
            | Q(code__iexact=word)
        )
    return registrations.filter(condition)[:limit]


def _contains(field: str, word: str):
    """Case-insensitive "contains" that also works for Cyrillic on SQLite, whose LIKE and
    lower() fold ASCII letters only: ask for the spellings people actually type."""
    from django.db import connection
    from django.db.models import Q

    if connection.vendor != "sqlite":
        return Q(**{f"{field}__icontains": word})
    condition = Q()
    for variant in {word, word.lower(), word.capitalize(), word.upper()}:
        condition |= Q(**{f"{field}__contains": variant})
    return condition


# ---- Online attendance imported from the video platform ------------------------------------

MAX_TABLE_ROWS = 20_000


def _unreadable() -> ValidationError:
    return ValidationError(
        _(
            "Не удалось прочитать файл. Сохраните список как CSV (UTF-8 или Windows-1251) "
            "или как книгу Excel (XLSX) и загрузите снова."
        ),
        code="unreadable",
    )


def _decode(data: bytes) -> str:
    # Platforms export UTF-8 (often with a byte-order mark); Excel on Russian Windows saves
    # CSV in Windows-1251.
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _unreadable()


def read_table(upload, *, max_bytes: int) -> list[list]:
    """The first sheet of an XLSX or the rows of a CSV (any of , ; tab), checked by content."""
    import csv
    import io

    extension = validate_upload(upload, allowed={"csv", "xlsx"}, max_bytes=max_bytes)
    upload.seek(0)
    data = upload.read()
    if extension == "csv":
        text = _decode(data)
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))[:MAX_TABLE_ROWS]
    else:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            rows = []
            for values in sheet.iter_rows(values_only=True):
                rows.append(["" if v is None else v for v in values])
                if len(rows) >= MAX_TABLE_ROWS:
                    break
            workbook.close()
        except Exception as error:  # openpyxl raises many kinds on a broken workbook
            raise _unreadable() from error
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        raise ValidationError(_("В файле нет ни одной строки."), code="empty")
    return rows


EMAIL_HEADERS = ("e-mail", "email", "почт", "mail")
NAME_HEADERS = ("фио", "имя", "участник", "name", "participant", "пользовател", "фамилия")


@dataclass
class ImportRow:
    line: int
    name: str
    email: str
    registration: Registration | None = None
    candidates: list[Registration] = field(default_factory=list)
    reason: str = ""
    created: bool = False


@dataclass
class ImportReport:
    matched: list[ImportRow] = field(default_factory=list)
    unmatched: list[ImportRow] = field(default_factory=list)
    ambiguous: list[ImportRow] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for row in self.matched if row.created)


def normalise_name(name: str) -> tuple[str, ...]:
    """ "Иванова  Мария Петровна", "мария иванова (МБОУ)" → sorted words without ё and noise."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", (name or "").lower().replace("ё", "е"))
    words = re.findall(r"[a-zа-я]+", text)
    return tuple(sorted(words))


def _same_person(registered: tuple[str, ...], listed: tuple[str, ...]) -> bool:
    # Platforms show "Имя Фамилия" without the patronymic: two listed words inside the
    # registered full name are enough, one word never is.
    if not listed or len(listed) < 2:
        return False
    return registered == listed or set(listed) <= set(registered)


def _columns(header: list[str]) -> tuple[int | None, int | None]:
    lowered = [str(cell or "").strip().lower() for cell in header]
    email = next((i for i, h in enumerate(lowered) if any(k in h for k in EMAIL_HEADERS)), None)
    name = next(
        (i for i, h in enumerate(lowered) if i != email and any(k in h for k in NAME_HEADERS)),
        None,
    )
    return name, email


def parse_participant_list(upload) -> list[ImportRow]:
    """Rows of the platform's list with a name and/or an e-mail; refuses what cannot be read."""
    rows = read_table(upload, max_bytes=MAX_IMPORT_BYTES)
    header_at = next((i for i, row in enumerate(rows[:10]) if _columns(row) != (None, None)), None)
    if header_at is None:
        raise ValidationError(
            _(
                "В файле не нашлось столбца с именем или электронной почтой участников. "
                "Выгрузите список участников с платформы целиком, с заголовками."
            ),
            code="no_columns",
        )
    name_col, email_col = _columns(rows[header_at])
    parsed = []
    for line, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        name, email = _cell(row, name_col), _cell(row, email_col).lower()
        if name or email:
            parsed.append(ImportRow(line=line, name=name, email=email))
    return parsed


def _cell(row: list, col: int | None) -> str:
    if col is None or col >= len(row) or row[col] in (None, ""):
        return ""
    return str(row[col]).strip()


def import_online_attendance(event: Event, *, upload, by=None) -> ImportReport:
    """Match the platform's participant list to registrations (e-mail first, then full name)
    and mark the matched as attended online; unreadable files change nothing."""
    rows = parse_participant_list(upload)
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).prefetch_related(
            "attendances"
        )
    )
    by_email = {r.email.lower(): r for r in registrations}
    names = [(normalise_name(r.full_name), r) for r in registrations]
    report = ImportReport()
    seen: set[int] = set()
    with transaction.atomic():
        for row in rows:
            registration = by_email.get(row.email) if row.email else None
            if registration is None:
                listed = normalise_name(row.name)
                candidates = [r for key, r in names if _same_person(key, listed)]
                if len(candidates) > 1:
                    row.candidates = candidates
                    row.reason = _("подходят несколько зарегистрированных")
                    report.ambiguous.append(row)
                    continue
                registration = candidates[0] if candidates else None
            if registration is None:
                row.reason = _("нет среди подтверждённых регистраций")
                report.unmatched.append(row)
                continue
            row.registration = registration
            if registration.pk not in seen:
                seen.add(registration.pk)
                _attendance, row.created = Attendance.objects.get_or_create(
                    registration=registration,
                    mode=Attendance.Mode.ONLINE,
                    defaults={
                        "source": Attendance.Source.IMPORT,
                        "checked_in_by": by if getattr(by, "pk", None) else None,
                    },
                )
            report.matched.append(row)
        record(
            "import_attendance",
            target=event,
            detail=(
                f"matched={len(report.matched)} unmatched={len(report.unmatched)} "
                f"ambiguous={len(report.ambiguous)} created={report.created}"
            ),
        )
    return report
