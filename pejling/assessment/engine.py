"""Where an indicator, an initiative and a strategy stand: one place, pure Python.

The web, reports, API and CLI all call `assess_indicator` / `roll_up` through the
tracking service, so a rule computed here is shown the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .colours import Colour
from .rules import Rules
from .series import SeriesInput, SeriesResult, assess_series, direction_of
from .trajectory import Point, glide_path, resolve_change
from .trend import crossing, fit

DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Observation:
    when: date | None
    period: str
    value: float | None = None
    breakdown: str = ""
    level: str | None = None
    status: str = ""
    is_baseline: bool = False


@dataclass(frozen=True)
class Goal:
    when: date | None
    value: float | None = None
    change: float | None = None
    change_unit: str = ""
    kind: str = "final"
    level: str | None = None
    breakdown: str = ""
    origin: str = "local"


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    polarity: str  # good / bad / neutral


@dataclass(frozen=True)
class Manual:
    start: date
    end: date
    period: str
    colour: Colour
    reason: str
    by: str = ""


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
    default_due: date | None = None  # the strategy's end, for targets without a due date


@dataclass
class Trend:
    slope_per_year: float
    forecast: float | None
    forecast_when: date | None
    reaches_target: bool | None
    crosses: dict[str, date | None]
    start: Point | None = None     # the fitted value at the latest measurement: where a forecast line begins


@dataclass
class IndicatorResult:
    key: str
    name: str
    kind: str
    colour: Colour                 # effective: the manual colour when there is one
    computed: Colour
    reason: str
    manual: Manual | None
    retired: bool
    series: list[SeriesResult]     # the headline first, then breakdowns or levels
    final: Point | None = None
    trend: Trend | None = None
    glide: list[Point] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    rule: str = ""
    # Distributions: (period end, is baseline, {level: share in %}) up to the as-of date, oldest first.
    shares: list[tuple[date, bool, dict[str, float]]] = field(default_factory=list)


def worst(colours) -> Colour:
    return max(colours, key=lambda c: c.severity, default=Colour.NONE)


def _due(goal: Goal, facts: IndicatorFacts) -> date | None:
    return goal.when or facts.default_due


def _baseline(facts: IndicatorFacts, breakdown: str = "", level: str | None = None) -> Observation | None:
    for o in facts.observations:
        if o.is_baseline and o.breakdown == breakdown and o.level == level:
            return o
    return None


def _trajectory(goals: list[Goal], facts: IndicatorFacts, base: float | None) -> tuple[list[Point], Point | None]:
    """Dated targets with values (changes resolved); local targets win over national ones."""
    local = [g for g in goals if g.origin == "local"]
    chosen = local or goals
    points = []
    for g in chosen:
        value = g.value if g.value is not None else (
            resolve_change(base, g.change, g.change_unit) if g.change is not None else None)
        when = _due(g, facts)
        if value is not None and when is not None:
            points.append((g.kind, Point(when, value)))
    if not points:
        return [], None
    finals = [p for kind, p in points if kind == "final"] or [p for _, p in points]
    return [p for _, p in points], max(finals, key=lambda p: p.when)


def _numeric(facts: IndicatorFacts, as_of: date, rules: Rules, breakdown: str) -> SeriesResult:
    base = _baseline(facts, breakdown) or _baseline(facts)
    goals = [g for g in facts.goals if g.breakdown == breakdown and g.level is None] or \
        [g for g in facts.goals if g.breakdown == "" and g.level is None]
    base_value = base.value if base else None
    targets, final = _trajectory(goals, facts, base_value)
    if facts.glide_kind and base and base.when and final and not any(g.kind == "interim" for g in goals):
        targets = targets + glide_path(Point(base.when, base_value), facts.glide_kind, facts.glide_rate or 0,
                                       final.when)[:-1]
    obs = [Point(o.when, o.value) for o in facts.observations
           if not o.is_baseline and o.breakdown == breakdown and o.level is None and o.value is not None and o.when]
    direction = direction_of(facts.direction, base_value, final.value if final else None)
    label = breakdown or "I alt"
    return assess_series(SeriesInput(label, direction, base_value, base.when if base else None, targets, final, obs),
                         as_of, rules)


def _shares(facts: IndicatorFacts, wanted) -> dict[tuple, dict[str, float]]:
    """Per (period end, is_baseline): share in % of each level."""
    groups: dict[tuple, dict[str, float]] = {}
    for o in facts.observations:
        if o.level is not None and o.value is not None and o.breakdown == "" and wanted(o):
            groups.setdefault((o.when, o.is_baseline), {})[o.level] = o.value
    if facts.unit.strip() == "%":
        return groups
    return {k: {lv: 100 * v / sum(vals.values()) for lv, v in vals.items()} if sum(vals.values()) else {}
            for k, vals in groups.items()}


def _distribution(facts: IndicatorFacts, as_of: date, rules: Rules) -> list[SeriesResult]:
    shares = _shares(facts, lambda o: True)
    base_key = next((k for k in shares if k[1]), None)
    out = []
    for level in facts.levels:
        goals = [g for g in facts.goals if g.level == level.code]
        if not goals:
            continue
        base_share = shares[base_key].get(level.code) if base_key else None
        targets, final = _trajectory(goals, facts, base_share)
        stated = {"good": "up", "bad": "down"}.get(level.polarity, "none")
        direction = direction_of(stated, base_share, final.value if final else None)
        obs = [Point(k[0], v[level.code]) for k, v in shares.items() if not k[1] and level.code in v and k[0]]
        series = SeriesInput(level.label, direction, base_share, base_key[0] if base_key else None, targets, final, obs)
        out.append(assess_series(series, as_of, rules))
    return out


def _milestone(facts: IndicatorFacts, as_of: date) -> SeriesResult:
    due = max((_due(g, facts) for g in facts.goals if _due(g, facts)), default=facts.default_due)
    target = next((g.value for g in facts.goals if g.value is not None), None)
    sign = -1 if facts.direction == "down" else 1
    seen = sorted((o for o in facts.observations if o.when and o.when <= as_of and o.breakdown == ""),
                  key=lambda o: o.when)
    status, latest = "", None
    for o in seen:
        latest = o
        if o.status:
            status = o.status
        elif o.value is not None and target is not None:
            status = "done" if (o.value - target) * sign >= 0 else "on_the_way"
    point = Point(latest.when, latest.value) if latest and latest.value is not None else None
    after_due = due is not None and as_of > due
    if status == "done":
        return SeriesResult("Milepæl", Colour.GREEN, "Gennemført", point)
    if not status:
        if after_due:
            return SeriesResult("Milepæl", Colour.RED, "Ingen status, og fristen er overskredet", point)
        return SeriesResult("Milepæl", Colour.NONE, "Endnu ikke forventet realiseret", point)
    if not after_due:
        return SeriesResult("Milepæl", Colour.GREEN, "Undervejs; fristen er ikke nået", point)
    if status == "on_the_way":
        return SeriesResult("Milepæl", Colour.YELLOW, "På vej, men fristen er overskredet", point)
    return SeriesResult("Milepæl", Colour.RED, "Ikke gennemført ved fristen", point)


def manual_for(manual: list[Manual], as_of: date, newest_data: date | None) -> Manual | None:
    """The evaluator's colour for the period containing `as_of`, or the latest earlier one
    while no newer measurement has arrived since it."""
    earlier = sorted((m for m in manual if m.start <= as_of), key=lambda m: m.end)
    if not earlier:
        return None
    last = earlier[-1]
    if as_of <= last.end or newest_data is None or newest_data <= last.end:
        return last
    return None


def _trend(facts: IndicatorFacts, as_of: date, final: Point | None, direction: int) -> Trend | None:
    points = [Point(o.when, o.value) for o in facts.observations
              if o.when and o.when <= as_of and o.breakdown == "" and o.level is None and o.value is not None]
    line = fit(points)
    if line is None:
        return None
    forecast = line.at(final.when) if final else None
    reaches = None if forecast is None or direction == 0 else (forecast - final.value) * direction >= 0
    latest = max(p.when for p in points)
    crosses = {name: crossing(line, [p for p in ref if p.when <= as_of], latest)
               for name, ref in facts.references.items()}
    return Trend(line.slope, forecast, final.when if final else None, reaches, crosses, Point(latest, line.at(latest)))


def _da(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _no_effect(facts: IndicatorFacts, as_of: date, direction: int, rules: Rules) -> list[str]:
    """Only for indicators with a target: a context figure without a goal raises no alarm."""
    base = _baseline(facts)
    obs = sorted((o for o in facts.observations if not o.is_baseline and o.breakdown == "" and o.level is None
                  and o.value is not None and o.when and o.when <= as_of
                  and (base is None or base.when is None or o.when > base.when)), key=lambda o: o.when)
    window = obs[-rules.no_effect_window:]
    if base is None or base.value is None or direction == 0 or len(window) < rules.no_effect_window:
        return []
    if all((o.value - base.value) * direction <= 0 for o in window):
        shown = ", ".join(f"{o.period}: {_da(o.value)}" for o in window)
        return [f"Ingen effekt: de {len(window)} seneste målinger ({shown}) er ikke bedre end baseline "
                f"({base.period or 'uden dato'}: {_da(base.value)}). Indsatsen skal ændres (princip 4)."]
    return []


def assess_indicator(facts: IndicatorFacts, as_of: date, rules: Rules = DEFAULT_RULES) -> IndicatorResult:
    series: list[SeriesResult] = []
    trend, glide, alerts, final, shares = None, [], [], None, []
    if facts.kind == "milestone":
        series = [_milestone(facts, as_of)]
    elif facts.kind == "distribution":
        series = _distribution(facts, as_of, rules)
        shares = sorted(((when, base, levels) for (when, base), levels in _shares(facts, lambda o: True).items()
                         if when and when <= as_of), key=lambda s: (s[0], not s[1]))
    elif facts.kind == "numeric":
        breakdowns = sorted({o.breakdown for o in facts.observations if o.breakdown})
        series = [_numeric(facts, as_of, rules, "")] + [_numeric(facts, as_of, rules, b) for b in breakdowns]
        base = _baseline(facts)
        _, final = _trajectory([g for g in facts.goals if g.breakdown == "" and g.level is None], facts,
                               base.value if base else None)
        direction = direction_of(facts.direction, base.value if base else None, final.value if final else None)
        trend = _trend(facts, as_of, final, direction)
        alerts = _no_effect(facts, as_of, direction, rules) if final else []
        if facts.glide_kind and base and base.when and base.value is not None and final:
            glide = glide_path(Point(base.when, base.value), facts.glide_kind, facts.glide_rate or 0, final.when)
    computed = worst(s.colour for s in series)
    reason = next((s.reason for s in series if s.colour == computed), "Kvalitativt mål: vurderes af en person"
                  if facts.kind == "qualitative" else "Intet at vurdere")
    newest = max((o.when for o in facts.observations if o.when and o.when <= as_of), default=None)
    manual = manual_for(facts.manual, as_of, newest)
    return IndicatorResult(
        facts.key, facts.name, facts.kind, manual.colour if manual else computed, computed, reason, manual,
        facts.retired, series, final, trend, glide, alerts, rules.describe(), shares)


@dataclass
class RollUp:
    colour: Colour
    counts: dict[Colour, int]


def roll_up(colours: list[Colour]) -> RollUp:
    counts = {c: 0 for c in Colour}
    for c in colours:
        counts[c] += 1
    return RollUp(worst(colours), counts)
