"""Reads of the plan for pages, reports and the API, each in a constant number of queries."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from pejling.tracking.models import Measurement, ReferenceSeries, StatusNote

from .models import Indicator, Initiative, Organisation, Strategy


def organisation_list():
    return Organisation.objects.prefetch_related(
        Prefetch("strategies", queryset=Strategy.objects.annotate(
            initiative_count=Count("initiatives", distinct=True),
            indicator_count=Count("indicators", distinct=True)))
    ).order_by("name")


def strategy_get(*, slug: str) -> Strategy:
    return get_object_or_404(
        Strategy.objects.select_related("organisation").prefetch_related("focus_areas"),
        slug=slug,
    )


def _indicator_prefetches():
    return (
        "targets__level",
        Prefetch("measurements", queryset=Measurement.objects.select_related("level")),
        Prefetch("references", queryset=ReferenceSeries.objects.prefetch_related("values")),
        Prefetch("status_notes", queryset=StatusNote.objects.order_by("period_end", "order")),
        "scale__levels",
    )


def initiative_get(*, strategy_slug: str, code: str) -> Initiative:
    return get_object_or_404(
        Initiative.objects.select_related("strategy__organisation", "focus_area")
        .prefetch_related(
            "unit_links__unit", "roles__unit", "assessments",
            Prefetch("status_notes", queryset=StatusNote.objects.order_by("period_end", "order")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("replaced_by")
                     .prefetch_related(*_indicator_prefetches()).order_by("order")),
        ),
        strategy__slug=strategy_slug, code=code,
    )


def initiatives_with_indicators(*, strategy: Strategy):
    """Every initiative of a strategy with its units, roles, notes, assessments and indicators
    (with targets, measurements, references and notes): what a report shows, in constant queries."""
    return list(
        Initiative.objects.filter(strategy=strategy).select_related("focus_area")
        .prefetch_related(
            "unit_links__unit", "roles__unit", "assessments",
            Prefetch("status_notes", queryset=StatusNote.objects.order_by("period_end", "order")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("replaced_by")
                     .prefetch_related(*_indicator_prefetches()).order_by("order")),
        ).order_by("order"))


def goal_indicators(*, strategy: Strategy):
    """The effect goals above initiatives (the strategy's and its focus areas'), with what a report shows."""
    return list(Indicator.objects.filter(strategy=strategy, initiative__isnull=True)
                .select_related("replaced_by", "focus_area")
                .prefetch_related("assessments", *_indicator_prefetches()).order_by("order"))
