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
from django.utils import timezone

from technopark.reports.builder import Scope, build_report
from technopark.reports.views.dashboard import cache_seconds
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
