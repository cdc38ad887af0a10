"""The contests admin, in Russian: a contest with its nominations, age categories and stages;
a stage with its jury and criteria; an entry with authors, files and stages; read-mostly lists
of assignments, scores, conflicts and diplomas. Scores and places change through the services
(the pages), so the admin shows them and lets the organiser correct reference data."""

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import (
    AgeCategory,
    Assignment,
    Conflict,
    Contest,
    Criterion,
    Diploma,
    Entry,
    EntryAuthor,
    EntryFile,
    EntryStage,
    JuryMember,
    Nomination,
    Score,
    Stage,
)


class NominationInline(admin.TabularInline):
    model = Nomination
    extra = 1
    fields = ["position", "name", "description"]


class AgeCategoryInline(admin.TabularInline):
    model = AgeCategory
    extra = 0
    fields = ["name", "min_age", "max_age"]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["position", "title", "kind", "starts_on", "ends_on", "status", "pass_rule"]
    show_change_link = True


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "level", "organisation", "status", "submission_closes_at"]
    list_filter = ["status", "kind", "level", "audience"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organisation", "event"]
    filter_horizontal = ["partners"]
    date_hierarchy = "submission_closes_at"
    inlines = [NominationInline, AgeCategoryInline, StageInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "level", "audience", "status"]}),
        (_("Организаторы"), {"fields": ["organisation", "partners", "event"]}),
        (
            _("Описание и положение"),
            {"fields": ["goal", "description", "regulations", "jury_feedback"]},
        ),
        (
            _("Сроки"),
            {"fields": ["submission_opens_at", "submission_closes_at", "results_published_at"]},
        ),
        (
            _("Правила приёма"),
            {"fields": ["entries_per_nomination", "min_age", "max_age", "max_file_mb"]},
        ),
        (
            _("Оценка и итоги"),
            {
                "fields": [
                    "blind_review",
                    "judges_per_entry",
                    "show_scores_after_close",
                    "aggregation",
                    "normalise",
                    "award_rule",
                ]
            },
        ),
    ]


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 1
    fields = ["user", "role", "nomination"]
    raw_id_fields = ["user"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["position", "name", "description", "max_points", "weight", "is_tie_break"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "contest", "kind", "status", "starts_on", "ends_on", "jury_count"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "contest__title"]
    raw_id_fields = ["contest"]
    inlines = [CriterionInline, JuryMemberInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("contest")
            .annotate(jury_count=Count("jury", distinct=True))
        )

    @admin.display(description=_("членов жюри"), ordering="jury_count")
    def jury_count(self, obj):
        return obj.jury_count


class EntryAuthorInline(admin.TabularInline):
    model = EntryAuthor
    extra = 0
    fields = ["position", "role", "full_name", "user", "child"]
    raw_id_fields = ["user", "child"]


class EntryFileInline(admin.TabularInline):
    model = EntryFile
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # files are content-checked on upload, only through the pages


class EntryStageInline(admin.TabularInline):
    model = EntryStage
    extra = 0
    fields = [
        "stage",
        "admission",
        "raw_score",
        "normalised_score",
        "rank",
        "tie_break_vote",
        "outcome",
        "direction",
    ]
    readonly_fields = ["stage", "raw_score", "normalised_score", "rank"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "contest",
        "nomination",
        "status",
        "final_score",
        "rank",
        "place",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["status", "place", "contest"]
    search_fields = ["title", "authors__full_name", "contest__title"]
    raw_id_fields = ["submitted_by", "organisation", "municipality", "current_stage"]
    readonly_fields = ["submitted_at", "withdrawn_at", "final_score", "rank"]
    inlines = [EntryAuthorInline, EntryFileInline, EntryStageInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contest", "nomination")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["entry", "judge", "stage", "is_manual", "conflict_overridden", "scored"]
    list_filter = ["is_manual", "stage__contest"]
    search_fields = ["entry__title", "judge__last_name", "judge__email"]
    raw_id_fields = ["stage", "entry", "judge"]
    readonly_fields = ["completed_at", "reminded_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("entry", "judge", "stage")
            .annotate(score_count=Count("scores"))
        )

    @admin.display(description=_("оценка завершена"), boolean=True)
    def scored(self, obj):
        return obj.completed_at is not None


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["assignment", "criterion", "points", "updated_at"]
    list_filter = ["criterion__stage__contest"]
    raw_id_fields = ["assignment", "criterion"]

    def has_add_permission(self, request):
        return False  # a judge scores on the workspace page, where the maximum is checked


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "reason", "declared_by", "declared_at"]
    search_fields = ["reason", "judge__last_name", "entry__title"]
    raw_id_fields = ["entry", "judge", "declared_by"]


@admin.register(Diploma)
class DiplomaAdmin(admin.ModelAdmin):
    list_display = ["number", "recipient", "place", "contest", "issued_at"]
    list_filter = ["place", "contest"]
    search_fields = ["number", "recipient"]
    raw_id_fields = ["contest", "entry", "author"]
    readonly_fields = ["token", "issued_at"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["name", "contest", "position", "works"]
    search_fields = ["name", "contest__title"]
    raw_id_fields = ["contest"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(works=Count("entries", filter=Q(entries__status=Entry.Status.SUBMITTED)))
        )

    @admin.display(description=_("работ"), ordering="works")
    def works(self, obj):
        return obj.works
