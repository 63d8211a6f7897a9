"""{% load moving %}{% move_buttons "indikator" indicator strategy name %}: "Flyt op / Flyt ned" for a
consultant, each a small POST form carrying the version the page showed and the neighbour it moves past."""

from django import template

from pejling.web.moving import MOVABLE, place

register = template.Library()


@register.inclusion_tag("web/_move.html", takes_context=True)
def move_buttons(context, what, item, strategy, name="", show_place=False):
    model = MOVABLE[what][0]
    if not isinstance(item, model):  # the overview's summary of a focus area: a sibling of the strategy's
        item = model(pk=item.id, strategy_id=strategy.id)
    request = context.get("request")
    known = request.__dict__.setdefault("_move_places", {}) if request is not None else None
    found = place(what, item, known)
    if found is None:
        return {"count": 0}
    position, count, version, above, below = found
    return {"what": what, "pk": item.pk, "version": version, "strategy": strategy, "name": name,
            "position": position, "count": count, "show_place": show_place, "above": above, "below": below}
