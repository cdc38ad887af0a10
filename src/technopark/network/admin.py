from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Municipality, Organisation, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "time_zone", "municipality_count"]
    list_filter = ["country"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(municipality_count=Count("municipalities"))

    @admin.display(description=_("муниципалитетов"), ordering="municipality_count")
    def municipality_count(self, obj):
        return obj.municipality_count


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]


class OrganisationAdminForm(forms.ModelForm):
    """The admin obeys the same rules as the pages: no cycles, one name per municipality."""

    website = forms.URLField(label=_("сайт"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = list(services.EDITABLE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        candidate = self.instance
        for field in ("name", "municipality", "parent"):
            if field in cleaned:
                setattr(candidate, field, cleaned[field])
        try:
            services.check_parent(candidate, cleaned.get("parent"))
            if cleaned.get("name") and cleaned.get("municipality"):
                services.check_unique_name(candidate)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def validate_unique(self):
        # Our message already names the clash; Django's generic one would repeat it.
        if "name" not in self.errors:
            super().validate_unique()


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "municipality", "parent", "is_partner", "is_active"]
    list_filter = ["kind", "municipality__region", "is_partner", "is_active"]
    search_fields = ["name", "short_name", "address", "municipality__name"]
    autocomplete_fields = ["parent", "municipality"]
    list_select_related = ["municipality", "parent"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "parent", "municipality"]}),
        (_("Контакты"), {"fields": ["address", "website", "email", "phone"]}),
        (_("Состояние"), {"fields": ["is_partner", "is_active", "created_at", "updated_at"]}),
    ]
