"""Forms of the event pages. They parse and explain; every rule lives in `services`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from technopark.core.files import validate_image
from technopark.network.models import Municipality, Organisation

from .models import Event, EventKind, Format, Initiative, Question, Registration
from .timefields import TIME_ZONES, LocalDateTimeField, aware, wall_clock, zone_or_default

COVER_MAX_BYTES = 5 * 1024 * 1024


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.short_name or obj.name


class OrganisationsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.short_name or obj.name


# ---- public pages ----------------------------------------------------------------------------


class CalendarFilterForm(forms.Form):
    """Calendar filters; a bad value is dropped, never a reason to fail the page."""

    view = forms.ChoiceField(
        required=False, choices=[("month", _("месяц")), ("list", _("списком"))]
    )
    month = forms.DateField(required=False, input_formats=["%Y-%m"])
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    kind = forms.ModelChoiceField(
        EventKind.objects.all(),
        label=_("Вид"),
        required=False,
        to_field_name="code",
        empty_label=_("все виды"),
    )
    format = forms.ChoiceField(
        label=_("Форма"), required=False, choices=[("", _("любая")), *Format.choices]
    )
    audience = forms.ChoiceField(
        label=_("Для кого"),
        required=False,
        choices=[("", _("для всех")), *Event.Audience.choices],
    )

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {
            "view": data.get("view") or "month",
            "month": data.get("month"),
            "day": data.get("day"),
            "kind": data.get("kind"),
            "format": data.get("format") or "",
            "audience": data.get("audience") or "",
        }


class RegistrationForm(forms.Form):
    """Who is coming, plus the event's own questions (rendered by the question's kind)."""

    full_name = forms.CharField(
        label=_("Фамилия, имя, отчество"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Электронная почта"),
        help_text=_("Сюда придёт подтверждение и напоминание."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    organisation = forms.CharField(
        label=_("Организация"),
        max_length=400,
        required=False,
        help_text=_("Начните вводить название и выберите из списка или впишите своё."),
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(),
        label=_("Муниципалитет"),
        required=False,
        empty_label=_("выберите муниципалитет"),
    )
    role = forms.ChoiceField(
        label=_("Кто вы"),
        choices=Registration.ParticipantRole.choices,
        initial=Registration.ParticipantRole.TEACHER,
    )

    def __init__(self, *args, event: Event, questions=(), sessions=(), zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if sessions:
            from .forms_sessions import session_field

            self.fields["sessions"] = session_field(sessions, zone)
        self.questions = list(questions)
        region_id = getattr(event.organisation.municipality, "region_id", None)
        if region_id:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                region_id=region_id
            ).order_by("name")
        self.fields["organisation"].widget.attrs.update(
            {
                "list": "organisation-options",
                "autocomplete": "organization",
                "hx-get": reverse("events:organisation_suggestions"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#organisation-options",
            }
        )
        for question in self.questions:
            self.fields[self.answer_field(question)] = self._question_field(question)

    @staticmethod
    def answer_field(question: Question) -> str:
        return f"q{question.pk}"

    @staticmethod
    def _question_field(question: Question) -> forms.Field:
        common = {
            "label": question.label,
            "required": question.required,
            "help_text": question.help_text,
        }
        options = [(str(o), str(o)) for o in question.options or []]
        kind = question.kind
        if kind == Question.Kind.CHOICE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if kind == Question.Kind.MULTI:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        if kind == Question.Kind.YESNO:
            return forms.TypedChoiceField(
                choices=[("yes", _("да")), ("no", _("нет"))],
                coerce=lambda v: v == "yes",
                empty_value=None,
                widget=forms.RadioSelect,
                **common,
            )
        if kind == Question.Kind.NUMBER:
            return forms.DecimalField(
                max_digits=12, decimal_places=3, widget=forms.NumberInput(), **common
            )
        if kind == Question.Kind.FILE:
            return forms.FileField(**common)
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)

    def clean_organisation(self) -> str:
        return " ".join(self.cleaned_data.get("organisation", "").split())

    def answers(self) -> dict:
        """Answers keyed by question id, as `register_participant` takes them."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.answer_field(question))
            if value in (None, "", []):
                continue
            if question.kind == Question.Kind.NUMBER:
                value = int(value) if value == value.to_integral_value() else float(value)
            result[question.pk] = value
        return result

    def participant(self) -> dict:
        """Keyword arguments for `register_participant` (besides answers and user)."""
        data = self.cleaned_data
        name = data.get("organisation", "")
        organisation = (
            Organisation.objects.filter(is_active=True)
            .filter(models_q_name(name))
            .order_by("pk")
            .first()
            if name
            else None
        )
        return {
            "full_name": " ".join(data["full_name"].split()),
            "email": data["email"].strip().lower(),
            "organisation": organisation,
            "organisation_name": "" if organisation else name,
            "municipality": data.get("municipality")
            or (organisation.municipality if organisation else None),
            "role": data["role"],
        }


def models_q_name(name: str):
    from django.db.models import Q

    return Q(name__iexact=name) | Q(short_name__iexact=name)


# ---- management --------------------------------------------------------------------------------


