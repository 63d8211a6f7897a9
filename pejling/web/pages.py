from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from pejling.assessment.periods import parse_day
from pejling.plans import selectors
from pejling.plans.models.initiative import InitiativeState
from pejling.plans.permissions import (
    can_create_organisation,
    can_edit_plan,
    can_enter_data,
    can_import_measurements,
    can_manage_units,
    can_manage_users,
    can_publish,
    home_organisations,
    member_organisations,
    readable_organisations,
    readable_strategies,
)
from pejling.reports.charts import indicator_chart
from pejling.texts import formatting
from pejling.tracking.models import ColourChoice
from pejling.tracking.selectors import initiative_page_get
from pejling.tracking.status_cache import initiative_status_cached
from pejling.tracking.status_cache import strategy_status_cached as strategy_status
from pejling.tracking.summaries import organisation_totals, summaries_current

from . import forms
from .access import reads_as_public, require_read
from .caching import anonymous_page_cache, page_strategy
from .display import visible_progress
from .forms import indicator_form


def as_of_asked(request, strategy=None):
    """The "as of" date from ?as_of=YYYY-MM-DD, the date as the page's links carry it on, and an error
    text for a bad one. Without a date: today, or the last day of a strategy that has ended; a bad
    one is not carried on (links write the date itself, never what was typed)."""
    raw = request.GET.get("as_of", "").strip()
    today = timezone.localdate()
    default = strategy.default_as_of(today) if strategy else today
    if not raw:
        return default, "", ""
    try:
        day = parse_day(raw)
    except ValueError as exc:
        return default, "", formatting.day_problem(raw, exc)
    return day, day.isoformat(), ""


def shown_until(as_of, raw_as_of: str):
    """Up to which day a page lists measurements, reference values and status notes: the asked-for date
    (what was known then), or None without a good one: a value just entered for this year stays in sight."""
    return as_of if raw_as_of else None


FRONT_LIST = 40  # lines of "Needs attention" and "Needs an update" on the front page
# Up to this many organisations the front page shows each one's strategies (one municipality's own
# installation, a few working together). Beyond it (a national installation) it lists the organisations,
# each in one line, after the reader's own organisations' strategies: its size follows what it shows.
FRONT_ORGANISATIONS = 5


def _needs(strategies, statuses, today):
    """What needs attention or an update in the running strategies: the first FRONT_LIST lines of each
    list, and how many more there are (a whole country's lists would be thousands of lines)."""
    running = [s for s in strategies if not s.has_ended(today)]
    attention = [(s, line) for s in running for line in statuses[s.id].attention]
    outdated = [(s, line) for s in running for line in statuses[s.id].outdated]
    more = {"attention": max(0, len(attention) - FRONT_LIST), "outdated": max(0, len(outdated) - FRONT_LIST)}
    return {"attention": attention[:FRONT_LIST], "outdated": outdated[:FRONT_LIST], "more": more}


@anonymous_page_cache
def front(request):
    """Every strategy shown at its own default date; what needs attention or an update only for running ones."""
    today = timezone.localdate()
    readable = readable_strategies(request.user)
    national = selectors.organisation_count(strategies=readable) > FRONT_ORGANISATIONS
    home = member_organisations(request.user) if national else home_organisations(request.user)
    organisations = list(selectors.organisation_list(strategies=readable, organisations=home))
    managed = {org.id for org in organisations if can_manage_users(request.user, org)}
    strategies = [s for org in organisations for s in org.strategies.all()]
    # Stored summaries, read in one query: the front page assesses no strategy whose data are unchanged
    statuses = summaries_current(strategies=strategies, today=today)
    totals = organisation_totals(strategies=readable, today=today) if national else []
    return render(request, "web/front.html", {
        "organisations": organisations, "statuses": statuses, "totals": totals, "as_of": today,
        "managed": managed, **_needs(strategies, statuses, today),
        "may_edit": can_edit_plan(request.user, None), "may_create_organisation": can_create_organisation(request.user)})


@anonymous_page_cache
def organisation_detail(request, org):
    """A municipality's page: its strategies with what the front page shows of each. Unknown (404) to
    whoever may read none of them, unless it is their own organisation."""
    today = timezone.localdate()
    found = list(selectors.organisation_list(strategies=readable_strategies(request.user),
                                             organisations=readable_organisations(request.user) & Q(slug=org)))
    if not found:
        raise Http404
    organisation = found[0]
    strategies = list(organisation.strategies.all())
    statuses = summaries_current(strategies=strategies, today=today)
    return render(request, "web/organisation.html", {
        "organisation": organisation, "strategies": strategies, "statuses": statuses, "as_of": today,
        **_needs(strategies, statuses, today),
        "may_edit": can_edit_plan(request.user, organisation),
        "may_manage_users": can_manage_users(request.user, organisation),
        "may_manage_units": can_manage_units(request.user, organisation)})


