"""The benchmark data set as a list of named steps, built in order.

Each step owns rows it can recognise again (people and organisations carry e-mail addresses at
BENCH_DOMAIN, generated municipalities have invented names), so the generator is re-runnable:
a step whose row count already matches the plan is skipped; the first step that does not match
is wiped together with every later step, and those are rebuilt. `fresh=True` rebuilds all.

A later issue adds a generator by writing a `@step(...)` function in a module under
`benchmarks/steps/` (imported in order by `benchmarks/steps/__init__.py`) and, if it needs a
size, a field on `Plan` — the command line picks new fields up by itself.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

from django.db import models, transaction

BENCH_DOMAIN = "bench.technopark.test"
# Every generated person can log in with this password (scenarios that need a session use it).
BENCH_PASSWORD = "bench-Technopark-2024"
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Plan:
    """How big the data set is; fields marked `scaled` shrink with --scale."""

    people: int = field(default=100_000, metadata={"scaled": True, "help": "people (users)"})
    organisations: int = field(default=2_000, metadata={"scaled": True, "help": "organisations"})
    events: int = field(default=20_000, metadata={"scaled": True, "help": "events"})
    registrations: int = field(
        default=1_000_000, metadata={"scaled": True, "help": "registrations to events"}
    )
    municipalities: int = field(
        default=60,
        metadata={"help": "municipalities in use: the shipped ones first, then invented districts"},
    )
    seed: int = field(default=2024, metadata={"help": "random seed"})

    def scaled(self, factor: float) -> Plan:
        changes = {
            f.name: max(1, round(getattr(self, f.name) * factor))
            for f in fields(self)
            if f.metadata.get("scaled")
        }
        return replace(self, **changes)


@dataclass(frozen=True)
class Step:
    name: str
    build: Callable[[Plan, random.Random], None]
    owned: Callable[[], models.QuerySet]  # the rows this step created
    target: Callable[[Plan], int]  # how many owned rows the plan wants
    report: Callable[[Plan], dict[str, int]]  # row counts to print when done


STEPS: list[Step] = []


def step(name: str, *, owned, target, report):
    """Register the decorated function as the build of step `name` (after the existing ones)."""

    def register(build):
        if any(existing.name == name for existing in STEPS):
            raise ValueError(f"step {name!r} is registered twice")
        STEPS.append(Step(name, build, owned, target, report))
        return build

    return register


def build(plan: Plan, *, fresh: bool = False, log: Callable[[str], None] = print) -> dict:
    """Bring the database to `plan`; return the row counts of the data set."""
    import benchmarks.steps  # noqa: F401 - registers the steps, in build order

    todo: list[Step] = []
    for candidate in STEPS:
        if not todo and not fresh and candidate.owned().count() == candidate.target(plan):
            log(f"{candidate.name}: already there, skipped")
        else:
            todo.append(candidate)
    with transaction.atomic():
        for stale in reversed(todo):
            purge(stale.owned())
    for current in todo:
        started = time.perf_counter()
        with transaction.atomic():
            current.build(plan, random.Random(f"{plan.seed}:{current.name}"))
        log(f"{current.name}: built in {time.perf_counter() - started:.1f} s")
    counts: dict[str, int] = {}
    for done in STEPS:
        counts.update(done.report(plan))
    return counts


def purge(queryset: models.QuerySet) -> int:
    """Delete rows and their dependants in plain SQL.

    QuerySet.delete() would load every row and send a signal per row — and the audit log
    listens, so wiping 100,000 people would write 100,000 audit entries. Here the database
    does the work; on_delete is honoured (CASCADE deletes, SET_NULL clears, PROTECT refuses).
    """
    model = queryset.model
    keys = queryset.values("pk")
    for relation in _relations_to(model):
        if relation.related_model is model:
            continue  # a self-reference (an organisation's parent) goes in the same DELETE
        dependants = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": keys}
        )
        if relation.on_delete is models.CASCADE:
            purge(dependants)
        elif relation.on_delete is models.SET_NULL:
            dependants.update(**{relation.field.name: None})
        elif relation.on_delete is not models.DO_NOTHING and dependants.exists():
            raise ValueError(
                f"{relation.related_model._meta.label} rows still refer to the "
                f"{model._meta.label} rows being wiped; remove them first"
            )
    # _raw_delete: one DELETE statement without collecting rows or sending signals.
    return queryset._raw_delete(queryset.db)


def _relations_to(model: type[models.Model]):
    # The same set Django's deletion collector walks: reverse FK/one-to-one relations,
    # including hidden ones (related_name="+") and the through tables of many-to-many fields.
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many)
    ]