class EventForm(forms.Form):
    """Create or edit an event on one page; fields are grouped by format in the template."""

    title = forms.CharField(label=_("Название"), max_length=300)
    kind = forms.ModelChoiceField(EventKind.objects.all(), label=_("Вид"), empty_label=None)
    audience = forms.ChoiceField(label=_("Для кого"), choices=Event.Audience.choices)
    organisation = OrganisationChoiceField(
        Organisation.objects.none(), label=_("Организатор"), empty_label=None
    )
    partners = OrganisationsChoiceField(
        Organisation.objects.none(),
        label=_("Соорганизаторы и партнёры"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Несколько — с нажатой клавишей Ctrl."),
    )
    initiative = forms.ModelChoiceField(
        Initiative.objects.none(),
        label=_("В рамках проекта"),
        required=False,
        empty_label=_("— не относится к проекту —"),
    )
    format = forms.ChoiceField(
        label=_("Форма проведения"), choices=Format.choices, widget=forms.RadioSelect
    )
    starts_at = LocalDateTimeField(label=_("Начало"))
    ends_at = LocalDateTimeField(label=_("Окончание"))
    time_zone = forms.ChoiceField(label=_("Часовой пояс"), choices=TIME_ZONES)
    venue = OrganisationChoiceField(
        Organisation.objects.none(),
        label=_("Площадка"),
        required=False,
        empty_label=_("— другая, укажу адрес —"),
    )
    venue_address = forms.CharField(label=_("Адрес"), max_length=400, required=False)
    venue_room = forms.CharField(label=_("Аудитория"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Ссылка на онлайн-комнату"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Видна только подтверждённым участникам."),
    )
    online_platform = forms.CharField(
        label=_("Платформа"),
        max_length=100,
        required=False,
        help_text=_("Например: Сферум, VK Звонки, Яндекс Телемост."),
    )
    stream_url = forms.URLField(
        label=_("Ссылка на трансляцию"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Необязательно: страница прямой трансляции для зрителей без регистрации."),
    )
    description = forms.CharField(
        label=_("Описание"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    cover = forms.FileField(
        label=_("Обложка"),
        required=False,
        help_text=_("Фотография JPEG, PNG или WebP, не больше 5 МБ."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    capacity = forms.IntegerField(
        label=_("Мест"), min_value=1, required=False, help_text=_("Пусто — без ограничения.")
    )
    waitlist = forms.BooleanField(
        label=_("Лист ожидания, когда места закончатся"), required=False, initial=True
    )
    moderation = forms.BooleanField(label=_("Подтверждать заявки вручную"), required=False)
    registration_opens_at = LocalDateTimeField(
        label=_("Регистрация открывается"), required=False, help_text=_("Пусто — сразу.")
    )
    registration_closes_at = LocalDateTimeField(
        label=_("Регистрация закрывается"),
        required=False,
        help_text=_("Пусто — пока мероприятие не закончится."),
    )
    recording_url = forms.URLField(
        label=_("Запись мероприятия"), max_length=500, required=False, assume_scheme="https"
    )

    DATETIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        everyone = Organisation.objects.filter(is_active=True).order_by("name")
        self.fields["partners"].queryset = everyone
        self.fields["venue"].queryset = everyone
        self.fields["initiative"].queryset = Initiative.objects.filter(
            organisation__in=organisations
        ).order_by("-starts_on")

    @classmethod
    def initial_from(cls, event: Event) -> dict:
        initial = {
            name: getattr(event, name)
            for name in cls.base_fields
            if name not in ("partners", "cover", *cls.DATETIMES)
        }
        for name in cls.DATETIMES:
            initial[name] = wall_clock(getattr(event, name), event.time_zone)
        initial["partners"] = list(event.partners.values_list("pk", flat=True))
        initial["time_zone"] = zone_or_default(event.time_zone)
        return initial

    def clean_cover(self):
        upload = self.cleaned_data.get("cover")
        if upload in (None, False):
            return upload
        extension = validate_image(upload, max_bytes=COVER_MAX_BYTES)
        upload.name = f"cover.{extension}"
        return upload

    def changes(self) -> dict:
        """Cleaned values as keyword arguments for `create_event` / `update_event`."""
        data = dict(self.cleaned_data)
        zone = data.get("time_zone") or settings.TIME_ZONE
        for name in self.DATETIMES:
            data[name] = aware(data.get(name), zone)
        data["partners"] = list(data.get("partners") or [])
        cover = data.pop("cover", None)
        if cover is False:  # "clear" ticked
            data["cover"] = ""
        elif cover:
            data["cover"] = cover
        return data


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Состояние"),
        required=False,
        choices=[("", _("все")), *Registration.Status.choices],
    )
    role = forms.ChoiceField(
        label=_("Кто"),
        required=False,
        choices=[("", _("все")), *Registration.ParticipantRole.choices],
    )
    attended = forms.ChoiceField(
        label=_("Присутствие"),
        required=False,
        choices=[("", _("все")), ("yes", _("были")), ("no", _("не отмечены"))],
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(),
        label=_("Муниципалитет"),
        required=False,
        empty_label=_("все"),
    )

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {
            "text": data.get("q") or "",
            "status": data.get("status") or "",
            "role": data.get("role") or "",
            "municipality": data.get("municipality"),
            "attended": {"yes": True, "no": False}.get(data.get("attended") or ""),
        }
