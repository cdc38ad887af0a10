"""Administrators work with people in Russian, and erase on request with one action."""

import pytest
from django.urls import reverse

from technopark.accounts.models import ApiToken, ErasureRequest, User
from technopark.accounts.services import request_erasure
from technopark.accounts.tokens import issue_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(
        "root@example.ru", "x-admin-pass-1", last_name="Админ", first_name="Главный"
    )


@pytest.mark.parametrize(
    "model", ["user", "consenttext", "childprofile", "apitoken", "erasurerequest"]
)
def test_admin_lists_open_in_russian(client, superuser, model):
    client.force_login(superuser)
    response = client.get(reverse(f"admin:accounts_{model}_changelist"))
    assert response.status_code == 200


def test_admin_finds_people_by_email_and_filters_by_role(client, superuser, teacher, guardian):
    client.force_login(superuser)
    url = reverse("admin:accounts_user_changelist")
    found = client.get(url, {"q": "pedagog@"}).context["cl"].result_list
    assert list(found) == [teacher]
    by_role = client.get(url, {"memberships__role": "guardian"}).context["cl"].result_list
    assert list(by_role) == [guardian]


def test_user_page_shows_roles_inline(client, superuser, teacher):
    client.force_login(superuser)
    page = client.get(reverse("admin:accounts_user_change", args=[teacher.pk]))
    assert page.status_code == 200
    assert "Роли пользователей" in page.content.decode()


def test_anonymise_action_carries_out_the_request(client, superuser, guardian):
    request_erasure(guardian, reason="")
    client.force_login(superuser)
    client.post(
        reverse("admin:accounts_erasurerequest_changelist"),
        {"action": "anonymise", "_selected_action": [ErasureRequest.objects.get().pk]},
    )
    guardian.refresh_from_db()
    assert guardian.anonymised_at is not None
    assert ErasureRequest.objects.get().completed_at is not None


def test_revoke_action_stops_tokens(client, superuser):
    owner = make_user(email="owner@example.ru")
    token, _ = issue_token(owner, name="интеграция")
    client.force_login(superuser)
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.objects.count() == 1
