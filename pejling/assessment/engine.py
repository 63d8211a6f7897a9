"""Where an indicator, an initiative and a strategy stand: one place, pure Python.

The web, reports, API and CLI all call `assess_indicator` / `roll_up` through the
tracking service, so a rule computed here is shown the same everywhere. Results carry
reason codes with their numbers (see reasons.py), never sentences.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from .colours import Colour
from .disclosure import counts_of_children, disclose
from .freshness import Manual, is_stale, manual_for
from .goals import Goal, ResolvedGoal, resolve_goals
from .groups import comparable_with_total, group_goals
from .limits import group_order
from .milestones import MilestoneInput, assess_milestone
from .reasons import Code, Reason, Rule, reason
from .rules import Rules
from .series import SeriesInput, SeriesResult, assess_series, bound_of, direction_of
from .trajectory import Point, glide_path
from .trend import clamp, crossing, fit
from .values import shares_of, value_range

DEFAULT_RULES = Rules()

__all__ = ["Goal", "Manual", "Observation", "Level", "IndicatorFacts", "IndicatorResult", "Trend", "assess_indicator",
           "roll_up", "worst", "manual_for"]


class Observation(NamedTuple):
    """One measured value (or milestone status) as the engine reads it. A tuple, not a dataclass: a
    national strategy has thousands, and a tuple is made three times as fast."""
    when: date | None
    period: str
    value: float | None = None
    breakdown: str = ""
    level: str | None = None
    status: str = ""
    is_baseline: bool = False


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    polarity: str  # good / bad / neutral


@dataclass
class IndicatorFacts:
    key: str
    name: str
    kind: str = "numeric"
    direction: str = "none"
    unit: str = ""
    retired: bool = False
    observations: list[Observation] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    references: dict[str, list[Point]] = field(default_factory=dict)
    glide_kind: str = ""
    glide_rate: float | None = None
    manual: list[Manual] = field(default_factory=list)
    default_due: date | None = None    # the strategy's end, for targets without a due date
    start: date | None = None          # when work starts: the indicator's own start, else the strategy's
    frequency: str = "yearly"
    decimals: int = 0
    group_values: str = ""             # groups.RATES / COUNTS / UNSTATED: what a group's number is
    # A dict when the caller will not change these facts (tracking reads them once per revision and
    # assesses them for many dates): the parts of the assessment that do not depend on the date are
    # kept in it. None: everything is computed each time.
    derived: dict | None = field(default=None, compare=False, repr=False)


def _memo(facts: IndicatorFacts, key, make):
    """`make()`, kept in `facts.derived` when there is one. Only for what does not depend on the date."""
    if facts.derived is None:
        return make()
    if key not in facts.derived:
        facts.derived[key] = make()
    return facts.derived[key]


@dataclass
class Trend:
    slope_per_year: float
    forecast: float | None             # at the due date, kept within the unit's possible range
    forecast_when: date | None
    reaches_target: bool | None
    crosses: dict[str, date | None]
    start: Point | None = None         # the fitted value at the latest measurement: where a forecast line begins
    clamped: bool = False              # the straight line would leave the possible range


@dataclass
class IndicatorResult:
    key: str
    name: str
    kind: str
    colour: Colour                     # effective: the manual colour when there is one in force
    computed: Colour
    reason: Reason
    manual: Manual | None
    retired: bool
    series: list[SeriesResult]         # the headline first, then breakdowns or levels
    final: Point | None = None
    trend: Trend | None = None
    glide: list[Point] = field(default_factory=list)
    alerts: list[Reason] = field(default_factory=list)
    rule: Rule = Rule.NONE
    # Distributions: (period end, is baseline, {level: share in %}) up to the as-of date, oldest first.
    shares: list[tuple[date, bool, dict[str, float]]] = field(default_factory=list)
    manual_expired: Manual | None = None   # the last manual judgement, no longer in force
    stale: Reason | None = None            # the newest value is older than the update frequency allows
    newest: Observation | None = None      # the newest observation up to the date (baseline included)
    forecast_note: Reason | None = None    # why there is no forecast, or why it was held in range
    targets: list[ResolvedGoal] = field(default_factory=list)  # every target, resolved against the baseline
    unit: str = ""
    decimals: int = 0
    # Distributions of children: period ends whose shares the public may not see (a count below 5)
    withheld: frozenset[date] = frozenset()
    as_of: date | None = None              # the date the result is for: a chart shows nothing after it

    @property
    def withheld_now(self) -> bool:
        """The public may not see this result's shares, nor what is computed from them (progress, gap,
        expected share): its latest period or its baseline has a suppressed count."""
        return any(p.when in self.withheld for s in self.series for p in (s.latest, s.baseline) if p)

    @property
    def decisive(self) -> SeriesResult | None:
        """The series that decided the computed colour (the first of the worst), else the headline."""
        return next((s for s in self.series if s.colour == self.computed), self.series[0] if self.series else None)


def worst(colours) -> Colour:
    return max(colours, key=lambda c: c.severity, default=Colour.NONE)


def _grouped(facts: IndicatorFacts) -> tuple[dict, dict]:
    """In one pass over the observations: the first baseline of each (group, level), and each group's
    measured numbers as points. Looking them up per group instead made 1,250 groups of 240 months
    (300,000 measurements) take 31 s, a pass over every observation for each group."""
    def make():
        baselines, points = {}, {}
        for o in facts.observations:
            if o.is_baseline:
                baselines.setdefault((o.breakdown, o.level), o)
            elif o.level is None and o.value is not None and o.when:
                points.setdefault(o.breakdown, []).append(Point(o.when, o.value))
        return baselines, points
    return _memo(facts, "grouped", make)


def _baseline(facts: IndicatorFacts, breakdown: str = "", level: str | None = None) -> Observation | None:
    return _grouped(facts)[0].get((breakdown, level))


def _by_date(observations) -> tuple[list[Observation], list[date]]:
    """Observations sorted by date (stable: one day's keep their order) and their dates, for bisection."""
    ordered = sorted(observations, key=lambda o: o.when)
    return ordered, [o.when for o in ordered]


def _numeric(facts: IndicatorFacts, as_of: date, rules: Rules, breakdown: str) -> SeriesResult:
    series = _memo(facts, ("numeric", breakdown), lambda: _numeric_input(facts, breakdown))
    result = assess_series(series, as_of, rules)
    left_out = _group_goals(facts, breakdown)[1]
    if series.final is None and left_out:  # no colour, and why: not "no target"
        return replace(result, reason=reason(left_out))
    return result


def _group_goals(facts: IndicatorFacts, breakdown: str) -> tuple[list[Goal], Code | None]:
    """groups.group_goals for this indicator's series, memoised."""
    return _memo(facts, ("group goals", breakdown), lambda: group_goals(
        facts.goals, breakdown, own_baseline=_baseline(facts, breakdown) is not None,
        comparable=comparable_with_total(facts.group_values, facts.unit)))


def _numeric_input(facts: IndicatorFacts, breakdown: str) -> SeriesInput:
    own = _baseline(facts, breakdown)
    base = own or _baseline(facts)
    base_value = base.value if base else None
    goals = _group_goals(facts, breakdown)[0]
    path = resolve_goals(goals, base_value, facts.default_due)
    direction = direction_of(facts.direction, base_value, path.final.value if path.final else None)
    bound = bound_of(path.bound, direction, base_value, path.final.value if path.final else None)
    targets = path.points
    # A glide path ("5 % a year") runs from the series' own baseline; "2 fewer a year" is no count's part's
    glides = not breakdown or own is not None and (
        facts.glide_kind == "relative" or comparable_with_total(facts.group_values, facts.unit))
    if facts.glide_kind and base and base.when and path.final and not path.has_interim and not bound and glides:
        targets = targets + glide_path(Point(base.when, base_value), facts.glide_kind, facts.glide_rate or 0,
                                       path.final.when)[:-1]
    obs = list(_grouped(facts)[1].get(breakdown, ()))
    return SeriesInput(breakdown, direction, base_value, base.when if base else None, targets, path.final, obs, bound)


def _shares(facts: IndicatorFacts) -> dict[tuple, dict[str, float]]:
    """Per (period end, is_baseline): share in % of each level."""
    groups: dict[tuple, dict[str, float]] = {}
    for o in facts.observations:
        if o.level is not None and o.value is not None and o.breakdown == "":
            groups.setdefault((o.when, o.is_baseline), {})[o.level] = o.value
    return {k: shares_of(vals, facts.unit) for k, vals in groups.items()}


def _withheld(facts: IndicatorFacts) -> frozenset[date]:
    if not counts_of_children(facts.kind, facts.unit):
        return frozenset()
    periods: dict[tuple, dict[str, float]] = {}
    for o in facts.observations:
        if o.level is not None and o.value is not None and o.breakdown == "" and o.when:
            periods.setdefault((o.when, o.is_baseline), {})[o.level] = o.value
    return frozenset(when for (when, _b), counts in periods.items() if not disclose(counts).shares_shown)


def _distribution(facts: IndicatorFacts, shares: dict, as_of: date, rules: Rules) -> list[SeriesResult]:
    inputs = _memo(facts, "distribution", lambda: _distribution_inputs(facts, shares))
    return [assess_series(series, as_of, rules) for series in inputs]


def _distribution_inputs(facts: IndicatorFacts, shares: dict) -> list[SeriesInput]:
    base_key = next((k for k in shares if k[1]), None)
    out = []
    for level in facts.levels:
        goals = [g for g in facts.goals if g.level == level.code]
        if not goals:
            continue
        base_share = shares[base_key].get(level.code) if base_key else None
        path = resolve_goals(goals, base_share, facts.default_due)
        stated = {"good": "up", "bad": "down"}.get(level.polarity, "none")
        final_value = path.final.value if path.final else None
        direction = direction_of(stated, base_share, final_value)
        bound = bound_of(path.bound, direction, base_share, final_value)
        obs = [Point(k[0], v[level.code]) for k, v in shares.items() if not k[1] and level.code in v and k[0]]
        out.append(SeriesInput(level.label, direction, base_share, base_key[0] if base_key else None, path.points,
                               path.final, obs, bound))
    return out


def _milestone(facts: IndicatorFacts, as_of: date) -> SeriesResult:
    return assess_milestone(_memo(facts, "milestone", lambda: _milestone_input(facts)), as_of)


def _milestone_input(facts: IndicatorFacts) -> MilestoneInput:
    base = _baseline(facts)
    path = resolve_goals([g for g in facts.goals if g.level is None and g.breakdown == ""],
                         base.value if base else None, facts.default_due)
    due = path.final.when if path.final else max((g.when for g in facts.goals if g.when), default=facts.default_due)
    reports = sorted(((o.when, o.status, o.value) for o in facts.observations
                      if o.when and not o.is_baseline and o.breakdown == ""), key=lambda r: r[0])
    return MilestoneInput(
        start=facts.start, due=due, target=path.final.value if path.final else None,
        start_value=base.value if base and base.value is not None else 0.0,
        direction=-1 if facts.direction == "down" else 1, reports=reports)


def _total(facts: IndicatorFacts) -> list[Observation]:
    return _memo(facts, "total", lambda: [
        o for o in facts.observations if o.when and o.breakdown == "" and o.level is None and o.value is not None])


def _trend(facts: IndicatorFacts, as_of: date, final: Point | None, direction: int) -> tuple[Trend | None, Reason | None]:
    """A straight line through the measurements, only when at least two came after the baseline. It
    depends on the date only through which measurements and reference values are known by then, so
    the many dates between two measurements share one fit."""
    whens = _memo(facts, "total dates", lambda: sorted(o.when for o in _total(facts)))
    refs = _memo(facts, "reference dates", lambda: [sorted(p.when for p in ref) for ref in facts.references.values()])
    known = (bisect_right(whens, as_of), tuple(bisect_right(ref, as_of) for ref in refs))
    return _memo(facts, ("trend", final, direction, known), lambda: _fit(facts, as_of, final, direction))


def _fit(facts: IndicatorFacts, as_of: date, final: Point | None, direction: int) -> tuple[Trend | None, Reason | None]:
    base = _baseline(facts)
    total = [o for o in _total(facts) if o.when <= as_of]
    after = [o for o in total if not o.is_baseline and (base is None or base.when is None or o.when > base.when)]
    if len({o.when for o in after}) < 2:
        return None, reason(Code.FORECAST_NEEDS_TWO) if final and after else None
    points = [Point(o.when, o.value) for o in total]
    line = fit(points)
    low, high = value_range(facts.unit, may_be_negative=any(o.value < 0 for o in total))
    forecast, clamped, note = None, False, None
    latest_when = max(p.when for p in points)
    if final and final.when > latest_when:  # a forecast only for a deadline still ahead of the data
        raw = line.at(final.when)
        forecast = clamp(raw, low, high)
        clamped = forecast != raw
        if clamped:
            note = reason(Code.FORECAST_CLAMPED, limit=forecast)
    reaches = None if forecast is None or direction == 0 else (forecast - final.value) * direction >= 0
    latest = max(p.when for p in points)
    crosses = {name: crossing(line, [p for p in ref if p.when <= as_of], latest)
               for name, ref in facts.references.items()}
    start = Point(latest, clamp(line.at(latest), low, high))
    return Trend(line.slope, forecast, final.when if final else None, reaches, crosses, start, clamped), note


def _no_effect(facts: IndicatorFacts, as_of: date, direction: int, rules: Rules) -> list[Reason]:
    """Only for indicators with a target: a context figure without a goal raises no alarm."""
    base = _baseline(facts)
    after = _memo(facts, "after baseline", lambda: [
        o for o in facts.observations if not o.is_baseline and o.breakdown == "" and o.level is None
        and o.value is not None and o.when and (base is None or base.when is None or o.when > base.when)])
    obs = sorted((o for o in after if o.when <= as_of), key=lambda o: o.when)
    window = obs[-rules.no_effect_window:]
    if base is None or base.value is None or direction == 0 or len(window) < rules.no_effect_window:
        return []
    if all((o.value - base.value) * direction <= 0 for o in window):
        return [reason(Code.NO_EFFECT, n=len(window), shown=[[o.period, o.value] for o in window],
                       base_period=base.period, base_value=base.value, unit=facts.unit, decimals=facts.decimals)]
    return []


def _resolved(facts: IndicatorFacts, shares: dict) -> list[ResolvedGoal]:
    """Every target resolved against its own baseline: the total's, a breakdown's, or a level's share."""
    base_shares = next((v for k, v in shares.items() if k[1]), {})
    out = []
    for g in facts.goals:
        if g.level is not None:
            base_value = base_shares.get(g.level)
        else:
            base = _baseline(facts, g.breakdown) or _baseline(facts)
            base_value = base.value if base else None
        out += resolve_goals([g], base_value, facts.default_due, keep_all=True).all
    return out


def _rule(kind: str, series: list[SeriesResult]) -> Rule:
    if kind == "distribution":
        return Rule.DISTRIBUTION
    if kind == "qualitative":
        return Rule.QUALITATIVE
    return series[0].rule if series else Rule.NONE


def assess_indicator(facts: IndicatorFacts, as_of: date, rules: Rules = DEFAULT_RULES) -> IndicatorResult:
    if facts.derived is None:  # facts the caller may change later: what is derived is kept for this call only
        facts = replace(facts, derived={})
    series: list[SeriesResult] = []
    trend, note, glide, alerts, final, shares = None, None, [], [], None, []
    base = _baseline(facts)
    level_shares = _memo(facts, "shares", lambda: _shares(facts)) if facts.kind == "distribution" else {}
    resolved = _memo(facts, "resolved", lambda: _resolved(facts, level_shares))
    if facts.kind == "milestone":
        series = [_milestone(facts, as_of)]
        final = series[0].final
    elif facts.kind == "distribution":
        series = _distribution(facts, level_shares, as_of, rules)
        shares = [s for s in _memo(facts, "shares by date", lambda: sorted(
            ((when, b, levels) for (when, b), levels in level_shares.items() if when), key=lambda x: (x[0], not x[1])))
            if s[0] <= as_of]
    elif facts.kind == "numeric":
        breakdowns = _memo(facts, "breakdowns", lambda: sorted({o.breakdown for o in facts.observations if o.breakdown},
                                                                    key=group_order))
        series = [_numeric(facts, as_of, rules, "")] + [_numeric(facts, as_of, rules, b) for b in breakdowns]
        head = series[0]
        final = head.final
        direction = direction_of(facts.direction, base.value if base else None, final.value if final else None)
        # A retired indicator is measured no more: no forecast to a deadline it will not be followed to
        trend, note = _trend(facts, as_of, None if facts.retired else final, direction)
        alerts = _no_effect(facts, as_of, direction, rules) if final else []
        if facts.glide_kind and base and base.when and base.value is not None and final and not head.bound:
            glide = _memo(facts, ("glide", final.when), lambda: glide_path(
                Point(base.when, base.value), facts.glide_kind, facts.glide_rate or 0, final.when))
    computed = worst(s.colour for s in series)
    why = next((s.reason for s in series if s.colour == computed), None) or reason(
        Code.QUALITATIVE if facts.kind == "qualitative" else Code.NOTHING)
    dated, whens = _memo(facts, "dated", lambda: _by_date(o for o in facts.observations if o.when))
    end = bisect_right(whens, as_of)
    # The newest day up to the date; on it a measurement rather than the baseline
    newest = max(dated[bisect_left(whens, whens[end - 1]):end], key=lambda o: not o.is_baseline) if end else None
    stale = None
    if not facts.retired and facts.kind in ("numeric", "distribution") and newest and \
            is_stale(newest.when, facts.frequency, as_of):
        stale = reason(Code.STALE, period=newest.period, frequency=facts.frequency)
    elif not facts.retired and why.code == Code.MILESTONE_NO_STATUS_AT_DUE:
        stale = why  # the deadline passed with no status reported: an update is missing
    manual, expired = manual_for(facts.manual, as_of)
    return IndicatorResult(
        facts.key, facts.name, facts.kind, manual.colour if manual else computed, computed, why, manual,
        facts.retired, series, final, trend, glide, alerts, Rule.MANUAL if manual else _rule(facts.kind, series),
        shares, expired, stale, newest, note, resolved, facts.unit, facts.decimals,
        _memo(facts, "withheld", lambda: _withheld(facts)), as_of)


_EVERY_COLOUR = tuple(Colour)  # iterating the enum itself is slow, and a roll-up is made for every initiative


@dataclass
class RollUp:
    colour: Colour
    counts: dict[Colour, int]


def roll_up(colours: list[Colour]) -> RollUp:
    counts = dict.fromkeys(_EVERY_COLOUR, 0)
    for c in colours:
        counts[c] += 1
    return RollUp(worst(colours), counts)
