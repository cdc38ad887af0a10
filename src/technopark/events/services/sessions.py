"""Places in programme items: master classes and workshops with their own number of seats.

A programme item (AgendaSession) with a `capacity` can be chosen at registration; items
without one are for everybody and need no choice. The rule, as in Indico's limited choices
and pretix's sold-out add-ons, is a **clear refusal**: when an item has no place left it is
shown as "мест нет" and cannot be ticked; if it filled up between opening the page and
pressing the button, the registration is refused as a whole with a message naming the item,
nothing is saved, and the person can choose another item and send the form again. There is
no waiting list per item — the event's own waiting list stays the only queue, so a person is
never half-registered.

Who holds a place in an item: every live registration that chose it (pending, confirmed and
also waitlisted for the event), so a person promoted from the event's waiting list always
finds their master-class place kept. Cancelling or rejecting a registration frees its places.

The places are decided under the same lock as the event's own seats (services/registration.py:
the event row, `SELECT … FOR UPDATE` on PostgreSQL, `BEGIN IMMEDIATE` on SQLite) and counted
again after the lock is taken, so two people can never both take the last place.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from ..models import AgendaSession, Event, Registration
from .registration_errors import RegistrationClosed

Choice = Registration.sessions.through


class SessionFull(RegistrationClosed):
    """A chosen programme item has no place left: the API says 409, the page shows why."""


def choosable_sessions(event: Event):
    """The items a participant chooses at registration: those with a number of places."""
    return AgendaSession.objects.filter(event=event, capacity__isnull=False).order_by(
        "starts_at", "pk"
    )


def taken_places(session_ids: Iterable[int]) -> dict[int, int]:
    """Places held in each item by live registrations."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = (
        Choice.objects.filter(
            agendasession_id__in=ids, registration__status__in=Registration.ACTIVE
        )
        .values("agendasession_id")
        .annotate(taken=Count("pk"))
    )
    return {row["agendasession_id"]: row["taken"] for row in rows}


def with_places_left(event: Event, sessions=None) -> list[AgendaSession]:
    """Items with `places_left` set: the choosable ones of the event, or all of `sessions`
    (items without places get None). One query for the counts, none if nothing is choosable."""
    sessions = list(choosable_sessions(event) if sessions is None else sessions)
    taken = taken_places(s.pk for s in sessions if s.capacity is not None)
    for session in sessions:
        if session.capacity is None:
            session.places_left = None
            continue
        session.taken = taken.get(session.pk, 0)
        session.places_left = max(session.capacity - session.taken, 0)
    return sessions


def _as_ids(values) -> list[int]:
    ids = []
    for value in values or ():
        if isinstance(value, AgendaSession):
            ids.append(value.pk)
            continue
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(
                {"sessions": _("Пункт программы указан неверно: %(v)s.") % {"v": str(value)[:40]}}
            ) from None
        if not 0 < number < 2**63:
            raise ValidationError(
                {"sessions": _("Пункт программы указан неверно: %(v)s.") % {"v": number}}
            )
        ids.append(number)
    return list(dict.fromkeys(ids))


def resolve_choice(event: Event, values) -> list[AgendaSession]:
    """Check a participant's choice before the lock: the items exist in this event, take a
    choice (have places), and do not run at the same time. No query for an empty choice."""
    ids = _as_ids(values)
    if not ids:
        return []
    found = {s.pk: s for s in choosable_sessions(event).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {
                "sessions": _(
                    "В программе этого мероприятия нет пункта № %(pk)s, который можно выбрать."
                )
                % {"pk": missing[0]}
            }
        )
    chosen = sorted(found.values(), key=lambda s: (s.starts_at, s.pk))
    for first, second in zip(chosen, chosen[1:], strict=False):
        if second.starts_at < first.ends_at:
            raise ValidationError(
                {
                    "sessions": _("«%(a)s» и «%(b)s» идут в одно время — выберите что-то одно.")
                    % {"a": first.title, "b": second.title}
                }
            )
    return chosen


def check_places(chosen: list[AgendaSession]) -> None:
    """Under the event lock: refuse if any chosen item is already full (counted now)."""
    if not chosen:
        return
    taken = taken_places(s.pk for s in chosen)
    full = [s for s in chosen if taken.get(s.pk, 0) >= s.capacity]
    if full:
        titles = ", ".join(f"«{s.title}»" for s in full)
        raise SessionFull(
            _(
                "Мест больше нет: %(titles)s. Снимите этот выбор — можно выбрать другой пункт "
                "программы или зарегистрироваться без него."
            )
            % {"titles": titles}
        )


def save_choice(registration: Registration, chosen: list[AgendaSession]) -> None:
    """Record the chosen items (one INSERT, no look-up: the registration is new)."""
    if chosen:
        Choice.objects.bulk_create(
            [Choice(registration_id=registration.pk, agendasession_id=s.pk) for s in chosen]
        )
