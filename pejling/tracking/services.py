"""Writes of what happens over time: measurements, milestone status, status notes, manual colours.

Every service checks the whole input first and writes in one transaction, so a failed save
changes nothing. Problems are raised as ValidationError keyed by the form field they concern."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pejling.assessment.limits import normalise_digits
from pejling.assessment.values import counts_problem, value_problem
from pejling.plans.models import Indicator, Initiative
from pejling.plans.models.periods import clean_period
from pejling.plans.services import strategy_touch
from pejling.plans.versioning import EditConflict, conflict_changes, version_claim
from pejling.texts import formatting

from .models import Assessment, Measurement, ReferenceKind, ReferenceSeries, ReferenceValue, StatusNote
from .selectors import indicator_baseline, measurement_period_rows


def _who(user) -> dict:
    name = (user.get_full_name() or user.get_username()) if user and user.is_authenticated else ""
    return {"entered_by": user if user and user.is_authenticated else None, "entered_by_name": name}


class PeriodTaken(Exception):
    """The period already has a value, and the entry was not a confirmed correction of exactly that value
    (`expected` is the token of the rows the person saw and chose to correct). Nothing is saved."""

    def __init__(self, existing: list[Measurement]):
        super().__init__(f"the period already has {len(existing)} value(s)")
        self.existing = existing
        self.token = entry_token(existing)


def entry_token(measurements) -> str:
    """What a correction is based on: the ids and versions of a period's values ("12.3,13.1")."""
    return ",".join(f"{m.pk}.{m.version}" for m in sorted(measurements, key=lambda m: m.pk))


def _period_values(indicator, period: str, breakdown: str, *, levels: bool):
    return list(Measurement.objects.filter(indicator=indicator, period=period, breakdown=breakdown,
                                           is_baseline=False, level__isnull=not levels)
                .select_related("level").order_by("pk"))


def _write_period(*, indicator, period: str, breakdown: str = "", rows: list[tuple[dict, dict]],
                  expected: str | None, reason: str, user, levels: bool = False) -> list[Measurement]:
    """Write the values of one period: new rows freely; existing rows only as a confirmed correction of
    the versions the person saw (`expected`), each claiming its next version. `rows` holds
    (lookup extra, values) per row. The caller's transaction makes it all or nothing."""
    existing = _period_values(indicator, period, breakdown, levels=levels)
    if existing:
        if expected != entry_token(existing):
            raise PeriodTaken(existing)
        for m in existing:
            try:
                m.version = version_claim(Measurement, m.pk, m.version)
            except EditConflict:
                raise PeriodTaken(_period_values(indicator, period, breakdown, levels=levels)) from None
    by_level = {m.level_id: m for m in existing}
    saved = []
    for extra, values in rows:
        m = by_level.get(extra.get("level").pk if extra.get("level") else None) or Measurement(
            indicator=indicator, period=period, breakdown=breakdown, is_baseline=False, **extra)
        for name, value in {**values, "entered_at": timezone.now()}.items():
            setattr(m, name, value)
        m._change_reason = reason.strip()
        if user is not None and user.is_authenticated:
            m._history_user = user
        m.full_clean(validate_constraints=False)  # the database's unique constraint decides races
        try:
            with transaction.atomic():
                m.save()
        except IntegrityError:  # someone else entered the same period at the same moment
            raise PeriodTaken(_period_values(indicator, period, breakdown, levels=levels)) from None
        saved.append(m)
    return saved


def value_message(problem: str, unit: str) -> str:
    if problem == "percent_range":
        return _("The value must be a number between 0 and 100 for a percentage indicator.")
    if problem == "too_large":
        return _("The number is too large: it must be smaller than 10.000.000.000 in size.")
    return _("The value must be a finite number.")


def counts_message(problem: str) -> str:
    return {
        "empty": _("Give at least one count."),
        "negative": _("Counts cannot be negative."),
        "percent_sum": _("The shares must add up to 100 %."),
        "too_large": _("The number is too large: it must be smaller than 10.000.000.000 in size."),
        "not_whole": _("A count is a whole number: 2,5 children cannot be counted."),
    }[problem]


