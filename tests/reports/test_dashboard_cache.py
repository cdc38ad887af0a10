"""The dashboard keeps the figures it counted for a few minutes (a region's two periods take
seconds), says when they were counted, and «Обновить» counts them again. Downloads are never
taken from that cache."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from technopark.reports.builder import Scope, build_report
from technopark.reports.dashboard import cache_key, cache_seconds, stale_seconds
from tests.reports.test_builder_data import register
from tests.reports.test_dashboard import YEAR, own_methodist, period  # noqa: F401 (fixtures)
from tests.reports.test_pages import figure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def counted(period) -> int:  # noqa: F811
    report = build_report(
        Scope.organisation(period.centre, True),
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
    )
    return report["registrations"]


def shown_time(html: str) -> str:
    match = re.search(r"Данные на (\d\d:\d\d)", html)
    assert match, "no «Данные на» on the page"
    return match.group(1)


def test_the_figures_are_kept_until_refresh_counts_a_new_registration(
    client,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
):
    client.force_login(own_methodist)
    first = client.get("/reports/", YEAR)
    html = first.content.decode()
    before = counted(period)
    assert first.status_code == 200 and figure(html, "registrations") == before > 0
    built_at = first.context["built_at"]
    assert shown_time(html) == timezone.localtime(built_at).strftime("%H:%M")
    assert 'id="report-refresh"' in html and "Обновить" in html

    register(period, period.events[0], "new.person@example.ru")  # the opening, 2024
    assert counted(period) == before + 1

    kept = client.get("/reports/", YEAR)
    assert figure(kept.content.decode(), "registrations") == before  # from the cache
    assert kept.context["built_at"] == built_at

    refreshed = client.get("/reports/", {**YEAR, "refresh": "1"})
    html = refreshed.content.decode()
    assert figure(html, "registrations") == before + 1
    assert refreshed.context["built_at"] > built_at
    assert shown_time(html) == timezone.localtime(refreshed.context["built_at"]).strftime("%H:%M")
    assert "refresh=1" not in "".join(url for _label, url in refreshed.context["downloads"])

    # The refreshed figures replace the kept ones for everyone after.
    assert figure(client.get("/reports/", YEAR).content.decode(), "registrations") == before + 1


def test_the_refresh_button_repeats_the_chosen_scope_and_period(
    client,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
):
    client.force_login(own_methodist)
    query = {**YEAR, "scope": f"organisation:{period.branch.pk}"}
    html = client.get("/reports/", query, HTTP_HX_REQUEST="true").content.decode()
    form = re.search(r'<form[^>]*id="report-freshness".*?</form>', html, re.S).group(0)
    assert f'name="scope" value="organisation:{period.branch.pk}"' in form
    assert 'name="date_from" value="2024-01-01"' in form
    assert 'name="date_to" value="2024-12-31"' in form
    assert 'name="refresh" value="1"' in form


def test_a_download_is_counted_afresh_while_the_page_is_kept(
    client,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
):
    client.force_login(own_methodist)
    before = figure(client.get("/reports/", YEAR).content.decode(), "registrations")
    register(period, period.events[0], "another.person@example.ru")

    assert figure(client.get("/reports/", YEAR).content.decode(), "registrations") == before
    response = client.get("/reports/report.xlsx", YEAR)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = {r[0]: r[1] for r in workbook["Сводка"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Зарегистрировано участников"] == before + 1
    json_report = client.get("/reports/report.json", YEAR).json()
    assert json_report["registrations"] == before + 1


def test_zero_seconds_turns_the_cache_off(
    client,
    settings,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
):
    assert cache_seconds() == 300  # the default without the setting
    settings.REPORTS_DASHBOARD_CACHE_SECONDS = 0
    assert cache_seconds() == 0
    client.force_login(own_methodist)
    before = figure(client.get("/reports/", YEAR).content.decode(), "registrations")
    register(period, period.events[0], "third.person@example.ru")
    assert figure(client.get("/reports/", YEAR).content.decode(), "registrations") == before + 1


# --- kept figures past their five minutes -------------------------------------------------------


def shown(client) -> tuple[int, object]:
    """The registrations the dashboard shows for 2024, and its response."""
    response = client.get("/reports/", YEAR)
    return figure(response.content.decode(), "registrations"), response


def age_kept_figures(response, seconds: float) -> None:
    """Make the figures the view of `response` kept look `seconds` older."""
    with translation.override("ru"):
        key = cache_key(response.context["scope"], dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    data = cache.get(key)
    assert data is not None, "nothing kept under the dashboard's key"
    cache.set(key, {**data, "built_at": data["built_at"] - dt.timedelta(seconds=seconds)})


@pytest.fixture
def with_worker():
    """Tasks go to the broker (Redis, or kombu's in-memory transport where there is none)
    instead of running in the request; `queued()` takes them off it, as a worker would."""
    from technopark.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    queued()  # nothing left over from elsewhere
    yield
    app.conf.task_always_eager = eager


def queued() -> list[tuple[str, list]]:
    from technopark.celery import app

    taken = []
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue)
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            taken.append((message.headers["task"], message.payload[0]))
            message.ack()
        queue.close()
    return taken


def test_without_a_worker_old_figures_are_counted_again_when_the_page_is_opened(
    client,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
):
    client.force_login(own_methodist)
    before, first = shown(client)
    register(period, period.events[0], "fourth.person@example.ru")
    age_kept_figures(first, cache_seconds() + 1)

    now, response = shown(client)
    assert now == before + 1
    assert timezone.now() - response.context["built_at"] < dt.timedelta(seconds=60)
    assert "пересчитываются" not in response.content.decode()


def test_with_a_worker_old_figures_show_at_once_while_one_recount_is_queued(
    client,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
    with_worker,
):
    from technopark.reports.tasks import recount_dashboard

    client.force_login(own_methodist)
    before, first = shown(client)
    assert queued() == []  # nothing was kept: counted in the request, nothing queued
    register(period, period.events[0], "fifth.person@example.ru")
    age_kept_figures(first, cache_seconds() + 60)

    now, response = shown(client)
    assert response.status_code == 200
    assert now == before  # the kept figures, at once
    assert "пересчитываются, новые числа появятся через минуту-другую" in response.content.decode()
    assert shown(client)[0] == before  # a second view queues nothing more

    tasks = queued()
    assert [name for name, _args in tasks] == ["technopark.reports.tasks.recount_dashboard"]
    recount_dashboard(*tasks[0][1])  # what the worker does with it

    now, response = shown(client)
    assert now == before + 1
    assert "пересчитываются" not in response.content.decode()
    assert queued() == []

    # Once recounted, a later recount may be queued again.
    age_kept_figures(first, cache_seconds() + 60)
    shown(client)
    assert len(queued()) == 1


def test_with_a_worker_figures_older_than_the_stale_window_are_counted_in_the_request(
    client,
    settings,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
    with_worker,
):
    assert stale_seconds() == 3600  # the default
    client.force_login(own_methodist)
    before, first = shown(client)
    register(period, period.events[0], "sixth.person@example.ru")
    age_kept_figures(first, cache_seconds() + stale_seconds() + 1)
    assert shown(client)[0] == before + 1
    assert queued() == []

    settings.REPORTS_DASHBOARD_STALE_SECONDS = 0  # never shown old: always counted here
    register(period, period.events[0], "seventh.person@example.ru")
    age_kept_figures(first, cache_seconds() + 1)
    assert shown(client)[0] == before + 2
    assert queued() == []


def test_figures_kept_from_another_day_say_the_date(
    client,
    settings,
    period,  # noqa: F811
    own_methodist,  # noqa: F811
    with_worker,
):
    settings.REPORTS_DASHBOARD_STALE_SECONDS = 3 * 24 * 3600
    client.force_login(own_methodist)
    age_kept_figures(shown(client)[1], 2 * 24 * 3600)

    response = shown(client)[1]
    built = timezone.localtime(response.context["built_at"])
    months = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
    month = months.split()[built.month - 1]
    assert f"Данные на {built.day} {month}, {built:%H:%M}" in response.content.decode()
    assert len(queued()) == 1


def test_a_recount_of_a_scope_that_is_gone_just_releases_the_queue(db):
    from technopark.reports.tasks import recount_dashboard

    cache.set("reports:dashboard:gone:recount", True)
    recount_dashboard("reports:dashboard:gone", "organisation:999999", None, None, "ru")
    assert cache.get("reports:dashboard:gone:recount") is None
    assert cache.get("reports:dashboard:gone") is None
