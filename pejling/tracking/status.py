"""`strategy_status`: every goal of a strategy assessed as of a date, in a constant number of
queries. The one entry point the web, reports, API and CLI use for colours and forecasts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date

from django.db.models import FloatField, Prefetch
from django.db.models.functions import Cast

from pejling.assessment.colours import Colour
from pejling.assessment.engine import (
    IndicatorFacts,
    IndicatorResult,
    Level,
    Observation,
    RollUp,
    assess_indicator,
    roll_up,
    worst,
)
from pejling.assessment.freshness import Manual, manual_for
from pejling.assessment.goals import Goal
from pejling.assessment.periods import PeriodError, parse_period
from pejling.assessment.reasons import Reason
from pejling.assessment.rules import Rules
from pejling.assessment.trajectory import Point
from pejling.plans.models import Indicator, Initiative, InitiativeUnit, Strategy, StrategyRevision

from .models import MEASUREMENT_ORDER, Assessment, Measurement
from .selectors import levels_and_reference_values, references_prefetch, targets_prefetch


@dataclass
class InitiativeStatus:
    initiative: Initiative
    colour: Colour
    computed: Colour
    manual: Manual | None
    counted: bool
    indicators: list[IndicatorResult]
    alerts: list[Reason]
    decided_by: IndicatorResult | None = None   # the indicator whose colour is the initiative's computed colour
    manual_expired: Manual | None = None

    @property
    def headline(self) -> IndicatorResult | None:
        """What an overview row shows: the deciding indicator, else the first active one with a target."""
        return self.decided_by or next((r for r in self.indicators if not r.retired and r.final and r.series), None)

    @property
    def stale(self) -> list[IndicatorResult]:
        return [r for r in self.indicators if r.stale and not r.retired]


@dataclass
class FocusAreaStatus:
    code: str | None
    title: str
    initiatives: list[InitiativeStatus]
    indicators: list[IndicatorResult]
    summary: RollUp
    id: int | None = None  # the FocusArea's id; None for the group of initiatives without one
    goals_summary: RollUp | None = None  # the area's own effect goals, counted apart from initiatives


@dataclass
class StrategyStatus:
    strategy: Strategy
    as_of: date
    rules: Rules
    goals: list[IndicatorResult]
    focus_areas: list[FocusAreaStatus] = field(default_factory=list)
    summary: RollUp | None = None        # initiatives
    goals_summary: RollUp | None = None  # effect goals of the strategy and its focus areas

    @property
    def closed_count(self) -> int:
        """Closed initiatives: shown, not counted."""
        return sum(1 for fa in self.focus_areas for s in fa.initiatives if not s.counted)

    @property
    def effect_goals(self) -> list[IndicatorResult]:
        """Goals set above initiatives: for the whole strategy, then per focus area."""
        return self.goals + [r for fa in self.focus_areas for r in fa.indicators]


def _end(period: str) -> date | None:
    try:
        return parse_period(period).end if period else None
    except PeriodError:
        return None


def _num(value):
    return None if value is None else float(value)


def _manual(items) -> list[Manual]:
    out = []
    for a in items:
        p = parse_period(a.period)
        out.append(Manual(p.start, p.end, a.period, Colour(a.colour), a.reason, a.assessed_by_role))
    return out


def _start(ind: Indicator, strategy: Strategy) -> date | None:
    try:
        return parse_period(ind.start_period).start if ind.start_period else strategy.starts_on
    except PeriodError:
        return strategy.starts_on


def _observations(strategy: Strategy, indicator_ids=None) -> dict[int, list[Observation]]:
    """Every measurement of the strategy (or of the indicators `indicator_ids`) as the engine reads it, per
    indicator, in one query of plain rows (no model instances: a strategy of a national installation has
    thousands)."""
    found = Measurement.objects.filter(indicator__strategy=strategy)
    if indicator_ids is not None:
        found = found.filter(indicator_id__in=indicator_ids)
    rows = (found
            # "indicator_id", not "indicator": that would sort by the models' default orderings too
            # (organisation name, strategy title), which cost most of the query at a national strategy
            .order_by("indicator_id", *MEASUREMENT_ORDER)
            # The value as a float from the database: no Decimal made per row only to be converted
            # (the same float: both round the stored decimal to the nearest double)
            .annotate(number=Cast("value", FloatField()))
            .values_list("indicator_id", "period_end", "period", "number", "breakdown", "level__code", "status",
                         "is_baseline"))
    out = defaultdict(list)
    for ind_id, end, period, value, breakdown, level, status, baseline in rows:
        out[ind_id].append(Observation(end, period, value, breakdown, level, status, bool(baseline)))
    return out


def _facts(ind: Indicator, manual: list[Manual], strategy: Strategy,
           observations: list[Observation]) -> IndicatorFacts:
    """Everything but `retired`, which depends on the date (see `strategy_assess`)."""
    return IndicatorFacts(
        key=ind.key, name=ind.name, kind=ind.kind, direction=ind.direction, unit=ind.unit,
        retired=False,
        observations=observations,
        goals=[Goal(t.due_date, _num(t.value), _num(t.change), t.change_unit, t.kind,
                    t.level.code if t.level else None, t.breakdown, t.origin, t.bound, t.text, t.period,
                    t.level.label if t.level else "")
               for t in ind.targets.all()],
        levels=[Level(lv.code, lv.label, lv.polarity) for lv in ind.scale.levels.all()] if ind.scale else [],
        references={r.name: [Point(v.period_end, float(v.value)) for v in r.values.all() if v.period_end]
                    for r in ind.references.all()},
        glide_kind=ind.glide_kind, glide_rate=_num(ind.glide_rate), manual=manual, default_due=strategy.ends_on,
        start=_start(ind, strategy), frequency=ind.frequency, decimals=ind.decimals, group_values=ind.group_values,
        derived={})  # read-only once made: the engine may keep what does not depend on the date


@dataclass(frozen=True)
class StrategyInputs:
    """What assessing a strategy reads from the database, the same for every date: read once per
    revision (status_cache), assessed for as many dates as asked. Read-only once made."""
    indicators: list[tuple[Indicator, IndicatorFacts, date | None]]  # (indicator, facts, retired at)
    initiatives: list[tuple[Initiative, list[Manual], date | None]]   # (initiative, manual colours, closed at)
    focus_areas: list[tuple[int, str, str]]                          # (id, code, title)


def strategy_inputs(*, strategy: Strategy, earlier: StrategyInputs | None = None,
                    measured: frozenset[int] = frozenset()) -> StrategyInputs:
    """Every indicator, target, measurement, reference, manual assessment and initiative of the
    strategy, in a constant number of queries. With `earlier`, the inputs of an older revision whose
    later revisions changed the plan and no measurements but those of the indicators `measured`
    (plans.StrategyRevision): the other indicators' measurements are taken from it instead of read
    again, and an indicator whose facts come out as they were keeps them, with what the engine derived."""
    indicators = levels_and_reference_values(list(
        Indicator.objects.filter(strategy=strategy).select_related("scale")
        .prefetch_related(targets_prefetch(), references_prefetch()).order_by("order")))
    manual_by = defaultdict(list)
    for a in Assessment.objects.filter(strategy=strategy):
        manual_by[("indicator", a.indicator_id) if a.indicator_id else ("initiative", a.initiative_id)].append(a)
    kept = {ind.id: facts for ind, facts, _retired in earlier.indicators if ind.id not in measured} if earlier else {}
    missing = [ind.id for ind in indicators if ind.id not in kept]
    observations = _observations(strategy, indicator_ids=None if earlier is None else missing) if missing else {}

    def facts_of(ind):
        old = kept.get(ind.id)
        new = _facts(ind, _manual(manual_by[("indicator", ind.id)]), strategy,
                     old.observations if old is not None else observations[ind.id])
        return old if old is not None and _same_facts(old, new) else new

    facts = [(ind, facts_of(ind), _end(ind.retired_period) if ind.is_retired else None) for ind in indicators]
    initiatives = [(ini, _manual(manual_by[("initiative", ini.id)]), _end(ini.closed_period))
                   for ini in Initiative.objects.filter(strategy=strategy).prefetch_related(
                       Prefetch("unit_links", queryset=InitiativeUnit.objects.select_related("unit"))).order_by("order")]
    return StrategyInputs(facts, initiatives, [(fa.id, fa.code, fa.title) for fa in strategy.focus_areas.all()])


def _same_facts(old: IndicatorFacts, new: IndicatorFacts) -> bool:
    """Whether two facts of an indicator say the same, whatever the engine derived from either."""
    return all(getattr(old, f.name) == getattr(new, f.name) for f in fields(IndicatorFacts) if f.name != "derived")


def strategy_inputs_update(*, strategy: Strategy, inputs: StrategyInputs, since: int) -> StrategyInputs | None:
    """`inputs` read at revision `since`, brought to the strategy's revision when every revision between
    is recorded (plans.StrategyRevision): the measurements those revisions changed are read again, the
    other indicators' facts kept as they are (with what the engine derived from them), and after a plan
    edit the plan is read again around the measurements kept. None when any revision between may have
    changed more, or is no longer recorded: then everything is read again."""
    if since >= strategy.revision:
        return None
    steps = list(StrategyRevision.objects.filter(strategy_id=strategy.id, revision__gt=since,
                                                 revision__lte=strategy.revision).values_list("measurements_of", "plan"))
    if len(steps) != strategy.revision - since:
        return None
    changed = frozenset(pk for ids, _plan in steps for pk in ids)
    if any(plan for _ids, plan in steps):
        return strategy_inputs(strategy=strategy, earlier=inputs, measured=changed)
    if not changed or not changed <= {ind.id for ind, _facts, _retired in inputs.indicators}:
        return None
    observations = _observations(strategy, indicator_ids=changed)
    return replace(inputs, indicators=[
        (ind, replace(facts, observations=observations[ind.id], derived={}) if ind.id in changed else facts, retired_at)
        for ind, facts, retired_at in inputs.indicators])


def strategy_status(*, strategy: Strategy, as_of: date) -> StrategyStatus:
    return strategy_assess(strategy=strategy, inputs=strategy_inputs(strategy=strategy), as_of=as_of)


def strategy_assess(*, strategy: Strategy, inputs: StrategyInputs, as_of: date) -> StrategyStatus:
    """The strategy as of a date, from its inputs: pure computation, no queries."""
    rules = Rules.from_dict(strategy.assessment_rules)
    by_owner = defaultdict(list)
    for ind, facts, retired_at in inputs.indicators:
        owner = ("initiative", ind.initiative_id) if ind.initiative_id else \
            ("focus_area", ind.focus_area_id) if ind.focus_area_id else ("strategy", None)
        by_owner[owner].append(_assessed(ind, facts, retired_at, as_of, rules))

    statuses = [_initiative(ini, by_owner[("initiative", ini.id)], manual, closed_at, as_of)
                for ini, manual, closed_at in inputs.initiatives]
    groups = list(inputs.focus_areas)
    if any(s.initiative.focus_area_id is None for s in statuses):
        groups.append((None, None, f"Uden {strategy.focus_area_label.lower()}"))
    focus_areas = []
    for fa_id, code, title in groups:
        members = [s for s in statuses if s.initiative.focus_area_id == fa_id]
        own = by_owner[("focus_area", fa_id)] if fa_id else []
        focus_areas.append(FocusAreaStatus(code, title, members, own, roll_up([s.colour for s in members if s.counted]),
                                           fa_id, _goals_roll_up(own)))
    status = StrategyStatus(strategy, as_of, rules, by_owner[("strategy", None)], focus_areas,
                            roll_up([s.colour for s in statuses if s.counted]))
    status.goals_summary = _goals_roll_up(status.effect_goals)
    return status


def initiative_assess(*, strategy: Strategy, inputs: StrategyInputs, initiative_id: int,
                      as_of: date) -> InitiativeStatus:
    """One initiative of the strategy as of a date, from the strategy's inputs: the same InitiativeStatus
    as `strategy_assess` makes for it (the same functions on the same facts), assessing only its own
    indicators, as its page shows only them."""
    rules = Rules.from_dict(strategy.assessment_rules)
    ini, manual, closed_at = next(item for item in inputs.initiatives if item[0].id == initiative_id)
    results = [_assessed(ind, facts, retired_at, as_of, rules) for ind, facts, retired_at in inputs.indicators
               if ind.initiative_id == initiative_id]
    return _initiative(ini, results, manual, closed_at, as_of)


def _assessed(ind: Indicator, facts: IndicatorFacts, retired_at: date | None, as_of: date,
              rules: Rules) -> IndicatorResult:
    retired = ind.is_retired and (retired_at is None or retired_at <= as_of)
    if retired != facts.retired:
        facts = replace(facts, retired=retired)
    # A retired indicator is judged as it stood when it was retired, not against deadlines after that
    return assess_indicator(facts, min(as_of, retired_at) if retired_at else as_of, rules)


def _goals_roll_up(results: list[IndicatorResult]) -> RollUp:
    return roll_up([r.colour for r in results if not r.retired])


def _initiative(ini: Initiative, results: list[IndicatorResult], assessments: list[Manual], closed_at: date | None,
                as_of: date) -> InitiativeStatus:
    counted = not (ini.state == "closed" and (closed_at is None or closed_at <= as_of))
    active = [r for r in results if not r.retired]
    computed = worst(r.colour for r in active)
    deciding = [r for r in active if r.colour == computed] if computed != Colour.NONE else []
    # Of several with the same colour, the one with a number to show (a target and a measurement) speaks for it.
    decided_by = next((r for r in deciding if r.final and r.decisive and r.decisive.latest), deciding[0] if deciding
                      else None)
    manual, expired = manual_for(assessments, as_of)
    alerts = [a for r in active for a in r.alerts]
    return InitiativeStatus(ini, manual.colour if manual else computed, computed, manual, counted, results, alerts,
                            decided_by, expired)
