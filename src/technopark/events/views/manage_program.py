"""Management of an event's content: the agenda with speakers, round-table questions and the
registration questions. Each page lists what there is and offers one small form to add."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from technopark.core.permissions import declare, rules

from ..forms_program import DiscussionQuestionForm, QuestionForm, SessionForm, SpeakerFormSet
from ..models import AgendaSession, DiscussionQuestion, Question, Registration
from ..services import agenda
from ..services.questions import (
    add_question,
    deactivate_question,
    reorder_questions,
    update_question,
)
from ..timefields import aware, wall_clock
from .manage import _apply_errors, managed_event

SPARE_SPEAKER_ROWS = 3


def _speaker_formset(request, session: AgendaSession | None):
    initial = []
    if session is not None:
        initial = [{"name": s.name, "role": s.role} for s in session.speakers.all()]
    formset = SpeakerFormSet(
        request.POST or None,
        prefix="speakers",
        initial=initial + [{} for _ in range(SPARE_SPEAKER_ROWS)],
    )
    return formset


def _session_initial(event, session: AgendaSession | None) -> dict:
    zone = event.time_zone
    if session is None:
        last = event.sessions.order_by("-ends_at").first()
        start = last.ends_at if last else event.starts_at
        return {"starts_at": wall_clock(start, zone), "ends_at": wall_clock(event.ends_at, zone)}
    return {
        "title": session.title,
        "starts_at": wall_clock(session.starts_at, zone),
        "ends_at": wall_clock(session.ends_at, zone),
        "room": session.room,
        "description": session.description,
        "capacity": session.capacity,
    }


def _session_page(request, pk: int, session_pk: int | None):
    event = managed_event(request, pk)
    session = None
    if session_pk is not None:
        session = get_object_or_404(AgendaSession, pk=session_pk, event=event)
    form = SessionForm(request.POST or None, initial=_session_initial(event, session))
    speakers = _speaker_formset(request, session)
    if request.method == "POST" and form.is_valid() and speakers.is_valid():
        data = dict(form.cleaned_data)
        data["starts_at"] = aware(data["starts_at"], event.time_zone)
        data["ends_at"] = aware(data["ends_at"], event.time_zone)
        people = [f.cleaned_data for f in speakers.forms if f.cleaned_data.get("name")]
        try:
            if session is None:
                agenda.add_session(event, speakers=people, **data)
                messages.success(request, _("Пункт программы добавлен."))
            else:
                agenda.update_session(session, speakers=people, **data)
                messages.success(request, _("Пункт программы сохранён."))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("events:agenda", pk=event.pk)
    return render(
        request,
        "events/manage/agenda.html",
        {
            "event": event,
            "form": form,
            "speakers": speakers,
            "session": session,
            "sessions": event.sessions.prefetch_related("speakers").annotate(
                taken=Count(
                    "registrations", filter=Q(registrations__status__in=Registration.ACTIVE)
                )
            ),
        },
    )


@declare(rules.staff)
def agenda_page(request, pk: int):
    return _session_page(request, pk, None)


@declare(rules.staff)
def session_edit(request, pk: int, session_pk: int):
    return _session_page(request, pk, session_pk)


@declare(rules.staff)
@require_POST
def session_delete(request, pk: int, session_pk: int):
    event = managed_event(request, pk)
    session = get_object_or_404(AgendaSession, pk=session_pk, event=event)
    agenda.delete_session(session)
    messages.success(request, _("Пункт программы удалён."))
    return redirect("events:agenda", pk=event.pk)


@declare(rules.staff)
def discussion_page(request, pk: int):
    event = managed_event(request, pk)
    form = DiscussionQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agenda.add_discussion_question(event, text=form.cleaned_data["text"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Вопрос добавлен."))
            return redirect("events:discussion", pk=event.pk)
    return render(
        request,
        "events/manage/discussion.html",
        {"event": event, "form": form, "items": event.discussion.all()},
    )


@declare(rules.staff)
@require_POST
def discussion_action(request, pk: int, item_pk: int):
    event = managed_event(request, pk)
    item = get_object_or_404(DiscussionQuestion, pk=item_pk, event=event)
    action = request.POST.get("action")
    if action in ("up", "down"):
        agenda.move_discussion_question(item, up=action == "up")
    elif action == "delete":
        agenda.delete_discussion_question(item)
        messages.success(request, _("Вопрос удалён."))
    return redirect("events:discussion", pk=event.pk)


def _question_form(request, question: Question | None):
    initial = {}
    if question is not None:
        initial = {
            "label": question.label,
            "kind": question.kind,
            "required": question.required,
            "options": "\n".join(question.options or []),
            "help_text": question.help_text,
        }
    return QuestionForm(request.POST or None, initial=initial)


def _questions_page(request, pk: int, question_pk: int | None):
    event = managed_event(request, pk)
    question = None
    if question_pk is not None:
        question = get_object_or_404(Question, pk=question_pk, event=event)
    form = _question_form(request, question)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                add_question(event, **form.cleaned_data)
                messages.success(request, _("Вопрос добавлен в анкету."))
            else:
                update_question(question, **form.cleaned_data)
                messages.success(
                    request, _("Вопрос сохранён. Ответы, данные раньше, не изменились.")
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("events:questions", pk=event.pk)
    return render(
        request,
        "events/manage/questions.html",
        {
            "event": event,
            "form": form,
            "question": question,
            "questions": Question.objects.filter(event=event).order_by("position", "pk"),
        },
    )


@declare(rules.staff)
def questions_page(request, pk: int):
    return _questions_page(request, pk, None)


@declare(rules.staff)
def question_edit(request, pk: int, question_pk: int):
    return _questions_page(request, pk, question_pk)


@declare(rules.staff)
@require_POST
def question_action(request, pk: int, question_pk: int):
    event = managed_event(request, pk)
    question = get_object_or_404(Question, pk=question_pk, event=event)
    action = request.POST.get("action")
    try:
        if action == "deactivate":
            deactivate_question(question)
            messages.success(request, _("Вопрос больше не задаётся; прежние ответы сохранены."))
        elif action == "activate":
            update_question(question, is_active=True)
            messages.success(request, _("Вопрос снова задаётся."))
        elif action in ("up", "down"):
            order = list(
                Question.objects.filter(event=event)
                .order_by("position", "pk")
                .values_list("pk", flat=True)
            )
            index = order.index(question.pk)
            other = index - 1 if action == "up" else index + 1
            if 0 <= other < len(order):
                order[index], order[other] = order[other], order[index]
                reorder_questions(event, order)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("events:questions", pk=event.pk)


urlpatterns = [
    path("manage/<int:pk>/agenda/", agenda_page, name="agenda"),
    path("manage/<int:pk>/agenda/<int:session_pk>/", session_edit, name="session_edit"),
    path("manage/<int:pk>/agenda/<int:session_pk>/delete/", session_delete, name="session_delete"),
    path("manage/<int:pk>/discussion/", discussion_page, name="discussion"),
    path("manage/<int:pk>/discussion/<int:item_pk>/", discussion_action, name="discussion_action"),
    path("manage/<int:pk>/questions/", questions_page, name="questions"),
    path("manage/<int:pk>/questions/<int:question_pk>/", question_edit, name="question_edit"),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/action/",
        question_action,
        name="question_action",
    ),
]
