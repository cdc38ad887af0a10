"""Feedback after an event: invitations with a personal link, one answer per registration,
and a summary that says in words which format participants prefer."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from technopark.core.audit import record

from ..models import Event, FeedbackResponse, Format, Registration

# The format as it reads inside "предпочитают … формат".
FORMAT_PHRASES = {
    Format.IN_PERSON: gettext_lazy("очный формат"),
    Format.ONLINE: gettext_lazy("дистанционный (онлайн) формат"),
    Format.HYBRID: gettext_lazy("гибридный формат"),
}
NBSP = "\u00a0"


def feedback_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("events:feedback_form", args=[registration.code])


def invite_to_feedback(event: Event, *, by=None) -> int:
    """Queue one e-mail with a personal link to each confirmed registrant who has not answered."""
    from technopark.core.tasks import send_email_task

    recipients = list(
        event.registrations.filter(
            status=Registration.Status.CONFIRMED, feedback__isnull=True
        ).only("full_name", "email", "code")
    )
    subject = _("Поделитесь впечатлениями: «%(event)s»") % {"event": event.title}
    with transaction.atomic():
        for registration in recipients:
            body = _(
                "Здравствуйте, %(name)s!\n\n"
                "Спасибо, что были с нами на мероприятии «%(event)s». Ответьте, пожалуйста, на "
                "четыре коротких вопроса — это займёт минуту и поможет нам выбрать, как проводить "
                "следующие встречи:\n\n%(url)s\n\nСсылка личная, ответить можно один раз."
            ) % {
                "name": registration.full_name,
                "event": event.title,
                "url": feedback_url(registration),
            }
            # Sent only after commit, so a rolled-back request never mails anybody.
            transaction.on_commit(
                lambda to=registration.email, text=body: send_email_task.delay(to, subject, text)
            )
        record("feedback_invite", target=event, detail=f"recipients={len(recipients)}")
    return len(recipients)


def submit_feedback(
    registration: Registration,
    *,
    rating,
    preferred_format: str,
    would_attend_again: bool = True,
    comment: str = "",
) -> FeedbackResponse:
    """One answer per registration, from confirmed participants only."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(
            _("Отзыв могут оставить только участники с подтверждённой регистрацией."),
            code="status",
        )
    errors = {}
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if isinstance(rating, bool) or not 1 <= rating <= 5:
        errors["rating"] = [_("Поставьте оценку от 1 до 5.")]
    if preferred_format not in Format.values:
        errors["preferred_format"] = [_("Выберите удобную форму участия.")]
    comment = (comment or "").strip()
    if len(comment) > 5000:
        errors["comment"] = [_("Слишком длинный отзыв: не больше 5000 символов.")]
    if errors:
        raise ValidationError(errors)
    already = ValidationError(_("Вы уже оставили отзыв. Спасибо!"), code="duplicate")
    if FeedbackResponse.objects.filter(registration=registration).exists():
        raise already
    try:
        with transaction.atomic():
            return FeedbackResponse.objects.create(
                event_id=registration.event_id,
                registration=registration,
                rating=rating,
                comment=comment,
                preferred_format=preferred_format,
                would_attend_again=bool(would_attend_again),
            )
    except IntegrityError as error:  # two submissions at once: the one-to-one key decides
        raise already from error


@dataclass(frozen=True)
class FormatShare:
    code: str
    label: str
    count: int
    share: int  # whole per cent


def _percent(count: int, total: int) -> int:
    return round(count * 100 / total) if total else 0


def preference_sentence(shares: list[FormatShare], total: int) -> str:
    """«Большинство участников (62 %) предпочитают очный формат» — or why it cannot be said."""
    if not total:
        return _("Отзывов пока нет.")
    ranked = sorted(shares, key=lambda s: s.count, reverse=True)
    top = ranked[0]
    tied = [s for s in ranked if s.count == top.count]
    if len(tied) > 1:
        return _("Мнения разделились поровну (по %(share)s%(nbsp)s%%): %(formats)s.") % {
            "share": top.share,
            "nbsp": NBSP,
            "formats": _(" и ").join(str(FORMAT_PHRASES[s.code]) for s in tied),
        }
    values = {"share": top.share, "nbsp": NBSP, "format": FORMAT_PHRASES[top.code]}
    if top.count * 2 > total:
        return _("Большинство участников (%(share)s%(nbsp)s%%) предпочитают %(format)s") % values
    return _("Чаще других (%(share)s%(nbsp)s%%) участники выбирают %(format)s") % values


def feedback_summary(event: Event) -> dict:
    """Responses, mean rating, shares by preferred format and the sentence that states them."""
    responses = FeedbackResponse.objects.filter(event=event)
    totals = responses.aggregate(count=Count("id"), mean=Avg("rating"))
    total = totals["count"] or 0
    counts = dict(responses.values_list("preferred_format").annotate(n=Count("id")).order_by())
    shares = [
        FormatShare(code, str(label), counts.get(code, 0), _percent(counts.get(code, 0), total))
        for code, label in Format.choices
    ]
    again = responses.filter(would_attend_again=True).count()
    return {
        "responses": total,
        "mean_rating": round(totals["mean"], 1) if totals["mean"] is not None else None,
        "ratings": [(value, responses.filter(rating=value).count()) for value in range(5, 0, -1)],
        "formats": shares,
        "would_attend_again": _percent(again, total),
        "sentence": preference_sentence(shares, total),
        "comments": list(
            responses.exclude(comment="")
            .order_by("-submitted_at")
            .values_list("comment", flat=True)[:50]
        ),
    }
