"""People with realistic Russian names, spread over organisations and municipalities, and
their roles (memberships) in a plausible mix: mostly pupils and parents, then teachers …"""

import datetime as dt
import random
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from technopark.accounts.models import Membership, Role, User
from technopark.network.models import Organisation

from .. import names
from ..dataset import BATCH_SIZE, BENCH_DOMAIN, BENCH_PASSWORD, Plan, step
from .network import MUNICIPALITY_WEIGHT, bench_organisations, municipalities_in_use

Kind = Organisation.Kind

# Share of people by their main role.
ROLE_MIX = {
    Role.PUPIL: 0.623,
    Role.GUARDIAN: 0.2,
    Role.TEACHER: 0.12,
    Role.METHODIST: 0.03,
    Role.JURY: 0.015,
    Role.PARTNER: 0.01,
    Role.ADMINISTRATOR: 0.002,
}
# Where each role works or studies, with a weight per kind of organisation; guardians belong
# to none (their membership is installation-wide), they live in a municipality.
ROLE_PLACES = {
    Role.PUPIL: {Kind.SCHOOL: 1.0, Kind.CREATIVITY_CENTRE: 0.6, Kind.TECHNOPARK: 0.5},
    Role.TEACHER: {Kind.SCHOOL: 1.0, Kind.CREATIVITY_CENTRE: 1.5, Kind.TECHNOPARK: 1.5},
    Role.METHODIST: {
        Kind.RESOURCE_CENTRE: 1.0,
        Kind.CREATIVITY_CENTRE: 1.0,
        Kind.TECHNOPARK: 0.5,
        Kind.ACADEMY: 5.0,
        Kind.MINISTRY: 2.0,
    },
    Role.JURY: {Kind.UNIVERSITY: 2.0, Kind.ACADEMY: 2.0, Kind.TECHNOPARK: 0.5, Kind.BUSINESS: 0.5},
    Role.PARTNER: {Kind.BUSINESS: 1.0, Kind.UNIVERSITY: 0.5},
    Role.ADMINISTRATOR: {Kind.RESOURCE_CENTRE: 1.0, Kind.MINISTRY: 1.0, Kind.TECHNOPARK: 1.0},
}
TEACHERS_ON_JURIES = 0.08  # a second membership: some teachers also judge competitions


def bench_people():
    return User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")


def _report(plan: Plan) -> dict[str, int]:
    return {
        "people": bench_people().count(),
        "memberships": Membership.objects.filter(user__in=bench_people()).count(),
    }


class _Places:
    """Weighted random picks of an organisation for a role (cumulative weights: fast picks)."""

    def __init__(self, rng: random.Random, organisations: list[Organisation]):
        self.rng = rng
        size = {o.pk: rng.uniform(0.3, 1.7) for o in organisations}  # some are bigger
        self.pools = {}
        for role, kinds in ROLE_PLACES.items():
            pool = [o for o in organisations if o.kind in kinds] or organisations
            weights = [kinds.get(o.kind, 1.0) * size[o.pk] for o in pool]
            self.pools[role] = (pool, list(accumulate(weights)))

    def pick(self, role: str) -> Organisation | None:
        pool, cumulative = self.pools.get(role, ((), ()))
        return self.rng.choices(pool, cum_weights=cumulative)[0] if pool else None


@step("people", owned=bench_people, target=lambda plan: plan.people, report=_report)
def build_people(plan: Plan, rng: random.Random) -> None:
    organisations = list(bench_organisations().order_by("id"))
    places = _Places(rng, organisations)
    homes = municipalities_in_use(plan)
    home_weights = list(accumulate(MUNICIPALITY_WEIGHT.get(m.kind, 1.0) for m in homes))
    roles, role_weights = list(ROLE_MIX), list(accumulate(ROLE_MIX.values()))
    # One hash for everybody: hashing 100,000 passwords would take longer than the rest.
    password = make_password(BENCH_PASSWORD)
    now = timezone.now()
    for start in range(0, plan.people, BATCH_SIZE):
        people, main_roles = [], []
        for index in range(start, min(start + BATCH_SIZE, plan.people)):
            role = rng.choices(roles, cum_weights=role_weights)[0]
            organisation = None if role == Role.GUARDIAN else places.pick(role)
            last, first, patronymic = names.full_name(rng)
            email = f"{names.transliterate(first)}.{names.transliterate(last)}.{index + 1}"
            people.append(
                User(
                    email=f"{email}@{BENCH_DOMAIN}",
                    password=password,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-"
                    f"{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                    organisation=organisation,
                    municipality_id=organisation.municipality_id
                    if organisation
                    else rng.choices(homes, cum_weights=home_weights)[0].pk,
                    position=rng.choice(names.POSITIONS.get(role, ("",))),
                    date_joined=now
                    - dt.timedelta(days=rng.randint(0, 3 * 365), seconds=rng.randint(0, 86_399)),
                )
            )
            main_roles.append(role)
        # PostgreSQL and SQLite ≥ 3.35 return the new ids, so memberships follow at once.
        people = User.objects.bulk_create(people, batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(_memberships(rng, people, main_roles), batch_size=BATCH_SIZE)


def _memberships(rng: random.Random, people: list[User], main_roles: list[str]):
    for person, role in zip(people, main_roles, strict=True):
        organisation = person.organisation
        if role == Role.ADMINISTRATOR and organisation and organisation.kind == Kind.MINISTRY:
            organisation = None  # the ministry's administrators run the whole installation
        yield Membership(user=person, role=role, organisation=organisation)
        if role == Role.TEACHER and rng.random() < TEACHERS_ON_JURIES:
            yield Membership(user=person, role=Role.JURY, organisation=organisation)
