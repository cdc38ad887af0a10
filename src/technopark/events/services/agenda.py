"""The programme of an event: sessions with their speakers, and round-table questions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import AgendaSession, DiscussionQuestion, Event, Speaker


def _check_session(event: Event, starts_at, ends_at) -> None:
    """A session ends after it starts and lies within the event."""
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": _("Укажите начало и окончание.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Окончание должно быть позже начала.")})
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationError(
            {"starts_at": _("Пункт программы должен проходить во время мероприятия.")}
        )


def _set_speakers(session: AgendaSession, speakers: list[dict]) -> None:
    session.speakers.all().delete()
    for position, speaker in enumerate(s for s in speakers if (s.get("name") or "").strip()):
        Speaker.objects.create(
            session=session,
            name=" ".join(speaker["name"].split())[:200],
            role=speaker.get("role") or Speaker.Role.TEACHER,
            organisation=speaker.get("organisation"),
            position=position,
        )


def add_session(
    event: Event,
    *,
    title: str,
    starts_at,
    ends_at,
    room: str = "",
    description: str = "",
    capacity: int | None = None,
    speakers: list[dict] = (),
) -> AgendaSession:
    """A new programme item; a pupil may be listed next to the teacher who presents with them."""
    _check_session(event, starts_at, ends_at)
    with transaction.atomic():
        session = AgendaSession.objects.create(
            event=event,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            room=room.strip(),
            description=description.strip(),
            capacity=capacity,
        )
        _set_speakers(session, list(speakers))
    return session


def update_session(session: AgendaSession, *, speakers: list[dict] | None = None, **changes):
    """Change a programme item; `speakers`, when given, replaces the list."""
    allowed = {"title", "starts_at", "ends_at", "room", "description", "capacity"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Неизвестные поля: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    _check_session(
        session.event,
        changes.get("starts_at", session.starts_at),
        changes.get("ends_at", session.ends_at),
    )
    with transaction.atomic():
        if changes.get("capacity") is not None:
            _check_capacity_not_below_taken(session, changes["capacity"])
        for name, value in changes.items():
            setattr(session, name, value.strip() if isinstance(value, str) else value)
        session.save()
        if speakers is not None:
            _set_speakers(session, speakers)
    return session


def _check_capacity_not_below_taken(session: AgendaSession, capacity: int) -> None:
    """Under the event lock (the one registration takes): fewer places than people already
    holding one would oversell the item."""
    from .registration import _lock
    from .sessions import taken_places

    _lock(session.event, fields=("status",))
    taken = taken_places([session.pk]).get(session.pk, 0)
    if capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "На этот пункт уже записались %(taken)s чел. — мест не может быть меньше. "
                    "Сначала отмените лишние заявки в списке участников."
                )
                % {"taken": taken}
            }
        )


def delete_session(session: AgendaSession) -> None:
    with transaction.atomic():
        session.delete()


def add_discussion_question(event: Event, *, text: str) -> DiscussionQuestion:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Напишите вопрос.")})
    with transaction.atomic():
        last = event.discussion.aggregate(m=Max("position"))["m"]
        return DiscussionQuestion.objects.create(
            event=event, text=text[:500], position=0 if last is None else last + 1
        )


def move_discussion_question(question: DiscussionQuestion, *, up: bool) -> None:
    """Swap a question with its neighbour above or below."""
    with transaction.atomic():
        items = list(
            DiscussionQuestion.objects.select_for_update()
            .filter(event_id=question.event_id)
            .order_by("position", "pk")
        )
        index = next(i for i, item in enumerate(items) if item.pk == question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for position, item in enumerate(items):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def delete_discussion_question(question: DiscussionQuestion) -> None:
    with transaction.atomic():
        question.delete()