@transaction.atomic
def measurement_record(*, indicator: Indicator, period: str, value: Decimal, breakdown: str = "",
                       comment: str = "", user=None, expected: str | None = None, reason: str = "") -> Measurement:
    """Record a value for a period. If the period has a value already, this is a correction: allowed only
    when `expected` is the token (`entry_token`) of the value the person saw, else PeriodTaken. History
    keeps the old value with the `reason` for the correction."""
    if indicator.kind != "numeric":
        raise ValidationError({"value": _("This indicator is not measured as a single number.")})
    p = clean_period(period, "period", required=True)
    problem = value_problem(float(value), unit=indicator.unit)
    if problem:
        raise ValidationError({"value": value_message(problem, indicator.unit)})
    [m] = _write_period(indicator=indicator, period=p.text, breakdown=breakdown.strip(), expected=expected,
                        reason=reason, user=user, rows=[({}, {"value": value, "comment": comment.strip(), **_who(user)})])
    strategy_touch(indicator.strategy_id, measurements_of=[indicator.id])
    return m


@transaction.atomic
def counts_record(*, indicator: Indicator, period: str, counts: dict[str, Decimal | None], comment: str = "",
                  user=None, expected: str | None = None, reason: str = "") -> list[Measurement]:
    """Record the count (or share) of every scale level for one period, all or nothing. A period that has
    counts already is corrected only as in `measurement_record`."""
    if indicator.kind != "distribution" or not indicator.scale_id:
        raise ValidationError({"period": _("This indicator is not a distribution over a scale.")})
    p = clean_period(period, "period", required=True)
    problem = counts_problem({k: None if v is None else float(v) for k, v in counts.items()}, unit=indicator.unit)
    if problem:
        raise ValidationError({"__all__": counts_message(problem)})
    levels = {lv.code: lv for lv in indicator.scale.levels.all()}
    unknown = sorted(set(counts) - set(levels))
    if unknown:
        raise ValidationError({"__all__": _("Unknown scale level: %(codes)s") % {"codes": ", ".join(unknown)}})
    saved = _write_period(indicator=indicator, period=p.text, expected=expected, reason=reason, user=user,
                          levels=True, rows=[({"level": levels[code]}, {"value": value, "comment": comment.strip(),
                                                                        **_who(user)})
                                             for code, value in counts.items() if value is not None])
    strategy_touch(indicator.strategy_id, measurements_of=[indicator.id])
    return saved


@transaction.atomic
def milestone_status_set(*, indicator: Indicator, period: str, status: str, comment: str = "",
                         user=None, expected: str | None = None, reason: str = "") -> Measurement:
    """The milestone's status for a period; a period with a status already is corrected as in `measurement_record`."""
    if indicator.kind != "milestone":
        raise ValidationError({"status": _("This indicator is not a milestone.")})
    p = clean_period(period, "period", required=True)
    if status not in {"done", "on_the_way", "not_done"}:
        raise ValidationError({"status": _("Choose a status.")})
    [m] = _write_period(indicator=indicator, period=p.text, expected=expected, reason=reason, user=user,
                        rows=[({}, {"status": status, "comment": comment.strip(), **_who(user)})])
    strategy_touch(indicator.strategy_id, measurements_of=[indicator.id])
    return m


@transaction.atomic
def status_note_add(*, initiative: Initiative, period: str, text: str, title: str = "", role: str = "",
                    user=None) -> StatusNote:
    """A dated narrative on the initiative. `role` names a role, never a person (notes are public)."""
    period = clean_period(period, "period", required=True).text  # digits normalised, like every period
    if not text.strip():
        raise ValidationError({"text": _("Write the status note.")})
    order = initiative.status_notes.count()
    note = StatusNote(strategy_id=initiative.strategy_id, initiative=initiative, period=period.strip(),
                      title=title.strip(), text=text.strip(), author_role=role.strip(), order=order)
    note.full_clean()
    note.save()
    strategy_touch(initiative.strategy_id, plan=True)
    return note


