"""Reads that join the plan with what happened over time, for pages, reports and the API,
each in a constant number of queries."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from pejling.plans.models import Indicator, Initiative, Strategy

from .models import Measurement, ReferenceSeries, StatusNote


def _notes():
    return Prefetch("status_notes", queryset=StatusNote.objects.order_by("period_end", "order"))


def _indicator_prefetches():
    return (
        "targets__level",
        Prefetch("measurements", queryset=Measurement.objects.select_related("level")),
        Prefetch("references", queryset=ReferenceSeries.objects.prefetch_related("values")),
        _notes(),
        "scale__levels",
    )


def _initiative_prefetches():
    return (
        "unit_links__unit", "roles__unit", "assessments", _notes(),
        Prefetch("indicators", queryset=Indicator.objects.select_related("replaced_by")
                 .prefetch_related(*_indicator_prefetches()).order_by("order")),
    )


def initiative_code(*, strategy_slug: str, code: str) -> str:
    """The stored code for a code from an address: `6` finds `#6` (addresses leave the "#" out)."""
    if code.startswith("#") or Initiative.objects.filter(strategy__slug=strategy_slug, code=code).exists():
        return code
    return "#" + code


def initiative_get(*, strategy_slug: str, code: str) -> Initiative:
    return get_object_or_404(
        Initiative.objects.select_related("strategy__organisation", "focus_area")
        .prefetch_related(*_initiative_prefetches()),
        strategy__slug=strategy_slug, code=initiative_code(strategy_slug=strategy_slug, code=code),
    )


def initiatives_with_indicators(*, strategy: Strategy):
    """Every initiative of a strategy with its units, roles, notes, assessments and indicators
    (with targets, measurements, references and notes): what a report shows, in constant queries."""
    return list(
        Initiative.objects.filter(strategy=strategy).select_related("focus_area")
        .prefetch_related(*_initiative_prefetches()).order_by("order"))


def goal_indicators(*, strategy: Strategy):
    """The effect goals above initiatives (the strategy's and its focus areas'), with what a report shows."""
    return list(Indicator.objects.filter(strategy=strategy, initiative__isnull=True)
                .select_related("replaced_by", "focus_area")
                .prefetch_related("assessments", *_indicator_prefetches()).order_by("order"))


def indicator_baseline(*, indicator) -> Measurement | None:
    """The baseline of an indicator's total (not of a breakdown), as the plan form shows it."""
    if indicator.pk is None:
        return None
    return Measurement.objects.filter(indicator=indicator, is_baseline=True, breakdown="",
                                      level__isnull=True).first()
