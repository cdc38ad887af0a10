"""A real browser: each role logs in through the login page, sees their home and menu, logs out."""

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM
from tests.factories import PASSWORD, Role, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

# What each role must find in the main menu after logging in.
MENU = {
    Role.ADMINISTRATOR: ["Организации", "Журнал аудита"],
    Role.METHODIST: ["Организации"],
    Role.TEACHER: ["Организации"],
    Role.PUPIL: ["Организации"],
    Role.GUARDIAN: ["Организации", "Мои дети"],
    Role.JURY: ["Организации"],
    Role.PARTNER: ["Организации"],
}


@pytest.mark.parametrize("role", list(MENU), ids=str)
def test_role_logs_in_sees_their_home_and_logs_out(role, browser, live_server, transactional_db):
    user = make_user(role, first_name="Светлана", last_name="Кузнецова", email=f"{role}@example.ru")
    context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="Войти").first.click()
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")

        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.get_by_role("heading", name="Здравствуйте, Светлана!").is_visible()
        menu = page.get_by_role("navigation", name="Главное меню")
        for label in MENU[role]:
            assert menu.get_by_role("link", name=label).is_visible(), label
        if role != Role.ADMINISTRATOR:
            assert menu.get_by_role("link", name="Журнал аудита").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"home-{role}.png"), full_page=True)

        page.get_by_role("button", name="Выйти").click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Войти").first.is_visible()
        assert page.get_by_text("Здравствуйте, Светлана!").count() == 0
    finally:
        context.close()


def test_wrong_password_is_explained_on_the_login_page(browser, live_server, transactional_db):
    user = make_user(Role.TEACHER, email="teacher@example.ru")
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", "не тот пароль")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{live_server.url}/accounts/login/")
        assert page.locator(".errors").is_visible()
    finally:
        context.close()


def test_guest_switches_the_interface_to_english(browser, live_server, transactional_db):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", name="Who it is for").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "home-guest-en.png"), full_page=True)
    finally:
        context.close()
