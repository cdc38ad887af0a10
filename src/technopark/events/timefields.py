"""Event times: the zones a methodist picks from and wall-clock fields that take the
event's own time zone, so "10:00" means 10:00 where the event happens."""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Time zones of Russia and its neighbours, west to east; the list a methodist picks from.
TIME_ZONES = [
    ("Europe/Kaliningrad", _("Калининград (МСК−1)")),
    ("Europe/Moscow", _("Москва (МСК)")),
    ("Europe/Samara", _("Самара (МСК+1)")),
    ("Asia/Yekaterinburg", _("Екатеринбург (МСК+2)")),
    ("Asia/Omsk", _("Омск (МСК+3)")),
    ("Asia/Novosibirsk", _("Новосибирск (МСК+4)")),
    ("Asia/Irkutsk", _("Иркутск (МСК+5)")),
    ("Asia/Yakutsk", _("Якутск (МСК+6)")),
    ("Asia/Vladivostok", _("Владивосток (МСК+7)")),
    ("Asia/Magadan", _("Магадан (МСК+8)")),
    ("Asia/Kamchatka", _("Камчатка (МСК+9)")),
    ("Europe/Minsk", _("Минск")),
    ("Asia/Almaty", _("Алматы")),
]
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time without a zone; the form attaches the event's own time zone."""

    widget = LocalDateTimeInput
    input_formats = LOCAL_FORMATS

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            result = timezone.make_naive(result)
        return result


def aware(value: datetime | None, zone_name: str) -> datetime | None:
    if value is None:
        return None
    return timezone.make_aware(value, zoneinfo.ZoneInfo(zone_name))


def wall_clock(value: datetime | None, zone_name: str) -> datetime | None:
    """An aware datetime shown as the event's local time (for a datetime-local input)."""
    if value is None:
        return None
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


def zone_or_default(name: str) -> str:
    return name if name in dict(TIME_ZONES) else settings.TIME_ZONE
