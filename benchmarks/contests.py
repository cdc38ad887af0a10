"""Time the contests' heavy paths at the size of issue #4: automatic assignment of 5,000 works
to 100 judges with conflicts (< 5 s), the results of 5,000 works × 5 judges × 6 criteria
(< 1 s), and the judge's workspace page served by gunicorn (p99 < 50 ms).

    .venv/bin/python benchmarks/contests.py                      # full scale, SQLite
    .venv/bin/python benchmarks/contests.py --scale 0.02 --duration 3   # a quick smoke run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tp_contests_bench \
        .venv/bin/python benchmarks/contests.py --repeat 5

The database is DATABASE_URL, else SQLITE_PATH, else benchmarks/out/contests.sqlite3 (its own
file: the contest needs none of the region-scale data set). It is migrated, and the benchmark
contest, its people and organisations (e-mails at BENCH_DOMAIN, slug `bench-contest`) are
wiped and rebuilt with bulk inserts on every run, so every run starts from the same state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.env import OUT, describe_database  # noqa: E402

SLUG = "bench-contest"
PREFIX = "contest-"  # of the benchmark's people's e-mails and organisations' names
NOMINATIONS = (
    "Методическая разработка занятия",
    "Программа дополнительного образования",
    "Проектная деятельность обучающихся",
    "Цифровые образовательные ресурсы",
)
# (name, max points, weight, tie-break)
CRITERIA = (
    ("Актуальность и новизна", 10, "1", False),
    ("Соответствие цели и задачам", 10, "1", False),
    ("Методическая ценность", 10, "1.5", True),
    ("Оформление", 5, "0.5", False),
    ("Возможность тиражирования", 5, "1", False),
    ("Результативность", 20, "2", False),
)
JUDGES_PER_ENTRY = 5
SHARED_JUDGES = 0.6  # of the jury judges every nomination, the rest one nomination each


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument("--scale", type=float, default=1.0, help="1 = 5,000 works, 100 judges")
    cli.add_argument("--repeat", type=int, default=3, help="runs of each timed step (default 3)")
    cli.add_argument("--duration", type=float, default=10.0, help="seconds of page load (≤ 30)")
    cli.add_argument(
        "--concurrency", type=int, default=1, help="simulated users on the page (default 1)"
    )
    cli.add_argument("--no-page", action="store_true", help="skip the gunicorn page measurement")
    cli.add_argument("--seed", type=int, default=2023)
    cli.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    return cli


class Sizes:
    def __init__(self, scale: float):
        self.entries = max(20, round(5000 * scale))
        self.judges = max(12, round(100 * scale))
        self.judge_organisations = max(4, round(60 * scale))
        self.other_organisations = max(4, round(140 * scale))
        self.submitters = max(5, round(1000 * scale))


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def timed_runs(func, repeat: int, before=None) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(max(1, repeat)):
        if before:
            before()
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return times, result


def ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:8.1f} ms   best {min(times) * 1000:8.1f} ms"


def wipe() -> None:
    from benchmarks.dataset import BENCH_DOMAIN, purge
    from technopark.accounts.models import User
    from technopark.contests.models import Contest, Entry
    from technopark.network.models import Organisation

    contests = Contest.objects.filter(slug=SLUG)
    purge(Entry.objects.filter(contest__in=contests))
    purge(contests)
    purge(User.objects.filter(email__startswith=PREFIX, email__endswith=f"@{BENCH_DOMAIN}"))
    purge(Organisation.objects.filter(name__startswith=PREFIX))


def build(sizes: Sizes, rng: random.Random):
    """The contest, its people and works; returns (stage, administrator, judges)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from benchmarks.dataset import BATCH_SIZE, BENCH_DOMAIN, BENCH_PASSWORD
    from technopark.accounts.models import Membership, Role, User
    from technopark.contests import models as m
    from technopark.network.models import Municipality, Organisation

    now = timezone.now()
    municipalities = list(Municipality.objects.order_by("pk")[:20])
    password = make_password(BENCH_PASSWORD)
    n_orgs = sizes.judge_organisations + sizes.other_organisations
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name=f"{PREFIX}{i:03d} Центр детского творчества № {i}",
                kind=Organisation.Kind.CREATIVITY_CENTRE,
                municipality=municipalities[i % len(municipalities)],
            )
            for i in range(n_orgs)
        )
        judge_orgs = orgs[: sizes.judge_organisations]
        # Every judges' organisation has one judge, the rest are spread at random.
        judge_org_list = judge_orgs + [
            rng.choice(judge_orgs) for _ in range(sizes.judges - len(judge_orgs))
        ]

        def person(kind: str, i: int, org) -> User:
            return User(
                email=f"{PREFIX}{kind}{i}@{BENCH_DOMAIN}",
                password=password,
                last_name=f"Судьина-{i}" if kind == "judge" else f"Авторова-{i}",
                first_name="Мария",
                patronymic="Ивановна",
                organisation=org,
                municipality_id=org.municipality_id if org else None,
            )

        admin, *judges = User.objects.bulk_create(
            [person("admin", 0, orgs[0])]
            + [person("judge", i, org) for i, org in enumerate(judge_org_list)]
        )
        submitters = User.objects.bulk_create(
            [person("author", i, rng.choice(orgs)) for i in range(sizes.submitters)],
            batch_size=BATCH_SIZE,
        )
        Membership.objects.bulk_create(
            [Membership(user=admin, role=Role.ADMINISTRATOR)]
            + [Membership(user=j, role=Role.JURY, organisation=j.organisation) for j in judges]
            + [
                Membership(user=s, role=Role.TEACHER, organisation=s.organisation)
                for s in submitters
            ],
            batch_size=BATCH_SIZE,
        )
        contest = m.Contest.objects.create(
            slug=SLUG,
            title="Проектная педагогическая мастерская (нагрузочный тест)",
            kind=m.Contest.Kind.MASTERY,
            level=m.Contest.Level.REGIONAL,
            audience=m.Contest.Audience.TEACHERS,
            organisation=orgs[0],
            status=m.Contest.Status.JUDGING,
            submission_opens_at=now - dt.timedelta(days=60),
            submission_closes_at=now - dt.timedelta(days=10),
            judges_per_entry=JUDGES_PER_ENTRY,
            normalise=True,  # the heavier path: z-scores per judge as well as raw sums
            award_rule={"first": 1, "second": 1, "third": 1, "laureate_min_score": 40},
        )
        nominations = m.Nomination.objects.bulk_create(
            m.Nomination(contest=contest, name=name, position=i)
            for i, name in enumerate(NOMINATIONS)
        )
        stage = m.Stage.objects.create(
            contest=contest,
            position=1,
            title="Заочный этап",
            status=m.Stage.Status.OPEN,
            ends_on=(now + dt.timedelta(days=14)).date(),
        )
        m.Criterion.objects.bulk_create(
            m.Criterion(
                stage=stage,
                name=name,
                max_points=Decimal(top),
                weight=Decimal(weight),
                is_tie_break=tie,
                position=i,
            )
            for i, (name, top, weight, tie) in enumerate(CRITERIA)
        )
        shared = round(len(judges) * SHARED_JUDGES)
        m.JuryMember.objects.bulk_create(
            m.JuryMember(
                stage=stage,
                user=judge,
                nomination=None if i < shared else nominations[i % len(nominations)],
                role=m.JuryMember.Role.CHAIR
                if i == 0
                else m.JuryMember.Role.SECRETARY
                if i == 1
                else m.JuryMember.Role.MEMBER,
            )
            for i, judge in enumerate(judges)
        )
        entries = []
        for number in range(1, sizes.entries + 1):
            # A judge submits a few works themselves; the rest come from teachers.
            by = rng.choice(judges) if rng.random() < 0.002 else rng.choice(submitters)
            entries.append(
                m.Entry(
                    contest=contest,
                    number=number,
                    nomination=nominations[number % len(nominations)],
                    title=f"Методическая разработка № {number}: робототехника в школе",
                    annotation="Краткая аннотация работы.",
                    submitted_by=by,
                    organisation_id=by.organisation_id,
                    municipality_id=by.municipality_id,
                    current_stage=stage,
                )
            )
        entries = m.Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        authors, conflicts = [], []
        for entry in entries:
            authors.append(
                m.EntryAuthor(
                    entry=entry,
                    user_id=entry.submitted_by_id,
                    full_name=f"Авторова Мария Ивановна ({entry.number})",
                )
            )
            for extra in range(rng.randint(0, 2)):
                authors.append(
                    m.EntryAuthor(entry=entry, full_name=f"Соавтор {extra}", position=extra + 1)
                )
            if rng.random() < 0.01:  # a judge mentored the work
                mentor = rng.choice(judges)
                authors.append(
                    m.EntryAuthor(
                        entry=entry,
                        user=mentor,
                        role=m.EntryAuthor.Role.MENTOR,
                        full_name=mentor.last_name,
                        position=9,
                    )
                )
            if rng.random() < 0.01:  # a judge declared a conflict of interest
                conflicts.append(
                    m.Conflict(
                        entry=entry,
                        judge=rng.choice(judges),
                        reason="мой выпускник",
                        declared_by=admin,
                    )
                )
        m.EntryAuthor.objects.bulk_create(authors, batch_size=BATCH_SIZE)
        m.Conflict.objects.bulk_create(conflicts, batch_size=BATCH_SIZE, ignore_conflicts=True)
        m.EntryStage.objects.bulk_create(
            (m.EntryStage(entry=entry, stage=stage) for entry in entries), batch_size=BATCH_SIZE
        )
    return stage, admin, judges


