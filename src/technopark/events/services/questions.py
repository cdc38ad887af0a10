"""Registration questions and the answers to them.

An answer keeps its own copy of the question's wording and of the chosen option texts, so a
question edited, reordered or switched off later never changes what a participant answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from technopark.core.files import validate_upload

from ..models import Answer, Event, Question, Registration

FILE_TYPES = {"pdf", "docx", "xlsx", "pptx", "jpg", "png", "txt"}
MAX_TEXT = 2000
YES = {"true", "1", "yes", "on", "да"}
NO = {"false", "0", "no", "off", "нет"}


def file_limit() -> int:
    return getattr(settings, "EVENTS_ANSWER_FILE_MAX_BYTES", 10 * 1024 * 1024)


def answer_key(question_id: int) -> str:
    """The error key of one answer, e.g. "answers.12" (the API shows it as is)."""
    return f"answers.{question_id}"


# --- editing questions ---------------------------------------------------------------------------


def _clean_options(kind: str, options) -> list[str]:
    if kind not in (Question.Kind.CHOICE, Question.Kind.MULTI):
        return []
    if isinstance(options, str):
        options = options.splitlines()
    cleaned: list[str] = []
    for option in options or []:
        text = " ".join(str(option).split())[:200]
        if text and text not in cleaned:
            cleaned.append(text)
    if len(cleaned) < 2:
        raise ValidationError(
            {"options": _("Укажите хотя бы два варианта ответа, по одному в строке.")}
        )
    return cleaned


def _check(question: Question) -> None:
    question.label = " ".join((question.label or "").split())
    if not question.label:
        raise ValidationError({"label": _("Напишите сам вопрос.")})
    if question.kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Выберите тип ответа.")})
    question.options = _clean_options(question.kind, question.options)
    question.full_clean(exclude=["event"])


def add_question(
    event: Event,
    *,
    label: str,
    kind: str,
    required: bool = False,
    options: list[str] | str | None = None,
    help_text: str = "",
) -> Question:
    """Add a question at the end of the event's registration form."""
    with transaction.atomic():
        last = Question.objects.filter(event=event).aggregate(m=Max("position"))["m"]
        question = Question(
            event=event,
            label=label,
            kind=kind,
            required=required,
            options=options or [],
            help_text=(help_text or "").strip(),
            position=0 if last is None else last + 1,
        )
        _check(question)
        question.save()
    return question


