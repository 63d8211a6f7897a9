from django.shortcuts import render

from pejling.plans import selectors


def front(request):
    return render(request, "web/front.html", {"organisations": selectors.organisation_list()})


def strategy_detail(request, slug):
    strategy = selectors.strategy_get(slug=slug)
    initiatives = list(selectors.strategy_initiatives(strategy=strategy))
    goals = list(selectors.strategy_level_indicators(strategy=strategy))
    groups = [(fa, [i for i in initiatives if i.focus_area_id == fa.id],
               [g for g in goals if g.focus_area_id == fa.id]) for fa in strategy.focus_areas.all()]
    return render(request, "web/strategy.html", {
        "strategy": strategy,
        "groups": groups,
        "ungrouped": [i for i in initiatives if i.focus_area_id is None],
        "strategy_goals": [g for g in goals if g.focus_area_id is None],
    })


def initiative_detail(request, slug, code):
    initiative = selectors.initiative_get(strategy_slug=slug, code=code)
    return render(request, "web/initiative.html", {"initiative": initiative, "strategy": initiative.strategy})
