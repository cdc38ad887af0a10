"""Public contest pages: the list, a contest's page with nominations and works counted, the
results once published (and not before), the regulations file and the diploma check."""

import pytest
from django.core.files.base import ContentFile

from technopark.contests.models import Contest, Diploma, Entry
from tests.contests.factories import make_contest, make_entry

pytestmark = pytest.mark.django_db


def test_list_shows_open_contests_and_hides_drafts(client):
    open_contest = make_contest(title="Проектная педагогическая мастерская")
    make_contest(title="Черновик конкурса", status=Contest.Status.DRAFT)
    body = client.get("/contests/").content.decode()
    assert open_contest.title in body
    assert "Черновик конкурса" not in body


def test_contest_page_counts_works_per_nomination(client):
    contest = make_contest(nominations=("Методическая разработка занятия", "Программа"))
    first, second = contest.nominations.order_by("position")
    for _ in range(3):
        make_entry(contest, nomination=first)
    make_entry(contest, nomination=second)
    make_entry(contest, nomination=second, status=Entry.Status.WITHDRAWN)
    response = client.get(f"/contests/{contest.pk}/")
    assert response.status_code == 200
    counts = {n.name: works for n, works in response.context["nominations"]}
    assert counts == {"Методическая разработка занятия": 3, "Программа": 1}
    assert response.context["works_total"] == 4
    assert "Подать работу" in response.content.decode()


def test_draft_contest_is_404_for_guests(client):
    contest = make_contest(status=Contest.Status.DRAFT)
    assert client.get(f"/contests/{contest.pk}/").status_code == 404


def test_results_appear_only_once_published(client):
    contest = make_contest(status=Contest.Status.JUDGING)
    entry = make_entry(contest, title="Робототехника в начальной школе")
    Entry.objects.filter(pk=entry.pk).update(rank=1, final_score=42.5, place=Entry.Place.FIRST)
    body = client.get(f"/contests/{contest.pk}/").content.decode()
    assert 'id="results"' not in body
    contest.status = Contest.Status.RESULTS_PUBLISHED
    contest.save()
    body = client.get(f"/contests/{contest.pk}/").content.decode()
    assert 'id="results"' in body
    assert "Робототехника в начальной школе" in body
    assert "42,50" in body or "42.50" in body
    assert "диплом I степени" in body


def test_regulations_download_is_public(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contest = make_contest()
    contest.regulations.save("polozhenie.pdf", ContentFile(b"%PDF-1.4 test"))
    response = client.get(f"/contests/{contest.pk}/regulations/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_diploma_verification(client):
    contest = make_contest(status=Contest.Status.RESULTS_PUBLISHED)
    entry = make_entry(contest)
    diploma = Diploma.objects.create(
        contest=contest, entry=entry, number="К-2023-001", place="first", recipient="Иванова А. П."
    )
    body = client.get(f"/contests/diplomas/{diploma.token}/").content.decode()
    assert "Диплом подлинный" in body and "Иванова А. П." in body
    body = client.get("/contests/diplomas/0000000000/").content.decode()
    assert "Такой диплом не найден" in body


def test_a_pupils_name_is_published_only_with_the_guardians_permission(client):
    from technopark.accounts.models import GuardianConsent
    from technopark.contests.models import EntryAuthor
    from tests.contests.test_entries_helpers import make_child

    contest = make_contest(status=Contest.Status.RESULTS_PUBLISHED)
    shy = make_child(first_name="Тихон", last_name="Скромнов")
    proud = make_child(first_name="Алиса", last_name="Гордеева")
    GuardianConsent.objects.filter(child=proud).update(allow_publication=True)
    for child in (shy, proud):
        entry = make_entry(contest)
        entry.authors.all().delete()
        EntryAuthor.objects.create(entry=entry, child=child, full_name=f"{child} ")
        Entry.objects.filter(pk=entry.pk).update(rank=1, final_score=10)
    body = client.get(f"/contests/{contest.pk}/").content.decode()
    assert "Гордеева" in body
    assert "Скромнов" not in body and "имя не публикуется" in body
    api = client.get(f"/api/v1/contests/{contest.pk}/results").content.decode()
    assert "Гордеева" in api and "Скромнов" not in api
