"""Submitting a work: the call's dates, the audience, the limit per author and nomination, the
stage an entry starts at (olympiad winners skip the first), files checked by content, and the
confirmation e-mail. Bad input changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from technopark.contests.models import Contest, Entry, EntryAuthor, EntryFile, EntryStage, Stage
from technopark.contests.services.entries import submit_entry
from tests.contests.factories import make_contest
from tests.contests.test_entries_helpers import (
    OLYMPIAD,
    fake_pdf,
    make_child,
    pdf,
    png,
    selection,
    stage_of,
)
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


def submit(contest, user, nomination=None, **fields):
    fields.setdefault("title", "Урок-исследование «Мосты»")
    return submit_entry(
        contest=contest,
        user=user,
        nomination=nomination or contest.nominations.first(),
        **fields,
    )


def messages(error) -> str:
    return " ".join(error.value.messages)


def test_a_teacher_submits_a_work_and_gets_a_numbered_confirmation(
    teacher, django_capture_on_commit_callbacks
):
    contest = make_contest()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        entry = submit(contest, teacher, annotation="Методика урока", files=[pdf()])

    assert entry.number == 1
    assert entry.status == Entry.Status.SUBMITTED
    assert entry.organisation == teacher.organisation
    assert entry.municipality == teacher.organisation.municipality
    assert list(entry.authors.values_list("user_id", "role")) == [
        (teacher.pk, EntryAuthor.Role.AUTHOR)
    ]
    first = stage_of(contest, 1)
    assert entry.current_stage == first
    assert list(entry.stages.values_list("stage_id", "admission")) == [
        (first.pk, EntryStage.Admission.OPEN_CALL)
    ]
    stored = entry.files.get()
    assert stored.original_name == "работа.pdf"
    assert stored.file.name.startswith("contests/entries/") and stored.file.name.endswith(".pdf")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher.email]
    assert message.subject == f"Работа № 1 принята — {contest.title}"
    assert "До окончания приёма работ её можно изменить или отозвать." in message.body


def test_entries_are_numbered_within_their_contest(teacher, methodist):
    contest, other = make_contest(), make_contest()
    assert submit(contest, teacher).number == 1
    assert submit(contest, methodist).number == 2
    assert submit(other, teacher).number == 1


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"submission_closes_at": "past"}, "Приём работ закончился"),
        ({"status": Contest.Status.DRAFT}, "Конкурс ещё не объявлен"),
        ({"status": Contest.Status.JUDGING}, "Приём работ на этот конкурс закрыт."),
        ({"submission_opens_at": "future"}, "Приём работ ещё не начался"),
    ],
)
def test_no_work_is_taken_outside_the_call(
    teacher, fields, expected, django_capture_on_commit_callbacks
):
    now = timezone.now()
    values = {"past": now - dt.timedelta(minutes=1), "future": now + dt.timedelta(days=1)}
    fields = {k: values.get(v, v) for k, v in fields.items()}
    if "submission_opens_at" in fields:
        fields["submission_closes_at"] = now + dt.timedelta(days=5)
    if fields.get("submission_closes_at") and "submission_opens_at" not in fields:
        fields["submission_opens_at"] = now - dt.timedelta(days=5)
    contest = make_contest(**fields)
    mail.outbox.clear()

    with pytest.raises(ValidationError) as error, django_capture_on_commit_callbacks(execute=True):
        submit(contest, teacher, files=[pdf()])

    assert expected in messages(error)
    assert Entry.objects.count() == 0 and EntryFile.objects.count() == 0
    assert mail.outbox == []


def test_a_nomination_of_another_contest_is_refused(teacher):
    contest, other = make_contest(), make_contest()
    with pytest.raises(ValidationError) as error:
        submit(contest, teacher, nomination=other.nominations.first())
    assert error.value.message_dict == {"nomination": ["В этом конкурсе нет такой номинации."]}
    assert Entry.objects.count() == 0


def test_an_empty_title_and_a_bad_video_link_are_named_by_field(teacher):
    contest = make_contest()
    with pytest.raises(ValidationError) as error:
        submit(contest, teacher, title="  ", video_url="javascript:alert(1)")
    assert error.value.message_dict == {
        "title": ["Укажите название работы."],
        "video_url": ["Ссылка на видео должна начинаться с https:// или http://."],
    }


def test_a_guest_cannot_submit():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        submit(make_contest(), AnonymousUser())


def test_a_contest_for_teachers_refuses_a_parent(guardian):
    with pytest.raises(ValidationError) as error:
        submit(make_contest(), guardian)
    assert "Это конкурс для педагогов" in messages(error)
    assert Entry.objects.count() == 0


def test_co_authors_are_kept_in_order_after_the_submitter(teacher):
    colleague = make_user(Role.TEACHER)
    entry = submit(
        make_contest(),
        teacher,
        authors=[
            {"full_name": "Сидорова Анна Петровна", "role": "author"},
            {"user": colleague.pk, "role": "author"},
        ],
    )
    assert list(entry.authors.values_list("full_name", flat=True)) == [
        teacher.get_full_name(),
        "Сидорова Анна Петровна",
        colleague.get_full_name(),
    ]


# ---- one work per author and nomination ---------------------------------------------------


def test_a_second_work_in_the_same_nomination_is_refused(teacher):
    contest = make_contest()
    first, second = contest.nominations.all()
    submit(contest, teacher, nomination=first)

    with pytest.raises(ValidationError) as error:
        submit(contest, teacher, nomination=first, title="Ещё одна")

    assert error.value.message_dict["nomination"] == [
        f"В номинации «{first.name}» уже есть работа автора: {teacher.get_full_name()}. "
        "По положению конкурса от одного автора в номинации принимается работ: 1."
    ]
    assert contest.entries.count() == 1
    assert submit(contest, teacher, nomination=second).number == 2


def test_a_co_author_counts_against_the_limit_too(teacher):
    contest = make_contest()
    colleague = make_user(Role.TEACHER)
    submit(contest, teacher, authors=[{"user": colleague, "role": "author"}])
    with pytest.raises(ValidationError):
        submit(contest, colleague)
    assert contest.entries.count() == 1


def test_the_limit_follows_the_regulations(teacher):
    two = make_contest(entries_per_nomination=2)
    unlimited = make_contest(entries_per_nomination=0)
    submit(two, teacher), submit(two, teacher)
    with pytest.raises(ValidationError):
        submit(two, teacher)
    for _ in range(4):
        submit(unlimited, teacher)
    assert (two.entries.count(), unlimited.entries.count()) == (2, 4)


def test_a_withdrawn_work_frees_the_place(teacher):
    from technopark.contests.services.entries import withdraw_entry

    contest = make_contest()
    withdraw_entry(submit(contest, teacher), user=teacher)
    assert submit(contest, teacher).number == 2


# ---- pupils, guardians' consent and ages --------------------------------------------------


def test_a_parent_enters_their_child_and_the_age_category_is_chosen_by_age(
    guardian, django_capture_on_commit_callbacks
):
    from tests.contests.test_entries_helpers import pupils_contest

    contest = pupils_contest()
    child = make_child(guardian, age=12)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        entry = submit(contest, guardian, authors=[{"child": child.pk}])

    assert entry.age_category.name == "10–13 лет"
    author = entry.authors.get()
    assert (author.child, author.role, author.full_name) == (child, "author", "Петров Иван")
    assert entry.organisation == child.school
    assert mail.outbox[0].to == [guardian.email]


def test_a_pupil_without_an_active_consent_cannot_be_an_author(guardian):
    from tests.contests.test_entries_helpers import pupils_contest

    contest = pupils_contest()
    never = make_child(guardian, consent=False, first_name="Олег")
    withdrawn = make_child(guardian, first_name="Анна")
    withdrawn.consents.update(withdrawn_at=timezone.now())

    for child in (never, withdrawn):
        with pytest.raises(ValidationError) as error:
            submit(contest, guardian, authors=[{"child": child}])
        assert error.value.message_dict["authors"] == [
            f"{child.last_name} {child.first_name}: нет действующего согласия родителя на "
            "обработку персональных данных. Без него ребёнка нельзя указать автором работы."
        ]
    assert Entry.objects.count() == 0


def test_someone_elses_child_cannot_be_entered(guardian):
    from tests.contests.test_entries_helpers import pupils_contest

    stranger = make_child(age=12)
    with pytest.raises(ValidationError) as error:
        submit(pupils_contest(), guardian, authors=[{"child": stranger}])
    assert "указать ребёнка автором может его родитель или педагог его школы" in messages(error)


def test_a_pupil_typed_by_name_only_is_refused_in_a_pupils_contest(teacher):
    from tests.contests.test_entries_helpers import pupils_contest

    with pytest.raises(ValidationError) as error:
        submit(pupils_contest(), teacher, authors=[{"full_name": "Иванов Петя"}])
    assert "может быть только ребёнок, которого родитель добавил на платформу" in messages(error)


def test_a_teacher_of_the_school_enters_a_pupil_and_becomes_the_mentor(teacher):
    from tests.contests.test_entries_helpers import pupils_contest

    child = make_child(age=15, school=teacher.organisation)
    entry = submit(pupils_contest(), teacher, authors=[{"child": child}])
    assert list(entry.authors.values_list("child_id", "user_id", "role")) == [
        (child.pk, None, "author"),
        (None, teacher.pk, "mentor"),
    ]
    assert entry.age_category.name == "14–17 лет"


def test_ages_outside_the_contest_or_the_chosen_category_are_refused(guardian):
    from tests.contests.test_entries_helpers import pupils_contest

    contest = pupils_contest()
    young, twelve = make_child(guardian, age=8, first_name="Лиза"), make_child(guardian, age=12)

    with pytest.raises(ValidationError) as error:
        submit(contest, guardian, authors=[{"child": young}])
    assert "Петров Лиза: возраст 8" in messages(error)

    older = contest.age_categories.get(name="14–17 лет")
    with pytest.raises(ValidationError) as error:
        submit(contest, guardian, authors=[{"child": twelve}], age_category=older)
    assert error.value.message_dict == {
        "age_category": ["Петров Иван (возраст 12) не подходит для категории «14–17 лет»."]
    }
    assert Entry.objects.count() == 0


def test_a_team_needs_two_pupils_a_mentor_and_a_name(guardian):
    from tests.contests.test_entries_helpers import pupils_contest

    contest = pupils_contest(audience=Contest.Audience.TEAMS)
    one = make_child(guardian, age=12)
    with pytest.raises(ValidationError) as error:
        submit(contest, guardian, authors=[{"child": one}])
    assert error.value.message_dict["authors"] == [
        "В команде должно быть не меньше двух обучающихся.",
        "Укажите руководителя команды.",
        "Укажите название команды.",
    ]
    two = make_child(guardian, age=13, first_name="Мария")
    entry = submit(
        contest,
        guardian,
        team_name="Кванторы",
        authors=[{"child": one}, {"child": two}, {"full_name": "Орлова Е. В.", "role": "mentor"}],
    )
    assert entry.authors.count() == 3 and entry.team_name == "Кванторы"


def test_a_child_is_counted_once_per_nomination(guardian):
    from tests.contests.test_entries_helpers import pupils_contest

    contest = pupils_contest()
    child = make_child(guardian, age=12)
    submit(contest, guardian, authors=[{"child": child}])
    with pytest.raises(ValidationError) as error:
        submit(contest, guardian, authors=[{"child": child}], title="Вторая")
    assert "уже есть работа автора: Петров Иван" in messages(error)


# ---- stages: olympiad winners skip the application ----------------------------------------


def test_an_olympiad_winner_enters_the_testing_stage_directly(guardian):
    contest = selection()
    winner = make_child(guardian, age=14, first_name="Глеб")
    regular = make_child(guardian, age=14, first_name="Ирина")

    skipped = submit(contest, guardian, authors=[{"child": winner}], achievement=OLYMPIAD.upper())
    ordinary = submit(
        contest, guardian, authors=[{"child": regular}], achievement="Призёр школьной олимпиады"
    )

    testing = stage_of(contest, 2)
    assert skipped.current_stage == testing
    assert list(skipped.stages.values_list("stage_id", "admission")) == [
        (testing.pk, EntryStage.Admission.ACHIEVEMENT)
    ]
    assert ordinary.current_stage == stage_of(contest, 1)
    assert ordinary.achievement == "Призёр школьной олимпиады"


def test_a_closed_stage_takes_no_more_works(guardian):
    contest = selection()
    Stage.objects.filter(contest=contest, position=2).update(status=Stage.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        submit(contest, guardian, authors=[{"child": make_child(guardian, age=14)}],
               achievement=OLYMPIAD)  # fmt: skip
    assert (
        messages(error) == "Этап «Тестирование» уже закрыт: работы на него больше не принимаются."
    )
    assert Entry.objects.count() == 0


# ---- files --------------------------------------------------------------------------------


def test_a_file_that_lies_about_its_type_is_refused_and_nothing_is_saved(teacher):
    contest = make_contest()
    with pytest.raises(ValidationError) as error:
        submit(contest, teacher, files=[png(), fake_pdf()])
    assert error.value.message_dict == {
        "files": [
            "работа.pdf: Этот тип файла не подходит. Можно загрузить: doc, docx, jpg, odp, odt, "
            "pdf, png, ppt, pptx, webp, xlsx."
        ]
    }
    assert Entry.objects.count() == 0 and EntryFile.objects.count() == 0


def test_a_file_over_the_contests_limit_is_refused(teacher):
    contest = make_contest(max_file_mb=1)
    with pytest.raises(ValidationError) as error:
        submit(contest, teacher, files=[pdf(size=1024 * 1024 + 1)])
    assert "Можно загрузить файл не больше 1 МБ." in messages(error)
    assert Entry.objects.count() == 0


def test_an_image_is_stored_under_its_real_extension(teacher):
    entry = submit(make_contest(), teacher, files=[png("снимок.PNG")])
    assert entry.files.get().file.name.endswith(".png")


def test_a_pupil_with_an_account_submits_and_is_the_author(guardian):
    from tests.contests.test_entries_helpers import pupils_contest

    account = make_user(Role.PUPIL)
    child = make_child(guardian, age=16, account=account)
    entry = submit(pupils_contest(), account)
    assert list(entry.authors.values_list("child_id", "role")) == [(child.pk, "author")]
    assert entry.age_category.name == "14–17 лет"
    assert entry.submitted_by == account
