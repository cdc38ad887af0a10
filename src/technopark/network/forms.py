from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Organisation, Region
from .services import EDITABLE_FIELDS


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.name} ({obj.region})"


class OrganisationFilterForm(forms.Form):
    """The directory filters; a bad value is dropped, never a reason to fail the page."""

    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        Region.objects.all(), label=_("Регион"), required=False, empty_label=_("все регионы")
    )
    municipality = MunicipalityChoiceField(
        Municipality.objects.select_related("region"),
        label=_("Муниципалитет"),
        required=False,
        empty_label=_("все муниципалитеты"),
    )
    kind = forms.ChoiceField(
        label=_("Вид"), required=False, choices=[("", _("все виды")), *Organisation.Kind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region_id = str(self.data.get("region", "")).strip()
        if region_id.isdigit():
            # Only the chosen region's municipalities are offered (and accepted).
            field = self.fields["municipality"]
            field.queryset = field.queryset.filter(region_id=int(region_id))

    def filters(self) -> dict:
        """The valid filter values, ready for `selectors.filter_organisations`."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "region": data.get("region"),
            "municipality": data.get("municipality"),
            "kind": data.get("kind") or "",
            "text": data.get("q") or "",
        }


class OrganisationForm(forms.Form):
    """Create or edit an organisation; the rules themselves live in `services`."""

    name = forms.CharField(label=_("Полное название"), max_length=400)
    short_name = forms.CharField(label=_("Краткое название"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Вид"), choices=Organisation.Kind.choices)
    municipality = MunicipalityChoiceField(
        Municipality.objects.select_related("region"),
        label=_("Муниципалитет"),
        empty_label=_("выберите муниципалитет"),
    )
    parent = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Входит в состав"),
        required=False,
        empty_label=_("— самостоятельная организация —"),
        help_text=_("Например, структурное подразделение входит в состав школы."),
    )
    address = forms.CharField(label=_("Адрес"), max_length=400, required=False)
    website = forms.URLField(label=_("Сайт"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Электронная почта"), required=False)
    phone = forms.CharField(label=_("Телефон"), max_length=30, required=False)
    is_partner = forms.BooleanField(label=_("Партнёр сети"), required=False)
    is_active = forms.BooleanField(label=_("Действует"), required=False, initial=True)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents

    @staticmethod
    def initial_from(organisation: Organisation) -> dict:
        return {name: getattr(organisation, name) for name in EDITABLE_FIELDS}
