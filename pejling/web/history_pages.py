"""Historik: every change of an initiative or an indicator, who made it, when, from where, the fields
before and after; consultants restore an earlier version; wrong entries are deleted (history keeps them)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pejling.plans import selectors
from pejling.plans.audit import SOURCES
from pejling.plans.models import Indicator
from pejling.plans.permissions import can_edit_plan, can_enter_data, can_enter_goal_data, can_read_history
from pejling.plans.versioning import EditConflict
from pejling.texts import formatting
from pejling.tracking import history_selectors, history_services
from pejling.tracking.models import Assessment, Measurement, StatusNote
from pejling.tracking.selectors import initiative_get

from .access import refuse
from .history_format import ValueShower, label

SHOWN = 300  # the newest changes on one page
ACTIONS = {"+": gettext_lazy("Created"), "~": gettext_lazy("Changed"), "-": gettext_lazy("Deleted")}
# Deletable entries by the word in their address.
DELETABLE = {"maaling": Measurement, "statusnote": StatusNote, "vurdering": Assessment}


def _what(kind, record, show: ValueShower) -> str:
    """The changed thing in the UI's words, e.g. "Måling november 2020, Nydanske · Andel unge …"."""
    model = history_selectors.KINDS[kind]
    name = capfirst(str(model._meta.verbose_name))
    field = model._meta.get_field
    if kind == "initiative":
        return f"{name} {record.code} {record.title}"
    if kind == "unitlink":
        return f"{name}: {show(field('unit'), record.unit_id)} ({show(field('role'), record.role)})"
    if kind == "indicator":
        return f"{name}: {record.name}"
    if kind in ("role", "reference"):
        return f"{name}: {record.title if kind == 'role' else record.name}"
    parts = [formatting.period(record.period) if record.period else ""]
    if kind == "measurement":
        if record.is_baseline:
            parts.insert(0, str(_("Baseline")))
        parts += [record.breakdown, show(field("level"), record.level_id) if record.level_id else ""]
    elif kind == "target" and record.level_id:
        parts.append(show(field("level"), record.level_id))
    text = f"{name} " + ", ".join(p for p in parts if p)
    if kind == "referencevalue":
        text += f" · {show(field('series'), record.series_id)}"
    if getattr(record, "indicator_id", None) and kind in ("target", "measurement", "statusnote", "assessment"):
        text += f" · {show(field('indicator'), record.indicator_id)}"
    return text


def _rows(entries, *, strategy, may_restore: bool) -> list[dict]:
    show = ValueShower()
    rows = []
    for e in entries[:SHOWN]:
        r = e.record
        user = r.history_user
        rows.append({
            "when": r.history_date, "action": _("Restored") if r.history_restored_from else ACTIONS[e.action],
            "what": _what(e.kind, r, show), "reason": r.history_change_reason,
            "who": (user.get_full_name() or user.get_username()) if user else _("unknown"),
            "source": SOURCES.get(r.history_source, _("unknown")), "restored_from": r.history_restored_from,
            "deleted": e.action == "-", "created": e.action == "+",
            "changes": [(label(f), show(f, before), show(f, after)) for f, before, after in e.changes],
            "restore_url": reverse("web:history-restore", args=[strategy.slug, e.kind, r.history_id])
            if may_restore and e.restorable else None,
        })
    return rows


def _may_delete(user, entry) -> bool:
    indicator = getattr(entry, "indicator", None)
    initiative = getattr(entry, "initiative", None) or (indicator.initiative if indicator else None)
    if initiative is not None:
        return can_enter_data(user, initiative)
    return can_enter_goal_data(user, entry.strategy if hasattr(entry, "strategy") else indicator.strategy)


def _deletable(user, slug, *, measurements, notes, assessments) -> list[dict]:
    """The entries a person may delete, for the list under the history."""
    show, items = ValueShower(), []
    for word, rows in (("maaling", measurements), ("statusnote", notes), ("vurdering", assessments)):
        for row in rows:
            if _may_delete(user, row):
                kind = {"maaling": "measurement", "statusnote": "statusnote", "vurdering": "assessment"}[word]
                items.append({"what": _what(kind, row, show), "value": _entry_value(row, show),
                              "url": reverse("web:entry-delete", args=[slug, word, row.pk])})
    return items


def _entry_value(row, show: ValueShower) -> str:
    """What the entry says, to recognise it by."""
    if isinstance(row, Measurement):
        value = row.get_status_display() if row.status else ""
        if row.value is not None:
            value = (value + " · " if value else "") + formatting.with_unit(row.value, row.indicator.unit)
        return value or row.text[:160]
    if isinstance(row, Assessment):
        return f"{row.get_colour_display()}: {row.reason[:160]}"
    return row.text[:160]


def _page(request, *, strategy, title, entries, back, extra):
    if (denied := refuse(request, can_read_history(request.user, strategy),
                         _("You may not read the history of this strategy."))) is not None:
        return denied
    return render(request, "web/history.html", {
        "strategy": strategy, "title": title, "back": back, "total": len(entries), "shown": SHOWN,
        "rows": _rows(entries, strategy=strategy, may_restore=can_edit_plan(request.user, strategy)), **extra})


