"""Results: weighted sums, mean/median, z-score normalisation, tie-break, ranking per nomination
and age category, places by rule and by hand. Expected figures are worked out by hand here."""

import math
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from technopark.contests.models import AgeCategory, Assignment, Entry, EntryStage, Score
from technopark.contests.services.results import (
    assign_places,
    compute_stage_results,
    judging_complete,
    judging_gaps,
    set_place,
)
from tests.contests.factories import make_contest, make_entry, make_judge

pytestmark = pytest.mark.django_db

D = Decimal


def sheet(stage, entry, judge, points, *, complete=True):
    """A judge's sheet with `points` in criterion order."""
    assignment = Assignment.objects.create(
        stage=stage, entry=entry, judge=judge, completed_at=timezone.now() if complete else None
    )
    for criterion, value in zip(stage.criteria.order_by("position"), points, strict=True):
        Score.objects.create(assignment=assignment, criterion=criterion, points=D(str(value)))
    return assignment


def ranking(stage):
    return list(
        EntryStage.objects.filter(stage=stage)
        .order_by("rank", "entry__number")
        .values_list("entry__title", "rank")
    )


def test_weighted_sum_and_mean_and_median_of_three_judges():
    # Criteria: relevance 10 × 1, novelty 10 × 1, layout 5 × 0.5 → range 0..22.5.
    contest = make_contest()
    stage = contest.stages.get()
    j1, j2, j3 = (make_judge(stage) for _ in range(3))
    entry = make_entry(contest)
    sheet(stage, entry, j1, [8, 6, 4])  # 8 + 6 + 4·0.5 = 16
    sheet(stage, entry, j2, [10, 9, 5])  # 10 + 9 + 2.5 = 21.5
    sheet(stage, entry, j3, [3, 2, 1])  # 3 + 2 + 0.5 = 5.5
    sheet(stage, entry, make_judge(stage), [1, 1, 1], complete=False)  # a draft: ignored

    results = compute_stage_results(stage)

    row = results.rows[0]
    assert results.max_total == D("22.5")
    assert row.raw_by_judge == {j1.pk: D("16"), j2.pk: D("21.5"), j3.pk: D("5.5")}
    assert row.raw_score == D("14.333")  # (16 + 21.5 + 5.5) / 3 = 43 / 3
    entry.refresh_from_db()
    assert entry.final_score == D("14.333") and entry.rank == 1

    contest.aggregation = "median"
    contest.save()
    assert compute_stage_results(stage).rows[0].raw_score == D("16.000")


def test_normalisation_corrects_a_lenient_and_a_strict_judge_as_computed_by_hand():
    contest = make_contest(criteria=(("Общее впечатление", 30, 1),), normalise=True)
    stage = contest.stages.get()
    lenient, strict = make_judge(stage, last_name="Аксёнова"), make_judge(stage, last_name="Бобров")
    entries = {
        name: make_entry(contest, title=name) for name in ("e1", "e2", "e3", "e4", "e5", "e6")
    }
    given = {"e1": (lenient, 24), "e2": (lenient, 22), "e3": (lenient, 20)}
    given |= {"e4": (strict, 14), "e5": (strict, 8), "e6": (strict, 5)}
    for name, (judge, points) in given.items():
        sheet(stage, entries[name], judge, [points])

    # By hand: pool mean M = 93/6 = 15.5, pool variance = (8.5² + 6.5² + 4.5² + 1.5² + 7.5² +
    # 10.5²)/6 = 303.5/6. Lenient: μ = 22, σ² = 8/3. Strict: μ = 9, σ² = 42/3 = 14.
    pool_sd = math.sqrt(303.5 / 6)
    expected = {
        "e1": 15.5 + (24 - 22) / math.sqrt(8 / 3) * pool_sd,
        "e2": 15.5,
        "e3": 15.5 + (20 - 22) / math.sqrt(8 / 3) * pool_sd,
        "e4": 15.5 + (14 - 9) / math.sqrt(14) * pool_sd,
        "e5": 15.5 + (8 - 9) / math.sqrt(14) * pool_sd,
        "e6": 15.5 + (5 - 9) / math.sqrt(14) * pool_sd,
    }
    assert round(expected["e1"], 3) == 24.211 and round(expected["e4"], 3) == 25.004

    results = compute_stage_results(stage)

    by_title = {row.entry.title: row for row in results.rows}
    for name, value in expected.items():
        assert by_title[name].normalised_score == D(str(round(value, 3))), name
        assert by_title[name].raw_score == D(given[name][1])
    # The raw order follows the lenient judge; the normalised one interleaves both judges.
    assert ranking(stage) == [("e4", 1), ("e1", 2), ("e2", 3), ("e5", 4), ("e6", 5), ("e3", 6)]
    tables = results.raw_table, results.normalised_table
    assert [r["score"] for r in tables[0]][:2] == [D("14.000"), D("24.000")]
    assert tables[1][0]["by_judge"] == [None, D("25.004")]  # judges ordered by name

    contest.normalise = False
    contest.save()
    compute_stage_results(stage)
    assert [t for t, _r in ranking(stage)] == ["e1", "e2", "e3", "e4", "e5", "e6"]


