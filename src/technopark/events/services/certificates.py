"""Certificates of participation: a numbered PDF per registration with a verification link and
QR code, issued in bulk by a background task whose progress the page polls."""

from __future__ import annotations

import io
import re
import time
import uuid
import zipfile

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.celery import app
from technopark.core.audit import record

from ..models import Certificate, Event, Registration

PROGRESS_TTL = 24 * 3600
STALE_AFTER = 15 * 60
SHORT_WORDS = {"и", "по", "на", "в", "во", "с", "со", "для", "при", "им", "имени"}


def number_prefix(organisation) -> str:
    """«ЦДТ» from «ЦДТ «Радуга»» or from «Центр детского творчества …»: short and readable."""
    for text in (organisation.short_name, organisation.name):
        text = (text or "").strip()
        first = re.split(r"[\s«\"]", text, maxsplit=1)[0] if text else ""
        if 2 <= len(first) <= 8 and first.isalpha() and first.isupper():
            return first
    words = re.findall(r"[A-Za-zА-Яа-яЁё]+", organisation.name)
    initials = "".join(w[0] for w in words if w.lower() not in SHORT_WORDS)
    return initials.upper()[:6] or "ТП"


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse(
        "events:certificate_verify", args=[certificate.verification_key]
    )


def _next_number(event: Event) -> str:
    prefix = f"{number_prefix(event.organisation)}-{timezone.localtime(event.starts_at).year}-"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[-1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 landscape PDF (WeasyPrint)."""
    import segno
    from weasyprint import HTML

    registration = certificate.registration
    event = registration.event
    url = verification_url(certificate)
    html = render_to_string(
        "events/certificate.html",
        {
            "certificate": certificate,
            "registration": registration,
            "event": event,
            "organisation": event.organisation,
            "partners": list(event.partners.all()),
            "held_on": timezone.localtime(event.starts_at).date(),
            "verification_url": url,
            "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=0),
        },
    )
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()


def eligible_registrations(event: Event, *, include_confirmed: bool = False):
    """Who gets a certificate: those marked present (in person or online), or every confirmed."""
    registrations = event.registrations.filter(status=Registration.Status.CONFIRMED)
    if not include_confirmed:
        registrations = registrations.filter(attendances__isnull=False)
    return registrations.distinct().order_by("full_name", "pk")


def issue_certificate(registration: Registration) -> Certificate:
    """Number, store and render one certificate; issuing twice returns the first one."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(
            _("Сертификат выдаётся только по подтверждённой регистрации."), code="status"
        )
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None and existing.file:
        return existing
    event = registration.event
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = existing or Certificate.objects.create(
                    registration=registration, number=_next_number(event)
                )
                certificate.file.save(
                    f"{uuid.uuid4().hex}.pdf",
                    ContentFile(render_certificate_pdf(certificate)),
                    save=True,
                )
                return certificate
        except IntegrityError:  # a number taken by a parallel batch: take the next one
            existing = Certificate.objects.filter(registration=registration).first()
    raise ValidationError(_("Не удалось присвоить номер сертификату. Повторите попытку."))


def _progress_key(event_id: int) -> str:
    return f"events:certificates:{event_id}"


def certificate_progress(event: Event) -> dict | None:
    """{"state": queued|running|done, "done", "total", "errors", "updated"} or None."""
    return cache.get(_progress_key(event.pk))


def _set_progress(event_id: int, **values) -> None:
    cache.set(_progress_key(event_id), {**values, "updated": time.time()}, PROGRESS_TTL)


def start_certificate_batch(event: Event, *, include_confirmed: bool = False, by=None) -> int:
    """Queue the batch; refuse a second one while the first is running."""
    current = certificate_progress(event)
    # A batch that has not moved for STALE_AFTER seconds lost its worker: allow a new one.
    if (
        current
        and current.get("state") in ("queued", "running")
        and time.time() - current.get("updated", 0) < STALE_AFTER
    ):
        raise ValidationError(_("Сертификаты уже готовятся. Дождитесь окончания."), code="busy")
    total = eligible_registrations(event, include_confirmed=include_confirmed).count()
    if not total:
        raise ValidationError(
            _("Некому выдавать сертификаты: нет участников, отмеченных как присутствовавшие.")
            if not include_confirmed
            else _("Некому выдавать сертификаты: нет подтверждённых регистраций."),
            code="nobody",
        )
    _set_progress(event.pk, state="queued", done=0, total=total, errors=0)
    record("certificates_batch", target=event, detail=f"total={total}")
    transaction.on_commit(lambda: generate_certificates_task.delay(event.pk, include_confirmed))
    return total


@app.task(name="technopark.events.generate_certificates")
def generate_certificates_task(event_id: int, include_confirmed: bool = False) -> dict:
    """Issue certificates one by one, saving progress after each so the page can show it."""
    event = Event.objects.select_related("organisation").get(pk=event_id)
    registrations = list(eligible_registrations(event, include_confirmed=include_confirmed))
    done = errors = 0
    _set_progress(event_id, state="running", done=0, total=len(registrations), errors=0)
    for registration in registrations:
        try:
            issue_certificate(registration)
        except ValidationError:
            errors += 1
        done += 1
        _set_progress(event_id, state="running", done=done, total=len(registrations), errors=errors)
    result = {"state": "done", "done": done, "total": len(registrations), "errors": errors}
    _set_progress(event_id, **result)
    return result


def certificates_zip(event: Event) -> bytes:
    """All issued certificates of the event in one archive, named by number and person."""
    buffer = io.BytesIO()
    certificates = Certificate.objects.filter(registration__event=event).select_related(
        "registration"
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates.order_by("number"):
            if not certificate.file:
                continue
            with certificate.file.open("rb") as handle:
                archive.writestr(download_name(certificate), handle.read())
    return buffer.getvalue()


def download_name(certificate: Certificate) -> str:
    name = re.sub(r"[^\w\- ]+", "", certificate.registration.full_name).strip()
    return f"{certificate.number} {name}.pdf".strip()
