"""Forms of the report pages: the period, the dashboard's filter and the DOCX template upload."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from technopark.network.models import Region
from technopark.network.selectors import organisations_managed_by

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


class PeriodForm(forms.Form):
    """A period; either end may be left empty (the report's default fills it)."""

    date_from = forms.DateField(
        label=_("С"), required=False, widget=DATE, input_formats=DATE_FORMATS
    )
    date_to = forms.DateField(
        label=_("По"), required=False, widget=DATE, input_formats=DATE_FORMATS
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(
                _("Начало периода (%(start)s) позже его конца (%(end)s). Поменяйте даты местами.")
                % {"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")},
                code="reversed",
            )
        for name in ("date_from", "date_to"):
            value = data.get(name)
            if value and not (dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31)):
                self.add_error(name, _("Укажите дату между 2000 и 2100 годом."))
        return data


def scope_choices(user) -> list[tuple[str, str]]:
    """What the dashboard may show to `user`: regions (administrators and methodists of the
    whole installation), then each organisation they manage — with those under it when it has
    any, and on its own."""
    from technopark.network.models import Organisation

    from .scope import Scope

    managed = organisations_managed_by(user)
    regions = list(Region.objects.order_by("name"))
    choices: list[tuple[str, str]] = []
    # The same rule as the report itself: a methodist who manages every organisation there is
    # today is still not a regional methodist.
    if regions and Scope.for_region(regions[0]).may_manage(user):
        choices += [
            (f"region:{r.pk}", str(_("Регион: %(name)s") % {"name": r.name})) for r in regions
        ]
    rows = (
        managed.annotate(has_children=Exists(Organisation.objects.filter(parent=OuterRef("pk"))))
        .order_by("name")
        .values_list("pk", "name", "short_name", "has_children")
    )
    # Tuples, not model objects: an administrator has every organisation (2,000 at region
    # scale) in this list on every view of the dashboard.
    with_children = str(_("%(name)s с подведомственными"))
    for pk, full_name, short_name, has_children in rows:
        name = short_name or full_name
        if has_children:
            choices.append((f"organisation:{pk}+", with_children % {"name": name}))
        choices.append((f"organisation:{pk}", name))
    return choices


class DashboardForm(PeriodForm):
    # A text field checked against `scope_choices`, not a ChoiceField: Django normalises every
    # choice of a ChoiceField when they are set, a third of a warm dashboard page for an
    # administrator's 2,000 organisations. views.dashboard.scope_select draws the <select>.
    scope = forms.CharField(label=_("Что показать"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_choices = choices = scope_choices(user)
        if self.is_bound and not self.data.get("scope") and choices:
            # Nothing chosen yet: the first (widest) scope, shown as selected in the filter.
            self.data = self.data.copy()
            self.data["scope"] = choices[0][0]

    def clean_scope(self) -> str:
        value = self.cleaned_data["scope"]
        if value and value not in {key for key, _label in self.scope_choices}:
            raise ValidationError(
                _("Выберите, что показать, из списка: такого варианта нет или он вам недоступен."),
                code="invalid_choice",
            )
        return value


class TemplateUploadForm(forms.Form):
    template = forms.FileField(
        label=_("Шаблон отчёта (DOCX)"),
        widget=forms.FileInput(attrs={"accept": ".docx"}),
        help_text=_("Документ Word с полями вида {{ events_held }}; список полей — в руководстве."),
    )

    def clean_template(self):
        upload = self.cleaned_data["template"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise ValidationError(_("Файл больше 10 МБ: шаблону столько не нужно."))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError(
                _("Это не документ Word (DOCX). Сохраните шаблон в формате .docx.")
            )
        return upload
