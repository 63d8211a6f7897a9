"""How long data and judgements stay valid.

- Staleness: each indicator has an expected update frequency. When its newest value ended more
  than one period plus a grace of half a period before the date, the result says so.
- A manual colour applies to its own period and the next one at most; after that the computed
  colour shows again, with the last manual judgement beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .colours import Colour

PERIOD_DAYS = {"monthly": 31, "quarterly": 92, "half_yearly": 183, "yearly": 366}


def stale_after(newest_end: date, frequency: str) -> date | None:
    """The last day on which a value ending `newest_end` is still current; None: never stale."""
    days = PERIOD_DAYS.get(frequency or "yearly")
    if days is None:  # "once": measured one time, never expected again
        return None
    return newest_end + timedelta(days=days + days // 2)


def is_stale(newest_end: date | None, frequency: str, as_of: date) -> bool:
    if newest_end is None:
        return False
    limit = stale_after(newest_end, frequency)
    return limit is not None and as_of > limit


@dataclass(frozen=True)
class Manual:
    start: date
    end: date
    period: str
    colour: Colour
    reason: str
    by: str = ""

    @property
    def valid_until(self) -> date:
        """The end of the next period of the same kind: its own period and the next one at most."""
        return next_period_end(self.start, self.end)


def next_period_end(start: date, end: date) -> date:
    """The last day of the period that follows [start, end] and is as long: 2020 → 2021-12-31,
    2020-Q4 → 2021-03-31, skoleåret 2016/17 → 2018-07-31; a span of days → as many days again."""
    after = end + timedelta(days=1)
    if start.day == 1 and after.day == 1:  # whole months
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        years, month = divmod(after.month - 1 + months, 12)
        return date(after.year + years, month + 1, 1) - timedelta(days=1)
    return end + (end - start) + timedelta(days=1)


def manual_for(manual: list[Manual], as_of: date) -> tuple[Manual | None, Manual | None]:
    """(the manual colour in force as of the date, the last one that has expired).

    In force: the latest judgement whose period has begun and whose validity has not run out."""
    begun = sorted((m for m in manual if m.start <= as_of), key=lambda m: (m.end, m.start))
    if not begun:
        return None, None
    last = begun[-1]
    if as_of <= last.valid_until:
        return last, None
    return None, last
