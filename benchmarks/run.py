"""Run named load scenarios against the app under gunicorn and print req/s, p50 and p99.

    .venv/bin/python benchmarks/run.py                       # home and healthz, 10 s each, SQLite
    .venv/bin/python benchmarks/run.py --generate --scale 0.1 --scenarios home --duration 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tp_bench .venv/bin/python benchmarks/run.py
    make bench BENCH_ARGS="--scenarios healthz --json benchmarks/out/healthz.json"

The target database is the one benchmarks/generate.py uses (DATABASE_URL, else SQLITE_PATH,
else benchmarks/out/bench.sqlite3). It is migrated first; static files are collected into
benchmarks/out/var/static. gunicorn is stopped at the end whatever happens.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.env import BIN, OUT, ROOT, bench_environment, describe_database  # noqa: E402
from benchmarks.load import HOST, MAX_DURATION, run_load  # noqa: E402
from benchmarks.scenarios import SCENARIOS  # noqa: E402

PORTS = range(8601, 8611)  # the ports this harness may use
STARTUP_TIMEOUT = 60.0


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument(
        "--scenarios",
        default="home,healthz",
        help=f"comma-separated, from: {', '.join(SCENARIOS)} (default home,healthz)",
    )
    cli.add_argument(
        "--duration",
        type=float,
        default=10.0,
        help=f"seconds per scenario, at most {MAX_DURATION:g} (default 10)",
    )
    cli.add_argument(
        "--requests",
        type=int,
        default=None,
        help="stop a scenario after this many requests (default: run for --duration)",
    )
    cli.add_argument("--concurrency", type=int, default=8, help="simulated users (default 8)")
    cli.add_argument(
        "--warmup", type=float, default=1.0, help="untimed seconds before each scenario (default 1)"
    )
    cli.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    cli.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    cli.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port on {HOST} (default: the first free of {PORTS.start}–{PORTS.stop - 1})",
    )
    cli.add_argument(
        "--generate",
        action="store_true",
        help="run benchmarks/generate.py first (skips what is already there)",
    )
    cli.add_argument("--scale", type=float, default=1.0, help="passed to the generator")
    cli.add_argument("--fresh", action="store_true", help="passed to the generator")
    cli.add_argument(
        "--celery-worker",
        action="store_true",
        help="also start a Celery worker (needs REDIS_URL): queued e-mails are really built and "
        "sent (to the dummy backend) on the same CPUs, and each scenario waits for the queue "
        "to drain (at most 60 s) before the next one starts",
    )
    cli.add_argument("--json", type=Path, default=None, help="also write the results here")
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    names = [n.strip() for n in args.scenarios.split(",") if n.strip()]
    if unknown := [n for n in names if n not in SCENARIOS]:
        sys.exit(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
    if not 0 < args.duration <= MAX_DURATION:
        sys.exit(f"--duration must be in (0, {MAX_DURATION:g}] seconds")
    if not 0 <= args.warmup <= 5:
        sys.exit("--warmup must be in [0, 5] seconds")
    port = args.port or free_port()
    if not 1024 <= port <= 65535:
        sys.exit("--port must be in 1024–65535")

    env = server_environment()
    if args.celery_worker and not env.get("REDIS_URL"):
        sys.exit("--celery-worker needs REDIS_URL (the broker the server queues to)")
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"database: {describe_database(env)}", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    if args.generate:
        generate = [
            str(BIN / "python"),
            str(ROOT / "benchmarks" / "generate.py"),
            "--scale",
            str(args.scale),
            *(["--fresh"] if args.fresh else []),
        ]
        subprocess.run(generate, env=env, check=True)

    load_before = os.getloadavg()[0]
    print(
        f"load average before the run: {load_before:.2f} on {os.cpu_count()} CPUs "
        "(other work on the machine skews the figures)",
        flush=True,
    )
    results = []
    worker = CeleryWorker(env, port) if args.celery_worker else contextlib.nullcontext()
    with worker, Gunicorn(env, port, workers=args.workers, threads=args.threads) as server:
        print(
            f"gunicorn: {HOST}:{port}, {args.workers} workers × {args.threads} threads "
            f"(gthread), CONN_MAX_AGE={env['CONN_MAX_AGE']} in its environment; "
            f"log {server.log_path}",
            flush=True,
        )
        for name in names:
            scenario = SCENARIOS[name]
            scenario.prepare({"port": port, "env": env})
            result = run_load(
                scenario,
                port,
                concurrency=args.concurrency,
                duration=args.duration,
                max_requests=args.requests,
                warmup=args.warmup,
            )
            results.append(result)
            print(
                f"  {name}: {result.requests} requests in {result.seconds:.1f} s; the load "
                f"generator used {result.client_cpu_seconds:.1f} s of CPU",
                flush=True,
            )
            if args.celery_worker:
                waited = worker.drain()
                print(f"  {name}: the worker emptied the queue {waited:.1f} s later", flush=True)
    print()
    print(table(results))
    if args.json:
        report = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "database": describe_database(env),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "load_average_before": load_before,
            },
            "server": {
                "workers": args.workers,
                "threads": args.threads,
                "conn_max_age": env["CONN_MAX_AGE"],
                "celery_worker": args.celery_worker,
                "broker": "redis" if env.get("REDIS_URL") else "none (Celery eager)",
            },
            "concurrency": args.concurrency,
            "duration": args.duration,
            "results": [r.as_dict() for r in results],
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        print(f"\nwritten: {args.json}")
    return 1 if any(r.errors for r in results) else 0


def server_environment() -> dict[str, str]:
    env = bench_environment()
    env.setdefault("CONN_MAX_AGE", "600")  # persistent connections (read for DATABASE_URL)
    env.setdefault("STATIC_ROOT", str(Path(env["VAR_DIR"]) / "static"))
    env.setdefault("LOG_LEVEL", "WARNING")
    # No TLS in front of this gunicorn, so no redirect to https; never measure DEBUG mode.
    env["SECURE_SSL_REDIRECT"] = "0"
    env["DEBUG"] = "0"
    return env


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([str(BIN / "technopark"), *command], env=env, check=True)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    sys.exit(f"no free port in {PORTS.start}–{PORTS.stop - 1}")


class Gunicorn:
    """gunicorn in its own process group, ready when /healthz answers 200, always stopped."""

    def __init__(self, env: dict[str, str], port: int, *, workers: int, threads: int):
        self.env, self.port = env, port
        self.command = [
            str(BIN / "gunicorn"),
            # The product plus the benchmark-only /__bench__/ URLs (benchmarks/harness/).
            "benchmarks.harness.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
        ]
        self.log_path = OUT / f"gunicorn-{port}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        previous = signal.signal(signal.SIGTERM, _terminate)
        self._previous_handler = previous
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()
        signal.signal(signal.SIGTERM, self._previous_handler)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        url = f"http://{HOST}:{self.port}/healthz"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}:\n" + self.log_tail()
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"{url} did not answer 200 within {STARTUP_TIMEOUT:g} s:\n" + self.log_tail()
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # The whole group: the arbiter and its workers (SIGTERM = graceful shutdown).
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class CeleryWorker:
    """`celery -A technopark worker` as production runs it next to gunicorn (prefork, one
    child per CPU), e-mails to the dummy backend; stopped with its process group."""

    QUEUE = "celery"  # Celery's default queue: the product routes nothing elsewhere
    DRAIN_TIMEOUT = 60.0

    def __init__(self, env: dict[str, str], port: int):
        self.env = {**env, "EMAIL_URL": "dummy://"}
        self.log_path = OUT / f"celery-{port}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.redis().delete(self.QUEUE)  # what an earlier run left behind is not this run's work
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "technopark",
                "worker",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def __exit__(self, *exc_info):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def redis(self):
        import redis

        return redis.Redis.from_url(self.env["REDIS_URL"])

    def drain(self) -> float:
        """Seconds until the queue was empty (the worker caught up), at most DRAIN_TIMEOUT."""
        client, start = self.redis(), time.monotonic()
        while client.llen(self.QUEUE) and time.monotonic() - start < self.DRAIN_TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {self.log_path}")
            time.sleep(0.2)
        return time.monotonic() - start


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through Gunicorn.__exit__, which stops the server


def table(results) -> str:
    header = ("scenario", "requests", "errors", "req/s", "p50 ms", "p99 ms")
    rows = [
        (
            r.scenario,
            str(r.requests),
            str(r.errors),
            f"{r.rps:.1f}",
            f"{r.p(50):.1f}",
            f"{r.p(99):.1f}",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in (header, *rows)
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for r in results:
        if r.first_error:
            lines.append(f"{r.scenario}: first error: {r.first_error}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
