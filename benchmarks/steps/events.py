"""Events over the benchmark organisations and registrations to them, region-scale.

Events spread over 2024–2027 (past ones held or archived, future ones published or draft), in
every kind and format. Registrations go to events by a heavy-tailed weight (a few events draw
hundreds, most a dozen), with statuses and municipalities; the first event is the "big one"
with 10,000 registrations (fewer at small scales) for the participants-export scenario.
Every row goes in through bulk_create; a registration code is derived from its index, so it is
unique without a lookup.
"""

import datetime as dt
import random
from collections import Counter
from itertools import accumulate

from django.utils import timezone

from technopark.accounts.models import Role
from technopark.events.models import Event, EventKind, Format, Registration

from .. import names
from ..dataset import BATCH_SIZE, BENCH_DOMAIN, Plan, step
from .network import bench_organisations
from .people import bench_people

Kind = bench_organisations().model.Kind
BIG_EVENT_TITLE = "Областной фестиваль технического творчества (бенчмарк: 10 000 участников)"
BIG_EVENT_REGISTRATIONS = 10_000
ORGANISER_KINDS = {
    Kind.RESOURCE_CENTRE: 4.0,
    Kind.CREATIVITY_CENTRE: 2.0,
    Kind.TECHNOPARK: 3.0,
    Kind.ACADEMY: 3.0,
    Kind.SCHOOL: 0.05,
}
TOPICS = (
    "Робототехника в начальной школе",
    "3D-моделирование и прототипирование",
    "Программирование микроконтроллеров",
    "Беспилотные летательные аппараты",
    "Лазерные технологии в объединении по интересам",
    "Инженерная графика",
    "Проектная деятельность обучающихся",
    "Виртуальная и дополненная реальность",
    "Промышленный дизайн",
    "Искусственный интеллект для школьников",
    "Перспективы развития детских мини-технопарков",
    "Подготовка команд к олимпиадам по робототехнике",
)
FORMATS = ((Format.IN_PERSON, 0.5), (Format.ONLINE, 0.25), (Format.HYBRID, 0.25))
ROLES = (
    (Registration.ParticipantRole.TEACHER, 0.6),
    (Registration.ParticipantRole.METHODIST, 0.1),
    (Registration.ParticipantRole.PUPIL, 0.2),
    (Registration.ParticipantRole.PARENT, 0.05),
    (Registration.ParticipantRole.LEADER, 0.05),
)
Status = Registration.Status
PAST_STATUSES = ((Status.CONFIRMED, 0.9), (Status.CANCELLED, 0.08), (Status.REJECTED, 0.02))
FUTURE_STATUSES = (
    (Status.CONFIRMED, 0.78),
    (Status.WAITLISTED, 0.1),
    (Status.PENDING, 0.05),
    (Status.CANCELLED, 0.07),
)
FIRST_DAY = dt.datetime(2024, 1, 1, 6, tzinfo=dt.UTC)
SPAN_DAYS = 3 * 365 + 180  # to mid-2027: about a sixth of the events lie ahead


def bench_events():
    return Event.objects.filter(organisation__in=bench_organisations())


def bench_registrations():
    return Registration.objects.filter(event__in=bench_events())


