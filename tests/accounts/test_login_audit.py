"""Every log-in, and every failed attempt, is in the audit log."""

import pytest
from django.urls import reverse

from technopark.core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_successful_login_is_recorded(client, teacher):
    response = client.post(
        reverse("accounts:login"),
        {"username": teacher.email.upper(), "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.target_id, entry.ip) == (teacher, str(teacher.pk), "192.0.2.10")


def test_failed_login_is_recorded_without_the_password(client, teacher):
    response = client.post(
        reverse("accounts:login"), {"username": teacher.email, "password": "wrong-guess-123"}
    )
    assert response.status_code == 200
    assert "электронная почта" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.detail == teacher.email and entry.actor is None
    assert "wrong-guess-123" not in str(AuditEntry.objects.values_list())


def test_login_page_offers_signup_and_password_reset(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:signup") in page and reverse("accounts:password_reset") in page
