"""The document's texts as model values: numbers, dates, moments and periods (already validated)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from pejling.assessment.periods import parse_period


def _dec(value):
    return None if value is None else Decimal(str(value))


def _date(value):
    return date.fromisoformat(value) if value else None


def _when(value):
    if not value:
        return timezone.now()
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else timezone.make_aware(moment)


def _period(text):
    """(canonical text, start, end) for a period text that validation has accepted."""
    if not text:
        return "", None, None
    p = parse_period(text)
    return p.text, p.start, p.end
