"""Danish display of Pejling's values: 7,2 %, november 2021."""

import base64

from django import template

from pejling.assessment.periods import period_label
from pejling.reports import formatting

register = template.Library()


@register.filter
def period(text):
    return period_label(text)


@register.filter
def number(value, decimals=None):
    """Danish number: comma decimal separator, dot thousands, trailing zeros dropped."""
    return formatting.number(value, decimals)


@register.filter
def with_unit(value, unit):
    return formatting.with_unit(value, unit)


@register.filter
def svg_data_uri(svg: str) -> str:
    """An SVG as an <img> source: no id clashes between charts, and the img's alt text is its alternative."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
