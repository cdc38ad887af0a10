"""E-mails to participants: confirmation, promotion from the waiting list, moderation results
and the day-before reminder. Each carries the status, the time in the event's own time zone,
where to come or which link to open, the QR code for check-in and an ICS file for calendars."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from email.mime.image import MIMEImage
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event, Format, Registration

KINDS = ("confirmation", "promoted", "approved", "rejected", "reminder")
# URL names the pages area may define for a participant's own registration page.
REGISTRATION_PAGE_NAMES = ("events:registration", "events:my_registration")


def _subject(kind: str, registration: Registration) -> str:
    title = registration.event.title
    if kind == "promoted":
        return _("Освободилось место: вы участник — %(title)s") % {"title": title}
    if kind == "approved":
        return _("Заявка подтверждена — %(title)s") % {"title": title}
    if kind == "rejected":
        return _("Заявка отклонена — %(title)s") % {"title": title}
    if kind == "reminder":
        return _("Напоминание: завтра — %(title)s") % {"title": title}
    status = registration.status
    if status == Registration.Status.WAITLISTED:
        return _("Вы в листе ожидания — %(title)s") % {"title": title}
    if status == Registration.Status.PENDING:
        return _("Заявка получена и ждёт подтверждения — %(title)s") % {"title": title}
    return _("Вы зарегистрированы — %(title)s") % {"title": title}


def event_zone(event: Event):
    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def registration_url(registration: Registration) -> str:
    for name in REGISTRATION_PAGE_NAMES:
        try:
            return settings.SITE_URL + reverse(name, kwargs={"code": registration.code})
        except NoReverseMatch:
            continue
    try:
        return settings.SITE_URL + reverse("events:detail", kwargs={"pk": registration.event_id})
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def place_lines(event: Event) -> dict:
    """Where to come and what to open, by the event's format."""
    in_person = event.format in (Format.IN_PERSON, Format.HYBRID)
    online = event.format in (Format.ONLINE, Format.HYBRID)
    venue = ""
    if in_person:
        parts = [
            event.venue.name if event.venue_id else "",
            event.venue_address or (event.venue.address if event.venue_id else ""),
            event.venue_room,
        ]
        venue = ", ".join(p for p in parts if p)
    return {
        "venue": venue,
        "online_url": event.online_url if online else "",
        "online_platform": event.online_platform if online else "",
        "stream_url": event.stream_url,
    }


def location(event: Event) -> str:
    """The ICS LOCATION: the venue for people who come, the link for those who connect."""
    place = place_lines(event)
    return place["venue"] or place["online_url"] or place["stream_url"]


def qr_png(registration: Registration) -> bytes:
    """The check-in QR code: it holds the registration's code, nothing personal."""
    import io

    buffer = io.BytesIO()
    segno.make(registration.code, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def ics_bytes(registration: Registration) -> bytes:
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", "-//Technopark//events//RU")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    host = urlsplit(settings.SITE_URL).hostname or "technopark.local"
    # Stable per registration: a second e-mail (promotion, reminder) updates the same entry.
    entry.add("uid", f"registration-{registration.pk}-{registration.code}@{host}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at.astimezone(zoneinfo.ZoneInfo("UTC")))
    entry.add("dtend", event.ends_at.astimezone(zoneinfo.ZoneInfo("UTC")))
    entry.add("summary", event.title)
    entry.add("location", location(event))
    entry.add("url", registration_url(registration))
    entry.add("description", (event.description or "")[:2000])
    entry.add("status", "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()


def build_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """One e-mail about `registration`, in the site's language (Russian by default)."""
    if kind not in KINDS:
        raise ValueError(f"unknown e-mail kind {kind!r}")
    with translation.override(settings.LANGUAGE_CODE):
        event = registration.event
        zone = event_zone(event)
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "status": registration.get_status_display(),
            "starts": timezone.localtime(event.starts_at, zone),
            "ends": timezone.localtime(event.ends_at, zone),
            "same_day": timezone.localtime(event.starts_at, zone).date()
            == timezone.localtime(event.ends_at, zone).date(),
            "zone": event.time_zone,
            "place": place_lines(event),
            "url": registration_url(registration),
            "show_qr": registration.status in Registration.SEATED and kind != "rejected",
            "sessions": session_lines(registration, zone) if kind != "rejected" else [],
        }
        text = render_to_string("events/email/registration.txt", context)
        html = render_to_string("events/email/registration.html", context)
        message = EmailMultiAlternatives(
            subject=_subject(kind, registration),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
    message.attach_alternative(html, "text/html")
    if context["show_qr"]:
        image = MIMEImage(qr_png(registration), "png")
        image.add_header("Content-ID", "<qr>")
        image.add_header("Content-Disposition", "inline", filename="qr.png")
        message.attach(image)
    if kind != "rejected":
        message.attach("event.ics", ics_bytes(registration), "text/calendar")
    return message


def session_lines(registration: Registration, zone) -> list[str]:
    """The programme items where the person holds a place, one line each."""
    lines = []
    for session in registration.sessions.order_by("starts_at"):
        starts = timezone.localtime(session.starts_at, zone)
        ends = timezone.localtime(session.ends_at, zone)
        room = f", {session.room}" if session.room else ""
        lines.append(f"{starts:%d.%m %H:%M}–{ends:%H:%M} · {session.title}{room}")
    return lines


def reminder_window(now=None) -> tuple:
    """Events starting between 12 and 36 hours from now get their reminder ("the day before";
    an hourly run sends each exactly once thanks to Registration.reminded_at)."""
    now = now or timezone.now()
    return now + timedelta(hours=12), now + timedelta(hours=36)