def initiative_history(request, slug, code):
    initiative = initiative_get(strategy_slug=slug, code=code)
    strategy = initiative.strategy
    indicators = list(initiative.indicators.all())
    deletable = []
    if request.user.is_authenticated:
        deletable = _deletable(
            request.user, slug, measurements=[m for ind in indicators for m in ind.measurements.all()],
            notes=list(StatusNote.objects.filter(initiative=initiative).select_related("strategy", "initiative")),
            assessments=list(Assessment.objects.filter(initiative=initiative)
                             .select_related("strategy", "initiative")))
    return _page(request, strategy=strategy, title=_("History of %(code)s %(title)s") % {
        "code": initiative.code, "title": initiative.title},
        entries=history_selectors.initiative_history(initiative=initiative),
        back=reverse("web:initiative", args=[strategy.slug, initiative.code]),
        extra={"indicators": indicators, "deletable": deletable})


def indicator_history(request, slug, key):
    strategy = selectors.strategy_get(slug=slug)
    indicator = get_object_or_404(Indicator.objects.select_related("initiative", "strategy"), strategy=strategy,
                                  key=key)
    back = reverse("web:initiative", args=[slug, indicator.initiative.code]) if indicator.initiative else \
        reverse("web:goal", args=[slug, key])
    deletable = []
    if request.user.is_authenticated:
        deletable = _deletable(
            request.user, slug,
            measurements=list(indicator.measurements.select_related("level", "indicator__initiative",
                                                                    "indicator__strategy")),
            notes=list(indicator.status_notes.select_related("strategy", "indicator__initiative")),
            assessments=list(indicator.assessments.select_related("strategy", "indicator__initiative")))
    return _page(request, strategy=strategy, title=_("History of %(name)s") % {"name": indicator.name},
                 entries=history_selectors.indicator_history(indicator=indicator), back=back,
                 extra={"deletable": deletable})


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_POST
def history_restore(request, slug, kind, history_id):
    strategy = selectors.strategy_get(slug=slug)
    if (denied := refuse(request, can_edit_plan(request.user, strategy),
                         _("You may not restore earlier versions in this strategy."))) is not None:
        return denied
    record = history_selectors.history_record_get(kind=kind, history_id=history_id)
    if record is None or history_selectors.record_strategy_id(record) != strategy.id:
        raise Http404(_("No such version in this strategy."))
    try:
        history_services.history_restore(record=record, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except EditConflict:
        messages.error(request, _("Someone else changed it just now. Look at the history again."))
    else:
        messages.success(request, _("The earlier version is restored. The restore is in the history."))
    return redirect(_back(request, reverse("web:strategy", args=[slug])))


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Why is it deleted?"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Shown in the history, where the entry can be restored."))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def confirmed_delete(form, obj, delete, conflict_message: str) -> int | None:
    """Run `delete(reason, version)` for a valid posted DeleteForm: None when done; after an EditConflict the
    status to answer (409), with the message and the stored version in the form, so deleting again is a
    choice made on what is stored now."""
    try:
        delete(form.cleaned_data["reason"], form.cleaned_data["version"])
    except EditConflict:
        form.add_error(None, conflict_message)
        form.data = form.data.copy()
        obj.refresh_from_db()
        form.data["version"] = str(obj.version)
        return 409
    return None


def entry_delete(request, slug, kind, pk):
    """Confirm and delete a wrong measurement, status note or assessment."""
    model = DELETABLE.get(kind)
    if model is None:
        raise Http404
    related = ("indicator__initiative__strategy", "indicator__strategy", "level") if model is Measurement else \
        ("strategy", "initiative", "indicator__initiative")
    entry = get_object_or_404(model.objects.select_related(*related), pk=pk)
    strategy = entry.indicator.strategy if model is Measurement else entry.strategy
    if strategy.slug != slug:
        raise Http404
    if (denied := refuse(request, _may_delete(request.user, entry), _("You may not delete this."))) is not None:
        return denied
    indicator = getattr(entry, "indicator", None)
    initiative = getattr(entry, "initiative", None) or (indicator.initiative if indicator else None)
    history = reverse("web:initiative-history", args=[slug, initiative.code]) if initiative else \
        reverse("web:indicator-history", args=[slug, indicator.key])
    form = DeleteForm(request.POST if request.method == "POST" else None, initial={"version": getattr(entry, "version", None)})
    status = 200
    if request.method == "POST" and form.is_valid():
        def delete(reason, version):
            if model is Measurement:
                history_services.measurement_delete(measurement=entry, user=request.user, reason=reason,
                                                    version=version)
            elif model is StatusNote:
                history_services.status_note_delete(note=entry, user=request.user, reason=reason)
            else:
                history_services.assessment_delete(assessment=entry, user=request.user, reason=reason)
        status = confirmed_delete(form, entry, delete, _(
            "Someone else corrected it while you looked at it: check the value below and delete again if it is "
            "still wrong."))
        if status is None:
            messages.success(request, _("Deleted. The history keeps it, and it can be restored from there."))
            return redirect(history)
    kind_word = {"maaling": "measurement", "statusnote": "statusnote", "vurdering": "assessment"}[kind]
    show = ValueShower()
    return render(request, "web/entry_delete.html", {
        "strategy": strategy, "form": form, "what": _what(kind_word, entry, show),
        "value": _entry_value(entry, show), "back": history,
    }, status=status)
