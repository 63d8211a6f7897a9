"""{% load history %}: whether to link the history (Historik) of a strategy's pages."""

from django import template

from pejling.plans.permissions import can_read_history

register = template.Library()


@register.filter
def may_read_history(user, strategy) -> bool:
    return can_read_history(user, strategy)
