from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    """Filters of the audit log page; a wrong value is reported and ignored, never a 500."""

    action = forms.ChoiceField(
        label=_("Действие"),
        required=False,
        choices=[("", _("все"))] + list(AuditEntry.Action.choices),
    )
    actor = forms.CharField(
        label=_("Кто"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e-mail или фамилия")}),
    )
    target_type = forms.ChoiceField(label=_("Тип объекта"), required=False)
    q = forms.CharField(
        label=_("Объект"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("название или номер")}),
    )
    date_from = forms.DateField(
        label=_("С даты"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("По дату"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, target_types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", _("все"))] + target_types

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Дата окончания раньше даты начала."))
        return data

    def filters(self) -> dict:
        """Only the values that passed validation."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            k: v
            for k, v in getattr(self, "cleaned_data", {}).items()
            if k not in self.errors and v not in (None, "")
        }
