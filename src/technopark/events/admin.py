"""The events admin: reference lists, initiatives with their plans, events with programme and
questions, and read-mostly views of registrations and what followed. Seats change only through
the registration services, so the admin never edits a registration's status directly."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import (
    AgendaSession,
    Answer,
    Certificate,
    DiscussionQuestion,
    Event,
    EventKind,
    FeedbackResponse,
    Initiative,
    Material,
    PlanItem,
    Question,
    Registration,
    StreamViews,
)
from .services.events import EDITABLE_FIELDS, check_event
from .services.registration import cancel_registration


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "event_count"]
    list_editable = ["position"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("мероприятий"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 1
    fields = ["position", "title", "kind", "planned_for", "event"]
    raw_id_fields = ["event"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "starts_on", "ends_on", "status"]
    list_filter = ["status", "organisation"]
    search_fields = ["title", "topic", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organisation"]
    inlines = [PlanItemInline]


class AgendaSessionInline(admin.StackedInline):
    model = AgendaSession
    extra = 0
    fields = [("starts_at", "ends_at"), "title", ("room", "capacity"), "description"]


class DiscussionQuestionInline(admin.TabularInline):
    model = DiscussionQuestion
    extra = 0
    fields = ["position", "text"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "label", "kind", "required", "options", "help_text", "is_active"]


class EventAdminForm(forms.ModelForm):
    """The admin obeys the same rules as the pages: dates in order, places and links by
    format, a real time zone."""

    online_url = forms.URLField(
        label=_("ссылка на онлайн-комнату"), max_length=500, required=False, assume_scheme="https"
    )
    stream_url = forms.URLField(
        label=_("ссылка на трансляцию"), max_length=500, required=False, assume_scheme="https"
    )
    recording_url = forms.URLField(
        label=_("запись мероприятия"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Event
        fields = list(EDITABLE_FIELDS)

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            check_event(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "format", "organisation", "starts_at", "status", "registered"]
    list_filter = ["status", "kind", "format", "audience", "organisation"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organisation", "venue", "initiative"]
    filter_horizontal = ["partners"]
    list_select_related = ["kind", "organisation"]
    inlines = [AgendaSessionInline, DiscussionQuestionInline, QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "kind", "audience", "status", "initiative"]}),
        (_("Организаторы"), {"fields": ["organisation", "partners"]}),
        (
            _("Где и когда"),
            {
                "fields": [
                    "format",
                    ("starts_at", "ends_at", "time_zone"),
                    "venue",
                    ("venue_address", "venue_room"),
                    ("online_url", "online_platform"),
                    "stream_url",
                ]
            },
        ),
        (
            _("Регистрация"),
            {
                "fields": [
                    ("capacity", "waitlist", "moderation"),
                    ("registration_opens_at", "registration_closes_at"),
                ]
            },
        ),
        (_("Описание и итоги"), {"fields": ["description", "cover", "summary", "recording_url"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                registered=Count(
                    "registrations", filter=Q(registrations__status__in=Registration.ACTIVE)
                )
            )
        )

    @admin.display(description=_("записались"), ordering="registered")
    def registered(self, obj):
        return obj.registered


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["label", "value", "file"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "event", "status", "role", "municipality", "created_at"]
    list_filter = ["status", "role", "event__kind", "municipality"]
    search_fields = ["full_name", "email", "code", "organisation_name", "event__title"]
    list_select_related = ["event", "municipality"]
    raw_id_fields = ["event", "user", "organisation"]
    # Master-class places are taken only through registration, under the event lock.
    readonly_fields = [
        "event",
        "status",
        "code",
        "created_at",
        "status_changed_at",
        "user",
        "sessions",
    ]
    inlines = [AnswerInline]
    actions = ["cancel_selected"]

    def has_add_permission(self, request):
        return False  # people register through the event page or the API

    @admin.action(description=_("Отменить выбранные регистрации (места уйдут листу ожидания)"))
    def cancel_selected(self, request, queryset):
        done = 0
        for registration in queryset.select_related("event"):
            try:
                cancel_registration(registration, by=request.user)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("Отменено регистраций: %(n)s.") % {"n": done})


@admin.register(StreamViews)
class StreamViewsAdmin(admin.ModelAdmin):
    list_display = ["event", "count", "source", "recorded_on"]
    list_filter = ["recorded_on"]
    search_fields = ["event__title", "source"]
    raw_id_fields = ["event", "created_by"]


@admin.register(FeedbackResponse)
class FeedbackResponseAdmin(admin.ModelAdmin):
    list_display = ["event", "rating", "preferred_format", "would_attend_again", "submitted_at"]
    list_filter = ["preferred_format", "rating", "would_attend_again"]
    search_fields = ["event__title", "comment"]
    raw_id_fields = ["event", "registration"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "published", "created_at"]
    list_filter = ["published"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "registration", "issued_at"]
    search_fields = ["number", "registration__full_name", "registration__email"]
    raw_id_fields = ["registration"]
    readonly_fields = ["number", "verification_key", "issued_at"]
