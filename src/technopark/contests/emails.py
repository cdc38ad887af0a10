"""E-mails to the authors of a work: submission confirmed, withdrawn, the outcome of a stage
(with the assigned direction after an interview) and the published results. Sent in the site's
language (Russian by default) to every author with an address: the submitter, authors and
mentors with an account, a pupil's own account and the pupil's guardian."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Entry, EntryStage, Stage

KINDS = ("submitted", "withdrawn", "stage_passed", "stage_not_passed", "results")
# URL names the pages area may define for an author's view of their work.
ENTRY_PAGE_NAMES = ("contests:entry", "contests:entry_detail")


def recipients(entry: Entry) -> list[str]:
    """Unique addresses of everyone who should hear about the work, submitter first."""
    addresses = [entry.submitted_by.email if entry.submitted_by.is_active else ""]
    for author in entry.authors.select_related("user", "child__guardian", "child__account"):
        if author.user is not None and author.user.is_active:
            addresses.append(author.user.email)
        child = author.child
        if child is not None and child.anonymised_at is None:
            addresses.append(child.guardian.email)
            if child.account is not None and child.account.is_active:
                addresses.append(child.account.email)
    seen: list[str] = []
    for address in addresses:
        address = (address or "").strip().lower()
        if address and address not in seen:
            seen.append(address)
    return seen


def entry_url(entry: Entry) -> str:
    for name in ENTRY_PAGE_NAMES:
        try:
            return settings.SITE_URL + reverse(name, kwargs={"pk": entry.pk})
        except NoReverseMatch:
            continue
    try:
        return settings.SITE_URL + reverse("contests:detail", kwargs={"pk": entry.contest_id})
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def score_text(value) -> str:
    """12.000 → "12", 3.500 → "3,5" (in Russian): no trailing zeros of the stored decimal."""
    if value is None:
        return ""
    plain = format(value.normalize(), "f")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return number_format(value, decimal_pos=decimals)


def _subject(kind: str, entry: Entry, stage: Stage | None) -> str:
    values = {"number": entry.number, "contest": entry.contest.title}
    if kind == "withdrawn":
        return _("Работа № %(number)s отозвана — %(contest)s") % values
    if kind == "stage_passed":
        return _("Работа № %(number)s прошла дальше — %(contest)s") % values
    if kind == "stage_not_passed":
        return _("Итоги этапа для работы № %(number)s — %(contest)s") % values
    if kind == "results":
        return _("Итоги конкурса опубликованы — %(contest)s") % values
    return _("Работа № %(number)s принята — %(contest)s") % values


def build_message(entry: Entry, kind: str, *, stage: Stage | None = None) -> EmailMultiAlternatives:
    """One e-mail about `entry` to all its authors; `stage` for the stage outcome kinds."""
    if kind not in KINDS:
        raise ValueError(f"unknown e-mail kind {kind!r}")
    passage = None
    if stage is not None:
        passage = EntryStage.objects.filter(entry=entry, stage=stage).first()
    next_stage = None
    if kind == "stage_passed" and stage is not None:
        next_stage = entry.contest.stages.filter(position__gt=stage.position).order_by("position")
        next_stage = next_stage.first()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "entry": entry,
            "contest": entry.contest,
            "kind": kind,
            "stage": stage,
            "passage": passage,
            "next_stage": next_stage,
            "place": entry.get_place_display() if entry.place else "",
            "score": score_text(passage.raw_score) if passage else "",
            "url": entry_url(entry),
        }
        text = render_to_string("contests/email/entry.txt", context)
        html = render_to_string("contests/email/entry.html", context)
        message = EmailMultiAlternatives(
            subject=_subject(kind, entry, stage),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients(entry),
        )
    message.attach_alternative(html, "text/html")
    return message
