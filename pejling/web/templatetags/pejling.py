"""Danish display of Pejling's values: 7,2 %, november 2021."""

import base64

from django import template

from pejling.assessment.values import SMALL_COUNT, is_small_count
from pejling.reports import formatting

register = template.Library()


@register.filter
def period(text):
    return formatting.period(text)


@register.filter
def reason(text):
    """The assessment engine's sentence in the reader's language."""
    return formatting.reason(text)


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


@register.simple_tag(takes_context=True)
def measured(context, m, indicator):
    """A measurement's value as a reader may see it: small counts of children hidden from the public."""
    if not context["user"].is_authenticated and is_small_count(
            None if m.value is None else float(m.value), kind=indicator.kind, unit=indicator.unit):
        return f"< {SMALL_COUNT}"
    return formatting.with_unit(m.value, indicator.unit)
