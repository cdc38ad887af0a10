"""Feedback: one answer per registration, and a summary that says which format is wanted."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from technopark.events.models import FeedbackResponse
from technopark.events.services.feedback import (
    feedback_summary,
    invite_to_feedback,
    submit_feedback,
)
from tests.events.attendance_data import make_event, register

pytestmark = pytest.mark.django_db


def answer(event, rating, fmt, again=True, comment=""):
    return submit_feedback(
        register(event),
        rating=rating,
        preferred_format=fmt,
        would_attend_again=again,
        comment=comment,
    )


def test_summary_of_a_round_table_that_leans_to_in_person():
    event = make_event(title="Круглый стол")
    # 8 answers: 5 in person (62.5 % → 62 %), 2 hybrid, 1 online; ratings sum to 33.
    for rating, fmt in [
        (5, "in_person"),
        (5, "in_person"),
        (4, "in_person"),
        (4, "in_person"),
        (3, "in_person"),
        (4, "hybrid"),
        (5, "hybrid"),
        (3, "online"),
    ]:
        answer(event, rating, fmt, again=fmt != "online")

    summary = feedback_summary(event)

    assert summary["responses"] == 8
    assert summary["mean_rating"] == 4.1  # 33 / 8 = 4.125
    assert [(f.code, f.count, f.share) for f in summary["formats"]] == [
        ("in_person", 5, 62),
        ("online", 1, 12),
        ("hybrid", 2, 25),
    ]
    assert summary["would_attend_again"] == 88
    assert summary["sentence"] == "Большинство участников (62\u00a0%) предпочитают очный формат"


def test_plurality_and_tie_are_said_honestly():
    event = make_event()
    for fmt in ["in_person", "in_person", "online", "hybrid"]:
        answer(event, 4, fmt)
    assert feedback_summary(event)["sentence"] == (
        "Чаще других (50\u00a0%) участники выбирают очный формат"
    )
    answer(event, 4, "online")
    assert feedback_summary(event)["sentence"].startswith("Мнения разделились поровну (по 40")


def test_no_answers_yet():
    summary = feedback_summary(make_event())
    assert (summary["responses"], summary["mean_rating"], summary["sentence"]) == (
        0,
        None,
        "Отзывов пока нет.",
    )


def test_second_answer_from_one_registration_is_refused():
    event = make_event()
    registration = register(event)
    submit_feedback(registration, rating=5, preferred_format="in_person")
    with pytest.raises(ValidationError) as error:
        submit_feedback(registration, rating=1, preferred_format="online")
    assert error.value.messages == ["Вы уже оставили отзыв. Спасибо!"]
    assert FeedbackResponse.objects.get().rating == 5


@pytest.mark.parametrize(
    ("rating", "fmt"), [(0, "in_person"), (6, "online"), ("x", "online"), (5, "offline")]
)
def test_out_of_range_answers_are_refused(rating, fmt):
    with pytest.raises(ValidationError):
        submit_feedback(register(make_event()), rating=rating, preferred_format=fmt)
    assert FeedbackResponse.objects.count() == 0


def test_invitations_go_to_confirmed_who_have_not_answered_with_a_personal_link(
    django_capture_on_commit_callbacks,
):
    event = make_event()
    waiting = register(event, "Иванов Пётр Сергеевич")
    answered = register(event, "Петрова Анна Викторовна")
    submit_feedback(answered, rating=5, preferred_format="in_person")
    register(event, "Орлов Егор Ильич", status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        assert invite_to_feedback(event) == 1

    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert f"/events/feedback/{waiting.code}/" in mail.outbox[0].body
    assert "Иванов Пётр Сергеевич" in mail.outbox[0].body
