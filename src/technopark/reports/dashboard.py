"""The dashboard's figures: both periods counted once and kept in the cache.

Kept figures are fresh for REPORTS_DASHBOARD_CACHE_SECONDS (five minutes). After that, for
REPORTS_DASHBOARD_STALE_SECONDS more, a view still gets them at once while a Celery worker
counts them again (one recount at a time per scope and period, whoever asks); the page says
when they were counted and that a recount is under way. Older than that, or with no worker (the
embedded profile runs tasks in the request), the view counts them itself. «Обновить» always
counts them in the request. Downloads, the API and the command line never use this cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from . import tasks
from .builder import HEADLINE_FIGURES, build_report, headline_figure
from .documents.charts import PAGE_WIDTH, all_svg

DEFAULT_CACHE_SECONDS = 5 * 60
DEFAULT_STALE_SECONDS = 60 * 60
# A recount that has not finished by then (a worker that died) may be queued again.
RECOUNT_LOCK_SECONDS = 10 * 60


def cache_seconds() -> int:
    """How long the dashboard's figures are fresh (0: not kept at all)."""
    return int(getattr(settings, "REPORTS_DASHBOARD_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))


def stale_seconds() -> int:
    """How long after that they are still shown while a worker counts them again."""
    return int(getattr(settings, "REPORTS_DASHBOARD_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same span just before: whole years move back a year, other spans by their length."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        years = end.year - start.year + 1
        return dt.date(start.year - years, 1, 1), dt.date(end.year - years, 12, 31)
    length = end - start
    return start - length - dt.timedelta(days=1), start - dt.timedelta(days=1)


def cache_key(scope, date_from: dt.date | None, date_to: dt.date | None) -> str:
    # A missing date means the default period, which depends on the day: today is in the key.
    parts = [
        scope.key,
        date_from.isoformat() if date_from else "",
        date_to.isoformat() if date_to else "",
        "" if date_from and date_to else timezone.localdate().isoformat(),
        get_language() or "",
    ]
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()
    return f"reports:dashboard:{digest}"


def build(scope, date_from: dt.date | None, date_to: dt.date | None) -> dict:
    """Both periods' figures as the page shows them. The event rows and the plan are not kept
    (the page lists neither; the charts drawn from them are kept instead): at region scale they
    are thousands of rows to unpickle on every view."""
    report = build_report(scope, date_from=date_from, date_to=date_to)
    start, end = previous_period(
        dt.date.fromisoformat(report["period"]["from"]),
        dt.date.fromisoformat(report["period"]["to"]),
    )
    previous = build_report(scope, date_from=start, date_to=end)
    return {
        "built_at": timezone.now(),
        "report": {k: v for k, v in report.items() if k not in ("events", "plan")},
        "charts": all_svg(report, width=PAGE_WIDTH),
        "previous": {
            "period": previous["period"],
            "figures": {key: headline_figure(previous, key) for key, _label in HEADLINE_FIGURES},
        },
    }


def _keep(key: str, data: dict) -> None:
    cache.set(key, data, cache_seconds() + stale_seconds())


def recount(key: str, scope, date_from: dt.date | None, date_to: dt.date | None) -> dict:
    """Count both periods again and keep them under `key` (what the worker does)."""
    try:
        data = build(scope, date_from, date_to)
        _keep(key, data)
    finally:
        cache.delete(key + ":recount")
    return data


def _recount_later(key: str, scope, date_from, date_to) -> bool:
    """Have a worker count the figures again; False where tasks run in the request anyway."""
    if tasks.app.conf.task_always_eager:
        return False
    if cache.add(key + ":recount", True, RECOUNT_LOCK_SECONDS):
        tasks.recount_dashboard.delay(
            key,
            scope.key,
            date_from.isoformat() if date_from else None,
            date_to.isoformat() if date_to else None,
            get_language(),
        )
    return True  # queued now, or by an earlier view and not finished yet


def dashboard_data(scope, date_from=None, date_to=None, *, refresh: bool = False) -> dict:
    """The dashboard's figures, by scope, period and language; `refresh` counts them now.
    The dict has "built_at" and, when the figures are older than fresh and a worker is
    counting them again, "recounting": True."""
    fresh = cache_seconds()
    key = cache_key(scope, date_from, date_to)
    if fresh > 0 and not refresh:
        data = cache.get(key)
        if data is not None:
            age = (timezone.now() - data["built_at"]).total_seconds()
            if age < fresh:
                return data
            if age < fresh + stale_seconds() and _recount_later(key, scope, date_from, date_to):
                return {**data, "recounting": True}
    data = build(scope, date_from, date_to)
    if fresh > 0:
        _keep(key, data)
    return data
