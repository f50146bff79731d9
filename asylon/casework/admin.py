"""Track configuration for platform operators: stages, transitions, deadline rules with
their legal sources, intervention types. No personal data is registered here."""

from django.contrib import admin

from asylon.casework.models import (
    DeadlineRule,
    InterventionType,
    ReportingConsent,
    RetentionRule,
    Stage,
    Track,
    Transition,
)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["order", "key", "name", "is_closing", "outcome"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fk_name = "track"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("from_stage", "to_stage"):
            kwargs["queryset"] = Stage.objects.select_related("track")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0
    fields = ["stage", "label", "count", "unit", "counting", "source", "sourced"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "country", "counting", "is_active", "order"]
    list_editable = ["is_active", "order"]
    inlines = [StageInline, TransitionInline, DeadlineRuleInline]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """A changed term applies to deadlines started from now on; `manage.py
    recompute_deadlines` lists (and with --apply changes) the running ones."""

    list_display = ["label", "track", "stage", "count", "unit", "counting", "sourced", "source"]
    list_filter = ["track", "sourced"]
    list_editable = ["count", "unit"]
    filter_horizontal = ["met_by"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "met_by":
            kwargs["queryset"] = Stage.objects.select_related("track")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "is_active", "order"]
    list_editable = ["is_active", "order"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["organisation", "months_after_closing", "is_active"]


@admin.register(ReportingConsent)
class ReportingConsentAdmin(admin.ModelAdmin):
    """Read-only: only the organisation's own admin decides (on /cases/settings/, audited)."""

    list_display = ["organisation", "share_with_funders", "changed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
