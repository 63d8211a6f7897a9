"""Where one series (an indicator's total, a breakdown or a scale level) stands."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from .colours import Colour
from .rules import Rules
from .trajectory import Point, expected_value


@dataclass(frozen=True)
class SeriesInput:
    label: str
    direction: int                 # +1 good when up, -1 good when down, 0 unknown
    baseline_value: float | None
    baseline_when: date | None
    targets: list[Point]           # dated targets (interim and final) used for the trajectory
    final: Point | None            # the final target
    observations: list[Point]      # measurements after the baseline, any date


@dataclass(frozen=True)
class SeriesResult:
    label: str
    colour: Colour
    reason: str
    latest: Point | None = None
    expected: float | None = None
    gap: float | None = None       # share of |target - baseline| behind the trajectory
    progress: float | None = None  # 0 at baseline, 1 at target
    # What a chart draws: the baseline, the trajectory through the dated targets, the measurements so far.
    baseline: Point | None = None
    final: Point | None = None
    path: list[Point] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)


def direction_of(stated: str, baseline: float | None, final: float | None) -> int:
    """The stated direction, else the one the target implies."""
    if stated == "up":
        return 1
    if stated == "down":
        return -1
    if baseline is not None and final is not None and final != baseline:
        return 1 if final > baseline else -1
    return 0


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
    path = sorted(([baseline] if baseline else []) + list(s.targets), key=lambda p: p.when)
    points = sorted((p for p in s.observations if p.when <= as_of), key=lambda p: p.when)
    return replace(_assess(s, baseline, as_of, rules), baseline=baseline, final=s.final, path=path, points=points)


def _assess(s: SeriesInput, baseline: Point | None, as_of: date, rules: Rules) -> SeriesResult:
    if s.final is None:
        return SeriesResult(s.label, Colour.NONE, "Intet mål med en værdi")
    seen = [p for p in s.observations if p.when <= as_of
            and (s.baseline_when is None or p.when > s.baseline_when)]
    if not seen:
        return SeriesResult(s.label, Colour.NONE, "Ingen måling efter baseline endnu")
    latest = max(seen, key=lambda p: p.when)
    prog = progress(s.baseline_value, s.final.value, latest.value)
    if s.baseline_value is not None and (s.final.value - s.baseline_value) * s.direction < 0:
        prog = None  # the target is a limit the baseline already meets: no distance to cover
    expected = expected_value(baseline, s.targets, latest.when)
    if expected is None:
        return SeriesResult(s.label, Colour.NONE, "Ingen dateret baseline: vurderes først ved fristen",
                            latest, None, None, prog)
    if s.direction == 0:
        return SeriesResult(s.label, Colour.NONE, "Ukendt retning: angiv om stigning eller fald er godt",
                            latest, expected, None, prog)
    behind = (expected - latest.value) * s.direction
    span = abs(s.final.value - s.baseline_value) if s.baseline_value is not None else 0.0
    if span:
        gap = max(0.0, behind) / span
    else:  # target equals baseline (or no baseline value): at or better is on track
        gap = 0.0 if behind <= 1e-12 else float("inf")
    colour = colour_for_gap(gap, rules)
    reason = ("På eller foran det forventede forløb" if gap == 0 else
              "Bagud i forhold til målet" if gap == float("inf") else
              f"{gap:.0%} bagud i forhold til det forventede forløb".replace("%", " %"))
    return SeriesResult(s.label, colour, reason, latest, expected, None if gap == float("inf") else gap, prog)
