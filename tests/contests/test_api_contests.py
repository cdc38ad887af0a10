"""Contests API, public part: the list, one contest with stages and nominations (each with its
number of works), and the results — public only once published."""

import pytest

from technopark.contests.models import Contest, Entry
from tests.contests.factories import make_contest, make_entry

pytestmark = pytest.mark.django_db


def test_list_is_public_and_skips_drafts(client):
    shown = make_contest(title="Конкурс проектов")
    make_contest(status=Contest.Status.DRAFT)
    response = client.get("/api/v1/contests")
    assert response.status_code == 200
    data = response.json()
    assert [item["id"] for item in data["items"]] == [shown.pk]
    assert data["items"][0]["status"] == "call_open"


def test_detail_counts_works_per_nomination(client):
    contest = make_contest(
        nominations=("Методическая разработка занятия", "Проектная деятельность")
    )
    first, second = contest.nominations.order_by("position")
    for _ in range(2):
        make_entry(contest, nomination=first)
    make_entry(contest, nomination=first, status=Entry.Status.WITHDRAWN)
    data = client.get(f"/api/v1/contests/{contest.pk}").json()
    assert [(n["name"], n["works"]) for n in data["nominations"]] == [
        ("Методическая разработка занятия", 2),
        ("Проектная деятельность", 0),
    ]
    assert [s["title"] for s in data["stages"]] == ["Заочный этап"]
    assert data["stages"][0]["kind"] == "scored"


def test_draft_detail_is_404(client):
    contest = make_contest(status=Contest.Status.DRAFT)
    response = client.get(f"/api/v1/contests/{contest.pk}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_results_before_publication_are_refused_then_ranked(client):
    contest = make_contest(status=Contest.Status.JUDGING)
    a = make_entry(contest, title="Первая")
    b = make_entry(contest, title="Вторая")
    Entry.objects.filter(pk=a.pk).update(rank=2, final_score=30, place=Entry.Place.SECOND)
    Entry.objects.filter(pk=b.pk).update(rank=1, final_score=40, place=Entry.Place.FIRST)
    response = client.get(f"/api/v1/contests/{contest.pk}/results")
    assert response.status_code == 404
    assert "не опубликованы" in response.json()["detail"]
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.RESULTS_PUBLISHED)
    rows = client.get(f"/api/v1/contests/{contest.pk}/results").json()
    assert [(r["rank"], r["title"], r["place"]) for r in rows] == [
        (1, "Вторая", "first"),
        (2, "Первая", "second"),
    ]
    assert rows[0]["final_score"] in ("40.000", "40", 40)


def test_list_filters_by_status_and_kind(client):
    mastery = make_contest(title="Мастерская")
    make_contest(title="Отбор", kind=Contest.Kind.SELECTION)
    make_contest(title="Прошлый", status=Contest.Status.RESULTS_PUBLISHED)
    data = client.get("/api/v1/contests", {"status": "call_open", "kind": "mastery"}).json()
    assert [item["title"] for item in data["items"]] == [mastery.title]
    response = client.get("/api/v1/contests", {"status": "секрет"})
    assert response.status_code == 422
    assert "status" in response.json()["errors"]
