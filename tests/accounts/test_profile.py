"""A person keeps their own profile, photo, password and API tokens."""

import pytest
from django.core import mail
from django.urls import reverse

from technopark.accounts.models import ApiToken, User
from technopark.accounts.tokens import authenticate_token
from tests.accounts.uploads import image_upload, oversized_png, text_upload
from tests.factories import PASSWORD, OrganisationFactory, make_user

pytestmark = pytest.mark.django_db


def profile_data(user, **overrides):
    data = {
        "last_name": "Смирнова",
        "first_name": "Ольга",
        "patronymic": "Ивановна",
        "phone": "8 (846) 123-45-67",
        "position": "педагог дополнительного образования",
        "organisation": user.organisation_id,
        "municipality": "",
        "language": "en",
    }
    return {**data, **overrides}


def test_teacher_updates_her_profile(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("accounts:profile"), profile_data(teacher))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert (teacher.get_full_name(), teacher.language) == ("Смирнова Ольга Ивановна", "en")


def test_profile_with_letters_in_phone_changes_nothing(client, teacher):
    client.force_login(teacher)
    before = User.objects.values().get(pk=teacher.pk)
    response = client.post(reverse("accounts:profile"), profile_data(teacher, phone="позвоните"))
    assert response.status_code == 400
    assert "Укажите телефон цифрами" in response.content.decode()
    assert User.objects.values().get(pk=teacher.pk) == before


def test_profile_lists_my_roles(client, teacher):
    client.force_login(teacher)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f"педагог — {teacher.organisation}" in page


def test_photo_is_stored_under_a_random_name(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("accounts:avatar"), {"avatar": image_upload("JPEG", "Я на конкурсе.jpeg")}
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.avatar.name.startswith("avatars/")
    assert teacher.avatar.name.endswith(".jpg")
    assert "конкурсе" not in teacher.avatar.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: oversized_png(2 * 1024 * 1024 + 1), "Можно загрузить файл не больше 2 МБ."),
        (lambda: text_upload("photo.png"), "Это не изображение или файл повреждён."),
        (
            lambda: image_upload("PNG", "photo.jpg", content_type="image/jpeg"),
            "Файл назван как «.jpg», но на самом деле это PNG.",
        ),
    ],
    ids=["oversized", "text-renamed-png", "png-named-jpg"],
)
def test_bad_photo_is_refused_and_the_old_one_stays(client, teacher, upload, message):
    client.force_login(teacher)
    client.post(reverse("accounts:avatar"), {"avatar": image_upload("PNG", "old.png")})
    teacher.refresh_from_db()
    old = teacher.avatar.name
    response = client.post(reverse("accounts:avatar"), {"avatar": upload()})
    assert response.status_code == 400
    assert message in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.avatar.name == old
    assert teacher.avatar.storage.exists(old)


def test_replacing_photo_deletes_the_old_file(client, teacher, django_capture_on_commit_callbacks):
    client.force_login(teacher)
    client.post(reverse("accounts:avatar"), {"avatar": image_upload("PNG", "a.png")})
    teacher.refresh_from_db()
    old = teacher.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:avatar"), {"avatar": image_upload("WEBP", "b.webp")})
    teacher.refresh_from_db()
    assert teacher.avatar.name.endswith(".webp")
    assert not teacher.avatar.storage.exists(old)


def test_token_is_shown_once_and_only_its_hash_is_kept(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("accounts:token_issue"), {"name": "школьная система"})
    page = response.content.decode()
    token = ApiToken.objects.get(user=teacher)
    raw = response.context["new_token"]
    assert raw in page and "показывается один раз" in page
    assert response["Cache-Control"] == "no-store"
    assert token.key_hash == ApiToken.hash(raw) and raw not in token.key_hash
    assert authenticate_token(raw) == teacher
    assert raw not in client.get(reverse("accounts:profile")).content.decode()


def test_revoked_token_stops_working(client, teacher):
    client.force_login(teacher)
    raw = client.post(reverse("accounts:token_issue"), {"name": "отчёты"}).context["new_token"]
    token = ApiToken.objects.get(user=teacher)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert authenticate_token(raw) is None


def test_nobody_revokes_someone_elses_token(client, teacher):
    other = make_user(email="other@example.ru")
    client.force_login(other)
    raw = client.post(reverse("accounts:token_issue"), {"name": "мой"}).context["new_token"]
    client.force_login(teacher)
    token = ApiToken.objects.get(user=other)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert authenticate_token(raw) == other


def test_token_without_a_purpose_is_not_issued(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("accounts:token_issue"), {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_password_change_works_and_pages_are_russian(client, teacher):
    client.force_login(teacher)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "Смена пароля" in page
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "new-horse-staple-42",
            "new_password2": "new-horse-staple-42",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    teacher.refresh_from_db()
    assert teacher.check_password("new-horse-staple-42")


def test_password_reset_sends_a_russian_letter_with_a_working_link(client, teacher):
    response = client.post(reverse("accounts:password_reset"), {"email": teacher.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.subject == "Восстановление пароля на платформе «Технопарк»"
    link = next(line for line in letter.body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Новый пароль" in form_page.content.decode()
    assert form_page.context["validlink"] is True


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@mail.ru"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_someone_changing_organisation_keeps_granted_roles(client, teacher):
    client.force_login(teacher)
    elsewhere = OrganisationFactory()
    granted = list(teacher.memberships.values_list("role", "organisation"))
    client.post(reverse("accounts:profile"), profile_data(teacher, organisation=elsewhere.pk))
    teacher.refresh_from_db()
    assert teacher.organisation == elsewhere
    assert list(teacher.memberships.values_list("role", "organisation")) == granted


def test_profile_and_children_pages_speak_english_when_chosen(client, guardian):
    client.force_login(guardian)
    client.cookies["technopark_language"] = "en"
    assert "Download my data" in client.get(reverse("accounts:profile")).content.decode()
    assert "Add a child" in client.get(reverse("accounts:children")).content.decode()
