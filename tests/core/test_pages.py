"""The layout every page shares: menu per role, home page per role, error pages, favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import Client

from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db

ROLE_MENUS = {
    Role.TEACHER: ({"Главная", "Организации"}, {"Мои дети", "Журнал аудита"}),
    Role.GUARDIAN: ({"Главная", "Организации", "Мои дети"}, {"Журнал аудита"}),
    Role.METHODIST: ({"Главная", "Организации"}, {"Мои дети", "Журнал аудита"}),
    Role.ADMINISTRATOR: ({"Главная", "Организации", "Журнал аудита"}, {"Мои дети"}),
}


def menu(response) -> set[str]:
    return {str(item["label"]) for item in response.context["nav_items"]}


@pytest.mark.parametrize("role", ROLE_MENUS, ids=str)
def test_home_page_greets_by_name_and_shows_the_roles_menu(client, role):
    user = make_user(role, first_name="Алевтина", last_name="Сергеевна")
    client.force_login(user)
    response = client.get("/")
    body = response.content.decode()
    shown, hidden = ROLE_MENUS[role]
    assert "Здравствуйте, Алевтина!" in body
    assert str(Role(role).label) in body  # the role badge
    assert shown <= menu(response)
    assert not hidden & menu(response)


@pytest.mark.parametrize("role", [*ROLE_MENUS, None], ids=str)
def test_every_link_a_user_is_offered_opens_for_them(role):
    """Menu items and home-page cards lead to pages that user may open (no 403/404 traps)."""
    client = Client()
    if role:
        client.force_login(make_user(role))
    home = client.get("/")
    links = [i["url"] for i in home.context["nav_items"]] + [
        c["url"] for c in home.context.get("cards", [])
    ]
    assert links
    broken = {url: client.get(url).status_code for url in links}
    assert {url: code for url, code in broken.items() if code != 200} == {}


def test_guest_home_page_explains_the_platform_and_offers_login_and_signup(client):
    body = client.get("/").content.decode()
    assert "Кому и зачем" in body
    assert 'href="/accounts/login/"' in body and 'href="/accounts/signup/"' in body
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body


def test_user_without_a_role_is_told_who_assigns_one(client):
    client.force_login(make_user())
    assert "Роль вам ещё не назначена" in client.get("/").content.decode()


def test_django_admin_link_only_for_staff_accounts(client):
    administrator = make_user(Role.ADMINISTRATOR)
    client.force_login(administrator)
    assert "Администрирование" not in menu(client.get("/"))
    staff = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert "Администрирование" in menu(client.get("/"))


def test_messages_are_shown_once(client, guardian):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    client.force_login(guardian)
    response = client.get("/")
    storage = CookieStorage(response.wsgi_request)
    storage.add(constants.SUCCESS, "Согласие сохранено.")
    storage.update(response)
    client.cookies.update(response.cookies)
    first = client.get("/").content.decode()
    assert 'class="message success"' in first and "Согласие сохранено." in first
    assert "Согласие сохранено." not in client.get("/").content.decode()


def test_favicon_is_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("technopark/favicon.svg")
    assert finders.find("technopark/favicon.svg")


@pytest.mark.urls("tests.core.error_urls")
def test_error_pages_speak_russian_and_keep_the_layout():
    client = Client(raise_request_exception=False)
    cases = {
        "/t/400/": (400, "Неверный запрос"),
        "/t/403/": (403, "Только для членов жюри этого конкурса."),
        "/t/404/": (404, "Страница не найдена"),
        "/no/such/page/": (404, "Такой страницы нет"),
        "/t/500/": (500, "Что-то пошло не так"),
    }
    for url, (status, text) in cases.items():
        response = client.get(url)
        assert (response.status_code, text in response.content.decode()) == (status, True), url
    assert 'class="topbar"' in client.get("/t/404/").content.decode()


def test_server_error_page_needs_no_database_or_context():
    html = get_template("500.html").render()  # no request, no context processors
    assert "Что-то пошло не так" in html and "Something went wrong" in html
    assert "{%" not in html and "static" not in html


@pytest.mark.django_db
def test_a_null_byte_in_a_search_gets_a_clear_400_not_a_database_error(client):
    from tests.factories import Role, make_user

    client.force_login(make_user(Role.METHODIST))
    response = client.get("/network/organisations/", {"q": "Квант\x00ум"})
    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()
