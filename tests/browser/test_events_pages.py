"""A real browser: a methodist creates a hybrid event through the form and publishes it; a guest
on a phone registers from the event page and sees the QR code and the code."""

from datetime import timedelta

import pytest
from django.utils import timezone

from technopark.events.models import Event, EventKind, Question, Registration
from technopark.network.models import Municipality
from tests.browser.conftest import CHROMIUM, log_in, shot
from tests.factories import PASSWORD, MunicipalityFactory, OrganisationFactory, Role, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_methodist_creates_hybrid_event_and_a_guest_registers_from_a_phone(
    browser, live_server, transactional_db
):
    # Reference rows shipped by migrations, got or created: an earlier transactional test in
    # the same run flushes the database, shipped rows included.
    EventKind.objects.get_or_create(code="opening", defaults={"name": "открытие"})
    samara = MunicipalityFactory(
        name="городской округ Самара", kind=Municipality.Kind.CITY_DISTRICT
    )
    centre = OrganisationFactory(name="ГБУ ДО ЦДТ «Радуга»", municipality=samara)
    OrganisationFactory(name="ГБОУ СОШ № 5 г. Сызрани", municipality=samara)
    methodist = make_user(Role.METHODIST, organisation=centre, email="metodist@raduga.ru")
    base = live_server.url
    day = (timezone.localdate() + timedelta(days=10)).isoformat()

    desk = browser.new_context(locale="ru-RU", viewport=DESKTOP)
    page = desk.new_page()
    try:
        log_in(page, base, methodist.email, PASSWORD)
        page.get_by_role("navigation", name="Главное меню").get_by_role(
            "link", name="Мероприятия"
        ).click()
        page.get_by_role("link", name="Новое мероприятие").click()
        page.fill("input[name=title]", "Открытие региональной стажёрской площадки")
        page.select_option("select[name=kind]", label="открытие")
        page.fill("input[name=starts_at]", f"{day}T10:00")
        page.fill("input[name=ends_at]", f"{day}T13:00")
        # The online room fields appear only once the format asks for them.
        assert page.locator("#online-fields").is_hidden()
        page.get_by_label("очно-заочно (гибридно)").check()
        assert page.locator("#online-fields").is_visible()
        page.fill("input[name=venue_room]", "мини-технопарк «Кванториум»")
        page.fill("input[name=online_url]", "https://sferum.ru/room/opening")
        page.fill("input[name=online_platform]", "Сферум")
        page.fill("input[name=stream_url]", "https://vk.com/video-1")
        page.fill("input[name=capacity]", "60")
        shot(page, "events-manage-form-desktop")
        page.get_by_role("button", name="Сохранить черновик").click()
        page.wait_for_load_state()
        assert page.locator("#event-status").inner_text() == "черновик"
        page.get_by_role("button", name="Опубликовать").click()
        page.wait_for_load_state()
        assert page.locator("#event-status").inner_text() == "опубликовано"
        shot(page, "events-manage-desktop")
        event = Event.objects.get()
        assert event.format == "hybrid" and event.time_zone == "Europe/Samara"
        Question.objects.create(
            event=event,
            label="Секция",
            kind="choice",
            options=["робототехника", "3D"],
            required=True,
        )
        page.goto(f"{base}/events/manage/{event.pk}/questions/")
        shot(page, "events-manage-questions-desktop")
        page.goto(f"{base}/events/manage/{event.pk}/agenda/")
        shot(page, "events-manage-agenda-desktop")
        page.goto(f"{base}/events/{event.pk}/")
        shot(page, "events-event-desktop")
        page.goto(f"{base}/events/?month={day[:7]}")
        shot(page, "events-calendar-desktop")
    finally:
        desk.close()

    phone = browser.new_context(locale="ru-RU", viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    try:
        page.goto(f"{base}/events/?view=list")
        shot(page, "events-calendar-phone")
        page.get_by_role("link", name="Открытие региональной стажёрской площадки").first.click()
        page.wait_for_load_state()
        assert page.get_by_text(
            "Ссылку на онлайн-комнату увидят подтверждённые участники."
        ).is_visible()
        page.fill("input[name=full_name]", "Смирнова Ольга Викторовна")
        page.fill("input[name=email]", "o.smirnova@example.ru")
        page.fill("input[name=organisation]", "Сызран")
        page.wait_for_timeout(600)  # the suggestions arrive through htmx
        page.fill("input[name=organisation]", "ГБОУ СОШ № 5 г. Сызрани")
        page.select_option("select[name=municipality]", label="городской округ Самара")
        page.get_by_label("3D").check()
        shot(page, "events-event-phone")
        page.get_by_role("button", name="Зарегистрироваться").click()
        page.wait_for_load_state()
        registration = Registration.objects.get()
        assert page.locator("#registration-status").inner_text() == "Подтверждена"
        assert page.locator("#qr svg").is_visible()
        assert page.locator("#registration-code").inner_text() == registration.code
        assert (
            page.locator("a.online-link").get_attribute("href") == "https://sferum.ru/room/opening"
        )
        shot(page, "events-registration-phone")
        assert registration.organisation.name == "ГБОУ СОШ № 5 г. Сызрани"
    finally:
        phone.close()

    # What the methodist sees afterwards, on a phone and on a desktop.
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(locale="ru-RU", viewport=viewport)
        page = context.new_page()
        try:
            log_in(page, base, methodist.email, PASSWORD)
            page.goto(f"{base}/events/manage/{event.pk}/registrations/")
            assert page.get_by_text("Смирнова Ольга Викторовна").is_visible()
            shot(page, f"events-manage-registrations-{name}")
            page.goto(f"{base}/events/manage/{event.pk}/")
            shot(page, f"events-manage-{name}")
            page.goto(f"{base}/events/manage/")
            shot(page, f"events-manage-list-{name}")
        finally:
            context.close()
