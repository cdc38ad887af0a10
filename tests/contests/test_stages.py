"""Closing a stage moves exactly the passing entries on: top N per nomination and age category,
a threshold, a quota per nomination or per municipality, or everyone; olympiad winners already
at the next stage stay as they came; every author is told; a refused close changes nothing."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from technopark.contests.models import AgeCategory, Contest, Entry, EntryStage, Stage
from technopark.contests.services.stages import close_stage, open_stage
from tests.contests.factories import make_contest
from tests.contests.test_entries_helpers import entry_at, judging
from tests.factories import MunicipalityFactory, OrganisationFactory, Role, make_user

pytestmark = pytest.mark.django_db


def contest_with_a_test(rule=Stage.PassRule.ALL, value=None, *, categories=False) -> Contest:
    """Stage 1 a test with imported scores, stage 2 a jury's assessment."""
    contest = make_contest(nominations=("Робототехника", "Программирование"))
    Stage.objects.filter(contest=contest, position=1).update(
        kind=Stage.Kind.TEST, title="Тестирование", pass_rule=rule, pass_value=value
    )
    Stage.objects.create(contest=contest, position=2, title="Очный финал")
    if categories:
        AgeCategory.objects.create(contest=contest, name="10–13 лет", min_age=10, max_age=13)
        AgeCategory.objects.create(contest=contest, name="14–17 лет", min_age=14, max_age=17)
    return judging(contest)


def first_and_second(contest):
    return contest.stages.get(position=1), contest.stages.get(position=2)


def passed_numbers(stage) -> list[int]:
    return sorted(
        EntryStage.objects.filter(stage=stage, outcome=EntryStage.Outcome.PASSED).values_list(
            "entry__number", flat=True
        )
    )


def at_stage(stage) -> list[int]:
    return sorted(EntryStage.objects.filter(stage=stage).values_list("entry__number", flat=True))


def test_top_n_passes_per_nomination_and_age_category(administrator):
    contest = contest_with_a_test(Stage.PassRule.TOP_N, 2, categories=True)
    first, second = first_and_second(contest)
    robots, code = contest.nominations.all()
    young, old = contest.age_categories.all()
    # (nomination, category, score) → entries № 1…10
    plan = [
        (robots, young, 30), (robots, young, 25), (robots, young, 25), (robots, young, 10),
        (robots, old, 5), (robots, old, 4), (robots, old, 3),
        (code, young, 50),
        (code, old, 20), (code, old, None),
    ]  # fmt: skip
    for nomination, category, score in plan:
        entry_at(first, score, nomination=nomination, age_category=category)

    counts = close_stage(first, user=administrator)

    # № 2 and № 3 share rank 2 in their group, so both pass; № 10 has no score.
    assert passed_numbers(first) == [1, 2, 3, 5, 6, 8, 9]
    assert at_stage(second) == [1, 2, 3, 5, 6, 8, 9]
    assert counts == {
        "entries": 10,
        "passed": 7,
        "not_passed": 3,
        "moved": 7,
        "already_there": 0,
        "without_score": 1,
        "next_stage": second.pk,
    }
    assert set(EntryStage.objects.filter(stage=second).values_list("admission", flat=True)) == {
        EntryStage.Admission.PREVIOUS_STAGE
    }
    assert sorted(Entry.objects.filter(current_stage=second).values_list("number", flat=True)) == [
        1,
        2,
        3,
        5,
        6,
        8,
        9,
    ]
    assert sorted(Entry.objects.filter(current_stage=first).values_list("number", flat=True)) == [
        4,
        7,
        10,
    ]
    first.refresh_from_db()
    assert first.status == Stage.Status.CLOSED and first.closed_at is not None
    assert list(
        EntryStage.objects.filter(stage=first, entry__number__in=[1, 2, 3, 4])
        .values_list("rank", flat=True)
        .order_by("entry__number")
    ) == [1, 2, 2, 4]


def test_threshold_passes_a_score_at_or_above_it(administrator):
    contest = contest_with_a_test(Stage.PassRule.THRESHOLD, Decimal("15.5"))
    first, second = first_and_second(contest)
    for score in (15.5, 15.499, 40, None, 0):
        entry_at(first, score)

    close_stage(first, user=administrator)

    assert passed_numbers(first) == [1, 3]
    assert at_stage(second) == [1, 3]


def test_a_quota_per_nomination_is_a_hard_number_of_seats(administrator):
    contest = contest_with_a_test(Stage.PassRule.QUOTA_NOMINATION, 2, categories=True)
    first, _second = first_and_second(contest)
    robots, code = contest.nominations.all()
    young, old = contest.age_categories.all()
    entry_at(first, 30, nomination=robots, age_category=young)  # 1
    entry_at(first, 20, nomination=robots, age_category=old)  # 2 — tied with 3 …
    entry_at(first, 20, nomination=robots, age_category=young)  # 3 — … the chair prefers 3
    entry_at(first, 10, nomination=robots, age_category=old)  # 4
    entry_at(first, 1, nomination=code)  # 5
    EntryStage.objects.filter(stage=first, entry__number=3).update(tie_break_vote=1)
    EntryStage.objects.filter(stage=first, entry__number=2).update(tie_break_vote=2)

    close_stage(first, user=administrator)

    assert passed_numbers(first) == [1, 3, 5]


