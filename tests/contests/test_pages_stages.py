"""Selection stages on the organiser's pages: testing scores come from a CSV file (a bad row
refuses the whole file and changes nothing), an interview records a decision and a direction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from technopark.contests.models import Contest, EntryStage, Stage
from tests.contests.factories import make_contest, make_entry
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def selection():
    contest = make_contest(
        title="Отбор в Национальный детский технопарк",
        kind=Contest.Kind.SELECTION,
        audience=Contest.Audience.PUPILS,
        nominations=("Робототехника",),
        criteria=(),
        status=Contest.Status.JUDGING,
    )
    stage = contest.stages.get()
    Stage.objects.filter(pk=stage.pk).update(kind=Stage.Kind.TEST, status=Stage.Status.OPEN)
    stage.refresh_from_db()
    entries = [make_entry(contest) for _ in range(3)]
    organiser = make_user(Role.METHODIST, organisation=contest.organisation)
    return contest, stage, entries, organiser


def csv(text):
    return SimpleUploadedFile("баллы.csv", text.encode("utf-8"), "text/csv")


def test_test_scores_are_imported_from_csv(client, selection):
    contest, stage, entries, organiser = selection
    client.force_login(organiser)
    response = client.post(
        f"/contests/stages/{stage.pk}/scores/", {"file": csv("Номер;Балл\n1;87,5\n2;64\n3;91\n")}
    )
    assert response.status_code == 302
    scores = dict(EntryStage.objects.filter(stage=stage).values_list("entry__number", "raw_score"))
    assert {n: float(s) for n, s in scores.items()} == {1: 87.5, 2: 64.0, 3: 91.0}
    body = client.get(f"/contests/stages/{stage.pk}/").content.decode()
    assert "Загружено баллов: 3" in body


def test_a_bad_row_refuses_the_whole_file(client, selection):
    contest, stage, entries, organiser = selection
    client.force_login(organiser)
    response = client.post(
        f"/contests/stages/{stage.pk}/scores/", {"file": csv("1;87\n7;50\n2;много\n")}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "работы № 7 на этом этапе нет" in body
    assert "Строка 3" in body
    assert not EntryStage.objects.filter(stage=stage, raw_score__isnull=False).exists()


def test_interview_decision_with_a_direction(client, selection):
    contest, stage, entries, organiser = selection
    Stage.objects.filter(pk=stage.pk).update(kind=Stage.Kind.INTERVIEW)
    row = EntryStage.objects.get(stage=stage, entry=entries[0])
    client.force_login(organiser)
    response = client.post(
        f"/contests/entry-stages/{row.pk}/decision/",
        {"outcome": "passed", "direction": "Аэроквантум"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.outcome, row.direction) == ("passed", "Аэроквантум")


def test_teacher_cannot_open_the_stage_page(client, selection, teacher):
    contest, stage, entries, organiser = selection
    client.force_login(teacher)
    assert client.get(f"/contests/stages/{stage.pk}/").status_code == 403
    response = client.post(f"/contests/stages/{stage.pk}/scores/", {"file": csv("1;100\n")})
    assert response.status_code == 403
    assert not EntryStage.objects.filter(stage=stage, raw_score__isnull=False).exists()
