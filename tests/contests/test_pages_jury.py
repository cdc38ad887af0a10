"""The judge's workspace: only assigned entries, blind review hides names and organisations
(also in file names), the score sheet refuses points above the maximum and changes nothing,
a judge with a declared conflict or without an assignment cannot open the entry by URL."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from technopark.contests.models import Assignment, Conflict, EntryFile, Score, Stage
from tests.contests.factories import make_contest, make_entry, make_judge
from tests.factories import OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def setup():
    school = OrganisationFactory(name="ГБОУ СОШ «Образовательный центр» с. Летниково")
    author = make_user(
        Role.TEACHER, last_name="Загребельная", first_name="Ольга", organisation=school
    )
    contest = make_contest(blind_review=True)
    stage = contest.stages.get()
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    stage.refresh_from_db()
    entry = make_entry(contest, author=author, title="Мини-технопарк в сельской школе")
    entry_file = EntryFile(
        entry=entry,
        original_name="Загребельная_методичка.pdf",
        size=12,
        content_type="application/pdf",
    )
    entry_file.file.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    entry_file.save()
    judge = make_judge(stage, last_name="Судейкина")
    other = make_judge(stage, last_name="Другова")
    assignment = Assignment.objects.create(stage=stage, entry=entry, judge=judge)
    return {"contest": contest, "stage": stage, "entry": entry, "judge": judge, "other": other,
            "assignment": assignment, "file": entry_file}  # fmt: skip


def test_workspace_lists_only_assigned_entries_with_progress(client, setup):
    client.force_login(setup["judge"])
    body = client.get("/contests/jury/").content.decode()
    assert "Мини-технопарк в сельской школе" in body
    assert "Оценено 0 из 1" in body
    client.force_login(setup["other"])
    body = client.get("/contests/jury/").content.decode()
    assert "Мини-технопарк в сельской школе" not in body


def test_blind_review_hides_names_organisations_and_file_names(client, setup):
    client.force_login(setup["judge"])
    response = client.get(f"/contests/jury/{setup['assignment'].pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Мини-технопарк в сельской школе" in body
    for secret in ("Загребельная", "Летниково", "методичка"):
        assert secret not in body
    assert "Работа 1, файл 1.pdf" in body
    download = client.get(f"/contests/files/{setup['file'].pk}/")
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert "Загребельная" not in disposition and "%D0%97%D0%B0%D0%B3" not in disposition
    assert "1.pdf" in disposition


def test_without_blind_review_the_judge_sees_the_author(client, setup):
    setup["contest"].blind_review = False
    setup["contest"].save()
    client.force_login(setup["judge"])
    body = client.get(f"/contests/jury/{setup['assignment'].pk}/").content.decode()
    assert "Загребельная" in body and "Загребельная_методичка.pdf" in body


def test_unassigned_judge_cannot_open_the_entry_or_its_file(client, setup):
    client.force_login(setup["other"])
    assert client.get(f"/contests/jury/{setup['assignment'].pk}/").status_code == 404
    assert client.get(f"/contests/files/{setup['file'].pk}/").status_code == 404
    assert client.get(f"/contests/entries/{setup['entry'].pk}/").status_code == 404


def test_conflicted_judge_cannot_open_the_entry_by_url(client, setup):
    Conflict.objects.create(entry=setup["entry"], judge=setup["judge"], reason="мой выпускник")
    client.force_login(setup["judge"])
    assert client.get(f"/contests/jury/{setup['assignment'].pk}/").status_code == 404
    assert client.get(f"/contests/files/{setup['file'].pk}/").status_code == 404


def sheet(stage, **points):
    data = {"comment": "Хорошая работа"}
    for criterion in stage.criteria.all():
        if criterion.name in points:
            data[f"score_{criterion.pk}"] = points[criterion.name]
    return data


def test_judge_scores_every_criterion_and_completes(client, setup):
    client.force_login(setup["judge"])
    url = f"/contests/jury/{setup['assignment'].pk}/"
    data = sheet(setup["stage"], Актуальность="9", Новизна="7.5", Оформление="4")
    data["complete"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    scores = dict(Score.objects.values_list("criterion__name", "points"))
    assert scores == {
        "Актуальность": Decimal("9"),
        "Новизна": Decimal("7.5"),
        "Оформление": Decimal("4"),
    }
    setup["assignment"].refresh_from_db()
    assert setup["assignment"].completed_at is not None
    assert "Оценено 1 из 1" in client.get("/contests/jury/").content.decode()


def test_points_above_the_maximum_are_refused_and_nothing_changes(client, setup):
    client.force_login(setup["judge"])
    url = f"/contests/jury/{setup['assignment'].pk}/"
    response = client.post(url, sheet(setup["stage"], Актуальность="9", Оформление="6"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [f"score_{setup['stage'].criteria.get(name='Оформление').pk}"]
    assert "5" in errors.as_text() and "Убедитесь" in errors.as_text()
    assert Score.objects.count() == 0


def test_another_judge_cannot_post_scores(client, setup):
    client.force_login(setup["other"])
    url = f"/contests/jury/{setup['assignment'].pk}/"
    assert client.post(url, sheet(setup["stage"], Актуальность="9")).status_code == 404
    assert Score.objects.count() == 0


def test_teacher_is_not_let_into_the_workspace(client, teacher):
    client.force_login(teacher)
    assert client.get("/contests/jury/").status_code == 403


def test_workspace_queries_do_not_grow_with_the_number_of_works(
    client, setup, django_assert_max_num_queries
):
    for _ in range(30):
        entry = make_entry(setup["contest"])
        Assignment.objects.create(stage=setup["stage"], entry=entry, judge=setup["judge"])
    conflicted = make_entry(setup["contest"], title="Работа моего выпускника")
    Assignment.objects.create(stage=setup["stage"], entry=conflicted, judge=setup["judge"])
    Conflict.objects.create(entry=conflicted, judge=setup["judge"], reason="мой выпускник")
    client.force_login(setup["judge"])
    with django_assert_max_num_queries(12):
        body = client.get("/contests/jury/").content.decode()
    assert "Оценено 0 из 31" in body
    assert "Работа моего выпускника" not in body


def test_a_file_lost_from_storage_is_404_not_500(client, setup):
    setup["file"].file.storage.delete(setup["file"].file.name)
    client.force_login(setup["judge"])
    assert client.get(f"/contests/files/{setup['file'].pk}/").status_code == 404


def test_completing_without_every_criterion_is_refused(client, setup):
    client.force_login(setup["judge"])
    data = sheet(setup["stage"], Актуальность="9")
    data["complete"] = "on"
    response = client.post(f"/contests/jury/{setup['assignment'].pk}/", data)
    assert response.status_code == 400
    assert response.context["form"].errors
    setup["assignment"].refresh_from_db()
    assert setup["assignment"].completed_at is None and Score.objects.count() == 0


def test_after_the_stage_closes_the_judge_sees_colleagues_scores(client, setup):
    entry, stage = setup["entry"], setup["stage"]
    colleague = make_judge(stage, last_name="Коллегина")
    theirs = Assignment.objects.create(stage=stage, entry=entry, judge=colleague)
    criterion = stage.criteria.get(name="Актуальность")
    Score.objects.create(assignment=theirs, criterion=criterion, points=Decimal("7"))
    client.force_login(setup["judge"])
    url = f"/contests/jury/{setup['assignment'].pk}/"
    assert "Коллегина" not in client.get(url).content.decode()
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.CLOSED)
    body = client.get(url).content.decode()
    assert "Коллегина" in body and "Этап закрыт" in body
    response = client.post(url, sheet(stage, Актуальность="1"))
    assert response.status_code == 302
    assert not Score.objects.filter(assignment=setup["assignment"]).exists()
