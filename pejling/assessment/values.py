"""What a measured value may be. Pure rules; the services and forms say them in the user's language."""

from __future__ import annotations

import math

PERCENT_UNITS = {"%", "pct", "pct.", "procent"}


def is_percent(unit: str) -> bool:
    return (unit or "").strip().lower() in PERCENT_UNITS


def shares_of(values: dict[str, float], unit: str) -> dict[str, float]:
    """One period of a distribution as shares in % per category: as entered when the unit is %,
    else each count over the period's total (empty when the total is 0)."""
    if (unit or "").strip() == "%":
        return dict(values)
    total = sum(values.values())
    return {k: 100 * v / total for k, v in values.items()} if total else {}


def value_range(unit: str, *, may_be_negative: bool = False) -> tuple[float | None, float | None]:
    """What a value of this unit can possibly be: 0–100 for a share; ≥ 0 otherwise, unless the
    indicator's own data show negative values (a change, a balance)."""
    if is_percent(unit):
        return 0.0, 100.0
    return (None, None) if may_be_negative else (0.0, None)


MAX_ABS = 10**10  # the database's decimal(14, 4); limits.py shares it


def value_problem(value: float, *, unit: str) -> str | None:
    """None when the value is acceptable, else a problem code: 'not_finite', 'too_large' or 'percent_range'."""
    if not math.isfinite(value):
        return "not_finite"
    if abs(value) >= MAX_ABS:
        return "too_large"
    if is_percent(unit) and not 0 <= value <= 100:
        return "percent_range"
    return None


def counts_problem(counts: dict[str, float | None], *, unit: str) -> str | None:
    """Counts (or shares) per scale level, entered together: 'empty', 'negative', 'too_large',
    'not_whole' (a count of children is a whole number; shares in % need not be) or 'percent_sum'."""
    given = [v for v in counts.values() if v is not None]
    if not given:
        return "empty"
    if any(v < 0 or not math.isfinite(v) for v in given):
        return "negative"
    if any(v >= MAX_ABS for v in given):
        return "too_large"
    if not is_percent(unit) and any(v != int(v) for v in given):
        return "not_whole"
    if is_percent(unit) and abs(sum(given) - 100) > 0.5:
        return "percent_sum"
    return None
