"""The audit log: who changed what (with a diff), from where, in which request; secrets never."""

import json

import pytest
from django.contrib.auth.hashers import make_password

from technopark.accounts.models import User
from technopark.core.audit import record_personal_data_access
from technopark.core.models import AuditEntry
from technopark.network.models import Organisation
from tests.factories import PASSWORD, MunicipalityFactory, OrganisationFactory, Role, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.audit_urls")]

FROM = {
    "REMOTE_ADDR": "10.0.0.5",
    "HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.1",
    "HTTP_X_REQUEST_ID": "req-42",
    "HTTP_USER_AGENT": "Firefox/140",
}


def entries_for(obj):
    return AuditEntry.objects.filter(
        target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).order_by("id")


def test_renaming_an_organisation_records_the_diff_actor_ip_and_request(client, methodist):
    school = OrganisationFactory(name="ГБОУ СОШ № 1", short_name="Школа № 1")
    client.force_login(methodist)

    response = client.post(f"/t/rename/{school.pk}/", {"name": "ГБОУ СОШ № 1 им. Гагарина"}, **FROM)

    assert response.status_code == 200
    entry = entries_for(school).last()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {"name": ["ГБОУ СОШ № 1", "ГБОУ СОШ № 1 им. Гагарина"]}
    assert entry.actor == methodist
    assert entry.ip == "203.0.113.7"  # the client, not the proxy
    assert entry.request_id == "req-42"
    assert entry.user_agent == "Firefox/140"
    assert entry.target_repr == "Школа № 1"
    assert response["X-Request-ID"] == "req-42"


def test_creating_an_organisation_records_every_filled_field():
    district = MunicipalityFactory(name="м.р. Ставропольский")
    school = Organisation.objects.create(
        name="ГБОУ ООШ с. Ягодное", kind="school", municipality=district
    )
    entry = entries_for(school).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["name"] == [None, "ГБОУ ООШ с. Ягодное"]
    assert entry.changes["municipality"] == [None, district.pk]
    assert "website" not in entry.changes  # blank values are not noise in the log
    assert entry.actor is None and entry.ip is None  # no request: a command or the shell


def test_deleting_an_organisation_keeps_what_was_deleted(client, administrator):
    school = OrganisationFactory(name="Закрытая школа")
    pk = school.pk
    client.force_login(administrator)
    client.post(f"/t/remove/{pk}/", **FROM)

    entry = (
        AuditEntry.objects.filter(target_type="network.organisation", target_id=str(pk))
        .order_by("id")
        .last()
    )
    assert entry.action == AuditEntry.Action.DELETE
    assert entry.changes["name"] == ["Закрытая школа", None]
    assert entry.actor == administrator
    assert not Organisation.objects.filter(pk=pk).exists()


def test_saving_without_changes_writes_nothing():
    school = OrganisationFactory()
    before = AuditEntry.objects.count()
    school.save()
    assert AuditEntry.objects.count() == before


def test_new_user_is_logged_without_the_password():
    user = User.objects.create_user(
        "ivanova@example.ru", PASSWORD, last_name="Иванова", first_name="Мария"
    )
    entry = entries_for(user).get()
    assert entry.changes["email"] == [None, "ivanova@example.ru"]
    assert entry.changes["password"] == [None, "••••••"]


def test_password_change_is_logged_as_a_fact_but_the_password_never_appears(client, teacher):
    client.force_login(teacher)
    new_password = "Новый-пароль-2025"
    client.post("/t/password/", {"password": new_password}, **FROM)

    teacher.refresh_from_db()
    update = entries_for(teacher).filter(action=AuditEntry.Action.UPDATE).last()
    assert update.changes == {"password": ["••••••", "••••••"]}
    assert update.actor == teacher
    everything = json.dumps(
        [[e.changes, e.detail, e.target_repr] for e in AuditEntry.objects.all()], ensure_ascii=False
    )
    for secret in (new_password, PASSWORD, teacher.password, make_password(PASSWORD, "x")[:20]):
        assert secret not in everything
    assert "md5$" not in everything and "pbkdf2" not in everything


def test_api_token_hash_never_appears_in_the_log(teacher):
    from technopark.accounts.tokens import issue_token

    token, raw = issue_token(teacher, name="Интеграция с АИС")
    entry = entries_for(token).get()
    assert entry.changes["key_hash"] == [None, "••••••"]
    everything = json.dumps([e.changes for e in AuditEntry.objects.all()], ensure_ascii=False)
    assert token.key_hash not in everything
    assert raw not in everything


def test_viewing_a_list_of_people_is_recorded_with_what_and_how_many(client, methodist):
    client.force_login(methodist)
    client.get("/t/pupils/", **FROM)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert entry.detail == "Список обучающихся (3)"
    assert entry.target_type == "list"
    assert entry.actor == methodist
    assert (entry.ip, entry.request_id) == ("203.0.113.7", "req-42")


def test_personal_data_access_outside_a_request_names_nobody():
    entry = record_personal_data_access(
        AuditEntry.Action.EXPORT, what="Выгрузка участников", count=120
    )
    assert (entry.action, entry.detail, entry.actor_id) == (
        "export",
        "Выгрузка участников (120)",
        None,
    )


def test_membership_granted_to_a_user_is_tracked():
    user = make_user(Role.TEACHER)
    membership = user.memberships.get()
    assert entries_for(membership).get().changes["role"] == [None, "teacher"]