def test_a_quota_per_municipality(administrator):
    contest = contest_with_a_test(Stage.PassRule.QUOTA_MUNICIPALITY, 1)
    first, _second = first_and_second(contest)
    town, village = MunicipalityFactory(), MunicipalityFactory()
    for score, municipality in ((10, town), (12, town), (3, village), (2, village), (7, None)):
        author = make_user(Role.TEACHER, organisation=OrganisationFactory(municipality=town))
        entry = entry_at(first, score, author=author)
        Entry.objects.filter(pk=entry.pk).update(municipality=municipality)

    close_stage(first, user=administrator)

    assert passed_numbers(first) == [2, 3, 5]


def test_all_pass_when_the_rule_says_so(administrator):
    contest = contest_with_a_test(Stage.PassRule.ALL)
    first, second = first_and_second(contest)
    for score in (1, None, 3):
        entry_at(first, score)
    close_stage(first, user=administrator)
    assert at_stage(second) == [1, 2, 3]


def test_withdrawn_works_and_olympiad_winners_are_not_moved_again(administrator):
    contest = contest_with_a_test(Stage.PassRule.ALL)
    first, second = first_and_second(contest)
    entry_at(first, 10)
    withdrawn = entry_at(first, 20)
    Entry.objects.filter(pk=withdrawn.pk).update(status=Entry.Status.WITHDRAWN)
    winner = entry_at(second, None)
    EntryStage.objects.filter(entry=winner).update(admission=EntryStage.Admission.ACHIEVEMENT)

    counts = close_stage(first, user=administrator)

    assert (counts["entries"], counts["moved"]) == (1, 1)
    assert at_stage(second) == [1, 3]
    assert EntryStage.objects.get(entry=winner).admission == EntryStage.Admission.ACHIEVEMENT
    assert EntryStage.objects.get(entry=withdrawn).outcome == EntryStage.Outcome.PENDING


def test_every_author_hears_whether_the_work_went_on(
    administrator, django_capture_on_commit_callbacks
):
    contest = contest_with_a_test(Stage.PassRule.THRESHOLD, 10)
    first, _second = first_and_second(contest)
    winner, loser = entry_at(first, 12), entry_at(first, Decimal("3.5"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        close_stage(first, user=administrator)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    passed = by_address[winner.submitted_by.email]
    assert passed.subject == f"Работа № 1 прошла дальше — {contest.title}"
    assert "По итогам этапа «Тестирование» работа прошла на этап «Очный финал»." in passed.body
    assert "Балл на этапе: 12\n" in passed.body
    failed = by_address[loser.submitted_by.email]
    assert failed.subject == f"Итоги этапа для работы № 2 — {contest.title}"
    assert "К сожалению, дальше работа не прошла." in failed.body
    assert "Балл на этапе: 3,5\n" in failed.body


def test_a_rule_without_its_number_is_refused_and_nothing_changes(administrator):
    contest = contest_with_a_test(Stage.PassRule.TOP_N, None)
    first, second = first_and_second(contest)
    entry_at(first, 10)

    with pytest.raises(ValidationError) as error:
        close_stage(first, user=administrator)

    assert error.value.message_dict == {
        "pass_value": ["Для правила «первые N в номинации и возрастной категории» укажите N, "
                       "порог или квоту."]
    }  # fmt: skip
    first.refresh_from_db()
    assert first.status == Stage.Status.OPEN
    assert at_stage(second) == []
    assert EntryStage.objects.get(stage=first).outcome == EntryStage.Outcome.PENDING


def test_only_an_open_stage_of_a_contest_being_judged_closes(administrator):
    contest = contest_with_a_test()
    first, second = first_and_second(contest)
    with pytest.raises(ValidationError) as error:
        close_stage(second, user=administrator)
    assert error.value.messages == [
        "Закрыть можно только идущий этап, а этап «Очный финал» не начат."
    ]
    close_stage(first, user=administrator)
    with pytest.raises(ValidationError):
        close_stage(first, user=administrator)


def test_a_teacher_cannot_close_a_stage(teacher):
    contest = contest_with_a_test()
    first, _second = first_and_second(contest)
    with pytest.raises(PermissionDenied):
        close_stage(first, user=teacher)
    first.refresh_from_db()
    assert first.status == Stage.Status.OPEN


def test_stages_open_in_order(administrator):
    contest = contest_with_a_test()
    first, second = first_and_second(contest)
    with pytest.raises(ValidationError) as error:
        open_stage(second, user=administrator)
    assert error.value.messages == ["Сначала закройте этап «Тестирование»."]
    close_stage(first, user=administrator)
    assert open_stage(second, user=administrator).status == Stage.Status.OPEN


def test_a_fractional_number_of_seats_is_refused(administrator):
    contest = contest_with_a_test(Stage.PassRule.QUOTA_NOMINATION, Decimal("2.5"))
    first, _second = first_and_second(contest)
    entry_at(first, 10)
    with pytest.raises(ValidationError) as error:
        close_stage(first, user=administrator)
    assert error.value.message_dict == {
        "pass_value": ["Для правила «квота на номинацию» нужно целое число работ, не меньше одной."]
    }
    first.refresh_from_db()
    assert first.status == Stage.Status.OPEN
