"""Demo events: the 2023 regional internship site of seed 000 with its plan of three events,
all held, and a few events of the Minsk resource centre of seed 001.

Figures are the seed's own and exact: 61 registrations and 40 stream views at the opening, 52
registrations at the round table. Idempotent: the initiative is found by its slug, an event by
title and start (the future Minsk events, dated relative to today, by title and organiser),
and everything inside an event is only created when the event has none of it yet.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from technopark.accounts.models import User
from technopark.events.models import (
    AgendaSession,
    Attendance,
    DiscussionQuestion,
    Event,
    EventKind,
    FeedbackResponse,
    Initiative,
    Material,
    PlanItem,
    Question,
    Registration,
    Speaker,
    StreamViews,
)
from technopark.network.models import Organisation

from . import events_content as content
from .events_people import Participant, minsk_pupils, minsk_teachers, pick, samara_teachers

SAMARA = zoneinfo.ZoneInfo("Europe/Samara")
MINSK = zoneinfo.ZoneInfo("Europe/Minsk")
ORGANISER_EMAIL = "metodist@technopark.local"
MINSK_ORGANISER_EMAIL = "kovalevich.iv@demo.technopark.local"


def at(day: dt.date, hour: int, minute: int = 0, zone=SAMARA) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def load_events(organisations: dict[str, Organisation]) -> None:
    """The seed-000 initiative and its events, then the seed-001 events."""
    kinds = {kind.code: kind for kind in EventKind.objects.all()}
    load_osp_2023(organisations, kinds)
    load_minsk(organisations, kinds)


# --- seed 000 --------------------------------------------------------------------------------


def load_osp_2023(orgs: dict[str, Organisation], kinds: dict[str, EventKind]) -> Initiative:
    initiative, _ = Initiative.objects.get_or_create(
        slug=content.INITIATIVE["slug"],
        defaults={**content.INITIATIVE_FIELDS, "organisation": orgs["cdt"]},
    )
    organiser = User.objects.filter(email__iexact=ORGANISER_EMAIL).first()
    pool = samara_teachers()

    opening = _event(orgs, kinds, organiser, content.OPENING, initiative)
    _agenda(opening, content.OPENING_AGENDA, orgs, day=dt.date(2023, 3, 28))
    _register(opening, pick(pool, 61, "osp-2023:opening"), orgs, days_before=14)
    # Most came to the mini-technopark, the rest joined on the video platform; three did not come.
    _attend(opening, in_person=40, online=18)
    if not opening.stream_views.exists():
        StreamViews.objects.create(
            event=opening,
            count=40,
            source="сообщество ЦДТ ВКонтакте",
            recorded_on=dt.date(2023, 3, 28),
            note="Просмотры прямой трансляции на странице сообщества ЦДТ.",
            created_by=organiser,
        )

    _materials(opening, content.OPENING_MATERIALS)

    contest = _event(orgs, kinds, organiser, content.CONTEST, initiative)

    round_table = _event(orgs, kinds, organiser, content.ROUND_TABLE, initiative)
    _agenda(round_table, content.ROUND_TABLE_AGENDA, orgs, day=dt.date(2023, 11, 23))
    if not round_table.discussion.exists():
        DiscussionQuestion.objects.bulk_create(
            DiscussionQuestion(event=round_table, text=text, position=n)
            for n, text in enumerate(content.ROUND_TABLE_QUESTIONS)
        )
    _register(round_table, pick(pool, 52, "osp-2023:round-table"), orgs, days_before=10)
    _attend(round_table, in_person=17, online=29)
    _feedback(round_table, content.ROUND_TABLE_FEEDBACK)
    _materials(round_table, content.ROUND_TABLE_MATERIALS)

    for position, (title, kind, planned_for, event) in enumerate(
        [
            (content.PLAN[0], "opening", dt.date(2023, 3, 1), opening),
            (content.PLAN[1], "competition", dt.date(2023, 10, 1), contest),
            (content.PLAN[2], "round_table", dt.date(2023, 11, 1), round_table),
        ]
    ):
        item, _ = PlanItem.objects.get_or_create(
            initiative=initiative,
            title=title,
            defaults={"kind": kinds[kind], "planned_for": planned_for, "position": position},
        )
        if item.event_id is None:
            item.event = event
            item.save(update_fields=["event"])
    return initiative


def _materials(event: Event, items: list[tuple[str, str]]) -> None:
    """Published links: the seed's recording "on the centre's site in the ОСП section" and
    the speakers' presentations."""
    for position, (title, url) in enumerate(items):
        Material.objects.get_or_create(
            event=event, title=title, defaults={"url": url, "position": position}
        )


def _event(orgs, kinds, organiser, spec: dict, initiative=None, *, relative=False) -> Event:
    """Find the event by its natural key or create it with everything the spec says."""
    fields = dict(spec)
    kind = kinds[fields.pop("kind")]
    organisation = orgs[fields.pop("organisation")]
    venue = orgs.get(fields.pop("venue", ""), None)
    partners = [orgs[key] for key in fields.pop("partners", ())]
    found = Event.objects.filter(title=fields["title"], organisation=organisation)
    if not relative:
        found = found.filter(starts_at=fields["starts_at"])
    event = found.first()
    if event is None:
        event = Event.objects.create(
            kind=kind,
            organisation=organisation,
            venue=venue,
            initiative=initiative,
            created_by=organiser,
            **fields,
        )
        event.partners.set(partners)
    return event


