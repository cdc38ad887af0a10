"""The records behind a figure: the list's total equals the figure in the report, people are
shown only to those who manage the report's organisation, and each page of them is audited."""

import datetime as dt
import re

import pytest

from technopark.core.models import AuditEntry
from technopark.reports.builder import build_report
from technopark.reports.scope import Scope
from technopark.reports.views.records import records_url
from tests.factories import Role, make_user
from tests.reports.test_builder_data import add_events, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return make_period()


@pytest.fixture
def report(period):
    return build_report(Scope.initiative(period.initiative))


def total(response) -> int:
    match = re.search(r'id="records-total">(\d+)<', response.content.decode())
    assert match, response.content.decode()[:2000]
    return int(match.group(1))


def rows(response) -> int:
    body = response.content.decode().split('id="records"', 1)[1].split("</table>", 1)[0]
    return body.count("<tr>") - 1  # minus the header row


def url(report, figure, **filters):
    return records_url(report["scope"]["key"], figure, report["period"], **filters)


def test_every_figure_links_to_as_many_records(client, administrator, report):
    client.force_login(administrator)
    figures = {
        "events_planned": report["events_planned"],
        "events_held": report["events_held"],
        "registrations": report["registrations"],
        "unique_participants": report["unique_participants"],
        "attendance_in_person": report["attendance"]["in_person"],
        "attendance_online": report["attendance"]["online"],
        "stream_views": report["stream_views"],
        "reach": report["reach"],
        "works": sum(c["works"] for c in report["contests"]),
        "winners": sum(len(c["winners"]) for c in report["contests"]),
        "feedback": report["feedback"]["responses"],
        "materials": report["materials"],
    }
    for figure, value in figures.items():
        response = client.get(url(report, figure))
        assert response.status_code == 200, figure
        assert total(response) == value, figure
    assert rows(client.get(url(report, "registrations"))) == report["registrations"]


def test_filters_of_a_row_match_the_row(client, administrator, report):
    client.force_login(administrator)
    for event in report["events"]:
        response = client.get(url(report, "registrations", event=event["id"]))
        assert total(response) == event["registrations"], event["title"]
        response = client.get(url(report, "stream_views", event=event["id"]))
        assert total(response) == event["stream_views"], event["title"]
        response = client.get(url(report, "attended", event=event["id"]))
        assert total(response) == event["attended"], event["title"]
    for municipality in report["municipalities"]:
        response = client.get(url(report, "municipalities", municipality=municipality["name"]))
        assert total(response) == municipality["participants"], municipality["name"]
    for role in report["roles"]:
        response = client.get(url(report, "roles", role=role["role_code"]))
        assert total(response) == role["participants"]
    for kind in report["organisation_kinds"]:
        response = client.get(url(report, "organisation_kinds", kind=kind["kind_code"] or "none"))
        assert total(response) == kind["participants"]
    for fmt, share in report["feedback"]["preferred_format"].items():
        response = client.get(url(report, "feedback", format=fmt))
        assert total(response) == round(share * report["feedback"]["responses"])
    (contest,) = report["contests"]
    for nomination in contest["nominations"]:
        response = client.get(
            url(report, "works", contest=contest["id"], nomination=nomination["nomination_id"])
        )
        assert total(response) == nomination["works"]


def test_people_lists_are_audited_and_other_lists_are_not(client, administrator, report):
    client.force_login(administrator)
    before = AuditEntry.objects.filter(target_type="list").count()
    response = client.get(url(report, "registrations"))
    assert "Список содержит персональные данные" in response.content.decode()
    entry = AuditEntry.objects.filter(target_type="list").latest("pk")
    assert entry.actor_id == administrator.pk
    assert "Зарегистрированные участники" in entry.detail
    assert f"({report['registrations']})" in entry.detail
    client.get(url(report, "stream_views"))
    assert AuditEntry.objects.filter(target_type="list").count() == before + 1


def test_only_who_manages_the_organisation_sees_the_people(
    client, methodist, teacher, period, report
):
    client.force_login(methodist)  # a methodist of another organisation
    assert client.get(url(report, "registrations")).status_code == 403
    client.force_login(teacher)
    assert client.get(url(report, "registrations")).status_code == 403
    client.logout()
    assert client.get(url(report, "registrations")).status_code == 302  # to the login page
    own = make_user(Role.METHODIST, email="metodist.dvorec@example.ru", organisation=period.centre)
    client.force_login(own)
    assert client.get(url(report, "registrations")).status_code == 200


def test_pagination(client, administrator, period):
    add_events(period, 60)
    report = build_report(Scope.initiative(period.initiative))
    client.force_login(administrator)
    first = client.get(url(report, "registrations"))
    assert total(first) == report["registrations"] == 8 + 60
    assert rows(first) == 50
    second = client.get(url(report, "registrations") + "&page=2")
    assert rows(second) == 18


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("scope=initiative:net-takogo&figure=registrations", 404, "не найден"),
        ("scope=&figure=registrations", 404, "Не понятно"),
        ("scope=initiative:rip-2024&figure=что-то", 400, "Неизвестный показатель"),
        ("scope=initiative:rip-2024&figure=registrations&event=abc", 400, "должно быть числом"),
        ("scope=initiative:rip-2024&figure=registrations&event=999999", 400, "нет"),
        (
            "scope=initiative:rip-2024&figure=registrations&from=2024-05-01&to=2024-01-01",
            400,
            "позже",
        ),
        ("scope=initiative:rip-2024&figure=registrations&from=вчера", 400, "ГГГГ-ММ-ДД"),
        ("scope=initiative:rip-2024&figure=feedback&format=zoom", 400, "Неизвестная форма"),
        ("scope=region:abc&figure=registrations", 404, "Регион не найден"),
    ],
)
def test_bad_links_give_a_clear_message(client, administrator, period, query, status, message):
    client.force_login(administrator)
    response = client.get("/reports/records/?" + query)
    assert response.status_code == status
    assert message in response.content.decode()


def test_empty_period_lists_nothing(client, administrator, period):
    client.force_login(administrator)
    response = client.get(
        "/reports/records/?scope=initiative:rip-2024&figure=registrations&from=2024-08-01&to=2024-08-31"
    )
    assert response.status_code == 200
    assert total(response) == 0
    assert "таких записей нет" in response.content.decode()


def test_organisation_and_region_scopes(client, administrator, period):
    client.force_login(administrator)
    for scope in (Scope.organisation(period.centre, True), Scope.region(period.region)):
        report = build_report(scope, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
        for figure, value in (
            ("registrations", report["registrations"]),
            ("events_planned", report["events_planned"]),
            ("events_held", report["events_held"]),
            ("unique_participants", report["unique_participants"]),
        ):
            response = client.get(url(report, figure))
            assert response.status_code == 200
            assert total(response) == value, (scope, figure)
