from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is evidence: it can be read and searched, never added to, edited or deleted."""

    list_display = ("at", "actor", "action", "target_type", "target_repr", "ip")
    list_filter = ("action", ("at", admin.DateFieldListFilter), "target_type")
    search_fields = (
        "target_repr",
        "target_id",
        "detail",
        "actor__email",
        "actor__last_name",
        "ip",
        "request_id",
    )
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
