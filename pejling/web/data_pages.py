"""What used to need a file, in the app: mark a measurement as the baseline (or not), delete an initiative
or an indicator with what belongs to it after a page that says what goes with it, and the list of
deletions to restore. Views only translate: the services in tracking decide and write."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pejling.plans import selectors
from pejling.plans.models import Indicator
from pejling.plans.permissions import can_edit_plan, can_read_history, can_read_strategy
from pejling.texts import formatting
from pejling.tracking import history_selectors, history_services, services
from pejling.tracking.models import Measurement
from pejling.tracking.selectors import initiative_get, measurement_period_rows

from .access import refuse
from .history_pages import DeleteForm, confirmed_delete


def plan_guard(request, strategy):
    return refuse(request, can_edit_plan(request.user, strategy), _("You may not edit this plan."),
                  readable=can_read_strategy(request.user, strategy))


def indicator_url(indicator) -> str:
    """The page that shows the indicator: its initiative's, or its own page as an effect goal."""
    if indicator.initiative_id:
        return reverse("web:initiative", args=[indicator.strategy.slug, indicator.initiative.code]) + \
            f"#ind-{indicator.key}"
    return reverse("web:goal", args=[indicator.strategy.slug, indicator.key])


class BaselineForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Shown in the history with the change."),
                             error_messages={"required": gettext_lazy(
                                 "Give the reason: the baseline decides the expected course and the colour.")})
    version = forms.CharField(required=False, widget=forms.HiddenInput)


def _values(indicator, rows) -> str:
    return ", ".join(f"{m.level.label} {formatting.number(m.value)}" if m.level else
                     formatting.with_unit(m.value, indicator.unit) for m in rows if m.value is not None)


def measurement_baseline(request, slug, pk):
    """Make a measured period the baseline, or the baseline an ordinary measurement, with the reason."""
    m = get_object_or_404(Measurement.objects.select_related("indicator__strategy", "indicator__initiative"), pk=pk)
    indicator, strategy = m.indicator, m.indicator.strategy
    if strategy.slug != slug:
        raise Http404
    if (denied := plan_guard(request, strategy)) is not None:
        return denied
    rows = measurement_period_rows(measurement=m)
    making = not m.is_baseline
    period = formatting.period(m.period) if m.period else _("(time not stated)")
    form = BaselineForm(request.POST if request.method == "POST" else None,
                        initial={"version": services.entry_token(rows)})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.baseline_set(measurement=m, baseline=making, reason=form.cleaned_data["reason"],
                                      user=request.user, expected=form.cleaned_data["version"] or None)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(None if field == "__all__" else field, errors)
            else:
                done = _("%(period)s is now the baseline.") if making else \
                    _("%(period)s is now an ordinary measurement.")
                messages.success(request, done % {"period": period})
                return redirect(indicator_url(indicator))
    return render(request, "web/confirm.html", {
        "strategy": strategy, "form": form, "back": indicator_url(indicator),
        "title": _("Make %(period)s the baseline") % {"period": period} if making else
        _("Make the baseline an ordinary measurement"),
        "lines": [indicator.name, f"{period}{' · ' + m.breakdown if m.breakdown else ''}: {_values(indicator, rows)}"],
        "note": _("The baseline is where the expected course starts: colours and progress are computed again.")
        if making else _("The indicator then has no baseline for this group until another is marked."),
        "button": _("Make it the baseline") if making else _("Make it an ordinary measurement"),
    }, status=status)


def delete_page(request, *, obj, strategy, title, done, back, restore_in=None):
    """Confirm and delete `obj` with what belongs to it; the page says what goes with it first. It can be
    restored from `restore_in` (a history page; by default the strategy's list of deletions)."""
    restore_label = _("History") if restore_in else _("Deleted initiatives and indicators")
    restore_in = restore_in or reverse("web:deleted", args=[strategy.slug])
    form = DeleteForm(request.POST if request.method == "POST" else None, initial={"version": obj.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        status = confirmed_delete(form, obj, lambda reason, version: history_services.plan_object_delete(
            obj=obj, user=request.user, reason=reason, version=version), _(
            "Someone else changed it while you looked at it: check what goes with it below and delete again if "
            "it must go."))
        if status is None:
            messages.success(request, _("Deleted: %(what)s. The history keeps it, and it can be restored from "
                                        "there.") % {"what": title})
            return redirect(done)
    goes = history_selectors.deletion_preview(obj=obj)
    return render(request, "web/confirm.html", {
        "strategy": strategy, "form": form, "back": back, "title": _("Delete: %(what)s") % {"what": title},
        "lines": [_("With it go: %(list)s.") % {"list": ", ".join(f"{n} {name}" for name, n in goes)}] if goes else
        [_("Nothing else goes with it.")],
        "note": _("Everything is kept in the history and can be restored together from there:"),
        "button": _("Delete"), "danger": True, "history_url": restore_in, "history_label": restore_label,
    }, status=status)


def initiative_delete(request, slug, code):
    initiative = initiative_get(strategy_slug=slug, code=code)
    strategy = initiative.strategy
    if (denied := plan_guard(request, strategy)) is not None:
        return denied
    return delete_page(request, obj=initiative, strategy=strategy, title=f"{initiative.code} {initiative.title}",
                        done=reverse("web:strategy", args=[slug]),
                        back=reverse("web:initiative", args=[slug, initiative.code]))


def indicator_delete(request, slug, key):
    strategy = selectors.strategy_get(slug=slug)
    indicator = get_object_or_404(Indicator.objects.select_related("initiative", "strategy"), strategy=strategy,
                                  key=key)
    if (denied := plan_guard(request, strategy)) is not None:
        return denied
    done = reverse("web:initiative", args=[slug, indicator.initiative.code]) if indicator.initiative_id else \
        reverse("web:strategy", args=[slug])
    return delete_page(request, obj=indicator, strategy=strategy, title=str(indicator), done=done,
                        back=indicator_url(indicator))


def deleted(request, slug):
    """The deleted initiatives and indicators of a strategy, each restorable with what went with it."""
    strategy = selectors.strategy_get(slug=slug)
    if (denied := refuse(request, can_read_history(request.user, strategy),
                         _("You may not read the history of this strategy."),
                         readable=can_read_strategy(request.user, strategy))) is not None:
        return denied
    may_restore = can_edit_plan(request.user, strategy)
    rows = []
    for r in history_selectors.deleted_plan_objects(strategy_id=strategy.id):
        kind = "initiative" if isinstance(r, history_selectors.KINDS["initiative"].history.model) else "indicator"
        user = r.history_user
        rows.append({
            "what": f"{r.code} {r.title}" if kind == "initiative" else r.name, "when": r.history_date,
            "kind": _("Initiative") if kind == "initiative" else _("Indicator"),
            "who": (user.get_full_name() or user.get_username()) if user else _("unknown"),
            "reason": r.history_change_reason,
            "restore_url": reverse("web:history-restore", args=[slug, kind, r.history_id]) if may_restore else None,
        })
    return render(request, "web/deleted.html", {"strategy": strategy, "rows": rows})
