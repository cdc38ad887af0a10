"""The report page of an initiative and the DOCX template page: who may open them, the figures
they show, the downloads, and clear Russian errors instead of 500s."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from docx import Document

from technopark.core.models import AuditEntry
from technopark.reports.builder import Scope, build_report
from tests.factories import Role, make_user
from tests.reports.test_builder_data import make_period
from tests.reports.test_documents import docx_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return make_period()


@pytest.fixture
def own_methodist(period):
    return make_user(Role.METHODIST, organisation=period.centre, email="own@example.ru")


def url(period, suffix=""):
    return f"/reports/initiatives/{period.initiative.slug}/{suffix}"


def figure(html: str, key: str) -> int:
    match = re.search(rf'id="figure-{key}".*?<strong>(\d+)</strong>', html, re.S)
    assert match, key
    return int(match.group(1))


def test_guest_is_sent_to_log_in(client, period):
    response = client.get(url(period))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["teacher", "guardian", "methodist"])
def test_teachers_parents_and_other_organisations_methodists_are_refused(
    client, period, request, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(period)).status_code == 403
    assert client.get(url(period, "report.docx")).status_code == 403


@pytest.mark.parametrize("who", ["own_methodist", "administrator"])
def test_the_report_page_shows_the_builders_figures(client, period, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(period))
    html = response.content.decode()
    report = build_report(Scope.initiative(period.initiative))

    assert response.status_code == 200
    assert figure(html, "events_planned") == report["events_planned"]
    assert figure(html, "events_held") == report["events_held"]
    assert figure(html, "registrations") == report["registrations"]
    assert figure(html, "unique_participants") == report["unique_participants"]
    assert figure(html, "stream_views") == report["stream_views"]
    assert figure(html, "reach") == report["registrations"] + report["stream_views"]
    assert html.count("<svg") >= 4
    assert "Участники по муниципалитетам" in html
    for fmt in ("docx", "xlsx", "pdf", "json"):
        assert f"report.{fmt}" in html


def test_each_figure_links_to_the_records_behind_it(client, period, administrator):
    try:
        reverse("reports:records")
    except NoReverseMatch:
        pytest.skip("the records page is not wired yet")
    client.force_login(administrator)
    html = client.get(url(period)).content.decode()
    link = re.search(r'<a class="card" href="([^"]+)" id="figure-registrations"', html)
    assert link and "figure=registrations" in link.group(1)
    assert "scope=initiative%3Arip-2024" in link.group(1)
    records = client.get(link.group(1).replace("&amp;", "&"))
    assert records.status_code == 200
    report = build_report(Scope.initiative(period.initiative))
    assert str(report["registrations"]) in records.content.decode()
    place = re.search(r'id="report-municipalities".*?<a href="([^"]+)"', html, re.S)
    assert place and "municipality=" in place.group(1)
    assert client.get(place.group(1).replace("&amp;", "&")).status_code == 200


def test_a_period_narrows_the_page(client, period, administrator):
    client.force_login(administrator)
    html = client.get(url(period), {"date_from": "2024-02-01", "date_to": "2024-02-29"}).content
    report = build_report(
        Scope.initiative(period.initiative),
        date_from=dt.date(2024, 2, 1),
        date_to=dt.date(2024, 2, 29),
    )
    assert figure(html.decode(), "events_held") == report["events_held"]
    assert figure(html.decode(), "registrations") == report["registrations"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2024-12-01", "date_to": "2024-01-01"}, "позже его конца"),
        ({"date_from": "2024-13-45"}, "Введите правильную дату"),
        ({"date_to": "вчера"}, "Введите правильную дату"),
        ({"date_from": "1812-09-07"}, "между 2000 и 2100"),
    ],
)
def test_bad_period_gives_a_russian_form_error(client, period, administrator, query, message):
    client.force_login(administrator)
    response = client.get(url(period), query)
    assert response.status_code == 400
    assert message in response.content.decode()
    download = client.get(url(period, "report.docx"), query)
    assert download.status_code == 400 and message in download.content.decode()


def test_unknown_initiative_and_format_are_404(client, period, administrator):
    client.force_login(administrator)
    assert client.get("/reports/initiatives/no-such/").status_code == 404
    assert client.get(url(period, "report.odt")).status_code == 404


def test_downloads_carry_the_same_figures(client, period, own_methodist):
    client.force_login(own_methodist)
    report = build_report(Scope.initiative(period.initiative))

    data = client.get(url(period, "report.json"))
    assert data["Content-Type"].startswith("application/json")
    assert json.loads(data.content)["registrations"] == report["registrations"]

    docx = client.get(url(period, "report.docx"))
    assert docx["Content-Disposition"].startswith('attachment; filename="report-rip-2024-')
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert f"было организовано и проведено {report['events_held']} " in text

    assert client.get(url(period, "report.xlsx")).content[:2] == b"PK"
    assert client.get(url(period, "report.pdf")).content[:4] == b"%PDF"
    exports = AuditEntry.objects.filter(action="export", target_id=str(period.initiative.pk))
    assert exports.count() == 4


def test_a_broken_uploaded_template_sends_back_with_the_reason_not_a_500(
    client, period, administrator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "reports/docx").mkdir(parents=True)
    (tmp_path / "reports/docx/template.docx").write_bytes(docx_with("{{ no_such_field }}"))
    client.force_login(administrator)

    response = client.get(url(period, "report.docx"), follow=True)
    assert response.status_code == 200
    assert "no_such_field" in response.content.decode()
    assert "Шаблон DOCX" in response.content.decode() or "шаблоне DOCX" in response.content.decode()


# --- the DOCX template page -----------------------------------------------------------------


def test_only_administrators_manage_the_template(client, own_methodist, administrator):
    client.force_login(own_methodist)
    assert client.get("/reports/template/").status_code == 403
    client.force_login(administrator)
    page = client.get("/reports/template/")
    assert page.status_code == 200 and "стандартный шаблон" in page.content.decode()
    default = client.get("/reports/template/default.docx")
    assert b"".join(default.streaming_content)[:2] == b"PK"


def test_a_broken_upload_is_refused_and_a_good_one_replaces_the_template(
    client, administrator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    target = tmp_path / "reports/docx/template.docx"

    def upload(content: bytes):
        return client.post(
            "/reports/template/", {"template": SimpleUploadedFile("бланк.docx", content)}
        )

    bad = upload(b"not a word file at all")
    assert bad.status_code == 400 and "не документ Word" in bad.content.decode()
    unknown = upload(docx_with("Итого: {{ events_hled }}"))
    assert unknown.status_code == 400 and "events_hled" in unknown.content.decode()
    assert not target.exists()

    good = upload(docx_with("Наш бланк: проведено {{ events_held }}."))
    assert good.status_code == 302 and target.exists()
    assert "загруженный администратором" in client.get("/reports/template/").content.decode()

    reset = client.post("/reports/template/", {"action": "reset"})
    assert reset.status_code == 302 and not target.exists()
