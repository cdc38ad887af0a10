"""The organiser's dashboard: works per nomination with the SVG chart, who may open it, judges
assigned automatically and by hand with the conflict shown, stages closed, results published
only once judging is complete or when forced."""

import pytest

from technopark.contests.models import Assignment, Contest, Score, Stage
from tests.contests.factories import make_contest, make_entry, make_judge
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return make_contest(nominations=("Методическая разработка занятия", "Цифровые ресурсы"))


@pytest.fixture
def organiser(contest):
    return make_user(Role.METHODIST, organisation=contest.organisation)


def test_dashboard_counts_works_and_draws_the_chart(client, contest, organiser):
    first, second = contest.nominations.order_by("position")
    for _ in range(3):
        make_entry(contest, nomination=first)
    make_entry(contest, nomination=second)
    client.force_login(organiser)
    response = client.get(f"/contests/{contest.pk}/manage/")
    assert response.status_code == 200
    body = response.content.decode()
    assert [(n.name, w) for n, w in response.context["counts"]] == [
        ("Методическая разработка занятия", 3),
        ("Цифровые ресурсы", 1),
    ]
    assert '<span class="count" id="works-total">4</span>' in body
    assert "<svg" in body and "Цифровые ресурсы" in body


@pytest.mark.parametrize("who", ["teacher", "judge", "other_methodist"])
def test_others_may_not_open_the_dashboard(client, contest, who):
    users = {
        "teacher": lambda: make_user(Role.TEACHER),
        "judge": lambda: make_judge(contest.stages.get()),
        "other_methodist": lambda: make_user(Role.METHODIST, organisation=OrganisationFactory()),
    }
    client.force_login(users[who]())
    for url in ("manage/", "manage/jury/", "manage/results/"):
        assert client.get(f"/contests/{contest.pk}/{url}").status_code == 403


def test_guest_is_sent_to_log_in(client, contest):
    response = client.get(f"/contests/{contest.pk}/manage/")
    assert response.status_code == 302 and "login" in response["Location"]


def open_judging(contest):
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.JUDGING)
    Stage.objects.filter(contest=contest).update(status=Stage.Status.OPEN)
    contest.refresh_from_db()
    return contest.stages.get()


def test_auto_assign_gives_each_work_two_judges_without_conflicts(client, contest, organiser):
    stage = open_judging(contest)
    school = OrganisationFactory()
    entries = [
        make_entry(contest, author=make_user(Role.TEACHER, organisation=school)) for _ in range(3)
    ]
    colleague = make_judge(stage, organisation=school)  # same school: never assigned
    judges = [make_judge(stage) for _ in range(3)]
    client.force_login(organiser)
    response = client.post(f"/contests/stages/{stage.pk}/auto-assign/")
    assert response.status_code == 302
    assert Assignment.objects.filter(judge=colleague).count() == 0
    for entry in entries:
        assert Assignment.objects.filter(entry=entry).count() == 2
    loads = sorted(Assignment.objects.filter(judge=j).count() for j in judges)
    assert loads == [2, 2, 2]


