"""Reports walked in a real browser as the demo methodist: the dashboard with its charts and the
htmx filter, the report of the seed 000 initiative, and the DOCX downloaded and read back."""

import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from technopark.contests.models import Contest
from technopark.demo.people import DEMO_PASSWORD
from tests.browser.conftest import CHROMIUM, log_in, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_methodist_opens_the_dashboard_and_the_osp_report_and_downloads_the_docx(
    browser, live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=StringIO())
    base = live_server.url
    desk = browser.new_context(locale="ru-RU", viewport=DESKTOP, accept_downloads=True)
    phone = browser.new_context(locale="ru-RU", viewport=PHONE)
    try:
        page = desk.new_page()
        log_in(page, base, "metodist@technopark.local", DEMO_PASSWORD)

        # The dashboard for 2023, the year of seed 000, through the htmx filter.
        page.goto(f"{base}/reports/")
        expect(page.locator("h1")).to_have_text("Отчёты и показатели")
        page.fill("input[name=date_from]", "2023-01-01")
        page.fill("input[name=date_to]", "2023-12-31")
        page.locator("#dashboard-filter button[type=submit]").click()
        expect(page.locator("#report-period")).to_contain_text("с 1 января 2023 по 31 декабря 2023")
        expect(page.locator("#figure-events_held strong")).not_to_have_text("0")
        expect(page.locator("#report-charts svg")).to_have_count(4)
        assert "date_from=2023-01-01" in page.url  # the filter is in the address, to share
        shot(page, "reports-01-dashboard")

        # The initiative's report: the figures of seed 000.
        page.get_by_role("link", name="Использование ресурсов мини-технопарка").first.click()
        expect(page.locator("h1")).to_have_text("Отчёт о проекте")
        expect(page.locator("#figure-events_planned strong")).to_have_text("3")
        expect(page.locator("#figure-events_held strong")).to_have_text("3")
        expect(page.locator("#figure-stream_views strong")).to_have_text("40")
        expect(page.locator("#report-events")).to_contain_text("61")
        expect(page.locator("#report-events")).to_contain_text("52")
        shot(page, "reports-02-initiative-report")

        with page.expect_download() as caught:
            page.get_by_role("link", name="Скачать DOCX").click()
        download = caught.value
        assert download.suggested_filename.startswith("report-osp-2023-")
        data = Path(download.path()).read_bytes()
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "было организовано и проведено 3 мероприятия" in text
        assert "61 участник + 40 просмотров трансляции" in text

        # A reversed period is a Russian message on the form, not an error page.
        page.fill("input[name=date_from]", "2023-12-01")
        page.fill("input[name=date_to]", "2023-01-01")
        page.locator("#period-form button[type=submit]").click()
        expect(page.locator(".errors")).to_contain_text("позже его конца")

        # The same report on a phone: nothing wider than the screen.
        mobile = phone.new_page()
        log_in(mobile, base, "metodist@technopark.local", DEMO_PASSWORD)
        mobile.goto(f"{base}/reports/initiatives/osp-2023/")
        expect(mobile.locator("#figure-registrations strong")).to_be_visible()
        width = mobile.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1
        shot(mobile, "reports-03-initiative-report-phone")
        mobile.goto(f"{base}/reports/?date_from=2023-01-01&date_to=2023-12-31")
        expect(mobile.locator("#report-charts svg")).to_have_count(4)
        assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        shot(mobile, "reports-04-dashboard-phone")
        # The technopark's own selection on an administrator's phone: the stages, each figure
        # a link to its works.
        selection = Contest.objects.get(kind=Contest.Kind.SELECTION)
        year = timezone.localtime(selection.submission_opens_at).year
        admin = phone.new_page()
        phone.clear_cookies()
        log_in(admin, base, "admin@technopark.local", DEMO_PASSWORD)
        admin.goto(
            f"{base}/reports/?scope=organisation:{selection.organisation_id}"
            f"&date_from={year}-01-01&date_to={year}-12-31"
        )
        card = admin.locator(f"#report-contest-{selection.pk}")
        expect(card).to_contain_text("Тестирование")
        expect(card.locator(".report-stages tbody tr")).to_have_count(selection.stages.count())
        assert admin.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        shot(admin, "reports-05-selection-stages-phone")
        passed = card.locator(".report-stages tbody tr").first.locator("td").nth(2)
        figure = passed.inner_text().split(":")[-1].strip()
        passed.locator("a").click()
        expect(admin.locator("#records-total")).to_have_text(figure)
        shot(admin, "reports-06-stage-records-phone")
    finally:
        desk.close()
        phone.close()
