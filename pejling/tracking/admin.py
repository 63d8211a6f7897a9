from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pejling.plans.admin_mixins import TouchesStrategies

from .models import Assessment, Measurement, ReferenceSeries, ReferenceValue, StatusNote


@admin.register(Measurement)
class MeasurementAdmin(TouchesStrategies, SimpleHistoryAdmin):
    list_display = ["indicator", "period", "is_baseline", "breakdown", "level", "value", "status", "entered_at"]
    list_filter = ["indicator__strategy", "is_baseline", "status"]
    search_fields = ["indicator__name", "indicator__key", "comment", "text"]
    list_select_related = ["indicator", "level"]
    autocomplete_fields = ["indicator"]


@admin.register(StatusNote)
class StatusNoteAdmin(TouchesStrategies, SimpleHistoryAdmin):
    list_display = ["period", "title", "strategy", "initiative", "indicator"]
    list_filter = ["strategy"]
    search_fields = ["text", "title"]
    list_select_related = ["strategy", "initiative", "indicator"]
    autocomplete_fields = ["indicator"]


@admin.register(Assessment)
class AssessmentAdmin(TouchesStrategies, SimpleHistoryAdmin):
    list_display = ["period", "colour", "initiative", "indicator", "assessed_by_role", "assessed_at"]
    list_filter = ["strategy", "colour"]
    autocomplete_fields = ["indicator"]


class ReferenceValueInline(admin.TabularInline):
    model = ReferenceValue
    extra = 0


@admin.register(ReferenceSeries)
class ReferenceSeriesAdmin(TouchesStrategies, admin.ModelAdmin):
    list_display = ["name", "indicator", "kind"]
    inlines = [ReferenceValueInline]
    autocomplete_fields = ["indicator"]
