"""Colour badges: colour *and* text label, never colour alone (WCAG 1.4.1)."""

from django import template

from pejling.texts.reasons import colour_label as _colour_label
from pejling.web import display

register = template.Library()


@register.simple_tag
def badge(colour, manual=None):
    return display.badge(colour, manual)


@register.filter
def percent(value):
    return display.percent(value)


@register.filter
def bar_width(value):
    """Progress bar width in %, clamped to 0-100."""
    return display.bar_width(value)


@register.filter
def get(mapping, key):
    return mapping.get(key)


@register.filter
def colour_label(colour):
    """A Colour's label in the reader's language."""
    return _colour_label(colour)
