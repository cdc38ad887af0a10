"""A child's data is kept only together with the guardian's consent, and leaves with it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from technopark.accounts.models import ChildProfile, ConsentText, GuardianConsent
from technopark.accounts.services import create_child_profile
from tests.accounts.conftest import years_ago
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NO_CONSENT = (
    "Без вашего согласия на обработку персональных данных мы не можем сохранить данные ребёнка."
)


def child_data(school, **overrides):
    data = {
        "last_name": "Петров",
        "first_name": "Миша",
        "patronymic": "Андреевич",
        "birth_date": years_ago(12).isoformat(),
        "school": school.pk,
        "municipality": "",
        "grade": "6 А",
        "text_version": "1.0",
        "consent_given": "on",
    }
    return {**data, **overrides}


def nothing_saved():
    return ChildProfile.objects.count() == 0 and GuardianConsent.objects.count() == 0


def test_consent_text_1_0_is_shipped_and_speaks_to_parents(consent_text):
    assert ConsentText.current() == consent_text
    for phrase in ("Какие данные", "Зачем", "Кто видит данные", "Как долго", "Как отозвать"):
        assert phrase in consent_text.body
    assert "галерее" in consent_text.publication_clause


def test_children_page_shows_the_whole_consent_text(client, guardian, consent_text):
    client.force_login(guardian)
    page = client.get(reverse("accounts:children")).content.decode()
    assert consent_text.title in page
    assert "Кто видит данные." in page and "в итогах конкурсов" in page


def test_parent_adds_a_child_with_consent(client, guardian, school, consent_text):
    client.force_login(guardian)
    response = client.post(reverse("accounts:children"), child_data(school), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    child = ChildProfile.objects.get()
    assert (child.guardian, child.grade, child.municipality) == (
        guardian,
        "6 А",
        school.municipality,
    )
    consent = child.consent
    assert (consent.text, consent.allow_publication, consent.ip) == (
        consent_text,
        False,
        "10.1.2.3",
    )


def test_child_without_consent_is_not_saved(client, guardian, school, consent_text):
    client.force_login(guardian)
    data = child_data(school)
    del data["consent_given"]
    response = client.post(reverse("accounts:children"), {**data, "allow_publication": "on"})
    assert response.status_code == 400
    assert NO_CONSENT in response.content.decode()
    assert nothing_saved()


def test_service_refuses_a_child_without_consent(guardian, school, consent_text):
    with pytest.raises(ValidationError) as error:
        create_child_profile(
            guardian,
            last_name="Петров",
            first_name="Миша",
            birth_date=years_ago(10),
            school=school,
            consent_given=False,
            consent_text=consent_text,
            allow_publication=True,
        )
    assert error.value.message_dict["consent_given"] == [NO_CONSENT]
    assert nothing_saved()


def test_consent_to_an_outdated_text_is_refused(client, guardian, school, consent_text):
    ConsentText.objects.create(
        version="2.0",
        title="Новая редакция",
        body="…",
        publication_clause="…",
        effective_from=datetime.date(2025, 1, 1),
    )
    client.force_login(guardian)
    response = client.post(reverse("accounts:children"), child_data(school))
    assert "Текст согласия обновился" in response.content.decode()
    assert nothing_saved()


@pytest.mark.parametrize("birth_date", [years_ago(18), years_ago(-1)], ids=["adult", "future"])
def test_impossible_birth_date_is_refused(client, guardian, school, consent_text, birth_date):
    client.force_login(guardian)
    response = client.post(
        reverse("accounts:children"), child_data(school, birth_date=birth_date.isoformat())
    )
    assert response.status_code == 400
    assert nothing_saved()


def test_same_child_twice_is_refused(client, guardian, school, consent_text):
    client.force_login(guardian)
    client.post(reverse("accounts:children"), child_data(school))
    response = client.post(reverse("accounts:children"), child_data(school, last_name="ПЕТРОВ"))
    assert "Этот ребёнок уже есть в вашем списке." in response.content.decode()
    assert ChildProfile.objects.count() == GuardianConsent.objects.count() == 1


def test_only_guardians_open_the_children_page(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("accounts:children"), {})
    assert response.status_code == 403
    assert "родитель (законный представитель)" in response.content.decode()


def test_parent_withdraws_publication_but_child_keeps_participating(
    client, guardian, school, consent_text
):
    client.force_login(guardian)
    client.post(reverse("accounts:children"), child_data(school, allow_publication="on"))
    consent = GuardianConsent.objects.get()
    assert consent.allow_publication is True
    client.post(reverse("accounts:publication_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert (consent.allow_publication, consent.withdrawn_at) == (False, None)
    assert ChildProfile.objects.get().first_name == "Миша"


def test_withdrawing_consent_anonymises_the_child_at_once(client, guardian, school, consent_text):
    client.force_login(guardian)
    client.post(reverse("accounts:children"), child_data(school), follow=True)
    consent = GuardianConsent.objects.get()
    response = client.post(reverse("accounts:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    child = ChildProfile.objects.get()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.ip is None
    assert (child.last_name, child.first_name, child.patronymic, child.grade) == (
        "Обезличенный",
        "ребёнок",
        "",
        "",
    )
    assert child.birth_date == datetime.date(years_ago(12).year, 1, 1)
    assert child.school == school  # geography of past events still counts
    assert "Петров" not in client.get(reverse("accounts:children")).content.decode()


def test_another_parent_cannot_withdraw_my_consent(client, guardian, school, consent_text):
    client.force_login(guardian)
    client.post(reverse("accounts:children"), child_data(school))
    consent = GuardianConsent.objects.get()
    client.force_login(make_user("guardian", email="stranger@example.ru"))
    assert client.post(reverse("accounts:consent_withdraw", args=[consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_withdrawing_twice_explains_instead_of_failing(client, guardian, school, consent_text):
    client.force_login(guardian)
    client.post(reverse("accounts:children"), child_data(school))
    consent = GuardianConsent.objects.get()
    client.post(reverse("accounts:consent_withdraw", args=[consent.pk]))
    response = client.post(reverse("accounts:consent_withdraw", args=[consent.pk]), follow=True)
    assert "Это согласие уже отозвано." in response.content.decode()
