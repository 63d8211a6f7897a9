"""Numbers and periods as Danish people write them, read into Pejling's canonical forms.

One home for every door that takes typed or pasted text (web forms, the Excel template, project
tables, measurement files): "7,2 %", "1.234,5", "1 234", "−3"; "nov. 2020", "3. kvt. 2013",
"1. halvår 2021", "foråret 2019", "30.11.2019", "2019K3". A reading that could mean two things
("1.234": a thousand or one point two?) is refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .limits import normalise_digits


class NumberWritingError(ValueError):
    """`code`: 'invalid' (not a number) or 'ambiguous' (a dot that may be a thousands separator)."""

    def __init__(self, code: str, raw: str):
        super().__init__(f"{raw!r}: {code}")
        self.code, self.raw = code, raw


@dataclass(frozen=True)
class Number:
    value: Decimal
    percent: bool  # written with "%" or "pct."


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_PERCENT = re.compile(r"(%|pct\.?|procent)$", re.IGNORECASE)
_THOUSANDS_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$", re.ASCII)
# an exponent is read so that "1e20" is refused for its size, with the limits' own message
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$", re.ASCII)


def read_number(text: str) -> Number | None:
    """The number in `text`, or None for an empty text. Raises NumberWritingError.

    A comma is the decimal sign and dots then group thousands ("1.234,5"); without a comma a single
    dot is a decimal point ("6.8", as a spreadsheet writes it), several dots group thousands
    ("1.234.567"), and one dot before exactly three digits is ambiguous and refused."""
    raw = text
    text = normalise_digits(str(text)).strip().replace("\u2212", "-").replace("\u2013", "-")
    percent = bool(_PERCENT.search(text))
    text = _SPACES.sub("", _PERCENT.sub("", text))
    if not text:
        if percent:
            raise NumberWritingError("invalid", raw)
        return None
    if "," in text:
        whole, _, decimals = text.rpartition(",")
        if "," in whole or "." in decimals or (whole.replace("-", "").replace("+", "")
                                                and "." in whole and not _THOUSANDS_DOTS.match(whole)):
            raise NumberWritingError("invalid", raw)
        text = whole.replace(".", "") + "." + decimals
    elif text.count(".") > 1:
        if not _THOUSANDS_DOTS.match(text):
            raise NumberWritingError("invalid", raw)
        text = text.replace(".", "")
    elif _THOUSANDS_DOTS.match(text) and not text.lstrip("+-").startswith("0"):
        raise NumberWritingError("ambiguous", raw)
    if not _PLAIN.match(text):
        raise NumberWritingError("invalid", raw)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise NumberWritingError("invalid", raw) from None
    return Number(value, percent)


# -- periods -------------------------------------------------------------------------------------
MONTHS = {
    "jan": 1, "januar": 1, "feb": 2, "februar": 2, "mar": 3, "mrt": 3, "marts": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_Y = r"(?P<y>\d{4})"
_DANISH_PERIODS = [
    # "3. kvt. 2013", "3. kvartal 2013", "3 kvt 2013", "Q3 2013", "2013K3", "2013 Q3"
    ("quarter", re.compile(rf"^(?P<n>[1-4])\.?\s*(kvt|kvartal)\.?\s+{_Y}$")),
    ("quarter", re.compile(rf"^q(?P<n>[1-4])\s*{_Y}$")),
    ("quarter", re.compile(rf"^{_Y}\s*-?\s*[kq](?P<n>[1-4])$")),
    # "1. halvår 2021", "2021H1", "foråret 2019" (first half), "efteråret 2013" (second half)
    ("half", re.compile(rf"^(?P<n>[12])\.?\s*halvår\s+{_Y}$")),
    ("half", re.compile(rf"^{_Y}\s*-?\s*h(?P<n>[12])$")),
    ("spring", re.compile(rf"^(i\s+)?forår(et)?\s+{_Y}$")),
    ("autumn", re.compile(rf"^(i\s+)?efterår(et)?\s+{_Y}$")),
    # "skoleåret 2018/19", "skoleår 2018-2019"
    ("school_year", re.compile(rf"^skoleår(et)?\s+{_Y}\s*[/-]\s*(?P<n>\d{{2}}|\d{{4}})$")),
    # "nov. 2020", "november 2020", "2019M11"
    ("month", re.compile(rf"^(?P<m>[a-zæøå]+)\.?\s+{_Y}$")),
    ("month_number", re.compile(rf"^{_Y}\s*m(?P<n>\d{{1,2}})$")),
    # "30. november 2019", "30.11.2019", "30/11 2019", "30-11-2019", "1/1-2020"
    ("day_month", re.compile(rf"^(?P<d>\d{{1,2}})\.?\s*(?P<m>[a-zæøå]+)\.?\s+{_Y}$")),
    ("date", re.compile(rf"^(?P<d>\d{{1,2}})\s*[./-]\s*(?P<n>\d{{1,2}})\s*[./ -]\s*{_Y}$")),
]


def danish_period(text: str) -> str | None:
    """The canonical period text (2013-Q3, 2021-H1, 2020-11, 2019-11-30, 2018/19) for a period written
    in Danish words or in Statistics Denmark's form, or None when it is no such writing. The result
    is checked by periods.parse_period like any canonical text."""
    t = re.sub(r"\s+", " ", normalise_digits(text).strip().lower())
    for kind, pattern in _DANISH_PERIODS:
        m = pattern.match(t)
        if not m:
            continue
        g = m.groupdict()
        y = g["y"]
        if kind == "quarter":
            return f"{y}-Q{g['n']}"
        if kind == "half":
            return f"{y}-H{g['n']}"
        if kind == "spring":
            return f"{y}-H1"
        if kind == "autumn":
            return f"{y}-H2"
        if kind == "school_year":
            return f"{y}/{g['n']}"
        if kind in ("month", "day_month"):
            month = MONTHS.get(g["m"])
            if month is None:
                return None
            return f"{y}-{month:02d}" if kind == "month" else f"{y}-{month:02d}-{int(g['d']):02d}"
        if kind == "month_number":
            return f"{y}-{int(g['n']):02d}"
        return f"{y}-{int(g['n']):02d}-{int(g['d']):02d}"
    return None
