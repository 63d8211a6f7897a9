"""Model-form validation of period texts (admin and services call full_clean)."""

from django.core.exceptions import ValidationError

from pejling.assessment.periods import PeriodError, parse_period


def clean_period(text: str, field: str, *, required: bool = False):
    """Return the parsed Period (or None for an allowed blank); raise ValidationError on the field."""
    if not text:
        if required:
            raise ValidationError({field: "Angiv en periode, fx 2019, 2019-11 eller 2018/19."})
        return None
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise ValidationError({field: str(exc)}) from None
