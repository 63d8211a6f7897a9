"""Effect goals above the initiatives (the strategy's own and each focus area's): a page per goal
with its chart, numbers and history, where consultants enter measurements and assess its colour."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pejling.plans import selectors
from pejling.plans.permissions import can_edit_plan, can_enter_goal_data, can_read_strategy
from pejling.reports.charts import indicator_chart
from pejling.tracking import services
from pejling.tracking.selectors import goal_indicators
from pejling.tracking.status_cache import strategy_status_cached

from . import forms
from .access import reads_as_public, refuse, require_read
from .caching import anonymous_page_cache
from .entry import entry_save
from .forms import indicator_form
from .pages import as_of_asked, shown_until


def _goal(slug, key):
    strategy = selectors.strategy_get(slug=slug)
    indicator = next((ind for ind in goal_indicators(strategy=strategy) if ind.key == key), None)
    if indicator is None:
        raise Http404(_("No effect goal with this key in the strategy."))
    return strategy, indicator


@anonymous_page_cache
def goal_detail(request, slug, key):
    return goal_page(request, slug, key)


def goal_page(request, slug, key, *, failed=None, status=200):
    strategy, indicator = _goal(slug, key)
    require_read(request, strategy)
    as_of, raw_as_of, as_of_error = as_of_asked(request, strategy)
    result = next(r for r in strategy_status_cached(strategy=strategy, as_of=as_of).effect_goals if r.key == key)
    failed = failed or {}
    form = assessment = None
    public = reads_as_public(request, strategy)
    if can_enter_goal_data(request.user, strategy):
        form = failed.get(key) or indicator_form(indicator, public=public)
        assessment = failed.get(f"a-{key}") or forms.AssessmentForm(prefix=f"a-{key}")
    return render(request, "web/goal.html", {
        "strategy": strategy, "indicator": indicator, "result": result,
        "chart": indicator_chart(indicator, result, public=public), "public": public,
        "form": form, "assessment_form": assessment, "failed": failed, "as_of": as_of, "raw_as_of": raw_as_of,
        "as_of_error": as_of_error, "shown_until": shown_until(as_of, raw_as_of),
        "may_edit": can_edit_plan(request.user, strategy)}, status=status)


def _done(request, slug, key, message):
    messages.success(request, message)
    if request.headers.get("HX-Request"):
        return goal_page(request, slug, key)
    return redirect(reverse("web:goal", args=[slug, key]))


def _failed(request, slug, key, form, form_key, exc=None):
    if exc is not None:
        for field, errors in exc.message_dict.items():
            form.add_error(None if field == "__all__" or field not in form.fields else field, errors)
    return goal_page(request, slug, key, failed={form_key: form}, status=422)


def _post(request, slug, key, *, make_form, save):
    """Check, validate and save one form of the goal page; errors come back in place with 422."""
    strategy, indicator = _goal(slug, key)
    if (denied := refuse(request, can_enter_goal_data(request.user, strategy),
                         _("You may not enter data for this goal."),
                         readable=can_read_strategy(request.user, strategy))) is not None:
        return denied
    form = make_form(indicator)
    if form is None:
        raise Http404(_("This goal takes no measurements: assess its colour instead."))
    form_key = key if form.prefix == f"m-{key}" else form.prefix  # as the page looks failed forms up
    if not form.is_valid():
        return _failed(request, slug, key, form, form_key)
    try:
        message = save(indicator, form)
    except ValidationError as exc:
        return _failed(request, slug, key, form, form_key, exc)
    return _done(request, slug, key, message)


@require_POST
def goal_entry(request, slug, key):
    return _post(request, slug, key, make_form=lambda ind: indicator_form(ind, request.POST),
                 save=lambda ind, form: entry_save(indicator=ind, form=form, user=request.user))


@require_POST
def goal_assessment(request, slug, key):
    def save(ind, form):
        services.assessment_record(indicator=ind, user=request.user, **form.cleaned_data)
        return _("The assessment is saved: %(name)s.") % {"name": ind.name}
    return _post(request, slug, key, make_form=lambda ind: forms.AssessmentForm(request.POST, prefix=f"a-{key}"),
                 save=save)