@transaction.atomic
def assessment_record(*, initiative: Initiative | None = None, indicator: Indicator | None = None, period: str,
                      colour: str, reason: str, role: str = "", user=None) -> Assessment:
    """A person's colour for an initiative or for one goal (an indicator at any level) for a period. It
    overrides the computed colour for that period and the next, and is shown with its reason."""
    if (initiative is None) == (indicator is None):
        raise ValueError("assess either an initiative or an indicator")
    period = clean_period(period, "period", required=True).text
    if colour not in {"green", "yellow", "red", "none"}:
        raise ValidationError({"colour": _("Choose a colour.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the colour: it is shown next to it.")})
    strategy_id = (initiative or indicator).strategy_id
    a = Assessment(strategy_id=strategy_id, initiative=initiative, indicator=indicator, period=period.strip(),
                   colour=colour, reason=reason.strip(), assessed_by=_who(user)["entered_by"],
                   assessed_by_role=role.strip())
    a.full_clean()
    a.save()
    strategy_touch(strategy_id, plan=True)
    return a


def _changed_meanwhile() -> ValidationError:
    return ValidationError({"__all__": _("Someone else changed this value while you looked at it. Nothing is "
                                         "saved: look at it again.")})


def _shown(indicator, rows) -> str:
    values = ", ".join(f"{m.level.label} {formatting.number(m.value)}" if m.level else
                       formatting.with_unit(m.value, indicator.unit) for m in rows if m.value is not None)
    return f"{values} ({formatting.period(rows[0].period) if rows[0].period else _('time not stated')})"


@transaction.atomic
def baseline_set(*, measurement: Measurement, baseline: bool, reason: str, user=None,
                 expected: str | None = None) -> list[Measurement]:
    """Make a measured period the indicator's baseline (`baseline=True`), or a baseline an ordinary measurement
    again. A distribution's period moves with all its categories. One baseline per indicator, group and
    category: a second is refused until the first is made ordinary. `expected` is the `entry_token` of the rows
    the person saw; the history keeps the change with its `reason`."""
    indicator = measurement.indicator
    if indicator.kind not in ("numeric", "distribution"):
        raise ValidationError({"__all__": _("Only a number or a distribution has a baseline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason: the baseline decides the expected course and the "
                                           "colour.")})
    rows = measurement_period_rows(measurement=measurement)
    if not rows or (expected is not None and expected != entry_token(rows)):
        raise _changed_meanwhile()
    if measurement.is_baseline == baseline:
        raise ValidationError({"__all__": _("It is the baseline already.") if baseline else
                               _("It is an ordinary measurement already.")})
    others = Measurement.objects.filter(indicator=indicator, breakdown=measurement.breakdown, is_baseline=baseline,
                                        level__isnull=measurement.level_id is None)
    if baseline:
        existing = list(others.select_related("level").order_by("period_end", "pk"))
        if existing:
            raise ValidationError({"__all__": _("There is a baseline already: %(values)s. Make it an ordinary "
                                                "measurement first, then mark this one.") % {
                "values": _shown(indicator, [m for m in existing if m.period == existing[0].period])}})
    else:
        if not measurement.period:
            raise ValidationError({"__all__": _("A baseline without a period cannot be an ordinary measurement: "
                                                "delete it instead, or enter the measurement with its period.")})
        clash = list(others.filter(period=measurement.period).select_related("level"))
        if clash:
            raise ValidationError({"__all__": _("%(period)s has an ordinary measurement already: %(values)s. Delete "
                                                "one of the two first.") % {
                "period": formatting.period(measurement.period), "values": _shown(indicator, clash)}})
    for m in rows:
        try:
            m.version = version_claim(Measurement, m.pk, m.version)
        except EditConflict:
            raise _changed_meanwhile() from None
        m.is_baseline = baseline
        m._change_reason = reason.strip()
        if user is not None and user.is_authenticated:
            m._history_user = user
        m.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                m.save()
        except IntegrityError:  # someone made the same change at the same moment
            raise _changed_meanwhile() from None
    strategy_touch(indicator.strategy_id, measurements_of=[indicator.id])
    return rows