def test_a_judge_with_one_sheet_or_no_spread_gets_the_pool_mean_without_dividing_by_zero():
    contest = make_contest(criteria=(("Балл", 20, 1),), normalise=True)
    stage = contest.stages.get()
    single, flat = make_judge(stage), make_judge(stage)
    a, b, c = (make_entry(contest) for _ in range(3))
    sheet(stage, a, single, [20])
    sheet(stage, b, flat, [5])
    sheet(stage, c, flat, [5])

    results = compute_stage_results(stage)

    mean = D("10.000")  # (20 + 5 + 5) / 3
    assert [row.normalised_score for row in results.rows] == [mean, mean, mean]
    # All equal and nothing else decides: one shared rank.
    assert [row.rank for row in results.rows] == [1, 1, 1]
    assert all(row.shared for row in results.rows)


def test_tie_break_criterion_then_chairs_vote_then_shared_rank():
    contest = make_contest(
        criteria=(("Актуальность", 10, 1), ("Новизна", 10, 1)),
    )
    stage = contest.stages.get()
    stage.criteria.filter(name="Новизна").update(is_tie_break=True)
    judge = make_judge(stage)
    names = ("A", "B", "C", "D", "E")
    entries = {n: make_entry(contest, title=n) for n in names}
    sheet(stage, entries["A"], judge, [9, 5])  # 14, novelty 5
    sheet(stage, entries["B"], judge, [7, 7])  # 14, novelty 7 → above A
    sheet(stage, entries["C"], judge, [8, 4])  # 12, novelty 4
    sheet(stage, entries["D"], judge, [8, 4])  # 12, novelty 4: the chair decides C vs D
    sheet(stage, entries["E"], judge, [0, 1])  # 1
    EntryStage.objects.filter(entry=entries["D"]).update(tie_break_vote=1)
    EntryStage.objects.filter(entry=entries["C"]).update(tie_break_vote=2)

    compute_stage_results(stage)
    assert ranking(stage) == [("B", 1), ("A", 2), ("D", 3), ("C", 4), ("E", 5)]

    EntryStage.objects.filter(entry__in=[entries["C"], entries["D"]]).update(tie_break_vote=None)
    results = compute_stage_results(stage)
    assert ranking(stage) == [("B", 1), ("A", 2), ("C", 3), ("D", 3), ("E", 5)]
    assert [row.shared for row in results.rows] == [False, False, True, True, False]


def test_ranking_is_separate_per_nomination_and_age_category():
    contest = make_contest(criteria=(("Балл", 10, 1),))
    stage = contest.stages.get()
    first, second = contest.nominations.all()
    young = AgeCategory.objects.create(contest=contest, name="10–13 лет", min_age=10, max_age=13)
    old = AgeCategory.objects.create(contest=contest, name="14–17 лет", min_age=14, max_age=17)
    judge = make_judge(stage)
    for title, nomination, category, points in [
        ("n1-old-low", first, old, 3),
        ("n1-young", first, young, 5),
        ("n1-old-high", first, old, 9),
        ("n2-old", second, old, 1),
        ("unscored", first, young, None),
    ]:
        entry = make_entry(contest, nomination=nomination, age_category=category, title=title)
        if points is not None:
            sheet(stage, entry, judge, [points])

    results = compute_stage_results(stage)

    groups = [
        (g.nomination.name, g.age_category.name, [(r.entry.title, r.rank) for r in g.rows])
        for g in results.groups
    ]
    assert groups == [
        ("Методическая разработка", "10–13 лет", [("n1-young", 1), ("unscored", None)]),
        ("Методическая разработка", "14–17 лет", [("n1-old-high", 1), ("n1-old-low", 2)]),
        ("Программа", "14–17 лет", [("n2-old", 1)]),
    ]


def test_judging_complete_needs_judges_on_every_entry_and_finished_sheets():
    contest = make_contest(criteria=(("Балл", 10, 1),))
    stage = contest.stages.get()
    judge = make_judge(stage)
    a, b = make_entry(contest), make_entry(contest)
    draft = sheet(stage, a, judge, [5], complete=False)
    assert judging_gaps(stage) == {"unassigned": 1, "unfinished": 1, "no_criteria": 0}
    assert judging_complete(stage) is False
    sheet(stage, b, judge, [6])
    Assignment.objects.filter(pk=draft.pk).update(completed_at=timezone.now())
    assert judging_complete(stage) is True
    b.status = Entry.Status.WITHDRAWN  # a withdrawn work does not hold judging up
    b.save()
    make_entry(contest, status=Entry.Status.WITHDRAWN)
    assert judging_complete(stage) is True


