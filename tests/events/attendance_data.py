"""Events and registrations for the attendance, feedback, certificate and export tests."""

import datetime as dt
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from technopark.events.models import Attendance, Event, EventKind, Registration
from technopark.network.models import Organisation
from tests.factories import MunicipalityFactory, OrganisationFactory

_emails = itertools.count(1)


def organiser() -> Organisation:
    return OrganisationFactory(
        name="Муниципальное бюджетное учреждение дополнительного образования "
        "«Центр детского творчества «Радуга»»",
        short_name="ЦДТ «Радуга»",
        kind=Organisation.Kind.CREATIVITY_CENTRE,
    )


def make_event(organisation=None, **fields) -> Event:
    starts = fields.pop("starts_at", timezone.make_aware(dt.datetime(2023, 3, 28, 10, 0)))
    defaults = {
        "title": "Открытие областной стажёрской площадки",
        "kind": EventKind.objects.get(code="opening"),
        "organisation": organisation or organiser(),
        "format": "hybrid",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=3),
        "status": Event.Status.HELD,
        "online_url": "https://telemost.yandex.ru/j/123",
        "stream_url": "https://vk.com/video-1_2",
    }
    defaults.update(fields)
    return Event.objects.create(**defaults)


def register(event, full_name="Кузнецова Светлана Игоревна", *, status="confirmed", **fields):
    fields.setdefault("email", f"participant{next(_emails)}@example.ru")
    fields.setdefault("municipality", MunicipalityFactory(name="городской округ Самара"))
    return Registration.objects.create(event=event, full_name=full_name, status=status, **fields)


def attend(registration, mode=Attendance.Mode.IN_PERSON):
    return Attendance.objects.create(registration=registration, mode=mode, source="manual")


def csv_upload(text: str, *, name="participants.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows, *, name="participants.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
