"""Diplomas and certificates of participation: a numbered PDF per author of every work with
a place, with a verification link and QR code, issued in bulk by a background task whose
progress the page polls (the same approach as events' certificates)."""

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
from django.utils import timezone
from django.utils.translation import gettext as _

from technopark.core.audit import record

from ..models import Contest, Diploma, Entry, EntryAuthor
from .jury import require_manager
from .places import final_stage

PROGRESS_TTL = 24 * 3600
STALE_AFTER = 15 * 60


def verification_url(diploma: Diploma) -> str:
    # A plain path: the verification page lives with the other pages of contests.
    return f"{settings.SITE_URL}/contests/diplomas/{diploma.token}/"


def diploma_recipients(contest: Contest) -> list[tuple[Entry, EntryAuthor]]:
    """Every author of every work with a place (mentors get no diploma of their own)."""
    authors = (
        EntryAuthor.objects.filter(
            entry__contest=contest,
            entry__status=Entry.Status.SUBMITTED,
            role=EntryAuthor.Role.AUTHOR,
        )
        .exclude(entry__place="")
        .select_related("entry")
        .order_by("entry__number", "position", "pk")
    )
    return [(a.entry, a) for a in authors]


def _next_number(contest: Contest) -> str:
    from technopark.events.services.certificates import number_prefix

    year = timezone.localdate(contest.results_published_at or timezone.now()).year
    prefix = f"Д-{number_prefix(contest.organisation)}-{year}-"
    last = (
        Diploma.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{(int(last.rsplit('-', 1)[-1]) + 1) if last else 1:04d}"


def render_diploma_pdf(diploma: Diploma) -> bytes:
    """One A4 landscape page (WeasyPrint) with the number, verification link and QR code."""
    import segno
    from weasyprint import HTML

    from .documents import jury_of, protocol_date

    entry, contest = diploma.entry, diploma.contest
    url = verification_url(diploma)
    html = render_to_string(
        "contests/documents/diploma.html",
        {
            "diploma": diploma,
            "entry": entry,
            "contest": contest,
            "organisation": contest.organisation,
            "partners": list(contest.partners.all()),
            "mentors": [a.full_name for a in entry.authors.all() if a.role == "mentor"],
            "chair": next(
                (s.user for s in jury_of(final_stage(contest)) if s.role == "chair"), None
            ),
            "issued_on": protocol_date(contest),
            "verification_url": url,
            "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=0),
        },
    )
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()


def issue_diploma(entry: Entry, author: EntryAuthor) -> Diploma:
    """Number, store and render one diploma; again for the same author and place returns it,
    a changed place or name renders it anew under the same number and link."""
    existing = Diploma.objects.filter(entry=entry, author=author).first()
    if (
        existing
        and existing.file
        and (existing.place, existing.recipient)
        == (
            entry.place,
            author.full_name,
        )
    ):
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                diploma = existing or Diploma(
                    contest=entry.contest,
                    entry=entry,
                    author=author,
                    number=_next_number(entry.contest),
                )
                diploma.place, diploma.recipient = entry.place, author.full_name
                diploma.save()
                diploma.file.save(
                    f"{uuid.uuid4().hex}.pdf", ContentFile(render_diploma_pdf(diploma)), save=True
                )
                return diploma
        except IntegrityError:  # a number taken by a parallel batch: take the next one
            existing = Diploma.objects.filter(entry=entry, author=author).first()
    raise ValidationError(_("Не удалось присвоить номер диплому. Повторите попытку."))


def diploma_pdf(diploma: Diploma) -> bytes:
    """The stored PDF, or a freshly rendered one if the file is missing."""
    if diploma.file:
        try:
            with diploma.file.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    return render_diploma_pdf(diploma)


def _progress_key(contest_id: int) -> str:
    return f"contests:diplomas:{contest_id}"


def diploma_progress(contest: Contest) -> dict:
    """{"state": idle|queued|running|done, "done", "total", "errors", "batch"}."""
    return cache.get(_progress_key(contest.pk)) or {
        "state": "idle",
        "done": 0,
        "total": 0,
        "errors": 0,
        "batch": "",
    }


def set_diploma_progress(contest_id: int, **values) -> None:
    cache.set(_progress_key(contest_id), {**values, "updated": time.time()}, PROGRESS_TTL)


def start_diplomas(contest: Contest, *, user) -> str:
    """Queue the diploma batch and return its id; one batch at a time per contest."""
    from ..tasks.jury import generate_diplomas

    require_manager(user, contest)
    current = diploma_progress(contest)
    if (
        current["state"] in ("queued", "running")
        and time.time() - current.get("updated", 0) < STALE_AFTER
    ):
        raise ValidationError(_("Дипломы уже готовятся. Дождитесь окончания."), code="busy")
    total = len(diploma_recipients(contest))
    if not total:
        raise ValidationError(
            _("Некому выдавать дипломы: сначала присудите места по итогам конкурса."),
            code="nobody",
        )
    batch = uuid.uuid4().hex
    set_diploma_progress(contest.pk, state="queued", done=0, total=total, errors=0, batch=batch)
    record("diplomas_batch", target=contest, detail=f"total={total}")
    transaction.on_commit(lambda: generate_diplomas.delay(contest.pk, batch))
    return batch


def diplomas_zip(contest: Contest) -> bytes:
    """All issued diplomas of the contest in one archive, named by number and recipient."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for diploma in Diploma.objects.filter(contest=contest).order_by("number"):
            if diploma.file:
                name = re.sub(r"[^\w\- ]+", "", diploma.recipient).strip()
                archive.writestr(f"{diploma.number} {name}.pdf".strip(), diploma_pdf(diploma))
    return buffer.getvalue()