class _Weighted:
    """A weighted pick with the cumulative weights computed once (a million picks follow)."""

    def __init__(self, pairs):
        values, weights = zip(*pairs, strict=True)
        self.values, self.cumulative = values, list(accumulate(weights))

    def __call__(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


pick_format, pick_role = _Weighted(FORMATS), _Weighted(ROLES)
pick_past, pick_future = _Weighted(PAST_STATUSES), _Weighted(FUTURE_STATUSES)


@step(
    "events",
    owned=bench_events,
    target=lambda plan: plan.events,
    report=lambda plan: {"events": bench_events().count()},
)
def build_events(plan: Plan, rng: random.Random) -> None:
    organisations = list(bench_organisations().order_by("id"))
    weights = list(accumulate(ORGANISER_KINDS.get(o.kind, 0.2) for o in organisations))
    kinds = list(EventKind.objects.order_by("position"))
    now = timezone.now()
    rows = []
    for index in range(plan.events):
        organiser = rng.choices(organisations, cum_weights=weights)[0]
        kind = kinds[rng.randrange(len(kinds))]
        starts = FIRST_DAY + dt.timedelta(
            days=rng.randrange(SPAN_DAYS), hours=rng.randrange(3, 10), minutes=rng.choice((0, 30))
        )
        fmt = pick_format(rng)
        if starts < now:
            status = Event.Status.HELD if rng.random() < 0.9 else Event.Status.ARCHIVED
        else:
            status = Event.Status.PUBLISHED if rng.random() < 0.85 else Event.Status.DRAFT
        big = index == 0
        rows.append(
            Event(
                title=BIG_EVENT_TITLE
                if big
                else f"{kind.name.capitalize()} «{rng.choice(TOPICS)}» № {index}",
                kind=kind,
                organisation=organiser,
                format=fmt,
                venue=organiser if fmt != Format.ONLINE else None,
                venue_address=organiser.address if fmt != Format.ONLINE else "",
                online_url=f"https://meet.{BENCH_DOMAIN}/{index}"
                if fmt != Format.IN_PERSON
                else "",
                stream_url=f"https://vk.com/bench{index}" if fmt == Format.HYBRID else "",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=rng.choice((1, 2, 3, 6, 26))),
                status=Event.Status.HELD if big else status,
                capacity=None if big or rng.random() < 0.3 else rng.choice((20, 30, 50, 100, 300)),
                description=f"Мероприятие для педагогов и обучающихся: {rng.choice(TOPICS)}.",
                registration_opens_at=starts - dt.timedelta(days=30),
                registration_closes_at=starts - dt.timedelta(hours=12),
            )
        )
    Event.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _per_event(plan: Plan, rng: random.Random, events: list[Event]) -> Counter:
    """How many registrations each event gets: the big one first, the rest heavy-tailed."""
    big = min(BIG_EVENT_REGISTRATIONS, plan.registrations // 10)
    counts = Counter({events[0].pk: big})
    rest = events[1:] or events
    cumulative = list(accumulate(rng.paretovariate(1.3) for _ in rest))
    for event in rng.choices(rest, cum_weights=cumulative, k=plan.registrations - big):
        counts[event.pk] += 1
    return counts


@step(
    "registrations",
    owned=bench_registrations,
    target=lambda plan: plan.registrations,
    report=lambda plan: {"registrations": bench_registrations().count()},
)
def build_registrations(plan: Plan, rng: random.Random) -> None:
    events = list(bench_events().order_by("id"))
    counts = _per_event(plan, rng, events)
    people = list(
        bench_people()
        .filter(memberships__role__in=(Role.TEACHER, Role.METHODIST, Role.PUPIL))
        .values_list("pk", "email", "last_name", "first_name", "patronymic")
        .distinct()
        .order_by("pk")
    )
    organisations = list(bench_organisations().values_list("pk", "municipality_id", "name"))
    now = timezone.now()
    serial = 0
    batch: list[Registration] = []
    for event in events:
        wanted = counts.get(event.pk, 0)
        if not wanted:
            continue
        pick_status = pick_past if event.starts_at < now else pick_future
        # Up to 60 % of the participants have an account; distinct people per event.
        members = rng.sample(people, min(len(people), wanted * 3 // 5))
        for n in range(wanted):
            serial += 1
            org_pk, municipality_pk, org_name = organisations[rng.randrange(len(organisations))]
            if n < len(members):
                user_pk, email, last, first, middle = members[n]
            else:
                user_pk = None
                last, first, middle = names.full_name(rng)
                email = f"guest.{event.pk}.{n}@{BENCH_DOMAIN}"
            batch.append(
                Registration(
                    event_id=event.pk,
                    user_id=user_pk,
                    full_name=f"{last} {first} {middle}",
                    email=email,
                    organisation_id=org_pk,
                    organisation_name=org_name,
                    municipality_id=municipality_pk,
                    role=pick_role(rng),
                    status=pick_status(rng),
                    code=f"B{serial:09d}",
                )
            )
            if len(batch) >= BATCH_SIZE:
                Registration.objects.bulk_create(batch)
                batch = []
    if batch:
        Registration.objects.bulk_create(batch)
