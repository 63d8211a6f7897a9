from datetime import date

from django.shortcuts import render
from django.utils import timezone

from pejling.plans import selectors
from pejling.tracking.status import strategy_status


def _as_of(request):
    """The "as of" date from ?as_of=YYYY-MM-DD (default today) and an error text for a bad one."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return timezone.localdate(), raw, ""
    try:
        return date.fromisoformat(raw), raw, ""
    except ValueError:
        return timezone.localdate(), raw, f"»{raw}« er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2020-11-30."


def front(request):
    as_of, _, _ = _as_of(request)
    organisations = list(selectors.organisation_list())
    statuses = {s.id: strategy_status(strategy=s, as_of=as_of) for org in organisations for s in org.strategies.all()}
    attention = [(st.strategy, ini) for st in statuses.values() for fa in st.focus_areas for ini in fa.initiatives
                 if ini.counted and (ini.alerts or ini.colour.value == "red")]
    return render(request, "web/front.html", {"organisations": organisations, "statuses": statuses,
                                              "attention": attention, "as_of": as_of})


def strategy_detail(request, slug):
    strategy = selectors.strategy_get(slug=slug)
    as_of, raw_as_of, as_of_error = _as_of(request)
    status = strategy_status(strategy=strategy, as_of=as_of)
    f = {k: request.GET.get(k, "").strip() for k in ("unit", "focus_area", "colour", "state", "q")}
    groups = []
    for fa in status.focus_areas:
        if f["focus_area"] and fa.code != f["focus_area"]:
            continue
        rows = [(s.initiative, s) for s in fa.initiatives if _matches(s.initiative, s, f)]
        if rows or fa.indicators or not any(f.values()):
            groups.append((fa, rows))
    units = sorted({link.unit.name for fa in status.focus_areas for s in fa.initiatives
                    for link in s.initiative.unit_links.all()})
    return render(request, "web/strategy.html", {
        "strategy": strategy, "status": status, "groups": groups, "filters": f, "units": units,
        "as_of": as_of, "raw_as_of": raw_as_of, "as_of_error": as_of_error,
        "filtered": any(f.values()),
    })


def _matches(ini, st, f):
    if f["unit"] and f["unit"] not in {link.unit.name for link in ini.unit_links.all()}:
        return False
    if f["colour"] and st.colour.value != f["colour"]:
        return False
    if f["state"] and ini.state != f["state"]:
        return False
    if f["q"]:
        haystack = " ".join([ini.code, ini.title, ini.purpose] + [r.name for r in st.indicators]).lower()
        if f["q"].lower() not in haystack:
            return False
    return True


def initiative_detail(request, slug, code):
    initiative = selectors.initiative_get(strategy_slug=slug, code=code)
    as_of, raw_as_of, as_of_error = _as_of(request)
    status = strategy_status(strategy=initiative.strategy, as_of=as_of)
    mine = next(s for fa in status.focus_areas for s in fa.initiatives if s.initiative.id == initiative.id)
    results = {r.key: r for r in mine.indicators}
    return render(request, "web/initiative.html", {
        "initiative": initiative, "strategy": initiative.strategy, "status": mine, "results": results,
        "as_of": as_of, "raw_as_of": raw_as_of, "as_of_error": as_of_error})
