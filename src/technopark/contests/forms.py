"""Forms of the contest pages: a work (submit and edit), its co-authors, files, a judge's
score sheet and the organiser's small forms (manual assignment, place, publishing)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Contest, Criterion, Entry, EntryAuthor


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class EntryForm(forms.Form):
    """The work itself; nomination and age category come from the contest."""

    nomination = forms.ModelChoiceField(label=_("Номинация"), queryset=None, empty_label=None)
    age_category = forms.ModelChoiceField(
        label=_("Возрастная категория"), queryset=None, required=False
    )
    title = forms.CharField(label=_("Название работы"), max_length=400)
    annotation = forms.CharField(
        label=_("Аннотация"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Коротко: о чём работа, для кого, что в ней нового."),
    )
    team_name = forms.CharField(label=_("Название команды"), max_length=200, required=False)
    video_url = forms.URLField(
        label=_("Ссылка на видео"),
        required=False,
        assume_scheme="https",
        help_text=_("Видео не загружайте файлом: дайте ссылку на облако или видеохостинг."),
    )
    achievement = forms.ChoiceField(
        label=_("Достижение, дающее право пропустить этап"),
        required=False,
        help_text=_("Выберите, только если оно у автора есть: организатор проверит диплом."),
    )

    def __init__(self, *args, contest: Contest, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["nomination"].queryset = contest.nominations.order_by("position", "id")
        categories = contest.age_categories.all()
        if categories.exists():
            self.fields["age_category"].queryset = categories
        else:
            del self.fields["age_category"]
        if contest.audience == Contest.Audience.TEAMS:
            self.fields["team_name"].required = True
        else:
            del self.fields["team_name"]
        skips = [
            str(item) for stage in contest.stages.all() for item in stage.skip_achievements or ()
        ]
        if editing or not skips:
            del self.fields["achievement"]
        else:
            self.fields["achievement"].choices = [("", _("— нет —"))] + [
                (item, item) for item in dict.fromkeys(skips)
            ]
        for name in ("title", "team_name"):
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = "off"


ACCEPT = ".pdf,.doc,.docx,.odt,.ppt,.pptx,.odp,.xlsx,.jpg,.jpeg,.png,.webp"


class EntryFilesForm(forms.Form):
    files = MultipleFileField(
        label=_("Файлы работы"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "Документы (PDF, DOC, DOCX, ODT), презентации (PPT, PPTX, ODP), таблицы (XLSX) "
            "и изображения (JPG, PNG, WEBP). Можно выбрать несколько файлов."
        ),
    )


class AuthorForm(forms.Form):
    full_name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=300, required=False)
    role = forms.ChoiceField(
        label=_("Роль"), choices=EntryAuthor.Role.choices, initial=EntryAuthor.Role.AUTHOR
    )


AuthorFormSet = forms.formset_factory(AuthorForm, extra=3, max_num=10)


class ChildAuthorForm(forms.Form):
    """Pupil authors: the signed-in guardian's children, or pupils of the teacher's school
    (the service checks each one has a guardian's consent on record)."""

    children = forms.ModelMultipleChoiceField(
        label=_("Обучающиеся — авторы работы"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = lambda c: " ".join(
            p for p in (c.last_name, c.first_name, c.grade and f"({c.grade})") if p
        )


class ScoreSheetForm(forms.Form):
    """One field per criterion (0 … max points) with an optional comment, and a summary."""

    comment = forms.CharField(
        label=_("Общий комментарий к работе"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    complete = forms.BooleanField(
        label=_("Оценка завершена — больше менять не буду"), required=False
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=2,
                required=False,
                help_text=_("от 0 до %(max)s баллов") % {"max": criterion.max_points.normalize()},
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.5",
                        "min": 0,
                        "max": criterion.max_points,
                        "inputmode": "decimal",
                    }
                ),
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Комментарий"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict:
        result = {}
        for criterion in self.criteria:
            points = self.cleaned_data.get(f"score_{criterion.pk}")
            if points is not None:
                result[criterion.pk] = (points, self.cleaned_data.get(f"note_{criterion.pk}", ""))
        return result


class AssignForm(forms.Form):
    entry = forms.ModelChoiceField(label=_("Работа"), queryset=None)
    judge = forms.ModelChoiceField(label=_("Член жюри"), queryset=None)
    override_conflict = forms.BooleanField(
        label=_("Назначить, несмотря на конфликт интересов"), required=False
    )

    def __init__(self, *args, stage, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = Entry.objects.filter(
            stages__stage=stage, status=Entry.Status.SUBMITTED
        ).order_by("number")
        self.fields["entry"].label_from_instance = lambda e: f"№ {e.number}. {e.title}"
        self.fields["judge"].queryset = (
            get_user_model()
            .objects.filter(jury_seats__stage=stage)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["judge"].label_from_instance = lambda u: u.get_full_name() or u.email


class OrganiserConflictForm(AssignForm):
    """The organiser records a conflict of interest they learnt about."""

    reason = forms.CharField(label=_("В чём конфликт интересов"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["override_conflict"]


class PlaceForm(forms.Form):
    place = forms.ChoiceField(
        label=_("Награда"),
        choices=[("", _("— без награды —")), *Entry.Place.choices],
        required=False,
    )


class PublishForm(forms.Form):
    force = forms.BooleanField(
        label=_("Опубликовать, хотя оценка не завершена"),
        required=False,
        help_text=_("Итоги будут посчитаны по тем оценкам, что уже выставлены."),
    )
