"""Forms only parse input; the rules are in services.py."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from technopark.network.models import Municipality, Organisation

from .models import Role, User
from .services import SELF_SERVICE_ROLES


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.municipality}"


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.region})"


def _organisations():
    return Organisation.objects.filter(is_active=True).select_related("municipality")


def _municipalities():
    return Municipality.objects.select_related("region")


class SignupForm(forms.Form):
    role = forms.TypedChoiceField(
        label=_("Я регистрируюсь как"),
        widget=forms.RadioSelect,
        choices=[(r.value, r.label) for r in SELF_SERVICE_ROLES],
        initial=Role.GUARDIAN,
        help_text=_(
            "Методистов, членов жюри и партнёров добавляет администратор. Ребёнка "
            "регистрирует родитель на странице «Мои дети»."
        ),
    )
    last_name = forms.CharField(label=_("Фамилия"), max_length=100)
    first_name = forms.CharField(label=_("Имя"), max_length=100)
    patronymic = forms.CharField(label=_("Отчество"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("Электронная почта"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    organisation = OrganisationChoiceField(
        label=_("Организация"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Педагогу — обязательно: где вы работаете. Родителю — по желанию."),
    )
    municipality = MunicipalityChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Если не выбрать, возьмём муниципалитет организации."),
    )
    password = forms.CharField(
        label=_("Пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Не короче 8 символов, не только цифры и не слишком простой."),
    )
    password_again = forms.CharField(
        label=_("Пароль ещё раз"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    personal_data = forms.BooleanField(
        label=_(
            "Я согласен(на) на обработку моих персональных данных, чтобы пользоваться платформой"
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.fields["municipality"].queryset = _municipalities()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Пароли не совпадают."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        keys = (
            "email",
            "password",
            "last_name",
            "first_name",
            "patronymic",
            "role",
            "organisation",
            "municipality",
            "phone",
        )
        return {key: data[key] for key in keys}


class ProfileForm(forms.ModelForm):
    organisation = OrganisationChoiceField(
        label=_("Организация"), queryset=Organisation.objects.none(), required=False
    )
    municipality = MunicipalityChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none(), required=False
    )
    language = forms.ChoiceField(label=_("Язык интерфейса"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "phone",
            "position",
            "organisation",
            "municipality",
            "language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.fields["municipality"].queryset = _municipalities()
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("Новая фотография"),
        help_text=_("JPEG, PNG или WebP, не больше 2 МБ."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Для чего токен"),
        max_length=100,
        help_text=_(
            "Например: «выгрузка в школьную систему». Поможет потом понять, какой токен отозвать."
        ),
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина (по желанию)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Я понимаю, что после обезличивания войти в эту учётную запись будет нельзя")
    )


class ChildForm(forms.Form):
    last_name = forms.CharField(label=_("Фамилия ребёнка"), max_length=100)
    first_name = forms.CharField(label=_("Имя ребёнка"), max_length=100)
    patronymic = forms.CharField(label=_("Отчество ребёнка"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Дата рождения"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    school = OrganisationChoiceField(
        label=_("Школа или учреждение"), queryset=Organisation.objects.none(), required=False
    )
    municipality = MunicipalityChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none(), required=False
    )
    grade = forms.CharField(
        label=_("Класс"), max_length=20, required=False, help_text=_("Например: 7Б")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _organisations()
        self.fields["municipality"].queryset = _municipalities()


class ConsentForm(forms.Form):
    text_version = forms.CharField(widget=forms.HiddenInput)
    consent_given = forms.BooleanField(
        required=False,
        label=_(
            "Я прочитал(а) текст и даю согласие на обработку персональных данных моего ребёнка"
        ),
    )
    allow_publication = forms.BooleanField(
        required=False,
        label=_(
            "Разрешаю публиковать имя и фотографии ребёнка в итогах конкурсов и в галерее "
            "(по желанию)"
        ),
    )
