"""One cell of the template read into the document's value, by its column's kind.

Danish writing is read by the one reader that exists (assessment/writing.py for numbers,
assessment/periods.py for periods); numeric cells are numbers and date cells dates. A formula is
never evaluated nor its cached result trusted: the cell is refused, so what is stored is what a
person wrote. Raises CellProblem with a Danish reason; the caller adds the place.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from pejling.assessment.limits import MAX_ABS, Problem, normalise_digits, number_problem
from pejling.assessment.periods import PeriodError, parse_period
from pejling.assessment.writing import NumberWritingError, read_number
from pejling.plans.models.periods import period_message
from pejling.texts.cells import cell_text_read
from pejling.texts.limits import number_writing_message, problem_message

from .exporter import json_number
from .template_columns import CHOICES, OPEN_CHOICES, Column

YES = {"ja", "j", "x", "yes", "true", "sand", "1"}
NO = {"nej", "n", "no", "false", "falsk", "0"}


class CellProblem(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _shown(value) -> str:
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def cell_read(column: Column, value, data_type: str = "", number_format: str = ""):
    """The document's value for a cell (None when empty)."""
    if data_type == "f":
        raise CellProblem(_("the cell holds a formula (%(formula)s); write the value itself") % {
            "formula": _shown(value)})
    if data_type == "e":
        raise CellProblem(_("the cell shows an error (%(value)s); write the value itself") % {"value": _shown(value)})
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        value = cell_text_read(value)
    reader = READERS.get(column.kind, _text)
    return reader(column, value, number_format)


def _text(column, value, _fmt):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _code(column, value, fmt):
    return _text(column, value, fmt).strip()


def _number(column, value, fmt):
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellProblem(_("»%(value)s« is not a number") % {"value": _shown(value)})
    if isinstance(value, (int, float)):
        number = Decimal(repr(value))
        if "%" in fmt:  # 7,2 % typed into Excel is stored as 0.072 with a percent format
            number *= 100
    else:
        try:
            read = read_number(value)
        except NumberWritingError as exc:
            raise CellProblem(number_writing_message(exc.code, exc.raw)) from None
        if read is None:
            return None
        number = read.value
    # a 400-digit number is too large (not "infinity", as its float would say)
    problem = Problem("too_large", {"value": value}) if abs(number) >= MAX_ABS else number_problem(number)
    if problem:
        raise CellProblem(problem_message(problem))
    return json_number(number)


def _integer(column, value, fmt):
    number = _number(column, value, fmt)
    if not isinstance(number, int):
        raise CellProblem(_("»%(value)s« is not a whole number") % {"value": _shown(value)})
    return number


def _period(column, value, fmt):
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return parse_period(str(value)).text
    except PeriodError as exc:
        raise CellProblem(period_message(exc)) from None


def _date(column, value, fmt):
    if isinstance(value, datetime):
        return value.date().isoformat()
    try:
        period = parse_period(str(value))
    except PeriodError:
        period = None
    if period is None or period.kind != "date":
        raise CellProblem(_("»%(value)s« is not a date (write e.g. 30.11.2019)") % {"value": _shown(value)})
    return period.text


def _moment(column, value, fmt):
    return value.isoformat() if isinstance(value, datetime) else _text(column, value, fmt).strip()


def _choice(column, value, fmt):
    labels = CHOICES[column.choices]
    text = normalise_digits(_text(column, value, fmt)).strip()
    wanted = text.casefold()
    for key, label in labels.items():
        if wanted in (key.casefold(), label.casefold()):
            return key
    if column.choices in OPEN_CHOICES:
        return text
    choices = ", ".join(f"»{c}«" for c in labels.values())
    raise CellProblem(_("»%(value)s« is not one of %(choices)s") % {"value": _shown(value), "choices": choices})


def _bool(column, value, fmt):
    if isinstance(value, bool):
        return value
    text = _text(column, value, fmt).strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellProblem(_("»%(value)s« is not one of %(choices)s") % {"value": _shown(value), "choices": "»ja«, »nej«"})


def _units(column, value, fmt):
    text = _text(column, value, fmt)
    parts = text.split("\n") if "\n" in text else text.split(";")
    return [p.strip() for p in parts if p.strip()] or None


READERS = {"text": _text, "long": _text, "code": _code, "key": _code, "number": _number, "integer": _integer,
           "period": _period, "date": _date, "moment": _moment, "choice": _choice, "bool": _bool, "units": _units}
