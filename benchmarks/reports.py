"""Time the period report on the region-scale data set: the JSON report for a year of a
region and the DOCX built from it (issue #5: < 0.5 s and < 3 s at 20k events / 1M
registrations).

    .venv/bin/python benchmarks/generate.py                  # the data set (full scale)
    .venv/bin/python benchmarks/reports.py                   # the busiest region, its busiest year
    .venv/bin/python benchmarks/reports.py --region "Самарская область" --year 2025 --repeat 10
    .venv/bin/python benchmarks/reports.py --generate --scale 0.01   # a quick smoke run
    .venv/bin/python benchmarks/reports.py --dashboard       # the dashboard page under gunicorn

The database is the generator's (DATABASE_URL, else SQLITE_PATH, else
benchmarks/out/bench.sqlite3). The report is built in-process, as the CLI and the API build
it; each measurement is repeated and the median and the best are printed, with the number of
SQL queries (which must not depend on the number of events).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.env import bench_environment, describe_database  # noqa: E402


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument("--region", help="region name (default: the one with most events)")
    cli.add_argument("--year", type=int, help="calendar year (default: the busiest one)")
    cli.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    cli.add_argument("--no-docx", action="store_true", help="measure the JSON report only")
    cli.add_argument(
        "--generate", action="store_true", help="run benchmarks/generate.py first (--scale)"
    )
    cli.add_argument("--scale", type=float, default=1.0, help="data set scale for --generate")
    cli.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    cli.add_argument(
        "--dashboard",
        action="store_true",
        help="instead: the dashboard page of the region-year under gunicorn (benchmarks/run.py's "
        "server and load driver), warm (figures from the cache) and cold (?refresh=1)",
    )
    cli.add_argument("--duration", type=float, default=20, help="seconds of warm load (≤ 30)")
    cli.add_argument("--concurrency", type=int, default=8, help="simulated users, warm")
    cli.add_argument("--cold-requests", type=int, default=8, help="cold requests, one at a time")
    return cli


def timed(func, repeat: int, cpu: list[float] | None = None) -> tuple[list[float], object]:
    """Wall-clock times of `repeat` calls; with `cpu`, also this process's CPU time of each
    (on SQLite that includes the database's work, on PostgreSQL only Python's)."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = func()
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - started_cpu)
    return times, result


