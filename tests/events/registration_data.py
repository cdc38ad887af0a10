"""Events for the registration tests: realistic, published and open unless told otherwise."""

from datetime import timedelta

from django.utils import timezone

from technopark.events.models import Event, EventKind, Format
from technopark.network.models import Municipality
from tests.factories import OrganisationFactory


def samara_municipality(name: str = "городской округ Самара") -> Municipality:
    found = Municipality.objects.filter(name=name).first()
    return found or Municipality.objects.filter(region__name="Самарская область").first()


def make_event(**fields) -> Event:
    organisation = fields.pop("organisation", None) or OrganisationFactory(
        name="ГБУ ДО ЦДТ «Радуга»"
    )
    starts = fields.pop("starts_at", timezone.now() + timedelta(days=10))
    values = {
        "title": "Открытие региональной стажёрской площадки",
        "kind": EventKind.objects.get_or_create(code="seminar", defaults={"name": "семинар"})[0],
        "organisation": organisation,
        "format": Format.HYBRID,
        "venue": organisation,
        "venue_address": "г. Самара, ул. Молодогвардейская, 33",
        "venue_room": "мини-технопарк «Кванториум»",
        "online_url": "https://meet.example.ru/room/123",
        "online_platform": "Сферум",
        "stream_url": "https://vk.com/video-123",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "status": Event.Status.PUBLISHED,
        "capacity": 10,
        "waitlist": True,
    }
    values.update(fields)
    return Event.objects.create(**values)
