"""A teacher or a parent creates their own account; staff roles are granted, never taken."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from technopark.accounts.models import Membership, Role, User
from technopark.accounts.services import register_user
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

DUPLICATE = (
    "Пользователь с такой электронной почтой уже зарегистрирован. Войдите или "
    "восстановите пароль, если забыли его."
)


def signup_data(school, **overrides):
    data = {
        "role": Role.TEACHER,
        "last_name": "Петрова",
        "first_name": "Анна",
        "patronymic": "Сергеевна",
        "email": "Petrova@Mail.ru",
        "phone": "+7 927 123-45-67",
        "organisation": school.pk,
        "municipality": "",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "personal_data": "on",
    }
    return {**data, **overrides}


def counts():
    return User.objects.count(), Membership.objects.count()


def test_teacher_signs_up_with_her_school_and_is_logged_in(client, school):
    response = client.post(reverse("accounts:signup"), signup_data(school))
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "petrova@mail.ru"
    assert user.municipality == school.municipality  # taken from the school
    assert list(user.memberships.values_list("role", "organisation")) == [(Role.TEACHER, school.pk)]
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_parent_signs_up_without_an_organisation_and_lands_on_children_page(client, school):
    response = client.post(
        reverse("accounts:signup"), signup_data(school, role=Role.GUARDIAN, organisation="")
    )
    assert response["Location"] == reverse("accounts:children")
    assert list(Membership.objects.values_list("role", "organisation")) == [(Role.GUARDIAN, None)]


def test_malformed_email_is_refused_and_nothing_is_created(client, school):
    response = client.post(reverse("accounts:signup"), signup_data(school, email="petrova@"))
    assert response.status_code == 400
    assert "Введите правильный адрес электронной почты." in response.content.decode()
    assert counts() == (0, 0)


def test_service_refuses_malformed_email_in_russian(school):
    with pytest.raises(ValidationError) as error:
        register_user(
            email="not-an-email",
            password=PASSWORD,
            last_name="Петрова",
            first_name="Анна",
            role=Role.TEACHER,
            organisation=school,
        )
    assert error.value.message_dict["email"] == [
        "Введите адрес электронной почты полностью, например ivanova@mail.ru."
    ]
    assert counts() == (0, 0)


def test_same_email_in_other_letter_case_is_a_duplicate(client, school):
    make_user(Role.TEACHER, email="petrova@mail.ru")
    before = counts()
    response = client.post(reverse("accounts:signup"), signup_data(school, email="PETROVA@mail.RU"))
    assert DUPLICATE in response.content.decode()
    assert counts() == before


def test_service_reports_duplicate_without_changing_anything(school):
    existing = make_user(Role.TEACHER, email="petrova@mail.ru", last_name="Иванова")
    with pytest.raises(ValidationError) as error:
        register_user(
            email=" Petrova@Mail.Ru ",
            password=PASSWORD,
            last_name="Петрова",
            first_name="Анна",
            role=Role.GUARDIAN,
        )
    assert error.value.message_dict["email"] == [DUPLICATE]
    existing.refresh_from_db()
    assert existing.last_name == "Иванова"
    assert counts() == (1, 1)


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.METHODIST, Role.JURY, Role.PARTNER, Role.PUPIL]
)
def test_staff_and_pupil_roles_cannot_be_self_assigned(role, school):
    with pytest.raises(ValidationError) as error:
        register_user(
            email="x@mail.ru",
            password=PASSWORD,
            last_name="Петрова",
            first_name="Анна",
            role=role,
            organisation=school,
        )
    assert "Эту роль назначает администратор" in error.value.message_dict["role"][0]
    assert counts() == (0, 0)


def test_tampered_role_in_the_form_is_refused(client, school):
    response = client.post(reverse("accounts:signup"), signup_data(school, role=Role.ADMINISTRATOR))
    assert response.status_code == 400
    assert counts() == (0, 0)


def test_teacher_must_name_her_organisation(client, school):
    response = client.post(reverse("accounts:signup"), signup_data(school, organisation=""))
    assert "Выберите организацию, в которой вы работаете." in response.content.decode()
    assert counts() == (0, 0)


def test_weak_or_mismatched_password_is_refused(client, school):
    weak = client.post(
        reverse("accounts:signup"),
        signup_data(school, password="12345678", password_again="12345678"),
    )
    mismatch = client.post(reverse("accounts:signup"), signup_data(school, password_again="x"))
    assert "Пароли не совпадают." in mismatch.content.decode()
    assert weak.status_code == mismatch.status_code == 400
    assert counts() == (0, 0)


def test_signup_without_personal_data_consent_is_refused(client, school):
    data = signup_data(school)
    del data["personal_data"]
    client.post(reverse("accounts:signup"), data)
    assert counts() == (0, 0)


def test_form_posted_without_csrf_token_is_refused_in_russian(csrf_client, school):
    response = csrf_client.post(reverse("accounts:signup"), signup_data(school))
    assert response.status_code == 403
    assert "Форма устарела или была отправлена не с этого сайта" in response.content.decode()
    assert counts() == (0, 0)


def test_signed_in_person_cannot_open_signup(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("accounts:signup")).status_code == 403


def test_signup_page_lists_organisations_with_their_municipality(client, school):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert f"{school} — {school.municipality}" in page
    assert "Я регистрируюсь как" in page