def server_cpu_reader(connection):
    """A function giving the CPU seconds the PostgreSQL backend of `connection` has used so far
    (read from /proc: the server runs on this machine), or None where that cannot be read
    (SQLite runs inside this process, whose CPU time is measured anyway)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    path = Path(f"/proc/{pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = path.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    try:
        read()
    except OSError:
        return None
    return read


def busiest(region_name: str | None, year: int | None):
    """The region and year to report on: given, or the ones with most held events."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from technopark.events.models import Event
    from technopark.network.models import Region
    from technopark.reports.scope import find_region

    region = find_region(region_name) if region_name else None
    if region is None:
        top = (
            Event.objects.values("organisation__municipality__region")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if top is None:
            sys.exit("no events in the database: run benchmarks/generate.py first")
        region = Region.objects.get(pk=top["organisation__municipality__region"])
    if year is None:
        top = (
            Event.objects.filter(organisation__municipality__region=region)
            .annotate(y=ExtractYear("starts_at"))
            .values("y")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        year = top["y"] if top else dt.date.today().year
    return region, year


def measure_dashboard(region, year: int, args) -> dict:
    """p50/p99 of the dashboard page for the region-year, logged in as a generated administrator,
    under the harness's gunicorn (2 workers × 4 threads). Warm: the page's figures are in the
    cache (every worker is primed first); cold: ?refresh=1 counts both periods on every request,
    one request at a time (several at once would only queue behind each other)."""
    import urllib.request
    from urllib.parse import urlencode

    from benchmarks.dataset import BENCH_DOMAIN
    from benchmarks.load import HOST, Client, Request, run_load
    from benchmarks.run import Gunicorn, free_port, manage, server_environment
    from benchmarks.scenarios import Scenario
    from technopark.accounts.models import User

    admin = (
        User.objects.filter(memberships__role="administrator", email__endswith=f"@{BENCH_DOMAIN}")
        .order_by("pk")
        .first()
    )
    if admin is None:
        sys.exit("no generated administrator: run benchmarks/generate.py first")
    query = {
        "scope": f"region:{region.pk}",
        "date_from": f"{year}-01-01",
        "date_to": f"{year}-12-31",
    }
    warm_path = "/reports/?" + urlencode(query)
    cold_path = "/reports/?" + urlencode({**query, "refresh": "1"})

    class Dashboard(Scenario):
        def __init__(self, name: str, path: str) -> None:
            self.name, self.path = name, path

        def start(self, client: Client) -> None:
            status, _ = client.send(Request(f"/__bench__/login/{admin.pk}"))
            if status != 200:
                raise RuntimeError(f"could not log in as the administrator: {status}")

        def request(self, client: Client) -> Request:
            return Request(self.path)

    env = server_environment()
    # The pages name their static files through the manifest: without it every page fails.
    manage(env, "collectstatic", "--no-input", "-v", "0")
    port = free_port()
    results = {"path": warm_path, "cache": "redis" if env.get("REDIS_URL") else "locmem"}
    with Gunicorn(env, port, workers=2, threads=4):
        # Prime every worker's cache (LocMemCache is per process): fresh connections until
        # four answers in a row come fast, each with a long timeout (a miss takes seconds).
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        opener.open(f"http://{HOST}:{port}/__bench__/login/{admin.pk}", timeout=60).read()
        fast, primed = 0, time.perf_counter()
        while fast < 4 and time.perf_counter() - primed < 300:
            began = time.perf_counter()
            with opener.open(f"http://{HOST}:{port}{warm_path}", timeout=120) as response:
                response.read()
            fast = fast + 1 if time.perf_counter() - began < 1.0 else 0
        results["priming_s"] = time.perf_counter() - primed
        for name, path, concurrency, duration, count in (
            ("dashboard_warm_1", warm_path, 1, args.duration, None),
            (
                f"dashboard_warm_{args.concurrency}",
                warm_path,
                args.concurrency,
                args.duration,
                None,
            ),
            ("dashboard_cold", cold_path, 1, 30.0, args.cold_requests),
        ):
            load_before = os.getloadavg()
            result = run_load(
                Dashboard(name, path),
                port,
                concurrency=concurrency,
                duration=duration,
                max_requests=count,
                warmup=1.0 if count is None else 0.0,
            )
            results[name] = {
                **result.as_dict(),
                "max_ms": round(result.p(100), 2) if result.requests else 0.0,
                "load_average": {"before": load_before, "after": os.getloadavg()},
            }
            row = results[name]
            print(
                f"  {name:<18} {row['requests']:>5} requests ({row['errors']} errors), "
                f"{concurrency} at a time: p50 {row['p50_ms']:8.1f} ms"
                f"   p99 {row['p99_ms']:8.1f} ms   max {row['max_ms']:8.1f} ms"
                f"   (load {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after)"
            )
            if row.get("first_error"):
                print(f"    first error: {row['first_error']}")
    return results


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.generate:
        from benchmarks import generate

        generate.main(["--scale", str(args.scale)])
    os.environ.update(bench_environment())
    os.makedirs(os.environ["VAR_DIR"], exist_ok=True)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import translation

    from technopark.reports.builder import build_report
    from technopark.reports.scope import Scope

    translation.activate("ru")
    region, year = busiest(args.region, args.year)
    scope = Scope.region(region)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    print(f"database: {describe_database(os.environ)}")
    print(f"report:   {region.name}, {start} … {end}, {args.repeat} runs each")

    if args.dashboard:
        print(f"dashboard: target p99 < 200 ms; load average {os.getloadavg()[0]:.2f}")
        results = measure_dashboard(region, year, args)
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))
        return 0

    def build():
        return build_report(scope, date_from=start, date_to=end)

    build()  # warm-up: imports, translations, the database's caches
    # Counted one after another: the queries that reports.parallel runs on connections of their
    # own would not be seen here otherwise.
    with (
        override_settings(REPORTS_PARALLEL_QUERIES=False),
        CaptureQueriesContext(connection) as queries,
    ):
        report = build()
    server_cpu = server_cpu_reader(connection)
    server_times: list[float] = []

    def build_and_server():
        before = server_cpu()
        result = build()
        server_times.append(server_cpu() - before)
        return result

    load_before = os.getloadavg()
    json_cpu: list[float] = []
    json_times, report = timed(build_and_server if server_cpu else build, args.repeat, json_cpu)
    load_after = os.getloadavg()
    dump_times, text = timed(lambda: json.dumps(report, ensure_ascii=False), args.repeat)
    results = {
        "database": describe_database(os.environ),
        "region": region.name,
        "year": year,
        "events_in_report": len(report["events"]),
        "events_held": report["events_held"],
        "registrations": report["registrations"],
        "unique_participants": report["unique_participants"],
        "queries": len(queries.captured_queries),
        "json_bytes": len(text.encode("utf-8")),
        "json_report_s": {"median": statistics.median(json_times), "best": min(json_times)},
        "json_report_cpu_s": {"median": statistics.median(json_cpu), "best": min(json_cpu)},
        "load_average": {"before": load_before, "after": load_after},
        "server_cpu_s": (
            {"median": statistics.median(server_times), "best": min(server_times)}
            if server_times
            else None
        ),
        "cpus": os.cpu_count(),
        "json_dumps_s": {"median": statistics.median(dump_times), "best": min(dump_times)},
    }
    print(
        f"  events in the report  {results['events_in_report']:>10,}\n"
        f"  registrations         {results['registrations']:>10,}\n"
        f"  unique participants   {results['unique_participants']:>10,}\n"
        f"  SQL queries           {results['queries']:>10}\n"
        f"  JSON size             {results['json_bytes'] / 1024:>10,.0f} KiB"
    )
    print(
        f"  build_report          median {statistics.median(json_times) * 1000:8.1f} ms"
        f"   best {min(json_times) * 1000:8.1f} ms   (target < 500 ms)"
    )
    print(
        f"    this process's CPU  median {statistics.median(json_cpu) * 1000:8.1f} ms"
        f"   best {min(json_cpu) * 1000:8.1f} ms"
    )
    if server_times:
        both = sorted(a + b for a, b in zip(json_cpu, server_times, strict=True))
        results["total_cpu_s"] = {"median": statistics.median(both), "best": both[0]}
        print(
            f"    the server's CPU    median {statistics.median(server_times) * 1000:8.1f} ms"
            f"   best {min(server_times) * 1000:8.1f} ms   (PostgreSQL backend, from /proc)\n"
            f"    CPU, both           median {statistics.median(both) * 1000:8.1f} ms"
            f"   best {both[0] * 1000:8.1f} ms"
        )
    print(
        f"  load average          {load_before[0]:.2f} before, {load_after[0]:.2f} after"
        f" ({os.cpu_count()} CPUs)"
    )
    print(
        f"  json.dumps            median {statistics.median(dump_times) * 1000:8.1f} ms"
        f"   best {min(dump_times) * 1000:8.1f} ms"
    )

    if not args.no_docx:
        try:
            from technopark.reports.documents import render
        except ImportError:
            print("  DOCX                  not measured: reports.documents is not there yet")
        else:
            from django.core.cache import cache

            def cold_docx():
                cache.clear()  # the charts are cached by their figures: draw them every time
                return render(report, "docx")

            render(report, "docx")  # warm-up: matplotlib's fonts, the template
            docx_cpu: list[float] = []
            load_before = os.getloadavg()
            docx_times, content = timed(cold_docx, max(1, min(args.repeat, 5)), docx_cpu)
            load_after = os.getloadavg()
            results["docx_s"] = {"median": statistics.median(docx_times), "best": min(docx_times)}
            results["docx_cpu_s"] = {"median": statistics.median(docx_cpu), "best": min(docx_cpu)}
            results["docx_load_average"] = {"before": load_before, "after": load_after}
            results["docx_bytes"] = len(content)
            print(
                f"  DOCX with charts      median {statistics.median(docx_times) * 1000:8.1f} ms"
                f"   best {min(docx_times) * 1000:8.1f} ms   (target < 3000 ms,"
                f" {len(content) / 1024:,.0f} KiB; charts drawn each time)\n"
                f"    its CPU             median {statistics.median(docx_cpu) * 1000:8.1f} ms"
                f"   best {min(docx_cpu) * 1000:8.1f} ms   (load {load_before[0]:.2f} before,"
                f" {load_after[0]:.2f} after)"
            )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