def fill_scores(stage, rng: random.Random) -> int:
    """A complete score sheet for every assignment: each judge is a little lenient or strict,
    each work has a quality of its own."""
    from django.db import transaction
    from django.utils import timezone

    from benchmarks.dataset import BATCH_SIZE
    from technopark.contests.models import Assignment, Score

    criteria = list(stage.criteria.all())
    rows = list(Assignment.objects.filter(stage=stage).values_list("pk", "entry_id", "judge_id"))
    bias, quality = {}, {}
    scores = []
    for pk, entry_id, judge_id in rows:
        b = bias.setdefault(judge_id, rng.uniform(-0.15, 0.15))
        q = quality.setdefault(entry_id, rng.uniform(0.3, 0.9))
        for criterion in criteria:
            top = float(criterion.max_points)
            value = min(max((q + b + rng.gauss(0, 0.08)) * top, 0.0), top)
            scores.append(
                Score(assignment_id=pk, criterion=criterion, points=Decimal(f"{value:.2f}"))
            )
    with transaction.atomic():
        Score.objects.bulk_create(scores, batch_size=BATCH_SIZE)
        Assignment.objects.filter(stage=stage).update(completed_at=timezone.now())
    return len(scores)


def settle() -> None:
    """On PostgreSQL, VACUUM ANALYZE the contest's tables, as autovacuum would in production:
    the rebuild and the repeated clearing of results leave dead rows and stale statistics
    (the workspace query then scanned 200,000 dead index entries for 5,000 works)."""
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # VACUUM cannot run in a transaction (the smoke test runs inside one)
    tables = ("accounts_user", "contests_entry", "contests_entryauthor", "contests_entrystage")
    tables += ("contests_conflict", "contests_assignment", "contests_score", "contests_jurymember")
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("SQLITE_PATH", str(OUT / "contests.sqlite3"))
    from benchmarks import run as harness

    env = harness.server_environment()
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(env)
    print(f"database: {describe_database(env)}; load average {load()}", flush=True)
    harness.manage(env, "migrate", "--no-input", "-v", "0")
    if not args.no_page:
        harness.manage(env, "collectstatic", "--no-input", "-v", "0")

    import django

    django.setup()
    from django.db import connection
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from technopark.contests.models import Assignment, Entry, EntryStage
    from technopark.contests.services.jury import auto_assign
    from technopark.contests.services.results import compute_stage_results

    translation.activate("ru")
    sizes = Sizes(args.scale)
    rng = random.Random(args.seed)
    figures: dict = {
        "database": describe_database(env),
        "scale": args.scale,
        "cpus": os.cpu_count(),
    }

    started = time.perf_counter()
    wipe()
    stage, admin, judges = build(sizes, rng)
    settle()
    figures["build_s"] = round(time.perf_counter() - started, 2)
    print(
        f"built in {figures['build_s']:.1f} s: {sizes.entries:,} works in {len(NOMINATIONS)} "
        f"nominations, {len(judges)} judges from {sizes.judge_organisations} organisations "
        f"({round(len(judges) * SHARED_JUDGES)} judge every nomination), {len(CRITERIA)} criteria, "
        f"K = {JUDGES_PER_ENTRY}",
        flush=True,
    )

    # (1) automatic assignment, from no assignments each time
    def clear_assignments():
        Assignment.objects.filter(stage=stage)._raw_delete(connection.alias)
        settle()

    load_before = load()
    times, outcome = timed_runs(
        lambda: auto_assign(stage, user=admin), args.repeat, clear_assignments
    )
    clear_assignments()
    with CaptureQueriesContext(connection) as queries:
        outcome = auto_assign(stage, user=admin)
    loads = sorted(outcome["load"].values())
    same_org = Assignment.objects.filter(
        stage=stage, judge__organisation_id=F("entry__organisation_id")
    ).count()
    figures["assign"] = {
        "median_s": statistics.median(times),
        "best_s": min(times),
        "queries": len(queries.captured_queries),
        "created": outcome["created"],
        "short": len(outcome["short"]),
        "load_min_max": [loads[0], loads[-1]],
        "same_organisation_assignments": same_org,
        "load_average": [load_before, load()],
    }
    print(
        f"(1) auto_assign           {ms(times)}   (target < 5000 ms)\n"
        f"      {len(queries.captured_queries)} queries; {outcome['created']:,} assignments, "
        f"{len(outcome['short'])} works short of K; load per judge {loads[0]}–{loads[-1]}; "
        f"assigned from the judge's own organisation: {same_org}; load average {load_before} → "
        f"{load()}",
        flush=True,
    )

    # (2) results of complete score sheets
    started = time.perf_counter()
    n_scores = fill_scores(stage, rng)
    settle()
    print(f"    {n_scores:,} scores filled in {time.perf_counter() - started:.1f} s", flush=True)

    def forget_results():  # so that every timed run writes every row
        EntryStage.objects.filter(stage=stage).update(
            raw_score=None, normalised_score=None, rank=None
        )
        Entry.objects.filter(contest_id=stage.contest_id).update(final_score=None, rank=None)
        settle()

    load_before = load()
    times, results = timed_runs(lambda: compute_stage_results(stage), args.repeat, forget_results)
    forget_results()
    with CaptureQueriesContext(connection) as queries:
        results = compute_stage_results(stage)
    again, _ = timed_runs(lambda: compute_stage_results(stage), args.repeat)
    ranked = sum(1 for row in results.rows if row.rank is not None)
    figures["results"] = {
        "median_s": statistics.median(times),
        "best_s": min(times),
        "unchanged_median_s": statistics.median(again),
        "queries": len(queries.captured_queries),
        "scores": n_scores,
        "ranked": ranked,
        "load_average": [load_before, load()],
    }
    print(
        f"(2) compute_stage_results {ms(times)}   (target < 1000 ms; writes every row)\n"
        f"      nothing to write    {ms(again)}\n"
        f"      {len(queries.captured_queries)} queries; {ranked:,} works ranked in "
        f"{len(results.groups)} groups; load average {load_before} → {load()}",
        flush=True,
    )

    settle()
    if not args.no_page:
        figures["page"] = measure_page(args, env, stage, judges, harness)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    return 1 if figures.get("page", {}).get("errors") else 0


