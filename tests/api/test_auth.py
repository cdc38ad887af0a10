"""Who may call the API: personal tokens, the browser session with CSRF, and the rules."""

import pytest
from django.utils import timezone

from technopark.accounts.models import ApiToken
from technopark.accounts.tokens import issue_token, revoke_token
from technopark.core.models import AuditEntry
from technopark.network.models import Organisation

pytestmark = pytest.mark.django_db


def new_school(municipality, name="ГБОУ СОШ № 7 с. Кротовка") -> dict:
    return {"name": name, "kind": "school", "municipality": municipality.pk}


def test_guest_without_token_gets_401_in_russian_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": (
            "Нужна авторизация: передайте заголовок «Authorization: Bearer <токен>» "
            "или войдите на сайт."
        )
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header",
    [
        "Bearer tp_not-a-real-token",
        "Bearer something-else",
        "Bearer ",
        "Bearer " + "tp_" + "x" * 500,
    ],
)
def test_wrong_token_gets_401_saying_the_token_did_not_fit(client, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Нужна авторизация: токен не подошёл")


def test_other_authorization_scheme_gets_401_explaining_the_format(client, teacher):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Token tp_abc")
    assert response.status_code == 401
    assert "Bearer <токен>" in response.json()["detail"]


def test_revoked_token_stops_working_at_once(client, teacher):
    token, raw = issue_token(teacher, name="ноутбук")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    revoke_token(token)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert "отозван" in response.json()["detail"]


def test_token_of_a_disabled_user_is_refused(client, teacher, bearer):
    headers = bearer(teacher)
    teacher.is_active = False
    teacher.save()
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_token_use_is_remembered(client, teacher):
    token, raw = issue_token(teacher, name="выгрузка")
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert (timezone.now() - token.last_used_at).total_seconds() < 60


def test_token_holder_sees_own_profile_and_roles(client, methodist, bearer):
    response = client.get("/api/v1/me", **bearer(methodist))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "metodist@example.ru"
    assert body["full_name"] == methodist.get_full_name()
    assert body["roles"] == [
        {
            "role": "methodist",
            "label": "методист",
            "organisation": {"id": methodist.organisation_id, "name": str(methodist.organisation)},
        }
    ]


def test_change_made_with_a_token_is_written_to_the_audit_log_as_its_owner(
    client, methodist, bearer, samara_district
):
    response = client.post(
        "/api/v1/organisations",
        new_school(samara_district),
        content_type="application/json",
        **bearer(methodist),
    )
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(pk=response.json()["id"])
    entry = AuditEntry.objects.get(
        target_type="network.organisation", target_id=str(organisation.pk), action="create"
    )
    assert entry.actor_id == methodist.pk
    assert entry.request_id == response["X-Request-ID"]


def test_teacher_may_not_add_organisations_and_is_told_who_may(
    client, teacher, bearer, samara_district
):
    response = client.post(
        "/api/v1/organisations",
        new_school(samara_district),
        content_type="application/json",
        **bearer(teacher),
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Недостаточно прав. Кто может: методисты и администраторы.",
        "permission": "role:administrator,methodist",
    }
    assert not Organisation.objects.filter(name="ГБОУ СОШ № 7 с. Кротовка").exists()


def test_browser_session_reads_without_a_token(client, teacher):
    client.force_login(teacher)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["id"] == teacher.pk


def test_session_post_without_csrf_token_is_refused(csrf_client, methodist, samara_district):
    csrf_client.force_login(methodist)
    response = csrf_client.post(
        "/api/v1/organisations", new_school(samara_district), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith(
        "Запрос отклонён: не передан или устарел CSRF-токен."
    )
    assert not Organisation.objects.filter(name="ГБОУ СОШ № 7 с. Кротовка").exists()


def test_session_post_with_csrf_token_is_accepted(csrf_client, methodist, samara_district):
    csrf_client.force_login(methodist)
    csrf_client.get("/")  # a page with a form (sign out) sets the CSRF cookie
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        "/api/v1/organisations",
        new_school(samara_district),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content


def test_token_post_needs_no_csrf_token(csrf_client, methodist, bearer, samara_district):
    response = csrf_client.post(
        "/api/v1/organisations",
        new_school(samara_district),
        content_type="application/json",
        **bearer(methodist),
    )
    assert response.status_code == 201


def test_guest_reads_public_reference_but_not_the_directory(client):
    assert client.get("/api/v1/municipalities").status_code == 200
    assert client.get("/api/v1/organisations").status_code == 401


def test_public_operation_still_refuses_a_wrong_token(client):
    response = client.get("/api/v1/municipalities", HTTP_AUTHORIZATION="Bearer tp_wrong")
    assert response.status_code == 401


def test_only_the_hash_of_a_token_is_stored(teacher):
    token, raw = issue_token(teacher, name="проверка")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.key_hash, stored.prefix, stored.name)
    assert stored.key_hash == ApiToken.hash(raw)
