"""The chair's vote on tied works: the organiser's results tab and the chair's own page list the
works left equal by score and tie-break criterion; the chair's (or the organiser's) order
decides their ranks at once; another judge gets 403; bad input is a 400 in Russian and changes
nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from technopark.contests.models import Assignment, Contest, EntryStage, JuryMember, Score, Stage
from technopark.contests.services.results import compute_stage_results
from tests.contests.factories import make_contest, make_entry, make_judge
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


def sheet(stage, entry, judge, points) -> None:
    assignment = Assignment.objects.create(
        stage=stage, entry=entry, judge=judge, completed_at=timezone.now()
    )
    for criterion, value in zip(stage.criteria.order_by("position"), points, strict=True):
        Score.objects.create(assignment=assignment, criterion=criterion, points=Decimal(value))


@pytest.fixture
def judged():
    """Works 1 and 2 tied (same points everywhere), work 3 better, work 4 in the other
    nomination; the stage is open, the chair and a member judged everything."""
    organiser = make_user(Role.METHODIST)
    contest = make_contest(status=Contest.Status.JUDGING, organisation=organiser.organisation)
    stage = contest.stages.get()
    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.OPEN)
    stage.refresh_from_db()
    chair = make_judge(stage, role=JuryMember.Role.CHAIR)
    member = make_judge(stage)
    first, second = contest.nominations.order_by("position")
    entries = [make_entry(contest, first) for _ in range(3)] + [make_entry(contest, second)]
    points = {0: (7, 6, 4), 1: (7, 6, 4), 2: (9, 9, 5), 3: (5, 5, 5)}
    for index, entry in enumerate(entries):
        for judge in (chair, member):
            sheet(stage, entry, judge, points[index])
    compute_stage_results(stage)
    return {
        "contest": contest,
        "stage": stage,
        "chair": chair,
        "member": member,
        "organiser": organiser,
        "entries": entries,
    }


def es(entry, stage) -> EntryStage:
    return EntryStage.objects.get(entry=entry, stage=stage)


def ranks(data) -> list:
    return [es(e, data["stage"]).rank for e in data["entries"]]


def votes(data) -> list:
    return [es(e, data["stage"]).tie_break_vote for e in data["entries"]]


def url(data) -> str:
    return reverse("contests:tie_break", args=[data["stage"].pk])


def test_before_the_vote_the_tied_works_share_the_place(judged):
    assert ranks(judged) == [2, 2, 1, 1]


def test_the_chair_sees_the_tied_works_and_their_order_decides(judged, client):
    client.force_login(judged["chair"])
    a, b, best, _other = judged["entries"]
    page = client.get(url(judged))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="vote-{es(a, judged["stage"]).pk}"' in html
    assert f'name="vote-{es(b, judged["stage"]).pk}"' in html
    assert f'name="vote-{es(best, judged["stage"]).pk}"' not in html
    # The chair puts work 2 above work 1.
    response = client.post(
        url(judged),
        {f"vote-{es(a, judged['stage']).pk}": "2", f"vote-{es(b, judged['stage']).pk}": "1"},
    )
    assert response.status_code == 302
    assert ranks(judged) == [3, 2, 1, 1]
    assert votes(judged) == [2, 1, None, None]
    a.refresh_from_db()
    assert a.rank == 3  # Entry.rank recomputed as well
    # And the other way round, at once.
    client.post(
        url(judged),
        {f"vote-{es(a, judged['stage']).pk}": "1", f"vote-{es(b, judged['stage']).pk}": "2"},
    )
    assert ranks(judged) == [2, 3, 1, 1]


def test_the_organiser_orders_them_from_the_results_tab(judged, client):
    client.force_login(judged["organiser"])
    a, b, _best, _other = judged["entries"]
    tab = client.get(reverse("contests:manage_results", args=[judged["contest"].pk]))
    html = tab.content.decode()
    assert "Равные баллы: решающий голос председателя" in html
    assert f'name="vote-{es(a, judged["stage"]).pk}"' in html
    response = client.post(
        url(judged),
        {
            f"vote-{es(a, judged['stage']).pk}": "1",
            f"vote-{es(b, judged['stage']).pk}": "2",
            "back": "results",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("contests:manage_results", args=[judged["contest"].pk])
    )
    assert ranks(judged) == [2, 3, 1, 1]


def test_another_judge_gets_403_and_nothing_changes(judged, client):
    client.force_login(judged["member"])
    a, b, _best, _other = judged["entries"]
    assert client.get(url(judged)).status_code == 403
    response = client.post(
        url(judged),
        {f"vote-{es(a, judged['stage']).pk}": "1", f"vote-{es(b, judged['stage']).pk}": "2"},
    )
    assert response.status_code == 403
    assert votes(judged) == [None] * 4 and ranks(judged) == [2, 2, 1, 1]


def test_a_teacher_gets_403(judged, client):
    client.force_login(make_user(Role.TEACHER))
    assert client.get(url(judged)).status_code == 403


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"a": "1", "b": "1"}, "номера должны быть разными"),
        ({"a": "1", "b": "abc"}, "Укажите порядок числом от 1 до 999"),
        ({"a": "0", "b": "2"}, "Укажите порядок числом от 1 до 999"),
        ({"a": "1", "b": "1000"}, "Укажите порядок числом от 1 до 999"),
        ({"a": "1", "best": "2"}, "только работам с равными баллами"),
        ({"a": "1", "junk": "2"}, "только работам с равными баллами"),
        ({}, "Укажите порядок хотя бы одной работе"),
    ],
)
def test_bad_input_is_a_400_in_russian_and_changes_nothing(judged, client, bad, message):
    client.force_login(judged["chair"])
    a, b, best, _other = judged["entries"]
    names = {
        "a": f"vote-{es(a, judged['stage']).pk}",
        "b": f"vote-{es(b, judged['stage']).pk}",
        "best": f"vote-{es(best, judged['stage']).pk}",
        "junk": "vote-x1",
    }
    response = client.post(url(judged), {names[k]: v for k, v in bad.items()})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert votes(judged) == [None] * 4 and ranks(judged) == [2, 2, 1, 1]


def test_a_closed_stage_keeps_its_ranking(judged, client):
    Stage.objects.filter(pk=judged["stage"].pk).update(status=Stage.Status.CLOSED)
    client.force_login(judged["chair"])
    a, b, _best, _other = judged["entries"]
    page = client.get(url(judged)).content.decode()
    assert "Этап закрыт" in page and 'type="number"' not in page
    response = client.post(
        url(judged),
        {f"vote-{es(a, judged['stage']).pk}": "1", f"vote-{es(b, judged['stage']).pk}": "2"},
    )
    assert response.status_code == 400
    assert "Этап закрыт" in response.content.decode()
    assert votes(judged) == [None] * 4


def test_only_the_chair_finds_the_page_in_the_workspace(judged, client):
    link = reverse("contests:tie_break", args=[judged["stage"].pk])
    client.force_login(judged["chair"])
    assert link in client.get(reverse("contests:jury")).content.decode()
    client.force_login(judged["member"])
    assert link not in client.get(reverse("contests:jury")).content.decode()
