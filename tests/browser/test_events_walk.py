"""The whole hybrid event in a real browser, through the real pages only: a methodist creates and
publishes a hybrid event, a guest registers from a phone and gets the QR code, staff check the
guest in at the door, the methodist records the stream views, and the statistics page shows the
registered participants and the stream viewers apart."""

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from technopark.events.models import EventKind
from technopark.network.models import Municipality
from tests.browser.conftest import CHROMIUM, log_in, shot
from tests.factories import PASSWORD, MunicipalityFactory, OrganisationFactory, Role, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "Открытие региональной стажёрской площадки"
GUEST = "Кузнецова Марина Андреевна"
TOWN = "городской округ Новокуйбышевск"
STREAM_SOURCE = "сообщество ЦДТ ВКонтакте"


def figure(page, label: str) -> str:
    """The number on the statistics card with this caption."""
    card = page.locator("#event-figures .card").filter(
        has=page.locator("span.muted", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    return card.locator("strong").inner_text().strip()


def test_hybrid_event_from_creation_to_statistics_with_stream_views_counted_apart(
    browser, live_server, transactional_db
):
    # Reference rows shipped by migrations, got or created: an earlier transactional test in
    # the same run flushes the database, shipped rows included.
    EventKind.objects.get_or_create(code="opening", defaults={"name": "открытие"})
    samara, _ = (
        MunicipalityFactory(name=name, kind=Municipality.Kind.CITY_DISTRICT)
        for name in ("городской округ Самара", TOWN)
    )
    centre = OrganisationFactory(name="ГБУ ДО ЦДТ «Радуга»", municipality=samara)
    methodist = make_user(Role.METHODIST, organisation=centre, email="metodist@raduga.ru")
    base = live_server.url

    desk = browser.new_context(locale="ru-RU", viewport=DESKTOP)
    page = desk.new_page()
    phone = None
    try:
        # 1. The methodist creates a hybrid event through the form and publishes it.
        log_in(page, base, methodist.email, PASSWORD)
        page.get_by_role("navigation", name="Главное меню").get_by_role(
            "link", name="Мероприятия"
        ).click()
        page.get_by_role("link", name="Новое мероприятие").click()
        page.fill("input[name=title]", TITLE)
        page.select_option("select[name=kind]", label="открытие")
        # The opening is under way: it began an hour ago and guests still register on the day.
        zone = zoneinfo.ZoneInfo(page.locator("select[name=time_zone]").input_value())
        now = timezone.now().astimezone(zone)
        page.fill("input[name=starts_at]", f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M}")
        page.fill("input[name=ends_at]", f"{now + timedelta(hours=2):%Y-%m-%dT%H:%M}")
        page.get_by_label("очно-заочно (гибридно)").check()
        page.fill("input[name=venue_room]", "мини-технопарк «Кванториум»")
        page.fill("input[name=online_url]", "https://sferum.ru/room/opening")
        page.fill("input[name=online_platform]", "Сферум")
        page.fill("input[name=stream_url]", "https://vk.com/video-1")
        shot(page, "walk-1-form")
        page.get_by_role("button", name="Сохранить черновик").click()
        page.wait_for_load_state()
        assert page.locator("#event-status").inner_text() == "черновик"
        page.get_by_role("button", name="Опубликовать").click()
        page.wait_for_load_state()
        assert page.locator("#event-status").inner_text() == "опубликовано"
        assert page.locator(".badge.format-hybrid").is_visible()
        manage_url = page.url
        public_url = page.get_by_role("link", name="Страница для участников").first.get_attribute(
            "href"
        )
        shot(page, "walk-2-published")

        # 2. A guest on a phone opens the public page, registers and gets the QR code.
        phone = browser.new_context(locale="ru-RU", viewport=PHONE, is_mobile=True, has_touch=True)
        guest = phone.new_page()
        guest.goto(f"{base}{public_url}")
        assert guest.get_by_role("heading", name=TITLE).is_visible()
        guest.fill("input[name=full_name]", GUEST)
        guest.fill("input[name=email]", "m.kuznetsova@example.ru")
        guest.fill("input[name=organisation]", "ГБОУ СОШ № 3 г. Новокуйбышевска")
        guest.select_option("select[name=municipality]", label=TOWN)
        shot(guest, "walk-3-register-phone")
        guest.get_by_role("button", name="Зарегистрироваться").click()
        guest.wait_for_load_state()
        assert guest.locator("#registration-status").inner_text() == "Подтверждена"
        assert guest.locator("#qr svg").is_visible()
        code = guest.locator("#registration-code").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{6,}", code), code
        shot(guest, "walk-4-qr-phone")
        phone.close()
        phone = None

        # 3. At the door: the check-in page takes the code typed by hand (no camera headless).
        page.goto(manage_url)
        page.get_by_role("link", name="Отметка участников на входе").click()
        page.wait_for_load_state()
        assert page.locator("#scanner-unsupported").is_visible()
        page.fill("#checkin-code", code.lower())
        page.locator("#checkin-form").get_by_role("button", name="Отметить").click()
        verdict = page.locator("#checkin-result .verdict")
        verdict.wait_for()
        assert "ok" in verdict.get_attribute("class").split()
        assert verdict.locator(".who").inner_text() == GUEST
        assert verdict.locator(".line").inner_text() == "Отмечен. Проходите!"
        green = verdict.evaluate("el => getComputedStyle(el).backgroundColor")
        assert green == "rgb(26, 127, 55)", green
        assert "отмечено очно: 1" in page.locator("#checkin-counts").inner_text()
        shot(page, "walk-5-checked-in")

        # 4. The methodist records the stream views on their own page.
        page.get_by_role("navigation", name="Работа с мероприятием").get_by_role(
            "link", name="Трансляция"
        ).click()
        page.wait_for_load_state()
        page.get_by_label("Сколько просмотров").fill("40")
        page.get_by_label("Где шла трансляция").fill(STREAM_SOURCE)
        # The date is filled in with the day the event began.
        assert (
            page.get_by_label("Дата").input_value()
            == f"{timezone.localtime(now - timedelta(hours=1)):%Y-%m-%d}"
        )
        page.get_by_role("button", name="Записать", exact=True).click()
        expect(page.get_by_text("Просмотры записаны.")).to_be_visible()
        expect(page.locator("#stream-total")).to_have_text("40")
        assert page.locator("#registered").inner_text() == "1"
        row = page.locator("table tbody tr").filter(has_text=STREAM_SOURCE)
        assert row.locator("td").nth(2).inner_text() == "40"
        shot(page, "walk-6-stream-views")

        # 5. The statistics page shows registrations, attendance and stream views apart.
        page.get_by_role("navigation", name="Работа с мероприятием").get_by_role(
            "link", name="Статистика и география"
        ).click()
        page.wait_for_load_state()
        assert page.locator("#stat-registered").inner_text() == "1"
        assert figure(page, "Зарегистрировались") == "1"
        assert figure(page, "Подтверждены") == "1"
        assert figure(page, "Были очно") == "1"
        assert figure(page, "Были онлайн") == "0"
        assert page.locator("#stat-stream").inner_text() == "40"
        assert figure(page, "Просмотров трансляции") == "40"
        assert figure(page, "Охват: регистрации + просмотры") == "41"
        # Geography counts the registered guest; the stream viewers are not spread over towns.
        geography = page.locator("table tbody tr")
        expect(geography).to_have_count(1)
        assert geography.locator("td").all_inner_texts() == [TOWN, "1"]
        shot(page, "walk-7-stats")
    finally:
        if phone is not None:
            phone.close()
        desk.close()
