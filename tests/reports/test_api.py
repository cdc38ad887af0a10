"""GET /api/v1/reports/…: the same report as the CLI, for those who may manage its
organisation; clear Russian 404/422 on bad input; files built in the background."""

import pytest

from technopark.accounts.models import Membership, Role
from tests.factories import make_user
from tests.reports.test_builder_data import make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return make_period()


def centre_methodist(period):
    return make_user(Role.METHODIST, email="metodist.centre@example.ru", organisation=period.centre)


def test_administrator_gets_the_initiative_report(client, administrator, period):
    client.force_login(administrator)
    response = client.get("/api/v1/reports/initiatives/rip-2024")
    assert response.status_code == 200
    report = response.json()
    assert report["initiative"]["slug"] == "rip-2024"
    assert report["events_held"] == 4
    assert report["registrations"] == 8
    assert report["stream_views"] == 44


def test_methodist_of_the_organisation_and_a_period(client, period):
    client.force_login(centre_methodist(period))
    response = client.get("/api/v1/reports/initiatives/rip-2024?from=2024-12-01&to=2024-12-31")
    assert response.status_code == 200
    assert [e["title"] for e in response.json()["events"]] == ["Круглый стол по итогам года"]


def test_token_works_too(client, administrator, period):
    from technopark.accounts.tokens import issue_token

    _, raw = issue_token(administrator, name="отчёты")
    response = client.get(
        "/api/v1/reports/initiatives/rip-2024", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200


def test_methodist_of_another_organisation_and_teacher_are_refused(
    client, methodist, teacher, period
):
    for user in (methodist, teacher):
        client.force_login(user)
        response = client.get("/api/v1/reports/initiatives/rip-2024")
        assert response.status_code == 403
        assert "методисты" in response.json()["detail"]


def test_guest_must_sign_in(client, period):
    response = client.get("/api/v1/reports/initiatives/rip-2024")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/reports/initiatives/net-takogo", 404, "Проект «net-takogo» не найден"),
        ("/api/v1/reports/initiatives/rip-2024?from=2024-05-01&to=2024-04-01", 422, "позже"),
        ("/api/v1/reports/initiatives/rip-2024?from=01.05.2024", 422, "ГГГГ-ММ-ДД"),
        ("/api/v1/reports/organisations/999999", 404, "не найдена"),
        ("/api/v1/reports/regions/999999", 404, "Регион не найден"),
    ],
)
def test_bad_input_is_a_clear_russian_error(client, administrator, period, url, status, message):
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_empty_period_is_honest_zeros(client, administrator, period):
    client.force_login(administrator)
    response = client.get("/api/v1/reports/initiatives/rip-2024?from=2024-08-01&to=2024-08-31")
    assert response.status_code == 200
    report = response.json()
    assert report["events_held"] == report["registrations"] == report["reach"] == 0


def test_organisation_report_with_children(client, period):
    client.force_login(centre_methodist(period))
    own = client.get(
        f"/api/v1/reports/organisations/{period.centre.pk}?from=2024-01-01&to=2024-12-31"
    )
    both = client.get(
        f"/api/v1/reports/organisations/{period.centre.pk}"
        "?from=2024-01-01&to=2024-12-31&with_children=true"
    )
    assert own.status_code == both.status_code == 200
    titles = [e["title"] for e in both.json()["events"]]
    assert "Семинар филиала" in titles
    assert "Семинар филиала" not in [e["title"] for e in own.json()["events"]]


def test_region_report_is_for_administrators_and_installation_wide_methodists(client, period):
    methodist = centre_methodist(period)
    client.force_login(methodist)
    url = f"/api/v1/reports/regions/{period.region.pk}?from=2024-01-01&to=2024-12-31"
    assert client.get(url).status_code == 403
    Membership.objects.create(user=methodist, role=Role.METHODIST, organisation=None)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["scope"]["kind"] == "region"


def test_a_file_is_built_in_the_background_and_downloaded_by_its_owner(
    client, administrator, period, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/files",
            {"scope": "initiative:rip-2024", "format": "json", "from": "2024-01-01"},
            content_type="application/json",
        )
    assert response.status_code == 202
    job = response.json()["job"]
    status = client.get(f"/api/v1/reports/files/{job}").json()
    assert status["state"] == "done"
    assert status["filename"] == "report-rip-2024-2024-01-01-2024-12-31.json"
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert b'"events_held": 4' in download.content
    assert "attachment" in download["Content-Disposition"]

    other = make_user(Role.ADMINISTRATOR, email="drugoi.admin@example.ru")
    client.force_login(other)
    assert client.get(f"/api/v1/reports/files/{job}").status_code == 404


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"scope": "initiative:net", "format": "docx"}, 404, "не найден"),
        ({"scope": "initiative:rip-2024", "format": "odt"}, 422, "Неизвестный формат"),
        ({"scope": "initiative:rip-2024", "from": "2024-05-01", "to": "2024-01-01"}, 422, "позже"),
        ({"scope": "что-то", "format": "json"}, 404, "Не понятно"),
    ],
)
def test_file_request_errors(client, administrator, period, payload, status, message):
    client.force_login(administrator)
    response = client.post("/api/v1/reports/files", payload, content_type="application/json")
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_a_failed_build_says_why_and_offers_no_file(client, administrator, period):
    from technopark.reports.tasks import _progress, build_report_file, report_job

    _progress("job-test", state="queued", user_id=administrator.pk)
    result = build_report_file("job-test", "initiative:propal", "json", "2024-01-01", "2024-12-31")
    assert result == {"state": "failed"}
    job = report_job("job-test")
    assert job["state"] == "failed"
    assert "не найден" in job["message"]
    client.force_login(administrator)
    status = client.get("/api/v1/reports/files/job-test").json()
    assert status["state"] == "failed" and status["download_url"] is None
    response = client.get("/api/v1/reports/files/job-test/download")
    assert response.status_code == 422
    assert "не найден" in response.json()["detail"]


def test_the_api_answers_exactly_what_the_cli_prints(client, administrator, period):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("report", "--initiative", "rip-2024", stdout=out, stderr=StringIO())
    client.force_login(administrator)
    response = client.get("/api/v1/reports/initiatives/rip-2024")
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
