"""Municipalities (shipped plus invented districts) and organisations with a realistic mix."""

import json
import random
from collections import Counter
from pathlib import Path

from django.db.models import Count

import technopark.network
from technopark.network.models import Municipality, Organisation, Region

from .. import names
from ..dataset import BATCH_SIZE, BENCH_DOMAIN, Plan, step

Kind = Organisation.Kind
SHIPPED = Path(technopark.network.__file__).resolve().parent / "data" / "municipalities.json"

# Bigger places get more institutions and more people.
MUNICIPALITY_WEIGHT = {"city_district": 4.0, "urban_district": 3.0, "municipal_district": 1.0}
CAPITAL = "городской округ Самара"  # the ministry, the institute and universities sit here


def _shipped_names() -> set[str]:
    entries = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return {item["name"] for entry in entries for item in entry["municipalities"]}


def _invented_districts() -> list[tuple[str, str]]:
    """(name, kind) in the order they are added: municipal districts first, then city ones."""
    shipped = _shipped_names()
    return [
        (f"{prefix} {stem}", kind)
        for prefix, kind in names.DISTRICT_PREFIXES
        for stem in names.DISTRICT_STEMS
        if f"{prefix} {stem}" not in shipped
    ]


def generated_municipalities():
    return Municipality.objects.filter(name__in=[name for name, _ in _invented_districts()])


def municipalities_in_use(plan: Plan) -> list[Municipality]:
    """The first `plan.municipalities` by id: the shipped list, then the invented districts."""
    return list(Municipality.objects.order_by("id")[: plan.municipalities])


def _municipalities_to_add(plan: Plan) -> int:
    return max(
        0,
        plan.municipalities
        - Municipality.objects.exclude(pk__in=generated_municipalities().values("pk")).count(),
    )


@step(
    "municipalities",
    owned=generated_municipalities,
    target=_municipalities_to_add,
    report=lambda plan: {
        "municipalities": len(municipalities_in_use(plan)),
        "municipalities (invented)": generated_municipalities().count(),
    },
)
def build_municipalities(plan: Plan, rng: random.Random) -> None:
    missing = _municipalities_to_add(plan)
    candidates = _invented_districts()
    if missing > len(candidates):
        raise ValueError(
            f"at most {len(candidates)} districts can be invented; ask for fewer municipalities"
        )
    # The region with the most districts (Samara region in the shipped list) grows.
    region = Region.objects.annotate(size=Count("municipalities")).order_by("-size", "id").first()
    Municipality.objects.bulk_create(
        [Municipality(region=region, name=name, kind=kind) for name, kind in candidates[:missing]]
    )


def bench_organisations():
    return Organisation.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")


def _kind_quota(total: int, municipality_count: int) -> list[str]:
    """The kinds of `total` organisations: one ministry, a resource centre per municipality …"""
    quota = {
        Kind.MINISTRY: 1,
        Kind.ACADEMY: 1 if total >= 20 else 0,
        Kind.RESOURCE_CENTRE: min(municipality_count, total // 30),
        Kind.UNIVERSITY: min(len(names.UNIVERSITIES), total // 400),
        Kind.BUSINESS: total * 3 // 100,
        Kind.TECHNOPARK: total * 2 // 100,
        Kind.CREATIVITY_CENTRE: total * 8 // 100,
    }
    quota[Kind.SCHOOL] = total - sum(quota.values())
    return [kind for kind, count in quota.items() for _ in range(count)][:total]


class _Namer:
    """Names unique within a municipality, as the database requires."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: Counter = Counter()

    def _nth(self, key) -> int:
        self.seen[key] += 1
        return self.seen[key]

    def __call__(self, kind: str, municipality: Municipality) -> tuple[str, str]:
        n = self._nth((kind, municipality.pk))
        if kind == Kind.SCHOOL:
            full, short = self.rng.choices(
                [t[:2] for t in names.SCHOOL_TYPES], [t[2] for t in names.SCHOOL_TYPES]
            )[0]
            return f"{full} № {n}", f"{short} № {n}"
        if kind == Kind.CREATIVITY_CENTRE:
            word = _cycled(names.CENTRE_WORDS, n)
            return f"ГБУ ДО ЦДТ «{word}»", f"ЦДТ «{word}»"
        if kind == Kind.TECHNOPARK:
            name = _cycled(names.TECHNOPARK_NAMES, n)
            return name, name
        if kind == Kind.BUSINESS:
            word = _cycled(names.BUSINESS_WORDS, self._nth(kind))
            return f"ООО «{word}»", word
        if kind == Kind.UNIVERSITY:
            return names.UNIVERSITIES[(self._nth(kind) - 1) % len(names.UNIVERSITIES)]
        if kind == Kind.RESOURCE_CENTRE:
            return f"Ресурсный центр — {municipality.name}", "Ресурсный центр"
        if kind == Kind.ACADEMY:
            return "ГАУ ДПО «Институт развития образования»", "ИРО"
        return "Министерство образования и науки", "Министерство образования"


def _cycled(pool: tuple[str, ...], n: int) -> str:
    """1 → the first name, past the end of the pool → the same names with a number."""
    name = pool[(n - 1) % len(pool)]
    return name if n <= len(pool) else f"{name} № {(n - 1) // len(pool) + 1}"


@step(
    "organisations",
    owned=bench_organisations,
    target=lambda plan: plan.organisations,
    report=lambda plan: {"organisations": bench_organisations().count()},
)
def build_organisations(plan: Plan, rng: random.Random) -> None:
    places = municipalities_in_use(plan)
    weights = [MUNICIPALITY_WEIGHT.get(m.kind, 1.0) for m in places]
    capital = next((m for m in places if m.name == CAPITAL), places[0])
    kinds = _kind_quota(plan.organisations, len(places))
    namer, serial = _Namer(rng), iter(range(1, plan.organisations + 1))

    def make(kind: str, municipality: Municipality, parent=None) -> Organisation:
        name, short = namer(kind, municipality)
        return Organisation(
            name=name,
            short_name=short,
            kind=kind,
            municipality=municipality,
            parent=parent,
            email=f"org{next(serial)}@{BENCH_DOMAIN}",
            phone=_phone(rng),
            is_partner=kind in (Kind.BUSINESS, Kind.UNIVERSITY),
        )

    # Parents are inserted first: bulk_create returns their ids for the children's FK.
    ministry = Organisation.objects.bulk_create([make(Kind.MINISTRY, capital)])[0]
    middle, uncovered = [], iter(places)  # one resource centre per municipality, in order
    for kind in kinds:
        if kind == Kind.RESOURCE_CENTRE:
            middle.append(make(kind, next(uncovered), ministry))
        elif kind == Kind.ACADEMY:
            middle.append(make(kind, capital, ministry))
        elif kind == Kind.UNIVERSITY:
            middle.append(make(kind, capital))
        elif kind == Kind.BUSINESS:
            middle.append(make(kind, rng.choices(places, weights)[0]))
    middle = Organisation.objects.bulk_create(middle, batch_size=BATCH_SIZE)
    centre_of = {o.municipality_id: o for o in middle if o.kind == Kind.RESOURCE_CENTRE}
    leaves = []
    for kind in kinds:
        if kind in (Kind.SCHOOL, Kind.CREATIVITY_CENTRE, Kind.TECHNOPARK):
            place = rng.choices(places, weights)[0]
            leaves.append(make(kind, place, centre_of.get(place.pk)))
    Organisation.objects.bulk_create(leaves, batch_size=BATCH_SIZE)


def _phone(rng: random.Random) -> str:
    return f"+7 846 {rng.randint(200, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
