"""Liveness and readiness: the database always; cache and broker in the production profile."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _broker() -> None:
    from technopark.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def checks() -> dict:
    """Run every check that applies to this profile; each gives 'ok' or 'error: …'."""
    probes = {"database": _database}
    if settings.REDIS_URL:
        probes["cache"] = _cache
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        probes["broker"] = _broker
    results = {}
    for name, probe in probes.items():
        try:
            probe()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - a health check reports any failure as "down"
            results[name] = f"error: {exc.__class__.__name__}"
    return results
