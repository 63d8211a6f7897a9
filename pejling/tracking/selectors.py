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


def indicator_groups(*, indicator: Indicator) -> list[str]:
    """The breakdown groups an indicator knows ("Nydanske", a school): those of its measurements and
    targets, sorted. Reads the prefetched rows when there are any."""
    names = {m.breakdown for m in indicator.measurements.all()} | {t.breakdown for t in indicator.targets.all()}
    return sorted((n for n in names if n), key=str.casefold)


def latest_entry(*, indicator: Indicator, breakdown: str = "") -> list[Measurement]:
    """The rows of the latest period of one group (the total by default): the newest measured period, else
    the baseline; [] when there is neither. A distribution's period has one row per scale level."""
    rows = [m for m in indicator.measurements.all() if m.breakdown == breakdown]
    measured = [m for m in rows if not m.is_baseline and m.period_end]
    if measured:
        last = max(measured, key=lambda m: (m.period_end, m.entered_at))
        return [m for m in measured if m.period == last.period]
    return [m for m in rows if m.is_baseline]


def measurement_period_rows(*, measurement: Measurement) -> list[Measurement]:
    """The stored rows of a measurement's period as one entry (a distribution's period has a row per level)."""
    m = measurement
    return list(Measurement.objects.filter(indicator_id=m.indicator_id, period=m.period, breakdown=m.breakdown,
                                           is_baseline=m.is_baseline, level__isnull=m.level_id is None)
                .select_related("level").order_by("pk"))


def indicator_baseline(*, indicator) -> Measurement | None:
    """The baseline of an indicator's total (not of a breakdown), as the plan form shows it."""
    if indicator.pk is None:
        return None
    return Measurement.objects.filter(indicator=indicator, is_baseline=True, breakdown="",
                                      level__isnull=True).first()