def update_question(question: Question, **changes: Any) -> Question:
    """Edit wording, options or the required flag; answers already given stay as they were."""
    allowed = {"label", "kind", "required", "options", "help_text", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("Неизвестные поля вопроса: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if "kind" in changes and changes["kind"] != question.kind and question.answers.exists():
            raise ValidationError(
                {
                    "kind": _(
                        "На вопрос уже отвечали, тип ответа менять нельзя. Добавьте новый вопрос."
                    )
                }
            )
        for name, value in changes.items():
            setattr(question, name, value)
        _check(question)
        question.save()
    return question


def reorder_questions(event: Event, question_ids: list[int]) -> None:
    """Put the event's questions in the given order; questions not listed go last."""
    with transaction.atomic():
        questions = {q.pk: q for q in Question.objects.select_for_update().filter(event=event)}
        order = [int(pk) for pk in question_ids if int(pk) in questions]
        order += [pk for pk in questions if pk not in order]
        for position, pk in enumerate(order):
            if questions[pk].position != position:
                questions[pk].position = position
                questions[pk].save(update_fields=["position"])


def deactivate_question(question: Question) -> Question:
    """Stop asking a question; the answers given so far are kept."""
    return update_question(question, is_active=False)


# --- answering -----------------------------------------------------------------------------------


@dataclass
class PreparedAnswer:
    question: Question
    value: Any
    upload: UploadedFile | None = None


def _empty(raw) -> bool:
    return (
        raw is None
        or (isinstance(raw, str | list | tuple) and not raw)
        or (isinstance(raw, str) and not raw.strip())
    )


def _answer_value(question: Question, raw) -> tuple[Any, UploadedFile | None]:
    kind = question.kind
    if kind == Question.Kind.TEXT:
        if not isinstance(raw, str | int | float):
            raise ValidationError(_("Нужен текстовый ответ."))
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("Слишком длинный ответ: не больше %(n)s символов.") % {"n": MAX_TEXT}
            )
        return text, None
    if kind == Question.Kind.CHOICE:
        if not isinstance(raw, str) or raw.strip() not in question.options:
            raise ValidationError(_("Выберите один из предложенных вариантов."))
        return raw.strip(), None
    if kind == Question.Kind.MULTI:
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, list | tuple) or any(
            not isinstance(v, str) or v.strip() not in question.options for v in values
        ):
            raise ValidationError(_("Выберите варианты из предложенных."))
        chosen = {v.strip() for v in values}
        return [o for o in question.options if o in chosen], None
    if kind == Question.Kind.YESNO:
        if isinstance(raw, bool):
            return raw, None
        word = str(raw).strip().lower()
        if word in YES or word in NO:
            return word in YES, None
        raise ValidationError(_("Ответьте «да» или «нет»."))
    if kind == Question.Kind.NUMBER:
        if isinstance(raw, bool):
            raise ValidationError(_("Нужно число."))
        try:
            number = Decimal(str(raw).strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise ValidationError(_("Нужно число, например 12 или 3,5.")) from None
        if not number.is_finite() or abs(number) > Decimal("1e12"):
            raise ValidationError(_("Нужно число, например 12 или 3,5."))
        return (int(number) if number == number.to_integral_value() else float(number)), None
    # A file: judged by its content and size, stored under a random name.
    if not isinstance(raw, UploadedFile):
        raise ValidationError(_("Приложите файл."))
    validate_upload(raw, allowed=FILE_TYPES, max_bytes=file_limit())
    return (raw.name or "")[:200], raw


def build_answers(event: Event, answers: dict, *, questions=None) -> list[PreparedAnswer]:
    """Check answers against the event's active questions (`questions` when the caller already
    knows them, e.g. that there are none); all errors at once, keyed per question
    ("answers.<id>")."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Ответы передаются объектом: номер вопроса → ответ.")})
    if questions is None:
        questions = Question.objects.filter(event=event, is_active=True)
    questions = list(questions)
    by_id = {str(q.pk): q for q in questions}
    errors: dict[str, list[str]] = {}
    unknown = [str(k) for k in answers if str(k) not in by_id]
    if unknown:
        errors["answers"] = [
            _("В анкете нет вопросов с номерами: %(ids)s.") % {"ids": ", ".join(sorted(unknown))}
        ]
    prepared: list[PreparedAnswer] = []
    for question in questions:
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        if _empty(raw):
            if question.required:
                errors[answer_key(question.pk)] = [
                    _("Ответьте на вопрос «%(label)s».") % {"label": question.label}
                ]
            continue
        try:
            value, upload = _answer_value(question, raw)
        except ValidationError as error:
            errors[answer_key(question.pk)] = error.messages
            continue
        prepared.append(PreparedAnswer(question, value, upload))
    if errors:
        raise ValidationError(errors)
    return prepared


def save_answers(registration: Registration, prepared: list[PreparedAnswer]) -> None:
    """Store answers with the wording of the moment (call inside the registration's
    transaction)."""
    for item in prepared:
        answer = Answer(
            registration=registration,
            question=item.question,
            label=item.question.label,
            value=item.value,
        )
        if item.upload is not None:
            item.upload.seek(0)
            answer.file.save(item.upload.name or "file", item.upload, save=False)
        answer.save()


__all__ = [
    "FILE_TYPES",
    "PreparedAnswer",
    "add_question",
    "answer_key",
    "build_answers",
    "deactivate_question",
    "file_limit",
    "reorder_questions",
    "save_answers",
    "update_question",
]
