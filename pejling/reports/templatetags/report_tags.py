"""Filters for the report template: chart pictures and dictionary lookups."""

import base64

from django import template

from pejling.reports.charts import render_svg
from pejling.reports.tables import year_parts as parts_of_years

register = template.Library()


@register.filter
def chart_src(spec: dict) -> str:
    svg = render_svg(spec)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@register.filter
def lookup(mapping, key):
    """`row.values|lookup:year|lookup:"text"`: empty text, never "{}", where a year has no value."""
    if not isinstance(mapping, dict):
        return ""
    found = mapping.get(key)
    return "" if found is None else found


@register.filter
def without_narrative(rows):
    return [r for r in rows if not r.get("narrative")]


@register.filter
def narrative_only(rows):
    return [r for r in rows if r.get("narrative")]


@register.filter
def year_parts(years, caption=""):
    """A results table's years in tables that fit a page (tables.year_parts)."""
    return parts_of_years(years, caption or "")
