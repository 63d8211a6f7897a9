"""{% load moving %}{% move_buttons "indikator" indicator strategy name %}: "Flyt op / Flyt ned" for a
consultant, each a small POST form carrying the version the page showed."""

from django import template

from pejling.web.moving import MOVABLE, place

register = template.Library()


@register.inclusion_tag("web/_move.html")
def move_buttons(what, item, strategy, name="", show_place=False):
    model = MOVABLE[what][0]
    if not isinstance(item, model):  # e.g. the overview's summary of a focus area
        item = model.objects.filter(pk=item.id).first()
        if item is None:
            return {"count": 0}
    position, count = place(what, item)
    return {"what": what, "item": item, "strategy": strategy, "name": name, "position": position, "count": count,
            "show_place": show_place}
