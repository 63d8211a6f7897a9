"""Reads that join the plan with what happened over time, for pages, reports and the API,
each in a constant number of queries."""

from collections import defaultdict

from django.db.models import Prefetch, Q
from django.db.models.functions import Length
from django.http import Http404
from django.shortcuts import get_object_or_404

from pejling.assessment.limits import group_order
from pejling.plans.models import Indicator, Initiative, InitiativeUnit, Role, ScaleLevel, Strategy, Target

from .measurement_rows import measurement_rows
from .models import MEASUREMENT_ORDER, Measurement, ReferenceSeries, ReferenceValue, StatusNote


def _notes():
    return Prefetch("status_notes", queryset=StatusNote.objects.order_by("period_end", "order", "id"))


# Forward relations are joined (select_related), never prefetched: a prefetch through relations that
# are all empty is skipped, and a page's number of queries would depend on what its indicators are.
# Prefetches sort within their indicator or series only: the models' default orderings start with
# "indicator" (or "series"), which sorts by organisation name and strategy title through three joins,
# most of the query's time at a national strategy, to no end in rows grouped by indicator anyway.
def targets_prefetch():
    return Prefetch("targets", queryset=Target.objects.select_related("level").order_by("order", "id"))


def references_prefetch():
    return Prefetch("references", queryset=ReferenceSeries.objects.order_by("order", "id"))


def _indicator_prefetches(measurements=True, notes=True):
    kept = (Prefetch("measurements", queryset=Measurement.objects.select_related("level").order_by(
        *MEASUREMENT_ORDER)),) if measurements else ()
    return (targets_prefetch(), *kept, references_prefetch(), *((_notes(),) if notes else ()))


def _initiative_prefetches(measurements=True, notes=True):
    """`notes=False` leaves the status notes (the initiative's and its indicators') to the caller."""
    return (
        Prefetch("unit_links", queryset=InitiativeUnit.objects.select_related("unit")),
        Prefetch("roles", queryset=Role.objects.select_related("unit")), "assessments",
        *((_notes(),) if notes else ()),
        Prefetch("indicators", queryset=Indicator.objects.select_related("replaced_by", "scale")
                 .prefetch_related(*_indicator_prefetches(measurements, notes)).order_by("order")),
    )


def _prefetched(obj, name: str, rows: list) -> None:
    """`rows` as obj's prefetched relation `name`, as prefetch_related stores it: `obj.name.all()` reads them."""
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(name, None)
    qs = getattr(obj, name).get_queryset()
    qs._result_cache, qs._prefetch_done = rows, True
    cache[name] = qs


def levels_and_reference_values(indicators: list[Indicator]) -> list[Indicator]:
    """The scale levels and reference values of indicators fetched with `scale` joined and `references`
    prefetched: two queries whatever the indicators are (prefetch_related("scale__levels") asks nothing
    when no indicator has a scale, so a page's query count would depend on its kinds of indicators)."""
    if not indicators:
        return indicators
    ids = [ind.id for ind in indicators]
    levels = defaultdict(list)
    for lv in ScaleLevel.objects.filter(scale__indicators__in=ids).distinct():
        levels[lv.scale_id].append(lv)
    values = defaultdict(list)
    for v in ReferenceValue.objects.filter(series__indicator__in=ids).order_by("series_id", "period_end"):
        values[v.series_id].append(v)
    for ind in indicators:
        if ind.scale_id:
            _prefetched(ind.scale, "levels", levels[ind.scale_id])
        for series in ind.references.all():
            _prefetched(series, "values", values[series.id])
    return indicators


def initiative_by_code(queryset, *, strategy_slug: str, code: str) -> Initiative:
    """The initiative of `queryset` in the strategy with the code from an address, in the query that fetches
    it: `6` is the initiative coded "6", else "#6" (addresses leave the "#" out). Both spellings are asked
    for, the shorter (the code as typed) first; 404 for neither."""
    codes = {code} if code.startswith("#") else {code, "#" + code}
    found = list(queryset.filter(strategy__slug=strategy_slug, code__in=codes).order_by(Length("code"))[:1])
    if not found:
        raise Http404("No initiative matches the given query.")
    return found[0]


