"""Liveness and readiness: the database always; cache and broker where the profile has them.

Each probe is short (a couple of seconds at most), so a load balancer polling /healthz gets
an answer before its own timeout even when Redis is down.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

IN_PROCESS_CACHES = ("LocMemCache", "DummyCache")
TIMEOUT = 2


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _broker() -> None:
    # Read the URL from settings each time (not the Celery app's cached config).
    from kombu import Connection

    with Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=TIMEOUT,
        transport_options={"socket_timeout": TIMEOUT},
    ) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=TIMEOUT)


def _probes() -> dict[str, Callable[[], None]]:
    probes = {"database": _database}
    if not settings.CACHES["default"]["BACKEND"].endswith(IN_PROCESS_CACHES):
        probes["cache"] = _cache
    broker = settings.CELERY_BROKER_URL or ""
    if not settings.CELERY_TASK_ALWAYS_EAGER and not broker.startswith("memory://"):
        probes["broker"] = _broker
    return probes


def checks() -> dict:
    """Run every check that applies to this profile; each gives 'ok' or 'error: …'."""
    results = {}
    for name, probe in _probes().items():
        try:
            probe()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - a health check reports any failure as "down"
            results[name] = f"error: {exc.__class__.__name__}"
    return results
