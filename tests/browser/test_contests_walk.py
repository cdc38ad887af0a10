"""A contest walked in a real browser, through the real pages only: a teacher submits a work
from a phone with a file, the organiser closes the call and assigns the jury automatically, the
judge scores the work criterion by criterion (blind review: no author's name on the page), the
organiser publishes the results, the public page shows the ranking, the organiser prepares
the diplomas and the teacher downloads theirs and checks it on the verification page."""

import pytest
from playwright.sync_api import expect

from technopark.contests.models import Assignment, Contest, Diploma, Entry, Score
from tests.browser.conftest import CHROMIUM, log_in, shot
from tests.contests.factories import make_contest, make_judge
from tests.factories import PASSWORD, OrganisationFactory, Role, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CONTEST = "Проектная педагогическая мастерская по развитию технического творчества"
WORK = "Мини-технопарк в сельской школе: конструктор занятий"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_teacher_submits_judge_scores_organiser_publishes(
    browser, live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    centre = OrganisationFactory(name="ГБОУ ДПО ЦПК «Самарский областной ресурсный центр»")
    contest = make_contest(
        title=CONTEST,
        organisation=centre,
        blind_review=True,
        judges_per_entry=1,
        nominations=("Методическая разработка занятия", "Цифровые образовательные ресурсы"),
    )
    organiser = make_user(Role.METHODIST, organisation=centre, email="metodist@rc63.ru")
    school = OrganisationFactory(name="ГБОУ СОШ с. Летниково")
    teacher = make_user(
        Role.TEACHER, organisation=school, email="pedagog@letnikovo.ru", last_name="Загребельная"
    )
    judge = make_judge(contest.stages.get(), email="jury@rc63.ru", last_name="Судейкина")
    upload = tmp_path / "Загребельная_конструктор.pdf"
    upload.write_bytes(PDF)
    base = live_server.url

    phone = browser.new_context(locale="ru-RU", viewport=PHONE)
    desk = browser.new_context(locale="ru-RU", viewport=DESKTOP)
    try:
        # 1. The teacher finds the contest and submits a work from a phone.
        page = phone.new_page()
        log_in(page, base, teacher.email, PASSWORD)
        page.goto(f"{base}/contests/")
        page.get_by_role("link", name=CONTEST).click()
        expect(page.locator("#nominations")).to_contain_text("Методическая разработка занятия")
        shot(page, "contests-01-contest-page-phone")
        page.get_by_role("link", name="Подать работу").click()
        page.select_option("select[name=nomination]", label="Методическая разработка занятия")
        page.fill("input[name=title]", WORK)
        page.fill("textarea[name=annotation]", "Восемь занятий с конструктором для 5–7 классов.")
        page.fill("input[name=authors-0-full_name]", "Петрова Анна Сергеевна")
        page.set_input_files("input[name=files]", str(upload))
        shot(page, "contests-02-submit-form-phone")
        page.get_by_role("button", name="Отправить работу").click()
        expect(page.locator(".messages")).to_contain_text("Работа № 1 принята")
        expect(page.locator("#files")).to_contain_text("Загребельная_конструктор.pdf")
        shot(page, "contests-03-submitted-phone")
        entry = Entry.objects.get(contest=contest)
        assert entry.title == WORK and entry.files.count() == 1

        # 2. The organiser closes the call and lets the platform assign the jury.
        desk_page = desk.new_page()
        log_in(desk_page, base, organiser.email, PASSWORD)
        desk_page.goto(f"{base}/contests/{contest.pk}/manage/")
        expect(desk_page.locator("#works-total")).to_have_text("1")
        desk_page.get_by_role("button", name="Закрыть приём и начать оценку").click()
        expect(desk_page.locator("#contest-status")).to_have_text("Идёт оценка")
        shot(desk_page, "contests-04-dashboard")
        desk_page.get_by_role("link", name="Жюри", exact=True).click()
        desk_page.get_by_role("button", name="Назначить автоматически").click()
        expect(desk_page.locator(".messages")).to_contain_text("Назначено новых судейств: 1")
        shot(desk_page, "contests-05-jury-assigned")
        assert Assignment.objects.filter(entry=entry, judge=judge).exists()

        # 3. The judge scores the work on a phone, without seeing who wrote it.
        jury_context = browser.new_context(locale="ru-RU", viewport=PHONE)
        jury_page = jury_context.new_page()
        log_in(jury_page, base, judge.email, PASSWORD)
        jury_page.goto(f"{base}/contests/jury/")
        expect(jury_page.locator("main")).to_contain_text("Оценено 0 из 1")
        jury_page.get_by_role("link", name=WORK).click()
        body = jury_page.locator("main").inner_text()
        assert "Загребельная" not in body and "Летниково" not in body
        expect(jury_page.locator("#files")).to_contain_text("Работа 1, файл 1.pdf")
        for criterion, points in (("Актуальность", "9"), ("Новизна", "8"), ("Оформление", "4.5")):
            jury_page.get_by_role("group", name=criterion).get_by_label("Балл").fill(points)
        jury_page.get_by_label("Оценка завершена").check()
        shot(jury_page, "contests-06-score-sheet-phone")
        jury_page.get_by_role("button", name="Сохранить оценки").click()
        expect(jury_page.locator("main")).to_contain_text("Оценено 1 из 1")
        shot(jury_page, "contests-07-workspace-done-phone")
        assert Score.objects.filter(assignment__entry=entry).count() == 3

        # 4. The organiser publishes; the public page shows the ranking.
        desk_page.goto(f"{base}/contests/{contest.pk}/manage/results/")
        expect(desk_page.locator("#raw")).to_contain_text("19,25")
        assert desk_page.locator("#incomplete").count() == 0
        shot(desk_page, "contests-08-results-before-publishing")
        desk_page.get_by_role("button", name="Опубликовать итоги").click()
        expect(desk_page.locator("#results")).to_contain_text(WORK)
        expect(desk_page.locator("#results")).to_contain_text("диплом I степени")
        shot(desk_page, "contests-09-public-results")
        contest.refresh_from_db()
        assert contest.status == Contest.Status.RESULTS_PUBLISHED
        entry.refresh_from_db()
        assert (entry.rank, entry.place) == (1, Entry.Place.FIRST)

        # 5. The organiser prepares the diplomas; the teacher downloads theirs.
        desk_page.goto(f"{base}/contests/{contest.pk}/manage/diplomas/")
        desk_page.get_by_role("button", name="Подготовить дипломы").click()
        expect(desk_page.locator("#diploma-progress")).to_contain_text("Готово", timeout=60000)
        shot(desk_page, "contests-10-diplomas")
        diploma = Diploma.objects.get(entry=entry, author__full_name=teacher.get_full_name())
        page.goto(f"{base}/contests/my/")
        expect(page.locator("main")).to_contain_text("диплом I степени")
        shot(page, "contests-11-my-works-phone")
        with page.expect_download() as download_info:
            page.get_by_role("link", name=f"Диплом {diploma.number} — {diploma.recipient}").click()
        pdf = download_info.value.path().read_bytes()
        assert pdf.startswith(b"%PDF")
        page.goto(f"{base}/contests/diplomas/{diploma.token}/")
        expect(page.locator("#verdict")).to_contain_text("Диплом подлинный")
        expect(page.locator("#verdict")).to_contain_text(teacher.get_full_name())
        shot(page, "contests-12-diploma-verified-phone")

        # 6. The organiser's tabs on a phone: nothing is cut off, tables scroll sideways.
        pocket = browser.new_context(locale="ru-RU", viewport=PHONE)
        pocket_page = pocket.new_page()
        log_in(pocket_page, base, organiser.email, PASSWORD)
        for tab in ("", "jury/", "results/"):
            pocket_page.goto(f"{base}/contests/{contest.pk}/manage/{tab}")
            width = pocket_page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"] + 1, (tab, width)
            shot(pocket_page, f"contests-13-organiser-{tab.strip('/') or 'works'}-phone")
        pocket.close()
    finally:
        phone.close()
        desk.close()
