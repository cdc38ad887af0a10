"""Forms of the programme editors: agenda sessions, speakers, round-table and registration
questions. They parse and explain; every rule lives in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question, Speaker
from .timefields import LocalDateTimeField


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300)
    starts_at = LocalDateTimeField(label=_("Начало"))
    ends_at = LocalDateTimeField(label=_("Окончание"))
    room = forms.CharField(label=_("Аудитория"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Описание"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    capacity = forms.IntegerField(
        label=_("Мест"),
        min_value=1,
        required=False,
        help_text=_(
            "Пусто — для всех участников. Если указать число (мастер-класс, секция), участники "
            "выбирают этот пункт при регистрации, и больше мест не будет занято."
        ),
    )


class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Выступающий"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Кто"), choices=Speaker.Role.choices, required=False)


SpeakerFormSet = forms.formset_factory(SpeakerForm, extra=0, max_num=12, absolute_max=12)


class DiscussionQuestionForm(forms.Form):
    text = forms.CharField(label=_("Вопрос для обсуждения"), max_length=500)


class QuestionForm(forms.Form):
    label = forms.CharField(label=_("Вопрос"), max_length=300)
    kind = forms.ChoiceField(label=_("Тип ответа"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("Обязательный"), required=False)
    options = forms.CharField(
        label=_("Варианты ответа"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Для «один вариант» и «несколько вариантов»: по одному на строке."),
    )
    help_text = forms.CharField(label=_("Подсказка"), max_length=300, required=False)

    def clean_options(self) -> list[str]:
        lines = self.cleaned_data.get("options", "").splitlines()
        return [" ".join(line.split()) for line in lines if line.strip()]
