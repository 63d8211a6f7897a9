"""Admin for consultants correcting the plan. Labels come from the models (Danish via i18n)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .admin_mixins import TouchesStrategies
from .models import (
    FocusArea,
    Indicator,
    Initiative,
    InitiativeUnit,
    Membership,
    Milestone,
    Organisation,
    Role,
    Scale,
    ScaleLevel,
    Strategy,
    Target,
    Unit,
)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fk_name = "organisation"


@admin.register(Organisation)
class OrganisationAdmin(TouchesStrategies, admin.ModelAdmin):
    list_display = ["name", "slug", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(TouchesStrategies, admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "parent"]
    list_filter = ["organisation"]
    search_fields = ["name"]


class FocusAreaInline(admin.StackedInline):
    model = FocusArea
    extra = 0


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Strategy)
class StrategyAdmin(TouchesStrategies, SimpleHistoryAdmin):
    list_display = ["title", "organisation", "kind", "starts_on", "ends_on", "published"]
    list_filter = ["organisation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(TouchesStrategies, admin.ModelAdmin):
    list_display = ["code", "title", "strategy", "order"]
    list_filter = ["strategy"]
    search_fields = ["title"]


class InitiativeUnitInline(admin.TabularInline):
    model = InitiativeUnit
    extra = 0
    autocomplete_fields = ["unit"]


class InitiativeRoleInline(RoleInline):
    fk_name = "initiative"
    exclude = ["strategy"]


@admin.register(Initiative)
class InitiativeAdmin(TouchesStrategies, SimpleHistoryAdmin):
    list_display = ["code", "title", "strategy", "focus_area", "state"]
    list_filter = ["strategy", "state"]
    search_fields = ["code", "title", "purpose"]
    list_select_related = ["strategy", "focus_area"]
    inlines = [InitiativeUnitInline]
    fieldsets = [
        (None, {"fields": ["strategy", "focus_area", "code", "order", "title", "state"]}),
        ("Handleplan", {"fields": ["subgoal", "purpose", "target_group", "challenges", "builds_on", "activities",
                                   "timeline", "monitoring", "economy"]}),
        ("Lukning", {"fields": ["closed_period", "closed_reason"]}),
    ]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["kind", "origin", "period", "value", "change", "change_unit", "level", "breakdown", "text", "note"]


@admin.register(Indicator)
class IndicatorAdmin(TouchesStrategies, SimpleHistoryAdmin):
    list_display = ["key", "short_name", "kind", "initiative", "strategy", "unit", "direction"]
    list_filter = ["strategy", "kind", "horizon", "direction"]
    search_fields = ["key", "name", "method", "source"]
    list_select_related = ["strategy", "initiative"]
    autocomplete_fields = ["replaced_by"]
    inlines = [TargetInline]
    fieldsets = [
        (None, {"fields": ["strategy", "focus_area", "initiative", "key", "order", "name", "description", "kind"]}),
        ("Måling", {"fields": ["unit", "decimals", "direction", "horizon", "scale", "method", "source"]}),
        ("Som det står i dokumentet", {"fields": ["baseline_text", "target_text"]}),
        ("Glidebane", {"fields": ["glide_kind", "glide_rate"]}),
        ("Udgår", {"fields": ["retired_period", "retired_reason", "replaced_by"]}),
    ]

    @admin.display(description="navn")
    def short_name(self, obj):
        return str(obj)


@admin.register(Milestone)
class MilestoneAdmin(IndicatorAdmin):
    list_filter = ["strategy", "horizon"]


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(Scale)
class ScaleAdmin(TouchesStrategies, admin.ModelAdmin):
    list_display = ["name", "strategy", "key"]
    inlines = [ScaleLevelInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "active"]
    list_filter = ["organisation", "role", "active"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["units"]
