"""Data entry by the centres, in the initiative page. Works as plain form posts; with htmx the
page's main part is swapped in place. A failed save answers 422 with the form and its errors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pejling.plans.permissions import can_enter_data, can_read_strategy
from pejling.texts import formatting
from pejling.tracking import services
from pejling.tracking.selectors import initiative_get

from . import forms
from .access import refuse
from .conflicts import period_taken_message
from .forms import indicator_form
from .pages import initiative_page


def _guard(request, initiative):
    return refuse(request, can_enter_data(request.user, initiative), _("You may not enter data for this initiative."),
                  readable=can_read_strategy(request.user, initiative.strategy))


def _done(request, initiative, message, anchor):
    messages.success(request, message)
    url = reverse("web:initiative", args=[initiative.strategy.slug, initiative.code])
    if request.headers.get("HX-Request"):
        return initiative_page(request, initiative.strategy.slug, initiative.code)
    return redirect(f"{url}#{anchor}")


def _failed(request, initiative, form, key, exc=None):
    if exc is not None:
        for field, errors in exc.message_dict.items():
            form.add_error(None if field == "__all__" or field not in form.fields else field, errors)
    return initiative_page(request, initiative.strategy.slug, initiative.code, failed={key: form}, status=422)


@require_POST
def indicator_entry(request, slug, code, key):
    initiative = initiative_get(strategy_slug=slug, code=code)
    if (denied := _guard(request, initiative)) is not None:
        return denied
    indicator = get_object_or_404(initiative.indicators.all(), key=key)
    form = indicator_form(indicator, request.POST)
    if form is None:
        raise PermissionDenied(_("This indicator takes no measurements here."))
    if not form.is_valid():
        return _failed(request, initiative, form, key)
    try:
        saved = entry_save(indicator=indicator, form=form, user=request.user)
    except ValidationError as exc:
        return _failed(request, initiative, form, key, exc)
    return _done(request, initiative, saved, f"ind-{key}")


def entry_save(*, indicator, form, user) -> str:
    """Save a valid entry form of the indicator's kind through its service; the message to show."""
    data, correction = form.cleaned_data, form.correction()
    try:
        if indicator.kind == "numeric":
            services.measurement_record(indicator=indicator, period=data["period"], value=data["value"],
                                        breakdown=data["breakdown"], comment=data["comment"], user=user, **correction)
        elif indicator.kind == "distribution":
            services.counts_record(indicator=indicator, period=data["period"], counts=form.counts(),
                                   comment=data["comment"], user=user, **correction)
        else:
            services.milestone_status_set(indicator=indicator, period=data["period"], status=data["status"],
                                          comment=data["comment"], user=user, **correction)
    except services.PeriodTaken as taken:  # shown with the stored value; saved only as a confirmed correction
        form.show_correction(taken.token)
        raise ValidationError({"__all__": period_taken_message(indicator, data["period"], taken.existing)}) from None
    return _("Saved for %(period)s: %(name)s.") % {"period": formatting.period(data["period"]), "name": indicator.name}


def _initiative_entry(request, slug, code, *, form_class, key, service, saved, anchor):
    """A form about the initiative as a whole (status note, manual colour), saved by `service`."""
    initiative = initiative_get(strategy_slug=slug, code=code)
    if (denied := _guard(request, initiative)) is not None:
        return denied
    form = form_class(request.POST, prefix=key)
    if not form.is_valid():
        return _failed(request, initiative, form, key)
    try:
        service(initiative=initiative, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, initiative, form, key, exc)
    return _done(request, initiative, saved, anchor)


@require_POST
def status_note_entry(request, slug, code):
    return _initiative_entry(request, slug, code, form_class=forms.StatusNoteForm, key="note",
                             service=services.status_note_add, saved=_("The status note is saved."), anchor="notes")


@require_POST
def indicator_assessment_entry(request, slug, code, key):
    """A person's colour for one goal of the initiative (e.g. a qualitative goal), with the reason."""
    initiative = initiative_get(strategy_slug=slug, code=code)
    if (denied := _guard(request, initiative)) is not None:
        return denied
    indicator = get_object_or_404(initiative.indicators.all(), key=key)
    form = forms.AssessmentForm(request.POST, prefix=f"a-{key}")
    if not form.is_valid():
        return _failed(request, initiative, form, f"a-{key}")
    try:
        services.assessment_record(indicator=indicator, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, initiative, form, f"a-{key}", exc)
    return _done(request, initiative, _("The assessment is saved: %(name)s.") % {"name": indicator.name},
                 f"ind-{key}")


@require_POST
def assessment_entry(request, slug, code):
    return _initiative_entry(request, slug, code, form_class=forms.AssessmentForm, key="assessment",
                             service=services.assessment_record, saved=_("The assessment is saved."),
                             anchor="assessments")
