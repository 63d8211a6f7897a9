"""Danish display of Pejling's values: 7,2 %, november 2021."""

import base64
from decimal import Decimal

from django import template

from pejling.assessment.periods import period_label

register = template.Library()


@register.filter
def period(text):
    return period_label(text)


@register.filter
def number(value, decimals=None):
    """Danish number: comma decimal separator, dot thousands, trailing zeros dropped."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if decimals not in (None, ""):
        value = round(value, int(decimals))
    text = f"{value.normalize():f}"
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


@register.filter
def with_unit(value, unit):
    shown = number(value)
    if shown == "" or not unit:
        return shown
    return f"{shown} {unit}"


@register.filter
def svg_data_uri(svg: str) -> str:
    """An SVG as an <img> source: no id clashes between charts, and the img's alt text is its alternative."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
