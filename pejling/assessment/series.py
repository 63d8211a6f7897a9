"""Where one series (an indicator's total, a breakdown or a scale level) stands: on a trajectory
towards a target, or within a limit (a ceiling or a floor)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from .colours import Colour
from .reasons import Code, Reason, Rule, reason
from .rules import Rules
from .trajectory import Point, expected_value

CEILING, FLOOR = "ceiling", "floor"


@dataclass(frozen=True)
class SeriesInput:
    label: str
    direction: int                 # +1 good when up, -1 good when down, 0 unknown
    baseline_value: float | None
    baseline_when: date | None
    targets: list[Point]           # dated targets (interim and final) used for the trajectory
    final: Point | None            # the final target
    observations: list[Point]      # measurements after the baseline, any date
    bound: str = ""                # "ceiling" / "floor" when the final target is a limit
    whens: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # One series is assessed for many dates (a page per date, a chart per date): sorted once by date
        # (stable, so equal dates keep their order), each date's measurements are a prefix found by bisection.
        ordered = sorted(self.observations, key=lambda p: p.when)
        object.__setattr__(self, "observations", ordered)
        object.__setattr__(self, "whens", tuple(p.when for p in ordered))


@dataclass(frozen=True)
class SeriesResult:
    label: str
    colour: Colour
    reason: Reason
    latest: Point | None = None
    expected: float | None = None
    gap: float | None = None       # share of |target - baseline| behind the trajectory
    progress: float | None = None  # 0 at baseline, 1 at target
    rule: Rule = Rule.TRAJECTORY
    # What a chart draws: the baseline, the trajectory through the dated targets (none for a limit),
    # the limit as a level, the measurements so far.
    baseline: Point | None = None
    final: Point | None = None
    path: list[Point] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    limit: Point | None = None
    bound: str = ""


def direction_of(stated: str, baseline: float | None, final: float | None) -> int:
    """The stated direction, else the one the target implies."""
    if stated == "up":
        return 1
    if stated == "down":
        return -1
    if baseline is not None and final is not None and final != baseline:
        return 1 if final > baseline else -1
    return 0


def bound_of(stated: str, direction: int, baseline: float | None, final: float | None) -> str:
    """A limit as stated, or recognised: a "good when down" target above the baseline is a ceiling
    (stay under it), a "good when up" target below the baseline is a floor (stay above it)."""
    if stated in (CEILING, FLOOR):
        return stated
    if baseline is None or final is None or direction == 0:
        return ""
    if direction < 0 and final > baseline:
        return CEILING
    if direction > 0 and final < baseline:
        return FLOOR
    return ""


def progress(baseline: float | None, final: float | None, latest: float | None) -> float | None:
    """Share of the way from baseline to target; can be negative or above 1."""
    if baseline is None or final is None or latest is None or final == baseline:
        return None
    return (latest - baseline) / (final - baseline)


def colour_for_gap(gap: float, rules: Rules) -> Colour:
    if gap <= rules.green_max_gap:
        return Colour.GREEN
    if gap <= rules.yellow_max_gap:
        return Colour.YELLOW
    return Colour.RED


def assess_series(s: SeriesInput, as_of: date, rules: Rules) -> SeriesResult:
    baseline = Point(s.baseline_when, s.baseline_value) if s.baseline_when and s.baseline_value is not None else None
    points = s.observations[:bisect_right(s.whens, as_of)]
    if s.bound and s.final:
        return _drawn(_limit(s, as_of), baseline=baseline, final=s.final, points=points, limit=s.final, bound=s.bound)
    path = sorted(([baseline] if baseline else []) + list(s.targets), key=lambda p: p.when)
    return _drawn(_assess(s, baseline, as_of, rules), baseline=baseline, final=s.final, path=path, points=points)


def _drawn(r: SeriesResult, **chart) -> SeriesResult:
    """The result with what a chart draws (dataclasses.replace, written out: it runs for every series
    of every indicator on every date, and replace is slow)."""
    return SeriesResult(r.label, r.colour, r.reason, r.latest, r.expected, r.gap, r.progress, r.rule, **chart)


def _latest(s: SeriesInput, as_of: date) -> Point | None:
    """The newest measurement up to the date and after the baseline; of several on that day, the first."""
    end = bisect_right(s.whens, as_of)
    if not end or (s.baseline_when is not None and s.whens[end - 1] <= s.baseline_when):
        return None
    return s.observations[bisect_left(s.whens, s.whens[end - 1])]


def _limit(s: SeriesInput, as_of: date) -> SeriesResult:
    """A limit has no trajectory: on the right side green; on the wrong side yellow before the
    deadline, red from the deadline on ("as of" includes the deadline itself)."""
    latest = _latest(s, as_of)
    if latest is None:
        return SeriesResult(s.label, Colour.NONE, reason(Code.NO_MEASUREMENT), rule=Rule.LIMIT)
    limit = s.final.value
    kept = latest.value <= limit if s.bound == CEILING else latest.value >= limit
    params = {"bound": s.bound, "value": latest.value, "limit": limit, "due": s.final.when.isoformat()}
    if kept:
        return SeriesResult(s.label, Colour.GREEN, reason(Code.LIMIT_KEPT, **params), latest, rule=Rule.LIMIT)
    if as_of < s.final.when:
        return SeriesResult(s.label, Colour.YELLOW, reason(Code.LIMIT_BROKEN, **params), latest, rule=Rule.LIMIT)
    return SeriesResult(s.label, Colour.RED, reason(Code.LIMIT_BROKEN_AT_DUE, **params), latest, rule=Rule.LIMIT)


def _assess(s: SeriesInput, baseline: Point | None, as_of: date, rules: Rules) -> SeriesResult:
    if s.final is None:
        return SeriesResult(s.label, Colour.NONE, reason(Code.NO_TARGET), rule=Rule.NONE)
    latest = _latest(s, as_of)
    if latest is None:
        return SeriesResult(s.label, Colour.NONE, reason(Code.NO_MEASUREMENT))
    prog = progress(s.baseline_value, s.final.value, latest.value)
    expected = expected_value(baseline, s.targets, latest.when)
    if expected is None and latest.when >= s.final.when:
        expected = s.final.value  # no dated baseline, but the deadline has come: the target itself
    if expected is None:
        return SeriesResult(s.label, Colour.NONE, reason(Code.NO_DATED_BASELINE), latest, None, None, prog)
    if s.direction == 0:
        return SeriesResult(s.label, Colour.NONE, reason(Code.UNKNOWN_DIRECTION), latest, expected, None, prog)
    behind = (expected - latest.value) * s.direction
    span = abs(s.final.value - s.baseline_value) if s.baseline_value is not None else 0.0
    if span:
        gap = max(0.0, behind) / span
    else:  # target equals baseline (or no baseline value): at or better is on track
        gap = 0.0 if behind <= 1e-12 else float("inf")
    colour = colour_for_gap(gap, rules)
    why = (reason(Code.ON_TRACK, expected=expected) if gap == 0 else
           reason(Code.BEHIND_NO_SPAN, expected=expected) if gap == float("inf") else
           reason(Code.BEHIND, gap=gap, expected=expected))
    return SeriesResult(s.label, colour, why, latest, expected, None if gap == float("inf") else gap, prog)
