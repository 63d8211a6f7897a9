"""What of a distribution of children may be shown to the public: one rule for pages, charts, chart
tables, every report format and the API.

A count below 5 could point out a child, so it is suppressed ("< 5"). So is everything from which it
could be computed back (secondary suppression, as statistical offices do): when any count of a
period is suppressed, that period's shares, its total and everything computed from the shares
(progress, expected share, gap, forecast) are withheld too. The other counts may be shown: without
the total or a share, "< 5" cannot be resolved. A zero points out no one and is shown.

Across groups: a breakdown's count could be computed from the total's and the other breakdowns'
(I alt 20, Skole A 18: Skole B 2). So in a period where any count of any group (the total or a
breakdown) is below 5, the public sees no breakdown's counts or shares at all; the total's follow
the rules above.
"""

from __future__ import annotations

from dataclasses import dataclass

from .values import is_percent

SMALL_COUNT = 5
SUPPRESSED = f"< {SMALL_COUNT}"  # what is shown in place of a suppressed count


def counts_of_children(kind: str, unit: str) -> bool:
    """A distribution entered as counts (not as shares): its small numbers are people."""
    return kind == "distribution" and not is_percent(unit)


def is_small(value: float | None) -> bool:
    return value is not None and 0 < value < SMALL_COUNT


def hides_small(kind: str, unit: str, *, public: bool) -> bool:
    """Whether this reader sees an indicator's small counts as "< 5": the public, for counts of children."""
    return public and counts_of_children(kind, unit)


def disclosed_rows(measurements, *, hide: bool) -> list:
    """An indicator's measurement rows (period, is_baseline, breakdown, value) the reader may see: all of
    them, or with `hide` (`hides_small` for the indicator and reader) none of a breakdown's in a period
    where a count below 5 stands in any group. The total's rows stay: their own rules apply."""
    rows = list(measurements)
    if not hide:
        return rows
    withheld = {(m.period, m.is_baseline) for m in rows if is_small(None if m.value is None else float(m.value))}
    return [m for m in rows if not (m.breakdown and (m.period, m.is_baseline) in withheld)]


def suppressed(value, *, hide: bool) -> bool:
    """Whether one count is shown as SUPPRESSED, given `hides_small` for its indicator and reader."""
    return hide and is_small(None if value is None else float(value))


@dataclass(frozen=True)
class Disclosure:
    counts: dict[str, float | None]   # per category; None where suppressed ("< 5")
    suppressed: frozenset[str]
    shares_shown: bool                 # shares, the total and what is computed from them may be shown

    @property
    def total(self) -> float | None:
        return sum(v for v in self.counts.values() if v is not None) if self.shares_shown else None


def disclose(counts: dict[str, float | None]) -> Disclosure:
    """One period's counts per category as the public may see them."""
    small = frozenset(k for k, v in counts.items() if is_small(v))
    return Disclosure({k: None if k in small else v for k, v in counts.items()}, small, not small)