def _agenda(event: Event, agenda, orgs, *, day: dt.date, zone=SAMARA) -> None:
    if event.sessions.exists():
        return
    emails = {s[1] for item in agenda for s in item[4] if s[1]}
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    for start, end, title, room, speakers, *places in agenda:
        session = AgendaSession.objects.create(
            event=event,
            starts_at=at(day, *start, zone=zone),
            ends_at=at(day, *end, zone=zone),
            title=title,
            room=room,
            capacity=places[0] if places else None,
        )
        Speaker.objects.bulk_create(
            Speaker(
                session=session,
                name=name,
                user=users.get(email),
                role=role,
                organisation=orgs.get(org),
                position=n,
            )
            for n, (name, email, role, org) in enumerate(speakers)
        )


def _register(
    event: Event,
    people: list[Participant],
    orgs,
    *,
    days_before: int,
    status=Registration.Status.CONFIRMED,
    not_after: dt.datetime | None = None,
) -> None:
    """Create the registrations of `people` the event does not have yet, in one insert."""
    have = set(Registration.objects.filter(event=event).values_list("email", flat=True))
    missing = [p for p in people if p.email not in have]
    if not missing:
        return
    users = {u.email: u for u in User.objects.filter(email__in=[p.email for p in missing])}
    created = Registration.objects.bulk_create(
        Registration(
            event=event,
            user=users.get(p.email),
            full_name=p.full_name,
            email=p.email,
            organisation=orgs[p.organisation],
            organisation_name=orgs[p.organisation].name,
            municipality=orgs[p.organisation].municipality,
            role=p.role,
            status=status,
        )
        for p in missing
    )
    # Registration time is set on insert; put it back to the weeks before the event, in order.
    # Never in the future: the last one registers no later than `not_after` (default: now).
    step = dt.timedelta(hours=5)
    latest = (not_after or timezone.now()) - step * len(created)
    first = min(event.starts_at - dt.timedelta(days=days_before), latest)
    for n, registration in enumerate(created):
        Registration.objects.filter(pk=registration.pk).update(created_at=first + step * n)


def _attend(event: Event, *, in_person: int, online: int) -> None:
    if Attendance.objects.filter(registration__event=event).exists():
        return
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("email")
    )
    rows = [
        Attendance(registration=r, mode=Attendance.Mode.IN_PERSON, source=Attendance.Source.MANUAL)
        for r in registrations[:in_person]
    ] + [
        Attendance(registration=r, mode=Attendance.Mode.ONLINE, source=Attendance.Source.IMPORT)
        for r in registrations[in_person : in_person + online]
    ]
    Attendance.objects.bulk_create(rows)


def _feedback(event: Event, answers) -> None:
    """Feedback from those who attended, one response per answer in `answers`."""
    if event.feedback.exists():
        return
    attended = list(
        event.registrations.filter(attendances__isnull=False).distinct().order_by("email")
    )
    FeedbackResponse.objects.bulk_create(
        FeedbackResponse(
            event=event,
            registration=registration,
            rating=rating,
            preferred_format=preferred,
            would_attend_again=again,
            comment=comment,
        )
        for registration, (rating, preferred, again, comment) in zip(
            attended, answers, strict=False
        )
    )


# --- seed 001 --------------------------------------------------------------------------------


def load_minsk(orgs: dict[str, Organisation], kinds: dict[str, EventKind]) -> None:
    organiser = User.objects.filter(email__iexact=MINSK_ORGANISER_EMAIL).first()
    teachers = minsk_teachers()

    seminar = _event(orgs, kinds, organiser, content.MINSK_SEMINAR)
    _agenda(seminar, content.MINSK_SEMINAR_AGENDA, orgs, day=dt.date(2026, 10, 22), zone=MINSK)
    _register(seminar, teachers[:18], orgs, days_before=12)
    _attend(seminar, in_person=16, online=0)

    # Dated from today, so the demo always has something to register for.
    today = timezone.localdate()
    weekend_day = today + dt.timedelta(days=(5 - today.weekday()) % 7 + 14)  # a Saturday
    weekend = _event(
        orgs, kinds, organiser, content.minsk_weekend(weekend_day, today), relative=True
    )
    if not weekend.questions.exists():
        Question.objects.create(event=weekend, **content.WEEKEND_QUESTION)
    pupils = minsk_pupils()
    # Capacity 24: the first 24 hold a seat, the rest wait for one to free.
    now = timezone.now()
    _register(weekend, pupils[:24], orgs, days_before=7, not_after=now - dt.timedelta(days=1))
    _register(weekend, pupils[24:], orgs, days_before=0, status=Registration.Status.WAITLISTED)

    class_day = today + dt.timedelta(days=24)
    master_class = _event(
        orgs, kinds, organiser, content.minsk_master_class(class_day, today), relative=True
    )
    _agenda(master_class, content.MINSK_MASTER_CLASS_AGENDA, orgs, day=class_day, zone=MINSK)
    _register(master_class, teachers[8:17], orgs, days_before=2)