@anonymous_page_cache
def strategy_detail(request, slug):
    strategy = page_strategy(request, slug)
    require_read(request, strategy)
    as_of, raw_as_of, as_of_error = as_of_asked(request, strategy)
    status = strategy_status(strategy=strategy, as_of=as_of)
    f = {k: request.GET.get(k, "").strip() for k in ("unit", "focus_area", "colour", "state", "q")}
    public = reads_as_public(request, strategy)
    groups, empty_areas = [], []
    for fa in status.focus_areas:
        if f["focus_area"] and fa.code != f["focus_area"]:
            continue
        rows = [(s.initiative, s) for s in fa.initiatives if _matches(s.initiative, s, f)]
        if not fa.initiatives and not fa.indicators:
            empty_areas.append(fa)  # said in one line, not as an empty card
        elif rows or fa.indicators or not any(f.values()):
            # The progress column only where some row has progress to show
            shows_progress = any(visible_progress(s.headline, public) is not None for _i, s in rows)
            groups.append((fa, rows, shows_progress))
    units = sorted({link.unit.name for fa in status.focus_areas for s in fa.initiatives
                    for link in s.initiative.unit_links.all()})
    outdated = [] if any(f.values()) else [s for fa in status.focus_areas for s in fa.initiatives
                                            if s.counted and s.stale]
    return render(request, "web/strategy.html", {
        "ended": strategy.has_ended(timezone.localdate()), "outdated": outdated,
        "strategy": strategy, "status": status, "groups": groups, "empty_areas": empty_areas, "filters": f,
        "public": public,
        "units": units,
        "as_of": as_of, "raw_as_of": raw_as_of, "as_of_error": as_of_error,
        "may_edit": can_edit_plan(request.user, strategy), "may_publish": can_publish(request.user, strategy),
        "may_import": can_import_measurements(request.user, strategy),
        "filtered": any(f.values()), "colour_choices": ColourChoice.choices, "state_choices": InitiativeState.choices,
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


@anonymous_page_cache
def initiative_detail(request, slug, code):
    if code.startswith("#"):  # an old link, /i/%236/: the address people type is /i/6/
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("web:initiative", args=[slug, code]) + query, permanent=True)
    return initiative_page(request, slug, code)


def initiative_page(request, slug, code, *, failed=None, status=200):
    """The action-plan sheet with indicators, charts and, for those who may, the entry forms.
    `failed` holds bound forms that did not save, shown open with their errors."""
    initiative = initiative_page_get(strategy_slug=slug, code=code)
    require_read(request, initiative.strategy)
    as_of, raw_as_of, as_of_error = as_of_asked(request, initiative.strategy)
    mine = initiative_status_cached(strategy=initiative.strategy, initiative_id=initiative.id, as_of=as_of)
    results = {r.key: r for r in mine.indicators}
    indicators = list(initiative.indicators.all())
    public = reads_as_public(request, initiative.strategy)
    charts = {ind.key: indicator_chart(ind, results.get(ind.key), public=public) for ind in indicators}
    failed = failed or {}
    entry, assess_forms = {}, {}
    if can_enter_data(request.user, initiative):
        entry = {ind.key: failed.get(ind.key) or indicator_form(ind, public=public) for ind in indicators}
        assess_forms = {ind.key: failed.get(f"a-{ind.key}") or forms.AssessmentForm(prefix=f"a-{ind.key}")
                        for ind in indicators if not ind.is_retired}
        entry["note"] = failed.get("note") or forms.StatusNoteForm(prefix="note")
        entry["assessment"] = failed.get("assessment") or forms.AssessmentForm(prefix="assessment")
    return render(request, "web/initiative.html", {
        "initiative": initiative, "strategy": initiative.strategy, "status": mine, "results": results,
        "charts": charts, "entry": entry, "assess_forms": assess_forms, "failed": failed, "indicators": indicators,
        "public": public,
        "may_edit": can_edit_plan(request.user, initiative.strategy),
        "as_of": as_of, "raw_as_of": raw_as_of, "as_of_error": as_of_error,
        "shown_until": shown_until(as_of, raw_as_of)}, status=status)


def language(request, code):
    """Switch the language with a plain link (a cookie, nothing else), so pages need no CSRF token."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax")
    return response