def initiative_get(*, strategy_slug: str, code: str) -> Initiative:
    initiative = initiative_by_code(
        Initiative.objects.select_related("strategy__organisation", "focus_area")
        .prefetch_related(*_initiative_prefetches()), strategy_slug=strategy_slug, code=code)
    levels_and_reference_values(list(initiative.indicators.all()))
    return initiative


def initiative_page_get(*, strategy_slug: str, code: str) -> Initiative:
    """initiative_get for reading only (the initiative page), in fewer queries: its measurements as plain
    rows (tracking.measurement_rows), and the status notes of the initiative and of its indicators in one."""
    initiative = initiative_by_code(
        Initiative.objects.select_related("strategy__organisation", "focus_area")
        .prefetch_related(*_initiative_prefetches(measurements=False, notes=False)),
        strategy_slug=strategy_slug, code=code)
    indicators = _with_measurement_rows(levels_and_reference_values(list(initiative.indicators.all())))
    own, notes = [], defaultdict(list)  # the initiative's notes; its indicators' by indicator
    for note in StatusNote.objects.filter(Q(initiative=initiative) | Q(indicator__in=[i.id for i in indicators])) \
            .order_by("period_end", "order", "id"):
        if note.initiative_id == initiative.id:
            own.append(note)
        if note.indicator_id:
            notes[note.indicator_id].append(note)
    _prefetched(initiative, "status_notes", own)
    for ind in indicators:
        _prefetched(ind, "status_notes", notes[ind.id])
    return initiative


def initiatives_with_indicators(*, strategy: Strategy):
    """Every initiative of a strategy with its units, roles, notes, assessments and indicators
    (with targets, measurements, references and notes): what a report shows, in constant queries."""
    initiatives = list(
        Initiative.objects.filter(strategy=strategy).select_related("focus_area")
        .prefetch_related(*_initiative_prefetches(measurements=False)).order_by("order"))
    _with_measurement_rows(levels_and_reference_values([ind for ini in initiatives for ind in ini.indicators.all()]))
    return initiatives


def goal_indicators(*, strategy: Strategy):
    """The effect goals above initiatives (the strategy's and its focus areas'), with what a report shows."""
    return _with_measurement_rows(levels_and_reference_values(list(
        Indicator.objects.filter(strategy=strategy, initiative__isnull=True)
        .select_related("replaced_by", "focus_area", "scale")
        .prefetch_related("assessments", *_indicator_prefetches(measurements=False)).order_by("order"))))


def _with_measurement_rows(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators' measurements as plain rows (tracking.measurement_rows), in one query: a report
    reads the national strategy's 13,000, and making them model instances took 0.3 s of its build."""
    rows = measurement_rows(indicators)
    for ind in indicators:
        _prefetched(ind, "measurements", rows[ind.id])
    return indicators


def indicator_groups(*, indicator: Indicator) -> list[str]:
    """The breakdown groups an indicator knows ("Nydanske", a school): those of its measurements and
    targets, sorted. Reads the prefetched rows when there are any."""
    names = {m.breakdown for m in indicator.measurements.all()} | {t.breakdown for t in indicator.targets.all()}
    return sorted((n for n in names if n), key=group_order)


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


def indicator_get(*, strategy: Strategy, key: str) -> Indicator:
    """One indicator of the strategy (an initiative's or an effect goal) with what its chart and tables
    read, in a constant number of queries; 404 for an unknown key."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("replaced_by", "scale", "initiative")
        .prefetch_related(*_indicator_prefetches(measurements=False)), strategy=strategy, key=key)
    _with_measurement_rows(levels_and_reference_values([indicator]))
    return indicator
