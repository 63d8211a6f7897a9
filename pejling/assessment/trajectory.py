"""Expected values over time: baseline → dated targets, linear in between; glide paths."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DAYS_PER_YEAR = 365.25


def years_between(a: date, b: date) -> float:
    return (b - a).days / DAYS_PER_YEAR


@dataclass(frozen=True)
class Point:
    when: date
    value: float


def resolve_change(baseline: float | None, change: float, unit: str) -> float | None:
    """A target stated as a change from the baseline ("falde med 25 %") as an absolute value."""
    if baseline is None:
        return None
    if unit == "percent":
        return baseline * (1 + change / 100)
    return baseline + change


def expected_value(baseline: Point | None, targets: list[Point], when: date) -> float | None:
    """Linear interpolation through the baseline and the dated targets in date order.

    Before the baseline: the baseline. After the last target: the last target. Without a
    dated baseline there is no trajectory before the first target, so None."""
    if not targets:
        return None
    points = sorted(targets, key=lambda p: p.when)
    if baseline is not None:
        points = [baseline] + [p for p in points if p.when > baseline.when]
    if when >= points[-1].when:
        return points[-1].value
    if when <= points[0].when:
        return points[0].value if baseline is not None else None
    exact = next((p.value for p in points if p.when == when), None)
    if exact is not None:  # a dated target is hit exactly, not approximately
        return exact
    for a, b in zip(points, points[1:], strict=False):
        if a.when < when < b.when:
            share = (when - a.when).days / (b.when - a.when).days
            return a.value + share * (b.value - a.value)
    return None  # unreachable: the loop covers every date between first and last


def glide_path(baseline: Point, kind: str, rate: float, until: date) -> list[Point]:
    """Yearly interim values from the baseline: relative ("fall 5 % a year") or absolute
    ("+1 percentage point a year"), one per anniversary of the baseline up to `until`."""
    out, year = [], 1
    while True:
        try:
            when = baseline.when.replace(year=baseline.when.year + year)
        except ValueError:  # 29 February
            when = baseline.when.replace(year=baseline.when.year + year, day=28)
        if when > until + timedelta(days=31):
            return out
        if kind == "relative":
            value = baseline.value * (1 + rate / 100) ** year
        else:
            value = baseline.value + rate * year
        out.append(Point(when, value))
        year += 1
