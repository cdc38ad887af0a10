"""A person downloads what is held about them and can have it erased without breaking counts."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from technopark.accounts.models import (
    ApiToken,
    ChildProfile,
    ErasureRequest,
    GuardianConsent,
    Membership,
    User,
)
from technopark.accounts.services import (
    anonymise_user,
    create_child_profile,
    export_personal_data,
    request_erasure,
)
from technopark.accounts.tokens import authenticate_token, issue_token
from technopark.core.models import AuditEntry
from tests.accounts.conftest import years_ago
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(guardian, school, consent_text, client):
    """A parent who logged in once, with a child, a token and a pending erasure request."""
    guardian.last_name, guardian.first_name, guardian.phone = "Кузнецова", "Марина", "+79271234567"
    guardian.save()
    client.post(reverse("accounts:login"), {"username": guardian.email, "password": PASSWORD})
    child = create_child_profile(
        guardian,
        last_name="Кузнецов",
        first_name="Артём",
        birth_date=years_ago(11),
        school=school,
        consent_given=True,
        consent_text=consent_text,
        allow_publication=True,
        ip="10.0.0.7",
    )
    _, raw = issue_token(guardian, name="дневник")
    return guardian, child, raw


def test_export_holds_profile_children_consents_and_token_metadata(family):
    guardian, child, raw = family
    data = json.loads(json.dumps(export_personal_data(guardian)))  # really JSON-ready
    assert data["profile"]["email"] == guardian.email
    assert [m["role"] for m in data["memberships"]] == ["guardian"]
    assert data["children"][0]["first_name"] == "Артём"
    assert data["children"][0]["consents"][0]["text_version"] == "1.0"
    assert data["children"][0]["consents"][0]["allow_publication"] is True
    assert data["api_tokens"][0]["name"] == "дневник"
    text = json.dumps(data, ensure_ascii=False)
    assert ApiToken.hash(raw) not in text and raw not in text
    assert {"login"} <= {e["action"] for e in data["audit_about_me"]}


def test_export_is_written_to_the_audit_log(family):
    guardian, _, _ = family
    export_personal_data(guardian)
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (entry.target_id, entry.target_type) == (str(guardian.pk), "accounts.user")


def test_download_button_gives_a_json_attachment(client, family):
    guardian, _, _ = family
    client.force_login(guardian)
    response = client.post(reverse("accounts:export"))
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert json.loads(response.content)["children"][0]["last_name"] == "Кузнецов"
    assert client.get(reverse("accounts:export")).status_code == 405


def test_erasure_request_from_the_profile_page(client, family):
    guardian, _, _ = family
    client.force_login(guardian)
    response = client.post(
        reverse("accounts:erasure"), {"reason": "переезжаем", "confirm": "on"}, follow=True
    )
    assert "Запрос отправлен" in response.content.decode()
    assert ErasureRequest.objects.get().reason == "переезжаем"


def test_erasure_request_needs_confirmation_and_only_one_is_open(client, family):
    guardian, _, _ = family
    client.force_login(guardian)
    assert client.post(reverse("accounts:erasure"), {"reason": "x"}).status_code == 400
    assert not ErasureRequest.objects.exists()
    request_erasure(guardian, reason="")
    with pytest.raises(ValidationError):
        request_erasure(guardian, reason="ещё раз")
    assert ErasureRequest.objects.count() == 1


def test_anonymisation_keeps_every_count_but_no_name_or_email(family, administrator, school):
    guardian, child, _ = family
    teacher = make_user("teacher", email="teacher@example.ru")
    request_erasure(guardian, reason="")
    old_email, names = guardian.email, ("Кузнецова", "Марина", "Кузнецов", "Артём")
    roles_before = sorted(Membership.objects.values_list("role", flat=True))
    counts_before = (
        User.objects.count(),
        ChildProfile.objects.count(),
        GuardianConsent.objects.count(),
    )

    anonymise_user(guardian, by=administrator)

    assert sorted(Membership.objects.values_list("role", flat=True)) == roles_before
    assert (
        User.objects.count(),
        ChildProfile.objects.count(),
        GuardianConsent.objects.count(),
    ) == counts_before
    guardian.refresh_from_db()
    child.refresh_from_db()
    assert guardian.email == f"deleted-{guardian.pk}@anonymised.invalid"
    assert (guardian.phone, guardian.is_active, guardian.has_usable_password()) == (
        "",
        False,
        False,
    )
    assert guardian.organisation_id is not None  # the statistics link stays
    assert child.school == school and child.birth_date.month == child.birth_date.day == 1
    everything = json.dumps(
        [
            list(User.objects.values()),
            list(ChildProfile.objects.values()),
            list(AuditEntry.objects.values("target_repr", "changes", "detail")),
        ],
        ensure_ascii=False,
        default=str,
    )
    assert old_email not in everything
    for name in names:
        assert name not in everything
    assert teacher.email in everything  # only the erased family was touched


def test_erasure_revokes_tokens_completes_the_request_and_is_logged(family, administrator):
    guardian, _, raw = family
    request_erasure(guardian, reason="")
    anonymise_user(guardian, by=administrator)
    assert authenticate_token(raw) is None
    assert not ApiToken.objects.filter(revoked_at=None).exists()
    assert ErasureRequest.objects.get().completed_at is not None
    erase = AuditEntry.objects.filter(action=AuditEntry.Action.ERASE, target_type="accounts.user")
    assert erase.get().actor == administrator
    assert erase.get().changes == {"memberships_kept": 1, "tokens_revoked": 1}
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.ERASE, target_type="accounts.childprofile"
        ).count()
        == 1
    )


def test_anonymised_person_cannot_log_in_any_more(client, family, administrator):
    guardian, _, _ = family
    email = guardian.email
    anonymise_user(guardian, by=administrator)
    client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_anonymising_twice_or_oneself_is_refused(family, administrator):
    guardian, _, _ = family
    with pytest.raises(ValidationError):
        anonymise_user(administrator, by=administrator)
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.anonymised_at is None
    anonymise_user(guardian, by=administrator)
    with pytest.raises(ValidationError):
        anonymise_user(guardian, by=administrator)


def test_anonymisation_scrubs_names_typed_into_competition_works_and_diplomas(
    family, administrator
):
    from technopark.contests.models import Diploma, Entry, EntryAuthor
    from tests.contests.factories import make_contest, make_entry

    guardian, child, _ = family
    entry = make_entry(make_contest(), author=guardian)
    pupil = EntryAuthor.objects.create(entry=entry, child=child, full_name="Кузнецов Артём")
    Diploma.objects.create(
        contest=entry.contest,
        entry=entry,
        author=pupil,
        number="К-1",
        place=Entry.Place.FIRST,
        recipient="Кузнецов Артём",
    )

    anonymise_user(guardian, by=administrator)

    names = " ".join(EntryAuthor.objects.values_list("full_name", flat=True))
    assert "Кузнецов" not in names and "Обезличенный" in names
    assert Diploma.objects.get().recipient == "Обезличенный ребёнок"
    assert Entry.objects.filter(pk=entry.pk).exists()  # the work still counts
