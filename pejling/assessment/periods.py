"""Periods: how a measurement, target or note says *when*.

Municipal documents say "2019", "foråret 2019", "3. kvt. 2020", "november 2021",
"1/1 2020" or "skoleåret 2018/19". Pejling stores the canonical text and derives
the first and last day; a value for a period counts at the period's end.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .limits import normalise_digits
from .writing import danish_period

MONTHS_DA = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]


class PeriodError(ValueError):
    """Raised with a message a user can act on; `code` lets a user interface say it in its language."""

    def __init__(self, message: str, code: str = "invalid", raw: str = ""):
        super().__init__(message)
        self.code, self.raw = code, raw


@dataclass(frozen=True, order=True)
class Period:
    end: date
    start: date
    kind: str
    text: str

    def label(self) -> str:
        """Danish label for display: '3. kvartal 2020', 'november 2021'."""
        y = self.start.year
        if self.kind == "year":
            return str(y)
        if self.kind == "half":
            return f"{self.text[-1]}. halvår {y}"
        if self.kind == "quarter":
            return f"{self.text[-1]}. kvartal {y}"
        if self.kind == "month":
            return f"{MONTHS_DA[self.start.month - 1]} {y}"
        if self.kind == "school_year":
            return f"skoleåret {self.text}"
        return f"{self.start.day}. {MONTHS_DA[self.start.month - 1]} {y}"


_PATTERNS = [
    ("school_year", re.compile(r"^(\d{4})/(\d{2}|\d{4})$", re.ASCII)),
    ("half", re.compile(r"^(\d{4})-H([12])$", re.ASCII)),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII)),
    ("date", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)),
    ("month", re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)),
    ("year", re.compile(r"^(\d{4})$", re.ASCII)),
]

FORMATS_HELP = (
    "use 2019, 2019-H1, 2019-Q3, 2019-11, 2019-11-30 or a school year 2018/19 "
    "(or in words: 1. halvår 2019, 3. kvt. 2019, nov. 2019, 30.11.2019, foråret 2019)"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period text; raise PeriodError saying what is wrong. Digits are normalised first
    (limits.normalise_digits): '２０１９' and '٢٠١٩' are the period '2019', never a second one. Danish
    writing ("3. kvt. 2013", "nov. 2020", "foråret 2019") is read as its canonical text (writing.py),
    so every door stores the same period the same way."""
    if not isinstance(text, str):
        raise PeriodError(f"{text!r} is not a period text ({FORMATS_HELP})", "invalid", str(text))
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Period:
    """Periods repeat (a strategy's measurements share a few dozen): each text is parsed once. A Period
    is immutable, so one may be shared; an error is raised anew each time."""
    raw = normalise_digits(text).strip()
    for kind, pattern in _PATTERNS:
        m = pattern.match(raw)
        if not m:
            continue
        y = int(m.group(1))
        if not 1900 <= y <= 2200:
            raise PeriodError(f"'{raw}': year {y} is out of range", "year", raw)
        if kind == "year":
            return Period(date(y, 12, 31), date(y, 1, 1), kind, raw)
        if kind == "half":
            h = int(m.group(2))
            start = date(y, 1 if h == 1 else 7, 1)
            end = date(y, 6, 30) if h == 1 else date(y, 12, 31)
            return Period(end, start, kind, raw)
        if kind == "quarter":
            q = int(m.group(2))
            return Period(_month_end(y, 3 * q), date(y, 3 * q - 2, 1), kind, raw)
        if kind == "month":
            mo = int(m.group(2))
            if not 1 <= mo <= 12:
                raise PeriodError(f"'{raw}': month {mo} does not exist", "month", raw)
            return Period(_month_end(y, mo), date(y, mo, 1), kind, raw)
        if kind == "date":
            try:
                d = date(y, int(m.group(2)), int(m.group(3)))
            except ValueError as exc:
                raise PeriodError(f"'{raw}': {exc}", "date", raw) from None
            return Period(d, d, kind, raw)
        # school year: 1 August to 31 July, written 2018/19
        second = m.group(2)
        second_year = int(second) if len(second) == 4 else (y // 100) * 100 + int(second)
        if second_year != y + 1:
            raise PeriodError(f"'{raw}': a school year spans two consecutive years", "school_year", raw)
        canon = f"{y}/{str(y + 1)[-2:]}"
        return Period(date(y + 1, 7, 31), date(y, 8, 1), kind, canon)
    canonical = danish_period(raw)
    if canonical is not None:
        try:
            return _parse(canonical)
        except PeriodError as exc:  # "31. februar 2019": say what is wrong with the writing itself
            raise PeriodError(str(exc).replace(canonical, raw), exc.code, raw) from None
    raise PeriodError(f"'{raw}' is not a period ({FORMATS_HELP})", "invalid", raw)


_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


class DayError(ValueError):
    """A refused day, and why: "format" (not written YYYY-MM-DD), "calendar" (no such day: 2020-02-30)
    or "range" (a day outside the years 1900–2200)."""

    def __init__(self, message: str, *, reason: str = "format"):
        super().__init__(message)
        self.reason = reason


def parse_day(text: str) -> date:
    """A day written YYYY-MM-DD (an "as of" date in an address, a form or a command), in the years a
    period may have. ValueError for anything else: Python's own date.fromisoformat also takes
    20200101 and 2020-W01-1, and year 1 would overflow the forecasts' date arithmetic."""
    m = _DAY.fullmatch(normalise_digits(text).strip()) if isinstance(text, str) else None
    if not m:
        raise DayError(f"{text!r} is not a day written YYYY-MM-DD")
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise DayError(f"{text!r} is no day of the calendar", reason="calendar") from None
    if not 1900 <= day.year <= 2200:
        raise DayError(f"{text!r} is not between 1900 and 2200", reason="range")
    return day


def up_to(rows, as_of: date | None) -> list:
    """The rows (measurements, reference values, status notes: anything with a period_end) that are
    known on the day as_of: a period's value counts at its end. A row without a period is kept."""
    rows = list(rows)
    if as_of is None:
        return rows
    return [r for r in rows if r.period_end is None or r.period_end <= as_of]


def period_label(text: str) -> str:
    """Danish label for a stored period text; the text itself if unparsable."""
    if not text:
        return ""
    try:
        return parse_period(text).label()
    except PeriodError:
        return text
