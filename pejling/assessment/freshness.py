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
        """The end of the next period of the same length: its own period and the next one at most."""
        return self.end + (self.end - self.start) + timedelta(days=1)


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