def test_a_stage_without_entries_or_criteria_holds_nothing_up():
    contest = make_contest(criteria=())
    stage = contest.stages.get()
    assert judging_gaps(stage) == {"unassigned": 0, "unfinished": 0, "no_criteria": 0}
    make_entry(contest)
    make_judge(stage)
    assert judging_gaps(stage) == {"unassigned": 1, "unfinished": 0, "no_criteria": 1}
    assert judging_complete(stage) is False


def test_places_follow_the_award_rule_and_never_override_a_manual_place(administrator):
    contest = make_contest(
        criteria=(("Балл", 30, 1),),
        award_rule={"first": 1, "second": 1, "third": 1, "laureate_min_score": 20},
    )
    stage = contest.stages.get()
    judge = make_judge(stage)
    scores = {"a": 29, "b": 27, "c": 27, "d": 25, "e": 21, "f": 10}
    entries = {k: make_entry(contest, title=k) for k in scores}
    for key, points in scores.items():
        sheet(stage, entries[key], judge, [points])
    withdrawn = make_entry(contest, status=Entry.Status.WITHDRAWN)
    manual = make_entry(contest, place=Entry.Place.FIRST, place_set_by_organiser=True)

    compute_stage_results(stage)
    assign_places(contest)

    places = dict(Entry.objects.filter(contest=contest).values_list("title", "place"))
    # ranks: a 1; b, c 2 (shared); d 4; e 5; f 6
    assert {k: places[k] for k in scores} == {
        "a": "first",
        "b": "second",
        "c": "second",
        "d": "laureate",  # rank 4 > 1 + 1 + 1, score 25 ≥ 20
        "e": "laureate",
        "f": "participant",
    }
    assert places[withdrawn.title] == "" and places[manual.title] == "first"

    set_place(entries["f"], user=administrator, place=Entry.Place.THIRD)
    assign_places(contest)
    entries["f"].refresh_from_db()
    assert (entries["f"].place, entries["f"].place_set_by_organiser) == ("third", True)
    set_place(entries["f"], user=administrator, place="")
    entries["f"].refresh_from_db()
    assert (entries["f"].place, entries["f"].place_set_by_organiser) == ("participant", False)


def test_set_place_refuses_strangers_and_unknown_places(administrator, teacher):
    contest = make_contest()
    entry = make_entry(contest)
    with pytest.raises(PermissionDenied):
        set_place(entry, user=teacher, place=Entry.Place.FIRST)
    with pytest.raises(ValidationError, match="Выберите награду"):
        set_place(entry, user=administrator, place="gold")
    contest.award_rule = {"first": "много"}
    contest.save()
    with pytest.raises(ValidationError, match="записано неверно"):
        assign_places(contest)
    entry.refresh_from_db()
    assert (entry.place, entry.place_set_by_organiser) == ("", False)


def test_the_chairs_vote_orders_a_tie_and_only_the_chair_or_organiser_may_cast_it(administrator):
    from technopark.contests.models import Stage
    from technopark.contests.services.results import set_tie_break_vote

    contest = make_contest(criteria=(("Балл", 10, 1),))
    stage = contest.stages.get()
    chair = make_judge(stage, role="chair")
    member = make_judge(stage)
    a, b = make_entry(contest, title="A"), make_entry(contest, title="B")
    sheet(stage, a, member, [7])
    sheet(stage, b, member, [7])
    compute_stage_results(stage)
    assert ranking(stage) == [("A", 1), ("B", 1)]

    b_stage = EntryStage.objects.get(entry=b)
    with pytest.raises(PermissionDenied):
        set_tie_break_vote(b_stage, user=member, vote=1)
    with pytest.raises(ValidationError, match="от 1 до 999"):
        set_tie_break_vote(b_stage, user=chair, vote="первый")
    assert set_tie_break_vote(b_stage, user=chair, vote=1).tie_break_vote == 1
    assert ranking(stage) == [("B", 1), ("A", 2)]
    set_tie_break_vote(b_stage, user=administrator, vote=None)
    assert ranking(stage) == [("A", 1), ("B", 1)]

    Stage.objects.filter(pk=stage.pk).update(status=Stage.Status.CLOSED)
    with pytest.raises(ValidationError, match="Этап закрыт"):
        set_tie_break_vote(b_stage, user=chair, vote=1)
    assert EntryStage.objects.get(entry=b).tie_break_vote is None
