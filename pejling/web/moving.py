"""What a "Flyt op / Flyt ned" button moves: the siblings it moves among (what the person sees in one
list) and the page they return to."""

from django.urls import reverse

from pejling.plans.models import FocusArea, Indicator, Initiative


def strategy_url(strategy):
    return reverse("web:strategy", args=[strategy.slug])


def initiative_url(initiative):
    return reverse("web:initiative", args=[initiative.strategy.slug, initiative.code])


MOVABLE = {  # the address word: (model, siblings of an item, where to go afterwards)
    "omraade": (FocusArea, lambda a: FocusArea.objects.filter(strategy_id=a.strategy_id),
                lambda a: strategy_url(a.strategy) + f"#flyt-omraade-{a.pk}"),
    "indsats": (Initiative, lambda i: Initiative.objects.filter(strategy_id=i.strategy_id,
                                                                focus_area_id=i.focus_area_id),
                initiative_url),
    "indikator": (Indicator, lambda i: Indicator.objects.filter(strategy_id=i.strategy_id,
                                                                initiative_id=i.initiative_id,
                                                                focus_area_id=i.focus_area_id),
                  lambda i: initiative_url(i.initiative) + f"#ind-{i.key}" if i.initiative_id else strategy_url(i.strategy)),
}


def place(what: str, item, known: dict | None = None) -> tuple[int, int, int, int | None, int | None] | None:
    """(position from 1, how many, the item's version, the sibling above, the sibling below) of the item
    among its siblings, in the order the pages show; None when it is gone. `known`: sibling lists already
    read (a page's buttons read each list once: an initiative page's ten indicators are one query, not ten)."""
    _, siblings, _ = MOVABLE[what]
    group = (what, item.strategy_id, getattr(item, "focus_area_id", None), getattr(item, "initiative_id", None))
    rows = known.get(group) if known is not None else None
    if rows is None:
        rows = list(siblings(item).order_by("order", "id").values_list("pk", "version"))
        if known is not None:
            known[group] = rows
    found = next((n for n, (pk, _v) in enumerate(rows) if pk == item.pk), None)
    if found is None:
        return None
    above = rows[found - 1][0] if found > 0 else None
    below = rows[found + 1][0] if found + 1 < len(rows) else None
    return found + 1, len(rows), rows[found][1], above, below
