"""The dashboard: an organisation's or a region's figures for a period beside the previous
one, the htmx filter, and who may see what."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.cache import cache

from technopark.reports.builder import Scope, build_report
from technopark.reports.dashboard import previous_period
from tests.factories import Role, make_user
from tests.reports.test_builder_data import make_period
from tests.reports.test_pages import figure

pytestmark = pytest.mark.django_db

YEAR = {"date_from": "2024-01-01", "date_to": "2024-12-31"}


@pytest.fixture(autouse=True)
def empty_cache():
    """The dashboard keeps its figures in the cache for minutes: no test may see another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def period(db):
    return make_period()


@pytest.fixture
def own_methodist(period):
    return make_user(Role.METHODIST, organisation=period.centre, email="own@example.ru")


def previous_figure(html: str, key: str) -> int:
    import re

    match = re.search(rf'id="figure-{key}".*?в прошлом периоде: (\d+)', html, re.S)
    assert match, key
    return int(match.group(1))


def test_previous_period_is_the_year_before_or_the_same_span_before():
    assert previous_period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == (
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
    )
    assert previous_period(dt.date(2024, 3, 1), dt.date(2024, 3, 31)) == (
        dt.date(2024, 1, 30),
        dt.date(2024, 2, 29),
    )


def test_guest_logs_in_and_teacher_is_refused(client, teacher):
    assert client.get("/reports/").status_code == 302
    client.force_login(teacher)
    assert client.get("/reports/").status_code == 403


def test_methodist_sees_the_organisation_with_those_under_it_and_the_previous_year(
    client, period, own_methodist
):
    client.force_login(own_methodist)
    response = client.get("/reports/", YEAR)
    html = response.content.decode()
    scope = Scope.organisation(period.centre, True)
    now = build_report(scope, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
    before = build_report(scope, date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))

    assert response.status_code == 200
    assert f'value="organisation:{period.centre.pk}+" selected' in html
    assert figure(html, "events_held") == now["events_held"] > 0
    assert figure(html, "registrations") == now["registrations"] > 0
    assert previous_figure(html, "registrations") == before["registrations"]
    assert html.count("<svg") >= 4
    assert period.initiative.title in html  # the initiative's report is one click away
    assert "Шаблон отчёта DOCX" not in html  # administrators only


def test_the_filter_answers_htmx_with_the_body_only(client, period, own_methodist):
    client.force_login(own_methodist)
    query = {**YEAR, "scope": f"organisation:{period.branch.pk}"}
    response = client.get("/reports/", query, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    only_branch = build_report(
        Scope.organisation(period.branch, False),
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
    )
    assert "<html" not in html and 'id="report-figures"' in html
    assert figure(html, "registrations") == only_branch["registrations"]


def test_a_methodist_cannot_pick_a_region_or_another_organisation(
    client, period, own_methodist, methodist
):
    client.force_login(own_methodist)
    region = client.get("/reports/", {"scope": f"region:{period.region.pk}"})
    assert region.status_code == 400
    assert "Выберите, что показать, из списка" in region.content.decode()
    other = client.get("/reports/", {"scope": f"organisation:{methodist.organisation.pk}"})
    assert other.status_code == 400


def test_administrator_may_see_a_region(client, period, administrator):
    client.force_login(administrator)
    response = client.get("/reports/", {**YEAR, "scope": f"region:{period.region.pk}"})
    html = response.content.decode()
    report = build_report(
        Scope.region(period.region), date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)
    )
    assert response.status_code == 200
    assert figure(html, "registrations") == report["registrations"]
    assert "Шаблон отчёта DOCX" in html


def test_bad_period_on_the_dashboard_is_a_russian_error(client, period, own_methodist):
    client.force_login(own_methodist)
    response = client.get("/reports/", {"date_from": "2024-05-01", "date_to": "2024-04-01"})
    assert response.status_code == 400
    assert "позже его конца" in response.content.decode()


def test_dashboard_download_is_the_chosen_scope(client, period, own_methodist):
    client.force_login(own_methodist)
    response = client.get("/reports/report.xlsx", YEAR)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = {r[0]: r[1] for r in workbook["Сводка"].iter_rows(values_only=True) if r and r[0]}
    report = build_report(
        Scope.organisation(period.centre, True),
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
    )
    assert summary["Зарегистрировано участников"] == report["registrations"]


def test_the_scope_list_escapes_names_and_marks_the_choice(client, period, own_methodist):
    period.branch.short_name = 'Кванториум <b>"Юг"</b> & Ко'
    period.branch.save(update_fields=["short_name"])
    client.force_login(own_methodist)
    html = client.get(
        "/reports/", {**YEAR, "scope": f"organisation:{period.branch.pk}"}
    ).content.decode()
    assert (
        f'<option value="organisation:{period.branch.pk}" selected>'
        "Кванториум &lt;b&gt;&quot;Юг&quot;&lt;/b&gt; &amp; Ко</option>"
    ) in html
    assert '<select name="scope" id="id_scope">' in html
    assert html.count(" selected>") == 1
