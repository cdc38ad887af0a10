"""Independent read-only queries of a report, side by side on their own database connections.

A region's year is a quarter of a million registrations; the report's heaviest aggregates
(distinct people, the breakdown by municipality, role and kind of organisation) do not depend on
each other or on the rest of the report, so each can run on a connection of its own while the
report goes on: the database works on both CPUs instead of one (benchmarks/README.md,
"Reports").

    unique = start(unique_participants, event_ids)   # begins now, elsewhere
    ...                                              # the rest of the report, here
    unique()                                         # waits for the figure (or its error)

Inside a transaction everything runs here, at once, one query after another: another
connection would not see the transaction's own uncommitted rows. The queries of a report never
shared one snapshot anyway (each runs in its own autocommit transaction), so running them apart
changes no guarantee. `REPORTS_PARALLEL_QUERIES=off` in the environment switches it off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone, translation

T = TypeVar("T")


def enabled() -> bool:
    """Switched on, and the caller is not inside a transaction."""
    return settings.REPORTS_PARALLEL_QUERIES and not connection.in_atomic_block


def start(func: Callable[..., T], *args) -> Callable[[], T]:
    """Begin `func(*args)` in a thread with its own database connection (closed when it is
    done) and return a function that waits for the result and returns it, or raises what
    `func` raised. Where that is not safe (see `enabled`), `func` runs now and the returned
    function just hands over its result."""
    if not enabled():
        result = func(*args)
        return lambda: result

    outcome: dict = {}
    # What the caller's thread has switched on: the language of labels, the time zone of dates.
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def run() -> None:
        try:
            with translation.override(language), timezone.override(zone):
                outcome["value"] = func(*args)
        except BaseException as error:  # handed to the caller, who raises it
            outcome["error"] = error
        finally:
            connections.close_all()  # this thread's own connections

    worker = threading.Thread(target=run, name=f"report-{func.__name__}", daemon=True)
    worker.start()

    def wait() -> T:
        worker.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    return wait
