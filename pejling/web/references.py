"""Reference series on an indicator's pages (the national average, comparable municipalities): add,
edit and delete a series with its values. The values obey the indicator's own rules; a save is all or
nothing and refused if someone else saved the series meanwhile."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pejling.plans import selectors
from pejling.plans.models import Indicator
from pejling.plans.versioning import EditConflict
from pejling.tracking import services
from pejling.tracking.models import ReferenceKind, ReferenceSeries

from .conflicts import plan_conflict
from .data_pages import delete_page, indicator_url, plan_guard
from .entry_hints import unit_beside
from .forms import PERIOD_HELP, NumberField
from .limits import LimitsMixin


class ReferenceSeriesForm(LimitsMixin, forms.Form):
    limits_entity = "reference"
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200,
                           help_text=gettext_lazy("E.g. Landsgennemsnit or Klyngen"),
                           error_messages={"required": gettext_lazy("Give the series a name, e.g. Landsgennemsnit.")})
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ReferenceKind.choices)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReferenceValueForm(LimitsMixin, forms.Form):
    limits_entity = "reference_value"
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    period = forms.CharField(label=gettext_lazy("Period"), max_length=20, help_text=PERIOD_HELP)
    value = NumberField(label=gettext_lazy("Value"))
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 1}))


ValueFormSet = forms.formset_factory(ReferenceValueForm, extra=3, can_delete=True)


def _indicator(request, slug, key):
    strategy = selectors.strategy_get(slug=slug)
    indicator = get_object_or_404(Indicator.objects.select_related("initiative", "strategy"), strategy=strategy,
                                  key=key)
    return strategy, indicator, plan_guard(request, strategy)


def references(request, slug, key):
    """The indicator's reference series with their values, for those who may edit them."""
    strategy, indicator, denied = _indicator(request, slug, key)
    if denied is not None:
        return denied
    return render(request, "web/references.html", {
        "strategy": strategy, "indicator": indicator, "back": indicator_url(indicator),
        "series": indicator.references.prefetch_related("values")})


def _values(formset) -> tuple[list[dict], list]:
    """The values to keep, and the form each came from (to put the service's problems in place)."""
    values, origin = [], []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        values.append({k: data.get(k) for k in ("id", "period", "value", "comment")})
        origin.append(form)
    return values, origin


def reference_edit(request, slug, key, pk=None):
    strategy, indicator, denied = _indicator(request, slug, key)
    if denied is not None:
        return denied
    series = get_object_or_404(ReferenceSeries, pk=pk, indicator=indicator) if pk else None
    post = request.POST if request.method == "POST" else None
    form = ReferenceSeriesForm(post, initial={"name": series.name, "kind": series.kind, "source": series.source,
                                              "version": series.version} if series else None)
    initial = [{"id": v.pk, "period": v.period, "value": v.value, "comment": v.comment}
               for v in series.values.all()] if series else []
    formset = ValueFormSet(post, initial=initial, prefix="values")
    for sub in formset.forms:
        unit_beside(sub, "value", indicator.unit)
    back = reverse("web:references", args=[slug, key])
    status = 200
    if post is not None:
        status = 422
        if form.is_valid() & formset.is_valid():
            values, origin = _values(formset)
            data = form.cleaned_data
            try:
                saved = services.reference_series_save(
                    indicator=indicator, series=series, name=data["name"], kind=data["kind"], source=data["source"],
                    values=values, version=data["version"], user=request.user)
            except EditConflict as conflict:
                plan_conflict(form, conflict)
                status = 409
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    _place(form, origin, field, errors)
            else:
                messages.success(request, _("The reference series is saved: %(name)s.") % {"name": saved.name})
                return redirect(back)
    return render(request, "web/reference_edit.html", {
        "strategy": strategy, "indicator": indicator, "form": form, "formset": formset, "back": back,
        "title": _("Edit the reference series") if series else _("New reference series"),
        "unit": indicator.unit}, status=status)


def _place(form, origin, field: str, errors) -> None:
    """A problem from the service on its field: "values-<i>-<field>" on the i-th value kept."""
    if field.startswith("values-"):
        _v, i, name = field.split("-", 2)
        origin[int(i)].add_error(name, errors)
    else:
        form.add_error(None if field == "__all__" or field not in form.fields else field, errors)


def reference_delete(request, slug, key, pk):
    strategy, indicator, denied = _indicator(request, slug, key)
    if denied is not None:
        return denied
    series = get_object_or_404(ReferenceSeries, pk=pk, indicator=indicator)
    back = reverse("web:references", args=[slug, key])
    return delete_page(request, obj=series, strategy=strategy, title=series.name, done=back, back=back,
                        restore_in=reverse("web:indicator-history", args=[slug, key]))
