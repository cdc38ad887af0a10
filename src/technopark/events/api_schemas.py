"""Request and response shapes of the events API (field names are the public contract)."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .models import Event, Format, Registration

# Ids are 64-bit in both databases; a larger number is refused before it reaches a query.
MAX_ID = 2**63 - 1


class EventOut(Schema):
    id: int
    title: str
    kind: str
    kind_name: str
    audience: str
    format: str
    organisation: int
    partners: list[int]
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    venue: int | None
    venue_address: str
    venue_room: str
    online_url: str
    online_platform: str
    stream_url: str
    capacity: int | None
    waitlist: bool
    moderation: bool
    registration_opens_at: dt.datetime | None
    registration_closes_at: dt.datetime | None
    status: str
    description: str
    recording_url: str

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_venue(obj) -> int | None:
        return obj.venue_id

    @staticmethod
    def resolve_partners(obj) -> list[int]:
        return [p.pk for p in obj.partners.all()]


class EventPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    kind: str | None = Field(None, description="Код вида мероприятия, например seminar")
    audience: Event.Audience | None = None
    format: Format | None = None
    organisation: int | None = Field(None, description="Номер организации-организатора")
    partners: list[int] | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    time_zone: str | None = Field(None, max_length=50)
    venue: int | None = Field(None, description="Номер организации-площадки")
    venue_address: str | None = Field(None, max_length=400)
    venue_room: str | None = Field(None, max_length=200)
    online_url: str | None = Field(None, max_length=500)
    online_platform: str | None = Field(None, max_length=100)
    stream_url: str | None = Field(None, max_length=500)
    capacity: int | None = Field(None, ge=0, description="Пусто (null) — без ограничения")
    waitlist: bool | None = None
    moderation: bool | None = None
    registration_opens_at: dt.datetime | None = None
    registration_closes_at: dt.datetime | None = None
    status: Event.Status | None = None
    description: str | None = None
    recording_url: str | None = Field(None, max_length=500)


class EventIn(EventPatch):
    title: str = Field(..., min_length=1, max_length=300)
    kind: str = Field(..., description="Код вида мероприятия, например seminar")
    format: Format
    organisation: int = Field(..., description="Номер организации-организатора")
    starts_at: dt.datetime
    ends_at: dt.datetime


class EventFilters(Schema):
    status: Event.Status | None = None
    kind: str = Field("", max_length=40, description="Код вида мероприятия")
    format: Format | None = None
    audience: Event.Audience | None = None
    from_: dt.date | None = Field(None, alias="from", description="Не раньше этой даты")
    to: dt.date | None = Field(None, description="Не позже этой даты")


class RegistrationIn(Schema):
    full_name: str = Field(..., max_length=300)
    email: str = Field(..., max_length=254)
    organisation: int | str | None = Field(
        None, description="Номер организации из справочника или её название"
    )
    municipality: int | None = Field(
        None, ge=1, le=MAX_ID, description="Номер муниципалитета из справочника"
    )
    role: Registration.ParticipantRole = Registration.ParticipantRole.TEACHER
    answers: dict[str, Any] = Field(default_factory=dict, description="Номер вопроса → ответ")
    sessions: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="Номера выбранных пунктов программы с ограниченным числом мест "
        "(см. `GET /events/{id}/sessions`); если на одном из них мест нет — `409`",
    )


class RegistrationOut(Schema):
    id: int
    status: str
    code: str | None = Field(None, description="Код для отметки и отмены; только при создании")
    sessions: list[int] = Field(default_factory=list, description="Выбранные пункты программы")


class SessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    capacity: int | None
    places_left: int | None = Field(None, description="Свободных мест; null — без ограничения")
    choosable: bool = Field(description="Выбирается при регистрации (у пункта есть число мест)")


class AnswerOut(Schema):
    label: str
    value: Any


class RegistrationRow(Schema):
    id: int
    full_name: str
    email: str
    organisation: int | None
    organisation_name: str
    municipality: int | None
    municipality_name: str
    role: str
    status: str
    created_at: dt.datetime
    attended_in_person: bool
    attended_online: bool
    answers: list[AnswerOut]
    sessions: list[int]

    @staticmethod
    def resolve_sessions(obj) -> list[int]:
        return [s.pk for s in obj.sessions.all()]

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_municipality(obj) -> int | None:
        return obj.municipality_id

    @staticmethod
    def resolve_municipality_name(obj) -> str:
        return obj.municipality.name if obj.municipality_id else ""

    @staticmethod
    def resolve_answers(obj) -> list[dict]:
        return [{"label": a.label, "value": a.value} for a in obj.answers.all()]


class RegistrationFilters(Schema):
    status: Registration.Status | None = None
    attended: bool | None = None
    municipality: int | None = Field(None, ge=1, le=MAX_ID)
    organisation: str = Field("", max_length=200, description="Номер или часть названия")
    role: Registration.ParticipantRole | None = None


class StreamViewsIn(Schema):
    count: int = Field(..., description="Число просмотров, не меньше 0")
    source: str = Field(..., max_length=200, description="Где шла трансляция")
    recorded_on: dt.date | None = None


class StreamViewsOut(Schema):
    id: int
    count: int
    source: str
    recorded_on: dt.date


class PlaceCount(Schema):
    name: str
    participants: int


class StatsOut(Schema):
    registered: int
    confirmed: int
    waitlisted: int
    pending: int
    attended_in_person: int
    attended_online: int
    stream_views: int
    reach: int
    by_municipality: list[PlaceCount]


class Detail(Schema):
    detail: str
