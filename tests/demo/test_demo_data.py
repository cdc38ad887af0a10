import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from technopark.accounts.models import (
    ChildProfile,
    ConsentText,
    GuardianConsent,
    Membership,
    Role,
    User,
)
from technopark.core.models import AuditEntry
from technopark.demo.people import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_logins
from technopark.network.models import Organisation

pytestmark = pytest.mark.django_db

ROLE_OF_LOGIN = {
    "admin@technopark.local": Role.ADMINISTRATOR,
    "metodist@technopark.local": Role.METHODIST,
    "pedagog@technopark.local": Role.TEACHER,
    "uchenik@technopark.local": Role.PUPIL,
    "roditel@technopark.local": Role.GUARDIAN,
    "zhyuri@technopark.local": Role.JURY,
    "partner@technopark.local": Role.PARTNER,
}


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            User,
            Membership,
            ChildProfile,
            GuardianConsent,
            ConsentText,
            AuditEntry,
        )
    }


@pytest.fixture
def demo(db):
    return run_demo()


def test_running_demo_twice_creates_nothing_new(demo):
    first = counts()
    second_summary = run_demo()
    assert counts() == first
    assert second_summary == demo
    assert first["Organisation"] >= 35 and first["User"] >= 37


def test_summary_says_in_russian_what_exists(demo):
    assert demo.startswith("Демонстрационные данные готовы:")
    assert f"организаций — {Organisation.objects.count()}" in demo
    assert f"пользователей — {User.objects.count()}" in demo


def test_each_demo_login_signs_in_with_the_demo_password_and_has_its_role(demo):
    assert {email for _, email in demo_logins()} == set(ROLE_OF_LOGIN)
    for email, role in ROLE_OF_LOGIN.items():
        user = authenticate(username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.memberships.filter(role=role).exists(), email
    admin = User.objects.get(email="admin@technopark.local")
    assert admin.is_staff and admin.is_superuser
    others = User.objects.exclude(email="admin@technopark.local")
    assert not others.filter(is_superuser=True).exists()


def test_methodist_is_the_author_of_seed_000(demo):
    methodist = User.objects.get(email="metodist@technopark.local")
    assert methodist.get_full_name() == "Иванова Юлия Юрьевна"
    assert methodist.memberships.get(role=Role.METHODIST).organisation.name == (
        "СП ЦДТ ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка"
    )


def test_teacher_works_at_kvantum_and_partner_at_a_university(demo):
    teacher = User.objects.get(email="pedagog@technopark.local")
    assert teacher.organisation.name == "Мини-технопарк «Квантум»"
    assert teacher.position == "педагог дополнительного образования"
    partner = User.objects.get(email="partner@technopark.local")
    assert partner.organisation.kind == Organisation.Kind.UNIVERSITY


def test_seed_organisations_have_the_right_kinds_and_parents(demo):
    def org(name):
        return Organisation.objects.get(name=name)

    school1 = org("ГБОУ СОШ № 1 «ОЦ» им. И.М. Кузнецова с. Большая Черниговка")
    cdt = org("СП ЦДТ ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка")
    school2 = org("ГБОУ СОШ № 2 с. Большая Черниговка")
    kvantum = org("Мини-технопарк «Квантум»")
    palace = org("УО «Минский государственный дворец детей и молодежи»")
    technoproryv = org("Городской ресурсный центр «Детский технопарк «Технопрорыв»»")

    assert (school1.kind, school1.parent) == ("school", None)
    assert (cdt.kind, cdt.parent) == ("creativity_centre", school1)
    assert (school2.kind, kvantum.kind, kvantum.parent) == ("school", "technopark", school2)
    assert (technoproryv.kind, technoproryv.parent) == ("resource_centre", palace)
    assert school1.municipality.name == "муниципальный район Большечерниговский"
    assert technoproryv.region.name == "г. Минск"
    assert org("УО «Национальный детский технопарк»").kind == "technopark"
    assert Organisation.objects.get(short_name="МГИРО").kind == "academy"
    assert Organisation.objects.get(short_name="АПО").kind == "academy"
    assert Organisation.objects.get(short_name="НАН Беларуси").kind == "academy"
    assert Organisation.objects.filter(
        kind="ministry", municipality__region__name="Самарская область"
    ).exists()
    assert Organisation.objects.filter(kind="business", is_partner=True).exists()


def test_samara_participants_come_from_many_municipalities(demo):
    samara_staff = User.objects.filter(
        organisation__municipality__region__name="Самарская область", memberships__role=Role.TEACHER
    ).distinct()
    municipalities = set(samara_staff.values_list("organisation__municipality", flat=True))
    assert len(municipalities) >= 10
    assert User.objects.filter(organisation__municipality__region__name="г. Минск").count() >= 15
    # Parents of the Minsk pupils in the selection demo are accounts too; count the rest.
    others = User.objects.exclude(memberships__role=Role.GUARDIAN).count() - len(DEMO_ACCOUNTS)
    assert 30 <= others <= 60


def test_pupil_and_younger_sibling_have_a_guardian_consent(demo):
    guardian = User.objects.get(email="roditel@technopark.local")
    pupil = User.objects.get(email="uchenik@technopark.local")
    children = list(guardian.children.order_by("-birth_date"))
    assert len(children) == 2
    younger, elder = children
    assert elder.account == pupil and younger.account is None
    assert younger.birth_date > elder.birth_date > dt.date(2006, 1, 1)
    for child in children:
        assert child.consent is not None
        assert child.consent.text.version == "1.0"
        assert child.consent.guardian == guardian


def test_shipped_consent_text_is_used_not_overwritten(db):
    ConsentText.objects.update_or_create(
        version="1.0",
        defaults={
            "title": "Согласие (редакция учреждения)",
            "body": "Текст",
            "publication_clause": "Публикация",
            "effective_from": dt.date(2023, 9, 1),
        },
    )
    run_demo()
    text = ConsentText.objects.get(version="1.0")
    assert text.title == "Согласие (редакция учреждения)"
    assert GuardianConsent.objects.filter(text=text).count() == ChildProfile.objects.count() >= 2


def test_missing_consent_text_is_created_as_version_1_0(db):
    ConsentText.objects.all().delete()
    run_demo()
    text = ConsentText.objects.get()
    assert text.version == "1.0" and text.body
    assert GuardianConsent.objects.filter(text=text).count() == ChildProfile.objects.count() >= 2


def test_demo_repairs_a_deleted_role_without_duplicating_the_rest(demo):
    methodist = User.objects.get(email="metodist@technopark.local")
    methodist.memberships.all().delete()
    before = counts()
    run_demo()
    after = counts()
    assert after["Membership"] == before["Membership"] + 1
    assert after["User"] == before["User"]