def measure_page(args, env, stage, judges, harness) -> dict:
    """(3) The workspace of the judge whose load is nearest 250, in-process for the query count,
    then under gunicorn with the harness's load generator, logged in by session cookie."""
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from benchmarks.load import Request, run_load
    from benchmarks.scenarios import Scenario
    from technopark.contests.models import Assignment

    per_judge = dict(
        Assignment.objects.filter(stage=stage)
        .values_list("judge_id")
        .annotate(n=Count("pk"))
        .values_list("judge_id", "n")
    )
    target = statistics.median(per_judge.values())
    judge_id = min(per_judge, key=lambda j: (abs(per_judge[j] - 250), j))
    path = reverse("contests:jury")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(next(j for j in judges if j.pk == judge_id))
    client.get(path)  # warm: templates, translations
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    links = len(re.findall(rb'href="/contests/jury/\d+/"', response.content))
    if response.status_code != 200:
        raise RuntimeError(f"the workspace answered {response.status_code}")
    print(
        f"(3) workspace of a judge with {per_judge[judge_id]} works (median {target}): "
        f"{len(queries.captured_queries)} queries in-process, {len(response.content) / 1024:.0f} "
        f"KiB, {links} rows",
        flush=True,
    )
    connection.close()

    class Workspace(Scenario):
        name = "contest_jury_workspace"
        description = "the judge's workspace, logged in"

        def start(self, client):
            status, _ = client.send(Request(f"/__bench__/login/{judge_id}"))
            if status != 200:
                raise RuntimeError(f"could not log the judge in: {status}")

        def request(self, client):
            return Request(path)

    port = harness.free_port()
    load_before = load()
    with harness.Gunicorn(env, port, workers=2, threads=4):
        result = run_load(
            Workspace(), port, concurrency=args.concurrency, duration=args.duration, warmup=1.0
        )
    figures = {
        "judge_assignments": per_judge[judge_id],
        "queries": len(queries.captured_queries),
        "kib": round(len(response.content) / 1024),
        "concurrency": args.concurrency,
        **result.as_dict(),
        "load_average": [load_before, load()],
    }
    print(
        f"    gunicorn 2 workers × 4 threads, {args.concurrency} simulated user(s), "
        f"{args.duration:g} s: {result.requests} requests, {result.errors} errors, "
        f"{result.rps:.1f} req/s, p50 {result.p(50):.1f} ms, p99 {result.p(99):.1f} ms "
        f"(target p99 < 50 ms); load average {load_before} → {load()}",
        flush=True,
    )
    if result.first_error:
        print(f"    first error: {result.first_error}")
    return figures


if __name__ == "__main__":
    sys.exit(main())
