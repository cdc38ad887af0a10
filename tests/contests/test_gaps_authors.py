"""Co-authors after submitting: the submitter (or the organiser) changes the authors until the
deadline, checked as at submission (pupils only with an active guardian consent, the submitter
stays an author); after the deadline, or on bad input, nothing changes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from technopark.contests.models import Contest, EntryAuthor
from technopark.contests.services.entries import submit_entry, update_entry
from tests.contests.factories import make_contest
from tests.contests.test_entries_helpers import make_child, pupils_contest
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db


def authors_of(entry) -> list[tuple]:
    return list(
        EntryAuthor.objects.filter(entry=entry)
        .order_by("position")
        .values_list("full_name", "role", "user_id", "child_id")
    )


@pytest.fixture
def entry(teacher):
    contest = make_contest()
    return submit_entry(
        contest=contest,
        user=teacher,
        nomination=contest.nominations.first(),
        title="Урок «Мосты»",
        authors=[{"full_name": "Смирнова Анна Павловна"}],
    )


def close_call(entry):
    Contest.objects.filter(pk=entry.contest_id).update(
        submission_closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    entry.refresh_from_db()


def test_the_submitter_replaces_a_co_author_and_stays_first(entry, teacher):
    update_entry(
        entry,
        user=teacher,
        authors=[
            {"full_name": "Орлов  Пётр Ильич"},
            {"full_name": "Белова Т. Н.", "role": "mentor"},
        ],
    )
    assert authors_of(entry) == [
        (teacher.get_full_name(), "author", teacher.pk, None),
        ("Орлов Пётр Ильич", "author", None, None),
        ("Белова Т. Н.", "mentor", None, None),
    ]


def test_a_row_with_the_submitters_name_keeps_the_account(entry, teacher):
    update_entry(entry, user=teacher, authors=[{"full_name": teacher.get_full_name()}])
    assert authors_of(entry) == [(teacher.get_full_name(), "author", teacher.pk, None)]


def test_the_submitter_cannot_become_a_mentor(entry, teacher):
    before = authors_of(entry)
    with pytest.raises(ValidationError) as error:
        update_entry(
            entry, user=teacher, authors=[{"full_name": teacher.get_full_name(), "role": "mentor"}]
        )
    assert "остаётся её автором" in " ".join(error.value.messages)
    assert authors_of(entry) == before


def test_a_co_author_with_a_work_in_the_nomination_is_refused(entry, teacher):
    colleague = make_user(Role.TEACHER)
    submit_entry(
        contest=entry.contest,
        user=colleague,
        nomination=entry.nomination,
        title="Своя работа коллеги",
    )
    before = authors_of(entry)
    with pytest.raises(ValidationError) as error:
        update_entry(entry, user=teacher, authors=[{"user": colleague.pk, "full_name": ""}])
    assert "уже есть работа автора" in " ".join(error.value.messages)
    assert authors_of(entry) == before


def test_changing_authors_after_the_deadline_is_refused_even_for_the_organiser(
    entry, teacher, administrator
):
    close_call(entry)
    before = authors_of(entry)
    for who in (teacher, administrator):
        with pytest.raises(ValidationError) as error:
            update_entry(entry, user=who, authors=[{"full_name": "Поздний Соавтор"}])
        assert "Приём работ закончился" in " ".join(error.value.messages)
    assert authors_of(entry) == before


def test_bad_author_data_is_refused_in_russian(entry, teacher):
    before = authors_of(entry)
    for bad in ("Иванов", [{"role": "boss", "full_name": "Иванов"}], [{"user": "x"}]):
        with pytest.raises(ValidationError) as error:
            update_entry(entry, user=teacher, authors=bad)
        assert error.value.messages and all(
            any("а" <= ch <= "я" for ch in m.lower()) for m in error.value.messages
        )
    assert authors_of(entry) == before


# ---- pupils ---------------------------------------------------------------------------------


def test_a_parent_adds_a_second_child_only_with_consent(guardian):
    contest = pupils_contest(audience=Contest.Audience.PUPILS)
    first = make_child(guardian, age=12)
    sister = make_child(guardian, age=11, first_name="Мария")
    no_consent = make_child(guardian, age=12, first_name="Олег", consent=False)
    entry = submit_entry(
        contest=contest,
        user=guardian,
        nomination=contest.nominations.first(),
        title="Робот-сортировщик",
        authors=[{"child": first.pk}],
    )
    with pytest.raises(ValidationError) as error:
        update_entry(entry, user=guardian, authors=[{"child": first.pk}, {"child": no_consent.pk}])
    assert "нет действующего согласия родителя" in " ".join(error.value.messages)
    assert [a[3] for a in authors_of(entry)] == [first.pk]

    update_entry(entry, user=guardian, authors=[{"child": first.pk}, {"child": sister.pk}])
    assert [a[3] for a in authors_of(entry)] == [first.pk, sister.pk]
    entry.refresh_from_db()
    assert entry.age_category.name == "10–13 лет"


def test_a_child_of_another_family_cannot_be_added(guardian):
    contest = pupils_contest()
    own = make_child(guardian, age=12)
    stranger = make_child(age=12, first_name="Чужой")
    entry = submit_entry(
        contest=contest,
        user=guardian,
        nomination=contest.nominations.first(),
        title="Умная теплица",
        authors=[{"child": own.pk}],
    )
    with pytest.raises(ValidationError):
        update_entry(entry, user=guardian, authors=[{"child": own.pk}, {"child": stranger.pk}])
    assert [a[3] for a in authors_of(entry)] == [own.pk]


# ---- the edit page --------------------------------------------------------------------------


def page_data(entry, rows, **extra) -> dict:
    data = {
        "nomination": entry.nomination_id,
        "title": entry.title,
        "annotation": entry.annotation,
        "authors_edit": "1",
        "authors-TOTAL_FORMS": str(len(rows)),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "10",
    }
    for i, (name, role) in enumerate(rows):
        data[f"authors-{i}-full_name"] = name
        data[f"authors-{i}-role"] = role
    data.update(extra)
    return data


def test_the_edit_page_shows_and_changes_the_co_authors(entry, teacher, client):
    client.force_login(teacher)
    url = reverse("contests:entry", args=[entry.pk])
    page = client.get(url).content.decode()
    assert 'value="Смирнова Анна Павловна"' in page and "Соавторы и руководители" in page
    response = client.post(
        url,
        page_data(
            entry,
            [(teacher.get_full_name(), "author"), ("", "author"), ("Гусева Ирина", "mentor")],
        ),
    )
    assert response.status_code == 302
    assert authors_of(entry) == [
        (teacher.get_full_name(), "author", teacher.pk, None),
        ("Гусева Ирина", "mentor", None, None),
    ]


def test_the_edit_page_without_author_rows_leaves_the_authors_alone(entry, teacher, client):
    client.force_login(teacher)
    before = authors_of(entry)
    data = {"nomination": entry.nomination_id, "title": "Урок «Фермы»"}
    response = client.post(reverse("contests:entry", args=[entry.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Урок «Фермы»" and authors_of(entry) == before


def test_the_edit_page_says_what_is_wrong_and_changes_nothing(entry, teacher, client):
    client.force_login(teacher)
    before = authors_of(entry)
    response = client.post(
        reverse("contests:entry", args=[entry.pk]),
        page_data(entry, [(teacher.get_full_name(), "mentor")], title="Новое название"),
    )
    assert response.status_code == 400
    assert "остаётся её автором" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == "Урок «Мосты»" and authors_of(entry) == before


def test_after_the_deadline_the_page_offers_no_author_rows(entry, teacher, client):
    client.force_login(teacher)
    close_call(entry)
    page = client.get(reverse("contests:entry", args=[entry.pk])).content.decode()
    assert "authors-TOTAL_FORMS" not in page
    response = client.post(
        reverse("contests:entry", args=[entry.pk]), page_data(entry, [("Поздний", "author")])
    )
    assert response.status_code == 302
    assert [a[0] for a in authors_of(entry)] == [teacher.get_full_name(), "Смирнова Анна Павловна"]


def test_a_parent_ticks_a_second_child_on_the_edit_page(guardian, client):
    contest = pupils_contest()
    first = make_child(guardian, age=12)
    sister = make_child(guardian, age=11, first_name="Мария")
    entry = submit_entry(
        contest=contest,
        user=guardian,
        nomination=contest.nominations.first(),
        title="Робот-сортировщик",
        authors=[{"child": first.pk}],
    )
    client.force_login(guardian)
    url = reverse("contests:entry", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "Обучающиеся — авторы" in page and f'value="{sister.pk}"' in page
    data = page_data(entry, [], children=[first.pk, sister.pk])
    data["age_category"] = entry.age_category_id
    assert client.post(url, data).status_code == 302
    assert [a[3] for a in authors_of(entry)] == [first.pk, sister.pk]
