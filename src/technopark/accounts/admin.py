from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services, tokens
from .models import (
    ApiToken,
    ChildProfile,
    ConsentText,
    ErasureRequest,
    GuardianConsent,
    Membership,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    readonly_fields = ["granted_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = [
        "email",
        "last_name",
        "first_name",
        "organisation",
        "is_active",
        "is_staff",
        "anonymised_at",
    ]
    list_filter = ["memberships__role", "organisation", "is_active", "is_staff"]
    search_fields = ["email", "last_name", "first_name", "patronymic"]
    ordering = ["last_name", "first_name"]
    readonly_fields = ["date_joined", "last_login", "anonymised_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Личные данные"),
            {
                "fields": [
                    "last_name",
                    "first_name",
                    "patronymic",
                    "phone",
                    "position",
                    "avatar",
                    "language",
                ]
            },
        ),
        (_("Где работает"), {"fields": ["organisation", "municipality"]}),
        (_("Доступ"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Даты"), {"fields": ["date_joined", "last_login", "anonymised_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "last_name",
                    "first_name",
                    "organisation",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    filter_horizontal: list = []

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation").distinct()


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "effective_from"]

    def get_readonly_fields(self, request, obj=None):
        # A text someone has agreed to is a record of what they agreed to: publish a new version.
        if obj is not None and GuardianConsent.objects.filter(text=obj).exists():
            return ["version", "title", "body", "publication_clause", "effective_from"]
        return []


class GuardianConsentInline(admin.TabularInline):
    model = GuardianConsent
    extra = 0
    can_delete = False
    fields = ["guardian", "text", "given_at", "allow_publication", "ip", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # consent is given by the guardian, on their page


@admin.register(ChildProfile)
class ChildProfileAdmin(admin.ModelAdmin):
    inlines = [GuardianConsentInline]
    list_display = ["__str__", "birth_date", "school", "municipality", "guardian", "anonymised_at"]
    list_filter = ["municipality", "anonymised_at"]
    search_fields = ["last_name", "first_name", "guardian__email", "guardian__last_name"]
    autocomplete_fields = ["guardian", "account"]
    readonly_fields = ["anonymised_at", "created_at", "updated_at"]
    actions = ["anonymise"]

    def has_add_permission(self, request):
        return False  # a child is added together with the guardian's consent, on their page

    @admin.action(description=_("Обезличить (согласие отозвано письменно)"))
    def anonymise(self, request, queryset):
        for child in queryset.filter(anonymised_at=None):
            services.anonymise_child(child, by=request.user)
        self.message_user(request, _("Готово."), messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__email"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # issued by the owner on their profile page, shown to them once

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay listed for the audit trail

    @admin.action(description=_("Отозвать"), permissions=["view"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at=None):
            tokens.revoke_token(token)
            count += 1
        self.message_user(
            request, gettext("Отозвано токенов: %(n)d.") % {"n": count}, messages.SUCCESS
        )


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "requested_at", "completed_at"]
    list_filter = ["completed_at"]
    search_fields = ["user__email", "user__last_name"]
    fields = ["user", "requested_at", "reason", "completed_at"]
    readonly_fields = fields
    actions = ["anonymise"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Обезличить"))
    def anonymise(self, request, queryset):
        done = 0
        for erasure in queryset.filter(completed_at=None).select_related("user"):
            try:
                services.anonymise_user(erasure.user, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{erasure.user}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request, gettext("Обезличено пользователей: %(n)d.") % {"n": done}, messages.SUCCESS
            )
