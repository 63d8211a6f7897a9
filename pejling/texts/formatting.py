"""Showing Pejling's values in the reader's language: numbers (7,2 in Danish, 7.2 in English) and
periods ("3. kvartal 2020" / "Q3 2020"). The one place numbers and periods are formatted."""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pejling.assessment.periods import PeriodError, parse_period, period_label

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def danish() -> bool:
    return (get_language() or "da").startswith("da")


def number(value, decimals=None, *, in_danish: bool | None = None) -> str:
    """Dot thousands and comma decimals in Danish (1.250,5), the other way round in English; trailing
    zeros dropped; "" for None. `in_danish`: the reader's language when the caller knows it already
    (a table of hundreds of numbers asks for it once)."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if decimals not in (None, ""):
        value = round(value, int(decimals))
    text = f"{value.normalize():f}"
    whole, _sep, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, point = (".", ",") if (danish() if in_danish is None else in_danish) else (",", ".")
    return sign + thousands.join(groups) + (point + frac if frac else "")


def with_unit(value, unit: str, decimals=None, *, in_danish: bool | None = None) -> str:
    shown = number(value, decimals, in_danish=in_danish)
    if shown == "" or not unit:
        return shown
    return f"{shown} {unit}"


def period(text: str) -> str:
    """A stored period for display: "3. kvartal 2020" in Danish, "Q3 2020" in English."""
    if danish():
        return period_label(text)
    try:
        p = parse_period(text)
    except PeriodError:
        return text
    y = p.start.year
    return {
        "year": str(y),
        "half": f"{'first' if p.start.month == 1 else 'second'} half of {y}",
        "quarter": f"Q{(p.start.month + 2) // 3} {y}",
        "month": f"{MONTHS_EN[p.start.month - 1]} {y}",
        "school_year": f"school year {p.text}",
    }.get(p.kind, f"{p.start.day} {MONTHS_EN[p.start.month - 1]} {y}")


def quoted_input(text: str, limit: int = 40) -> str:
    """What a person typed, for an error message that repeats it: characters that do not print
    (control characters, line breaks, zero-width ones) as "�", and at most `limit` characters."""
    shown = "".join(c if c.isprintable() else "\ufffd" for c in str(text))
    return shown if len(shown) <= limit else shown[:limit] + "…"


def day_problem(raw, exc: ValueError) -> str:
    """Why a typed day (an "as of" date in an address or a form, `--as-of`) was refused by
    `parse_day`: the same words wherever it was typed."""
    reason = getattr(exc, "reason", "format")
    if reason == "range":
        return _("»%(raw)s«: the year must be between 1900 and 2200.") % {"raw": quoted_input(raw)}
    if reason == "calendar":
        return _("»%(raw)s« is no day of the calendar.") % {"raw": quoted_input(raw)}
    return _("»%(raw)s« is not a date. Write it as YYYY-MM-DD, e.g. 2020-11-30.") % {"raw": quoted_input(raw)}