def test_manual_assignment_shows_the_conflict_and_needs_an_override(client, contest, organiser):
    stage = open_judging(contest)
    school = OrganisationFactory(name="МБОУ «Школа № 7» г.о. Самара")
    entry = make_entry(contest, author=make_user(Role.TEACHER, organisation=school))
    colleague = make_judge(stage, organisation=school, last_name="Коллегова")
    client.force_login(organiser)
    url = f"/contests/stages/{stage.pk}/assign/"
    response = client.post(url, {"entry": entry.pk, "judge": colleague.pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Конфликт интересов" in body and 'id="manual-assign"' in body
    assert Assignment.objects.count() == 0
    response = client.post(
        url, {"entry": entry.pk, "judge": colleague.pk, "override_conflict": "on"}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.conflict_overridden
    body = client.get(f"/contests/{contest.pk}/manage/jury/").content.decode()
    assert "несмотря на конфликт" in body


def test_publishing_with_missing_scores_is_refused_then_forced(client, contest, organiser):
    stage = open_judging(contest)
    entry = make_entry(contest)
    judge = make_judge(stage)
    Assignment.objects.create(stage=stage, entry=entry, judge=judge)
    client.force_login(organiser)
    body = client.get(f"/contests/{contest.pk}/manage/results/").content.decode()
    assert 'id="incomplete"' in body
    client.post(f"/contests/{contest.pk}/manage/publish/")
    contest.refresh_from_db()
    assert contest.status == Contest.Status.JUDGING and contest.results_published_at is None
    messages = [
        str(m) for m in client.get(f"/contests/{contest.pk}/manage/results/").context["messages"]
    ]
    assert any("Оценка не завершена" in m for m in messages)
    response = client.post(f"/contests/{contest.pk}/manage/publish/", {"force": "on"})
    assert response.status_code == 302
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS_PUBLISHED
    assert Score.objects.count() == 0


def test_documents_download_for_the_organiser_only(client, contest, organiser, teacher):
    make_entry(contest)
    client.force_login(organiser)
    docx = client.get(f"/contests/{contest.pk}/manage/protocol.docx")
    assert docx.status_code == 200
    assert docx.content.startswith(b"PK")  # a zip container: DOCX
    assert "wordprocessingml" in docx["Content-Type"]
    xlsx = client.get(f"/contests/{contest.pk}/manage/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert "attachment" in xlsx["Content-Disposition"]
    client.force_login(teacher)
    assert client.get(f"/contests/{contest.pk}/manage/protocol.docx").status_code == 403
    assert client.get(f"/contests/{contest.pk}/manage/results.xlsx").status_code == 403


def test_diplomas_before_places_explain_why_nothing_happens(client, contest, organiser):
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.RESULTS_PUBLISHED)
    client.force_login(organiser)
    response = client.post(f"/contests/{contest.pk}/manage/diplomas/", follow=True)
    assert response.status_code == 200
    assert "Некому выдавать дипломы" in response.content.decode()
    assert contest.diplomas.count() == 0


def test_dashboard_filters_works_by_nomination_and_words(client, contest, organiser):
    first, second = contest.nominations.order_by("position")
    make_entry(contest, nomination=first, title="Робототехника для малышей")
    make_entry(contest, nomination=second, title="Цифровая лаборатория")
    make_entry(contest, nomination=second, title="Виртуальный музей")
    client.force_login(organiser)
    url = f"/contests/{contest.pk}/manage/"
    titles = lambda r: [e.title for e in r.context["entries"]]  # noqa: E731
    assert titles(client.get(url, {"nomination": second.pk})) == [
        "Цифровая лаборатория",
        "Виртуальный музей",
    ]
    assert titles(client.get(url, {"q": "музей"})) == ["Виртуальный музей"]
    assert client.get(url, {"nomination": "x' OR 1=1", "page": "999"}).status_code == 200


def test_bad_input_on_organiser_forms_answers_without_a_500(client, contest, organiser):
    stage = open_judging(contest)
    entry = make_entry(contest)
    client.force_login(organiser)
    posts = [
        (f"/contests/stages/{stage.pk}/assign/", {"entry": "abc", "judge": ""}),
        (f"/contests/stages/{stage.pk}/assign/", {"entry": 10**20, "judge": -1}),
        (f"/contests/entries/{entry.pk}/place/", {"place": "gold"}),
        (f"/contests/{contest.pk}/manage/status/explode/", {}),
        (f"/contests/stages/{stage.pk}/open/", {}),
        (f"/contests/{contest.pk}/manage/publish/", {"force": ""}),
        ("/contests/stages/999999/close/", {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code < 500, url
    entry.refresh_from_db()
    assert entry.place == "" and not Assignment.objects.exists()
    contest.refresh_from_db()
    assert contest.status == Contest.Status.JUDGING


def test_organiser_records_a_conflict_and_the_judge_loses_the_work(client, contest, organiser):
    stage = open_judging(contest)
    entry = make_entry(contest)
    judge = make_judge(stage, last_name="Знакомова")
    Assignment.objects.create(stage=stage, entry=entry, judge=judge)
    client.force_login(organiser)
    url = f"/contests/stages/{stage.pk}/conflict/"
    data = {"conflict-entry": entry.pk, "conflict-judge": judge.pk, "conflict-reason": ""}
    assert client.post(url, data).status_code == 400
    assert Assignment.objects.count() == 1
    data["conflict-reason"] = "родственница автора"
    assert client.post(url, data).status_code == 302
    assert not Assignment.objects.exists()
    body = client.get(f"/contests/{contest.pk}/manage/jury/").content.decode()
    assert "родственница автора" in body


def test_results_tab_shows_one_nomination_when_asked(client, contest, organiser):
    first, second = contest.nominations.order_by("position")
    make_entry(contest, nomination=first, title="Первая номинация")
    make_entry(contest, nomination=second, title="Вторая номинация")
    client.force_login(organiser)
    url = f"/contests/{contest.pk}/manage/results/"
    response = client.get(url, {"nomination": second.pk})
    assert [e.title for e in response.context["entries"]] == ["Вторая номинация"]
    response = client.get(url)
    assert len(response.context["entries"]) == 2
