"""Model-form validation of period texts (admin, forms and services call it)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pejling.assessment.periods import PeriodError, parse_period


def period_message(exc: PeriodError) -> str:
    """The period error in the user's language."""
    messages = {
        "year": _("»%(raw)s«: the year must be between 1900 and 2200."),
        "month": _("»%(raw)s«: there is no such month. Write the month as 01–12, e.g. 2020-11."),
        "date": _("»%(raw)s«: there is no such date."),
        "school_year": _("»%(raw)s«: a school year spans two consecutive years, e.g. 2018/19."),
    }
    default = _("»%(raw)s« is not a period. Write e.g. 2020, 2020-H1, 2020-Q3, 2020-11, 2020-11-30 or 2018/19.")
    return messages.get(exc.code, default) % {"raw": exc.raw}


def clean_period(text: str, field: str, *, required: bool = False):
    """Return the parsed Period (or None for an allowed blank); raise ValidationError on the field."""
    if not text:
        if required:
            raise ValidationError({field: _("Give a period, e.g. 2019, 2019-11 or 2018/19.")})
        return None
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise ValidationError({field: period_message(exc)}) from None
