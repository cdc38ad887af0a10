"""The audit log page and its Django admin: administrators read it, nobody rewrites it."""

import datetime as dt

import pytest
from django.utils import timezone

from technopark.core.audit import record
from technopark.core.models import AuditEntry
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(methodist, teacher):
    """A small history: two organisations renamed by different people on different days."""
    AuditEntry.objects.all().delete()
    school = OrganisationFactory(name="Школа № 5")
    school.name = "Лицей № 5"
    school.save()
    record(
        AuditEntry.Action.VIEW, target_type="list", detail="Список детей (4)", actor_id=teacher.pk
    )
    record(
        AuditEntry.Action.UPDATE,
        target=school,
        changes={"phone": ["", "+7 846 000-00-00"]},
        actor_id=methodist.pk,
    )
    old = record(AuditEntry.Action.LOGIN, target=methodist, actor_id=methodist.pk)
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=40))
    return school


def rows(response) -> int:
    return len(response.context["rows"])


def test_administrator_reads_changes_with_field_names_in_russian(client, administrator, log):
    client.force_login(administrator)
    response = client.get("/audit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Журнал аудита" in body
    assert "полное название" in body  # the field's label, not "name"
    assert "Школа № 5" in body and "Лицей № 5" in body


def test_filters_by_action_actor_target_type_and_dates(client, administrator, methodist, log):
    client.force_login(administrator)
    assert rows(client.get("/audit/", {"action": "view"})) == 1
    assert rows(client.get("/audit/", {"actor": methodist.email})) == 2
    assert rows(client.get("/audit/", {"actor": methodist.last_name, "action": "login"})) == 1
    assert rows(client.get("/audit/", {"target_type": "network.organisation"})) == 3
    today = timezone.localdate().isoformat()
    assert rows(client.get("/audit/", {"date_from": today, "date_to": today})) == 5
    month_ago = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    assert rows(client.get("/audit/", {"date_to": month_ago})) == 1
    assert rows(client.get("/audit/", {"q": "Лицей"})) == 2  # the creation was still "Школа"


def test_target_type_filter_offers_human_names(client, administrator, log):
    client.force_login(administrator)
    choices = dict(client.get("/audit/").context["form"].fields["target_type"].choices)
    assert choices["network.organisation"] == "организация"
    assert choices["accounts.user"] == "пользователь"


def test_wrong_filter_values_are_explained_not_crashed(client, administrator, log):
    client.force_login(administrator)
    response = client.get(
        "/audit/",
        {"date_from": "2025-02-31", "action": "hack", "q": "я" * 5000, "page": "-3"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Введите правильную дату." in body
    assert rows(response) == AuditEntry.objects.count()  # wrong filters are ignored
    reversed_dates = client.get("/audit/", {"date_from": "2025-03-01", "date_to": "2025-02-01"})
    assert "Дата окончания раньше даты начала." in reversed_dates.content.decode()
    # A NUL byte is refused before the page runs (see RejectNullBytesMiddleware).
    assert client.get("/audit/", {"q": "\x00я"}).status_code == 400


def test_log_is_paginated_by_fifty(client, administrator):
    for n in range(55):
        record(AuditEntry.Action.VIEW, target_type="list", detail=f"Список {n}")
    client.force_login(administrator)
    first = client.get("/audit/", {"action": "view"})
    assert rows(first) == 50
    assert "страница 1 из 2" in first.content.decode()
    assert "action=view&amp;page=2" in first.content.decode()
    assert rows(client.get("/audit/", {"action": "view", "page": 2})) == 5


def test_teacher_and_methodist_may_not_open_the_log(client, teacher, methodist):
    for user in (teacher, methodist):
        client.force_login(user)
        assert client.get("/audit/").status_code == 403


def test_guest_is_asked_to_log_in(client):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.fixture
def superuser(db):
    return make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True, email="root@example.ru")


def test_django_admin_shows_the_log_read_only_in_russian(client, superuser, log):
    client.force_login(superuser)
    listing = client.get("/admin/core/auditentry/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "журнал аудита" in body.lower()
    assert "Фильтр" in body and "действие" in body.lower()
    assert 'name="q"' in body  # search box
    assert "/admin/core/auditentry/add/" not in body

    entry = AuditEntry.objects.first()
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    change_page = client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert change_page.status_code == 200
    assert 'name="_save"' not in change_page.content.decode()
    before = AuditEntry.objects.count()
    assert (
        client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"detail": "подделка"})
    entry.refresh_from_db()
    assert entry.detail != "подделка"
    assert AuditEntry.objects.count() >= before
    bulk = client.post(
        "/admin/core/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk]}
    )
    assert bulk.status_code in (200, 302, 403)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
