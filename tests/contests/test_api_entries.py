"""Contests API, entries and scores per role: the author submits and lists their own, the
organiser lists all, a judge only the assigned ones (without names under blind review), guests
get 401; the assigned judge puts scores, anyone else is refused and nothing changes."""

import pytest

from technopark.contests.models import Assignment, Contest, Entry, Score, Stage
from tests.contests.factories import make_contest, make_entry, make_judge
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    contest = make_contest(blind_review=True)
    stage = contest.stages.get()
    organiser = make_user(Role.METHODIST, organisation=contest.organisation)
    author = make_user(Role.TEACHER, last_name="Авторова")
    own = make_entry(contest, author=author, title="Своя работа")
    other = make_entry(contest, title="Чужая работа")
    judge = make_judge(stage)
    stranger_judge = make_judge(stage)
    return {
        "contest": contest,
        "stage": stage,
        "organiser": organiser,
        "author": author,
        "own": own,
        "other": other,
        "judge": judge,
        "stranger_judge": stranger_judge,
    }


def titles(client, contest):
    response = client.get(f"/api/v1/contests/{contest.pk}/entries")
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


def test_guest_gets_401(client, world):
    response = client.get(f"/api/v1/contests/{world['contest'].pk}/entries")
    assert response.status_code == 401
    assert "авторизация" in response.json()["detail"]
    response = client.post(
        f"/api/v1/contests/{world['contest'].pk}/entries", {}, content_type="application/json"
    )
    assert response.status_code == 401


def test_each_role_sees_its_own_set(client, world):
    contest = world["contest"]
    client.force_login(world["author"])
    assert titles(client, contest) == ["Своя работа"]
    client.force_login(world["organiser"])
    assert titles(client, contest) == ["Своя работа", "Чужая работа"]
    from technopark.core.models import AuditEntry

    logged = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).latest("pk")
    assert "работы конкурса" in logged.detail and "(2)" in logged.detail
    Assignment.objects.create(stage=world["stage"], entry=world["other"], judge=world["judge"])
    client.force_login(world["judge"])
    assert titles(client, contest) == ["Чужая работа"]
    client.force_login(world["stranger_judge"])
    assert titles(client, contest) == []


def test_blind_review_hides_authors_from_the_judge_but_not_from_the_author(client, world):
    Assignment.objects.create(stage=world["stage"], entry=world["own"], judge=world["judge"])
    url = f"/api/v1/contests/{world['contest'].pk}/entries"
    client.force_login(world["judge"])
    item = client.get(url).json()["items"][0]
    assert item["authors"] is None and item["organisation"] is None
    assert "Авторова" not in client.get(url).content.decode()
    client.force_login(world["author"])
    item = client.get(url).json()["items"][0]
    assert [a["full_name"] for a in item["authors"]] == [world["author"].get_full_name()]


def test_author_submits_through_the_api(client, world):
    contest = world["contest"]
    teacher = make_user(Role.TEACHER)
    client.force_login(teacher)
    payload = {
        "nomination": contest.nominations.first().pk,
        "title": "Программа «Юный инженер»",
        "authors": [{"full_name": "Сидорова Мария Ивановна", "role": "author"}],
    }
    response = client.post(
        f"/api/v1/contests/{contest.pk}/entries", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == 3 and data["status"] == "submitted"
    assert [a["full_name"] for a in data["authors"]] == [
        teacher.get_full_name(),
        "Сидорова Мария Ивановна",
    ]


def test_bad_submissions_answer_422_in_russian_and_create_nothing(client, world):
    contest = world["contest"]
    client.force_login(make_user(Role.TEACHER))
    url = f"/api/v1/contests/{contest.pk}/entries"
    response = client.post(
        url, {"nomination": 999999, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["nomination"] == ["В этом конкурсе нет такой номинации."]
    response = client.post(
        url, {"nomination": contest.nominations.first().pk}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["title"] == ["Обязательное поле."]
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.JUDGING)
    payload = {"nomination": contest.nominations.first().pk, "title": "Поздно"}
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 422
    assert "приём" in response.content.decode().lower()
    assert Entry.objects.filter(contest=contest).count() == 2


def scores_payload(stage, **points):
    return {
        "scores": [
            {"criterion": c.pk, "points": points[c.name], "comment": ""}
            for c in stage.criteria.all()
            if c.name in points
        ],
        "complete": len(points) == stage.criteria.count(),
    }


def test_assigned_judge_puts_scores(client, world):
    stage = world["stage"]
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    Assignment.objects.create(stage=stage, entry=world["other"], judge=world["judge"])
    client.force_login(world["judge"])
    payload = scores_payload(stage, Актуальность=8, Новизна=6.5, Оформление=5)
    response = client.put(
        f"/api/v1/entries/{world['other'].pk}/scores", payload, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["completed"] is True
    assert sorted(float(s["points"]) for s in data["scores"]) == [5.0, 6.5, 8.0]


def test_score_above_maximum_or_unassigned_changes_nothing(client, world):
    stage = world["stage"]
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    Assignment.objects.create(stage=stage, entry=world["other"], judge=world["judge"])
    url = f"/api/v1/entries/{world['other'].pk}/scores"
    client.force_login(world["judge"])
    response = client.put(
        url, scores_payload(stage, Актуальность=8, Оформление=9), content_type="application/json"
    )
    assert response.status_code == 422
    assert "от 0 до 5" in response.content.decode()
    client.force_login(world["stranger_judge"])
    response = client.put(
        url, scores_payload(stage, Актуальность=8), content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(world["author"])
    response = client.put(
        url, scores_payload(stage, Актуальность=8), content_type="application/json"
    )
    assert response.status_code == 403
    assert Score.objects.count() == 0


def test_guardian_submits_a_childs_work_only_with_consent(client):
    from tests.contests.test_entries_helpers import make_child, pupils_contest

    contest = pupils_contest()
    guardian = make_user(Role.GUARDIAN)
    with_consent = make_child(guardian, age=12, first_name="Мирон")
    without = make_child(guardian, age=12, first_name="Ева", consent=False)
    client.force_login(guardian)
    url = f"/api/v1/contests/{contest.pk}/entries"
    payload = {"nomination": contest.nominations.first().pk, "title": "Робот-сортировщик"}
    response = client.post(
        url, {**payload, "authors": [{"child": without.pk}]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "согласия" in " ".join(response.json()["errors"]["authors"])
    assert not Entry.objects.filter(contest=contest).exists()
    response = client.post(
        url, {**payload, "authors": [{"child": with_consent.pk}]}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    entry = Entry.objects.get(contest=contest)
    assert entry.authors.get().child == with_consent
    assert entry.age_category.name == "10–13 лет"
