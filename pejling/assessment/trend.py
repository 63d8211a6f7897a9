"""Least-squares trend, forecast at the due date and crossing with a reference series."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from .trajectory import DAYS_PER_YEAR, Point, years_between


@dataclass(frozen=True)
class Line:
    origin: date
    intercept: float
    slope: float  # per year

    def at(self, when: date) -> float:
        return self.intercept + self.slope * years_between(self.origin, when)


def fit(points: list[Point]) -> Line | None:
    """Ordinary least squares with time in years; None with fewer than two distinct dates."""
    if len({p.when for p in points}) < 2:
        return None
    origin = min(p.when for p in points)
    xs = [years_between(origin, p.when) for p in points]
    ys = [p.value for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return Line(origin, my - slope * mx, slope)


CROSSING_HORIZON_YEARS = 10  # a crossing further ahead than this is speculation, not a forecast


def clamp(value: float, low: float | None, high: float | None) -> float:
    """A forecast kept within what the unit allows (0–100 for a share, ≥ 0 for a count)."""
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def crossing(line: Line, reference: list[Point], after: date,
             horizon_years: int = CROSSING_HORIZON_YEARS) -> date | None:
    """When the trend crosses the reference (its own trend, or its latest value if single)."""
    if not reference:
        return None
    ref = fit(reference) or Line(after, max(reference, key=lambda p: p.when).value, 0.0)
    ref_at_origin = ref.at(line.origin)
    slope_diff = line.slope - ref.slope
    if slope_diff == 0:
        return None
    t = (ref_at_origin - line.intercept) / slope_diff
    # Nearly parallel lines cross centuries away (or beyond the calendar): past the horizon either way
    if not math.isfinite(t) or abs(t) > abs(years_between(line.origin, after)) + horizon_years + 1:
        return None
    when = line.origin + timedelta(days=round(t * DAYS_PER_YEAR))
    if when <= after or years_between(after, when) > horizon_years:
        return None
    return when
