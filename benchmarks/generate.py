"""Build the region-scale benchmark data set into the database the environment names.

    .venv/bin/python benchmarks/generate.py                 # 100,000 people, 2,000 organisations
    .venv/bin/python benchmarks/generate.py --scale 0.01    # a quick 1,000 / 20 version
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tp_bench .venv/bin/python benchmarks/generate.py

Without DATABASE_URL the target is SQLITE_PATH, by default benchmarks/out/bench.sqlite3.
The database is migrated first. Re-running skips the steps whose rows are already there and
rebuilds the rest (see benchmarks/dataset.py); --fresh wipes the benchmark rows and rebuilds all.
Random choices are seeded, so the same plan gives the same people.
"""

import argparse
import os
import sys
import time
from dataclasses import fields
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.env import bench_environment, describe_database  # noqa: E402


def parser() -> argparse.ArgumentParser:
    from benchmarks.dataset import Plan

    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for f in fields(Plan):
        cli.add_argument(
            f"--{f.name.replace('_', '-')}",
            type=int,
            default=f.default,
            help=f"{f.metadata.get('help', f.name)} (default {f.default})",
        )
    cli.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the scaled sizes (people, organisations …) by this factor",
    )
    cli.add_argument("--fresh", action="store_true", help="wipe the benchmark rows, rebuild all")
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.scale <= 0:
        sys.exit("--scale must be positive")
    os.environ.update(bench_environment())
    os.makedirs(os.environ["VAR_DIR"], exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.dataset import Plan, build

    plan = Plan(**{f.name: getattr(args, f.name) for f in fields(Plan)}).scaled(args.scale)
    print(f"database: {describe_database(os.environ)}")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    counts = build(plan, fresh=args.fresh)
    elapsed = time.perf_counter() - started
    width = max(map(len, counts))
    for label, count in counts.items():
        print(f"  {label:<{width}}  {count:>9,}".replace(",", " "))
    print(f"done in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
