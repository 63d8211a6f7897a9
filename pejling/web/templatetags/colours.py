"""Colour badges: colour *and* text label, never colour alone (WCAG 1.4.1)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pejling.texts.reasons import colour_label as _colour_label

register = template.Library()


@register.simple_tag
def badge(colour, manual=None):
    extra = " (" + str(_("manual")) + ")" if manual else ""
    return format_html('<span class="badge-colour c-{}">{}{}</span>', colour.value, _colour_label(colour),
                       extra)


@register.filter
def percent(value):
    if value is None:
        return ""
    return f"{round(value * 100)} %"


@register.filter
def bar_width(value):
    """Progress bar width in %, clamped to 0-100."""
    if value is None:
        return 0
    return max(0, min(100, round(value * 100)))


@register.filter
def get(mapping, key):
    return mapping.get(key)


@register.filter
def colour_label(colour):
    """A Colour's label in the reader's language."""
    return _colour_label(colour)
