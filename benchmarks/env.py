"""Where the benchmark data lives: the environment decides, with defaults under benchmarks/out/."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
BIN = ROOT / ".venv" / "bin"


def bench_environment(base: dict | None = None) -> dict[str, str]:
    """The environment for the generator and the server: DATABASE_URL wins, else a SQLite file."""
    env = dict(os.environ if base is None else base)
    env.setdefault("DJANGO_SETTINGS_MODULE", "technopark.settings")
    # Keep the secret key, media and static files of benchmark runs out of the project's var/.
    env.setdefault("VAR_DIR", str(OUT / "var"))
    if not env.get("DATABASE_URL"):
        env.setdefault("SQLITE_PATH", str(OUT / "bench.sqlite3"))
    return env


def describe_database(env: dict[str, str]) -> str:
    """A printable name of the target database, without any password."""
    if url := env.get("DATABASE_URL"):
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        return f"PostgreSQL {parts.hostname}:{parts.port or 5432}{parts.path}"
    return f"SQLite {env['SQLITE_PATH']}"
