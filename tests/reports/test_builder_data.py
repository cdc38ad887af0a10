"""A period built from factories for the report tests: an initiative of a centre and its
branch in a region of its own, with everything a figure could get wrong — drafts, events
outside the period or the scope, waiting lists, cancellations, people who came without a
confirmed registration, one person at several events under differently cased e-mails,
withdrawn works, unpublished materials.

`make_period()` returns the created objects; the tests compute every figure from them in
plain Python and compare it with the report."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass, field

from technopark.contests.models import Contest, Entry
from technopark.events.models import (
    Attendance,
    Event,
    EventKind,
    FeedbackResponse,
    Initiative,
    Material,
    PlanItem,
    Registration,
    StreamViews,
)
from technopark.network.models import Organisation
from tests.contests.factories import make_contest, make_entry
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory, make_user

SAMARA = zoneinfo.ZoneInfo("Europe/Samara")
PERIOD = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
_numbers = itertools.count(1)


@dataclass
class Period:
    region: object
    centre: Organisation
    branch: Organisation
    initiative: Initiative
    plan: list[PlanItem] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # every event created, in or out
    registrations: list[Registration] = field(default_factory=list)
    attendances: list[Attendance] = field(default_factory=list)
    streams: list[StreamViews] = field(default_factory=list)
    feedback: list[FeedbackResponse] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    contests: list[Contest] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


def kind(code: str) -> EventKind:
    return EventKind.objects.get(code=code)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SAMARA)


def make_event(period: Period, title: str, day: dt.date, **fields) -> Event:
    values = {
        "kind": kind("seminar"),
        "organisation": period.centre,
        "initiative": period.initiative,
        "format": "in_person",
        "status": Event.Status.HELD,
        "venue": period.centre,
    }
    values.update(fields)
    start = at(day, values.pop("hour", 10))
    event = Event.objects.create(
        title=title, starts_at=start, ends_at=start + dt.timedelta(hours=2), **values
    )
    period.events.append(event)
    return event


def register(period: Period, event: Event, email: str, status="confirmed", **fields):
    fields.setdefault("municipality", period.centre.municipality)
    fields.setdefault("organisation", period.centre)
    registration = Registration.objects.create(
        event=event,
        full_name=fields.pop("full_name", f"Участник {next(_numbers)}"),
        email=email,
        status=status,
        **fields,
    )
    period.registrations.append(registration)
    return registration


def attend(period: Period, registration: Registration, mode: str) -> None:
    period.attendances.append(
        Attendance.objects.create(registration=registration, mode=mode, source="manual")
    )


def make_period(events_in_bulk: int = 0) -> Period:
    region = RegionFactory(name="Пензенская область", time_zone="Europe/Moscow")
    penza = MunicipalityFactory(region=region, name="городской округ Пенза")
    kuznetsk = MunicipalityFactory(region=region, name="городской округ Кузнецк")
    serdobsk = MunicipalityFactory(region=region, name="Сердобский район")
    centre = OrganisationFactory(
        name="ГАУ ДО «Дворец детского творчества»",
        kind=Organisation.Kind.CREATIVITY_CENTRE,
        municipality=penza,
    )
    branch = OrganisationFactory(
        name="Детский технопарк «Кванториум» — филиал",
        kind=Organisation.Kind.TECHNOPARK,
        municipality=kuznetsk,
        parent=centre,
    )
    school = OrganisationFactory(name="МБОУ СОШ № 7 г. Сердобска", municipality=serdobsk)
    initiative = Initiative.objects.create(
        slug="rip-2024",
        title="Региональная инновационная площадка 2024",
        topic="Робототехника в сельской школе",
        organisation=centre,
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )
    p = Period(region=region, centre=centre, branch=branch, initiative=initiative)

    # The plan: four items in 2024 (one never realised), one item of 2025.
    opening = make_event(
        p, "Открытие площадки", dt.date(2024, 2, 15), kind=kind("opening"), format="hybrid"
    )
    contest_event = make_event(
        p, "Конкурс «Робо-старт»: итоги", dt.date(2024, 5, 20), kind=kind("competition"),
        format="online", initiative=None, online_url="https://meet.example.ru/1",
    )  # fmt: skip
    round_table = make_event(
        p, "Круглый стол по итогам года", dt.date(2024, 12, 31), hour=23,
        kind=kind("round_table"), format="hybrid",
    )  # fmt: skip
    for n, (title, day, item_kind, event) in enumerate(
        [
            ("Открытие", dt.date(2024, 2, 1), "opening", opening),
            ("Конкурс", dt.date(2024, 5, 1), "competition", contest_event),
            ("Семинар для педагогов", dt.date(2024, 9, 1), "seminar", None),
            ("Круглый стол", dt.date(2024, 12, 1), "round_table", round_table),
            ("Открытие 2025", dt.date(2025, 2, 1), "opening", None),
        ]
    ):
        p.plan.append(
            PlanItem.objects.create(
                initiative=initiative, title=title, planned_for=day, kind=kind(item_kind),
                event=event, position=n,
            )
        )  # fmt: skip

    # Outside the plan: a branch seminar still to come, a held master class, a draft, events
    # before and after the period, an event of another organisation.
    upcoming = make_event(
        p, "Семинар филиала", dt.date(2024, 10, 10), organisation=branch, initiative=None,
        status=Event.Status.PUBLISHED,
    )  # fmt: skip
    master_class = make_event(
        p, "Мастер-класс", dt.date(2024, 4, 4), kind=kind("master_class"), status="archived"
    )
    draft = make_event(p, "Черновик", dt.date(2024, 6, 1), status=Event.Status.DRAFT)
    before = make_event(p, "Прошлогодний семинар", dt.date(2023, 12, 31), hour=23)
    after = make_event(p, "Будущий семинар", dt.date(2025, 1, 1), hour=0)
    foreign = make_event(
        p, "Чужой семинар", dt.date(2024, 3, 3), organisation=school, initiative=None
    )

    # Registrations: Olga with her account under two e-mails, Ivan as a guest under two
    # spellings of one e-mail, people on waiting lists, cancelled, pending, rejected.
    olga = make_user(email="olga@example.ru", organisation=school)
    people = [
        (opening, "olga@example.ru", "confirmed", {"user": olga}),
        (opening, "Ivan@Example.ru", "confirmed", {"municipality": kuznetsk, "role": "methodist"}),
        (opening, "petr@example.ru", "waitlisted", {}),
        (opening, "anna@example.ru", "cancelled", {}),
        (opening, "late@example.ru", "pending", {}),
        (opening, "nomuni@example.ru", "confirmed", {"municipality": None, "organisation": None}),
        (round_table, "ivan@example.ru", "confirmed", {"municipality": kuznetsk}),
        (round_table, "OLGA.other@example.ru", "confirmed", {"user": olga, "role": "leader"}),
        (round_table, "walkin@example.ru", "cancelled", {"municipality": serdobsk}),
        (round_table, "pupil@example.ru", "confirmed", {"role": "pupil", "organisation": school}),
        (upcoming, "ivan@example.ru", "confirmed", {"organisation": branch}),
        (upcoming, "wait@example.ru", "waitlisted", {}),
        (master_class, "mk1@example.ru", "confirmed", {"municipality": serdobsk}),
        (master_class, "mk2@example.ru", "rejected", {}),
        (draft, "draft@example.ru", "confirmed", {}),
        (before, "before@example.ru", "confirmed", {}),
        (after, "after@example.ru", "confirmed", {}),
        (foreign, "foreign@example.ru", "confirmed", {}),
    ]
    regs = [register(p, event, email, status, **extra) for event, email, status, extra in people]
    by_email = {(r.event_id, r.email): r for r in regs}
    attend(p, by_email[(opening.pk, "olga@example.ru")], "in_person")
    attend(p, by_email[(opening.pk, "olga@example.ru")], "online")
    attend(p, by_email[(opening.pk, "Ivan@Example.ru")], "online")
    attend(p, by_email[(round_table.pk, "walkin@example.ru")], "in_person")  # came anyway
    attend(p, by_email[(round_table.pk, "pupil@example.ru")], "in_person")
    attend(p, by_email[(master_class.pk, "mk1@example.ru")], "in_person")
    attend(p, by_email[(before.pk, "before@example.ru")], "in_person")

    for event, count, source in [
        (opening, 25, "ВКонтакте"),
        (opening, 7, "Rutube"),
        (round_table, 12, "ВКонтакте"),
        (before, 100, "ВКонтакте"),
        (draft, 5, "ВКонтакте"),
    ]:
        p.streams.append(
            StreamViews.objects.create(
                event=event, count=count, source=source, recorded_on=event.starts_at.date()
            )
        )
    for event, rating, fmt in [
        (round_table, 5, "in_person"),
        (round_table, 4, "online"),
        (round_table, 3, "online"),
        (opening, 5, "hybrid"),
        (opening, 2, "online"),
        (before, 1, "in_person"),
    ]:
        p.feedback.append(
            FeedbackResponse.objects.create(event=event, rating=rating, preferred_format=fmt)
        )
    for event, published in [
        (opening, True),
        (opening, False),
        (round_table, True),
        (before, True),
    ]:
        p.materials.append(
            Material.objects.create(
                event=event, title="Презентация", url="https://example.ru/p", published=published
            )
        )

    contest = make_contest(
        nominations=("Методическая разработка", "Программа", "Без работ"),
        event=contest_event,
        organisation=centre,
        status=Contest.Status.RESULTS_PUBLISHED,
        jury_feedback="Работы сильные.",
    )
    first, second, empty = contest.nominations.order_by("position")
    for nomination, status, place in [
        (first, "submitted", "first"),
        (first, "submitted", "second"),
        (first, "withdrawn", ""),
        (second, "submitted", "first"),
        (second, "disqualified", ""),
        (second, "submitted", "laureate"),
    ]:
        p.entries.append(make_entry(contest, nomination, status=status, place=place))
    p.contests.append(contest)
    other = make_contest(event=before, organisation=centre)
    p.entries.append(make_entry(other))

    add_events(p, events_in_bulk)
    return p


def add_events(p: Period, count: int) -> None:
    """`count` more held seminars, each with a registration, attendance, stream views and a
    feedback response (for the query-count test)."""
    first = len([e for e in p.events if e.title.startswith("Семинар № ")])
    for n in range(first, first + count):
        event = make_event(p, f"Семинар № {n}", dt.date(2024, 6, 1) + dt.timedelta(days=n))
        registration = register(p, event, f"bulk{n}@example.ru")
        attend(p, registration, "in_person")
        p.streams.append(
            StreamViews.objects.create(event=event, count=n, source="ВК", recorded_on=PERIOD[0])
        )
        p.feedback.append(
            FeedbackResponse.objects.create(event=event, rating=4, preferred_format="online")
        )
        p.materials.append(Material.objects.create(event=event, title="Запись", url="https://e.ru"))