@transaction.atomic
def reference_series_save(*, indicator: Indicator, series: ReferenceSeries | None = None, name: str, kind: str,
                          source: str = "", values: list[dict], version: int | None = None,
                          user=None) -> ReferenceSeries:
    """Create (`series=None`) or edit a series to compare the indicator with (the national average, comparable
    municipalities) together with its values, all or nothing. `values` is the whole new list of
    {"id" (of a stored value, or None), "period", "value", "comment"}: stored values left out are deleted.
    A value obeys the rules of the indicator's measurements (its unit); each period once. An edit claims the
    next version of the series: EditConflict if someone saved it after `version`. Problems are raised keyed
    "name", "kind" or "values-<i>-<field>" (i: the position in `values`)."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the series a name, e.g. Landsgennemsnit.")]
    if kind not in ReferenceKind.values:
        errors["kind"] = [_("Choose what the series is.")]
    seen, rows = {}, []
    for i, v in enumerate(values):
        try:
            period = clean_period(normalise_digits(v.get("period") or "").strip(), "period", required=True).text
        except ValidationError as exc:
            errors[f"values-{i}-period"] = exc.message_dict["period"]
            period = None
        if period in seen:
            errors[f"values-{i}-period"] = [_("%(period)s appears twice in the series.") % {
                "period": formatting.period(period)}]
        seen[period] = i
        value = v.get("value")
        problem = "not_finite" if value is None else value_problem(float(value), unit=indicator.unit)
        if problem:
            errors[f"values-{i}-value"] = [value_message(problem, indicator.unit)]
        rows.append((v.get("id"), period, value, (v.get("comment") or "").strip()))
    if errors:
        raise ValidationError(errors)
    if series is None:
        series = ReferenceSeries(indicator=indicator, order=indicator.references.count())
    else:
        try:
            series.version = version_claim(ReferenceSeries, series.pk, version)
        except EditConflict as conflict:
            if conflict.current is not None:
                conflict.changed = conflict_changes(
                    current=conflict.current, base_version=version, fields=["name", "kind", "source"],
                    yours=ReferenceSeries(name=name.strip(), kind=kind, source=source.strip()))
            raise
    series.name, series.kind, series.source = name.strip(), kind, source.strip()
    _audit_by(series, user)
    series.full_clean()
    series.save()
    stored = {rv.pk: rv for rv in series.values.all()} if series.pk else {}
    kept = {pk for pk, *_rest in rows if pk in stored}
    for pk, rv in stored.items():  # deletions first, so a period moved to another row is free
        if pk not in kept:
            _audit_by(rv, user)
            rv.delete()
    for pk, period, value, comment in rows:
        rv = stored.get(pk) or ReferenceValue(series=series)
        if rv.pk and (rv.period, rv.value, rv.comment) == (period, value, comment):
            continue
        rv.period, rv.value, rv.comment = period, value, comment
        _audit_by(rv, user)
        rv.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                rv.save()
        except IntegrityError:  # two rows swapped periods, or a concurrent save: nothing is kept
            raise ValidationError({"__all__": _("Two values cannot have the same period. Nothing is saved.")}) \
                from None
    strategy_touch(indicator.strategy_id, plan=True)
    return series


def _audit_by(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


@transaction.atomic
def baseline_value_set(*, indicator: Indicator, period: str, value: Decimal | None, user=None) -> Measurement | None:
    """The baseline a numeric indicator's course starts from (its total, not a breakdown's), as the
    consultant gives it on the indicator's page: set, changed, or removed when `value` is None (the
    history keeps it). Called inside the plan form's transaction, after the indicator's version was
    claimed, so two people editing the indicator cannot overwrite each other's baseline."""
    existing = indicator_baseline(indicator=indicator)
    if value is None:
        if existing is not None:
            existing.delete()
            strategy_touch(indicator.strategy_id, measurements_of=[indicator.id])
        return None
    if indicator.kind != "numeric":
        raise ValidationError({"baseline_value": _("This indicator is not measured as a single number.")})
    period = (period or "").strip()
    clean_period(period, "baseline_period")
    problem = value_problem(float(value), unit=indicator.unit)
    if problem:
        raise ValidationError({"baseline_value": value_message(problem, indicator.unit)})
    if existing is not None and existing.period == period and existing.value == value:
        return existing
    m = existing or Measurement(indicator=indicator, is_baseline=True, breakdown="")
    m.period, m.value, m.entered_at = period, value, timezone.now()
    for name, who in _who(user).items():
        setattr(m, name, who)
    if existing is not None:
        m.version += 1
    if user is not None and user.is_authenticated:
        m._history_user = user
    m.full_clean(validate_constraints=False)
    m.save()
    strategy_touch(indicator.strategy_id, measurements_of=[indicator.id])
    return m
