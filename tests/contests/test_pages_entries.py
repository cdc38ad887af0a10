"""Authors' pages: a teacher submits a work with a file and a co-author, sees it under "my
works", edits it until the deadline and withdraws it; bad input answers 400 in Russian and
changes nothing; after the deadline the form is closed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from technopark.contests.models import Contest, Entry, EntryFile
from tests.contests.factories import make_contest, make_entry
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_data(contest, **extra):
    data = {
        "nomination": contest.nominations.order_by("position").first().pk,
        "title": "Конструирование на уроках технологии",
        "annotation": "Серия занятий с наборами LEGO.",
        "video_url": "",
        "authors-TOTAL_FORMS": "3",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "10",
        "authors-0-full_name": "Петрова Анна Сергеевна",
        "authors-0-role": "author",
        "authors-1-full_name": "",
        "authors-1-role": "author",
        "authors-2-full_name": "",
        "authors-2-role": "author",
    }
    data.update(extra)
    return data


def test_teacher_submits_a_work_with_a_file_and_a_co_author(client, teacher):
    contest = make_contest()
    client.force_login(teacher)
    data = form_data(contest, files=SimpleUploadedFile("разработка.pdf", PDF, "application/pdf"))
    response = client.post(f"/contests/{contest.pk}/submit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get(contest=contest)
    assert response["Location"] == f"/contests/entries/{entry.pk}/"
    assert entry.number == 1 and entry.submitted_by == teacher
    assert sorted(entry.authors.values_list("full_name", "role")) == sorted(
        [(teacher.get_full_name(), "author"), ("Петрова Анна Сергеевна", "author")]
    )
    assert list(entry.files.values_list("original_name", flat=True)) == ["разработка.pdf"]
    body = client.get("/contests/my/").content.decode()
    assert "Конструирование на уроках технологии" in body


def test_a_file_that_lies_about_its_type_is_refused_and_nothing_is_saved(client, teacher):
    contest = make_contest()
    client.force_login(teacher)
    fake = SimpleUploadedFile("работа.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = client.post(f"/contests/{contest.pk}/submit/", form_data(contest, files=fake))
    assert response.status_code == 400
    assert "работа.pdf" in response.content.decode()
    assert Entry.objects.count() == 0 and EntryFile.objects.count() == 0


def test_missing_title_is_a_russian_error(client, teacher):
    contest = make_contest()
    client.force_login(teacher)
    response = client.post(f"/contests/{contest.pk}/submit/", form_data(contest, title=""))
    assert response.status_code == 400
    assert "Обязательное поле" in response.content.decode()
    assert Entry.objects.count() == 0


def test_after_the_deadline_the_form_is_closed(client, teacher):
    now = timezone.now()
    contest = make_contest(
        submission_opens_at=now - dt.timedelta(days=20),
        submission_closes_at=now - dt.timedelta(days=1),
    )
    client.force_login(teacher)
    assert "Приём работ закрыт" in client.get(f"/contests/{contest.pk}/submit/").content.decode()
    client.post(f"/contests/{contest.pk}/submit/", form_data(contest))
    assert Entry.objects.count() == 0


def test_guest_is_sent_to_log_in(client):
    contest = make_contest()
    response = client.get(f"/contests/{contest.pk}/submit/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_author_edits_then_withdraws(client, teacher):
    contest = make_contest()
    entry = make_entry(contest, author=teacher, title="Старое название")
    client.force_login(teacher)
    data = {"nomination": entry.nomination_id, "title": "Новое название", "annotation": ""}
    response = client.post(f"/contests/entries/{entry.pk}/", data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Новое название"
    client.post(f"/contests/entries/{entry.pk}/withdraw/")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN


def test_after_the_deadline_the_author_can_no_longer_edit(client, teacher):
    contest = make_contest()
    entry = make_entry(contest, author=teacher, title="Как было")
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.JUDGING)
    client.force_login(teacher)
    data = {"nomination": entry.nomination_id, "title": "Поменяли", "annotation": ""}
    client.post(f"/contests/entries/{entry.pk}/", data)
    client.post(f"/contests/entries/{entry.pk}/withdraw/")
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("Как было", Entry.Status.SUBMITTED)


def test_someone_elses_work_is_404(client):
    contest = make_contest()
    entry = make_entry(contest)
    client.force_login(make_user(Role.TEACHER))
    assert client.get(f"/contests/entries/{entry.pk}/").status_code == 404
    client.post(f"/contests/entries/{entry.pk}/withdraw/")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED


def test_an_olympiad_winner_goes_straight_to_the_second_stage(client, teacher):
    from technopark.contests.models import EntryStage, Stage

    contest = make_contest()
    Stage.objects.create(
        contest=contest,
        position=2,
        title="Тестирование",
        kind=Stage.Kind.TEST,
        skip_achievements=["Победитель областной олимпиады по физике"],
    )
    client.force_login(teacher)
    page = client.get(f"/contests/{contest.pk}/submit/").content.decode()
    assert "Победитель областной олимпиады по физике" in page
    data = form_data(contest, achievement="Победитель областной олимпиады по физике")
    assert client.post(f"/contests/{contest.pk}/submit/", data).status_code == 302
    entry = Entry.objects.get(contest=contest)
    row = EntryStage.objects.get(entry=entry)
    assert (row.stage.position, row.admission) == (2, EntryStage.Admission.ACHIEVEMENT)
    assert entry.current_stage == row.stage


def test_guardian_names_a_child_and_sees_the_consent_note(client):
    from tests.contests.test_entries_helpers import make_child, pupils_contest

    contest = pupils_contest()
    guardian = make_user(Role.GUARDIAN)
    child = make_child(guardian, age=15, first_name="Варвара")
    without = make_child(guardian, age=15, first_name="Глеб", consent=False)
    client.force_login(guardian)
    page = client.get(f"/contests/{contest.pk}/submit/").content.decode()
    assert "согласии родителя" in page and "Варвара" in page
    data = form_data(contest, children=[without.pk])
    for key in list(data):
        if key.startswith("authors-") and key.endswith("full_name"):
            data[key] = ""
    response = client.post(f"/contests/{contest.pk}/submit/", data)
    assert response.status_code == 400
    assert "согласия" in response.content.decode()
    assert not Entry.objects.filter(contest=contest).exists()
    data["children"] = [child.pk]
    assert client.post(f"/contests/{contest.pk}/submit/", data).status_code == 302
    entry = Entry.objects.get(contest=contest)
    assert entry.authors.get().child == child
    assert entry.age_category.name == "14–17 лет"
