"""What a person sees when their save is based on something that changed meanwhile: the other person's
values next to theirs, their own input still in the form."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pejling.texts import formatting

from .history_format import ValueShower


def plan_conflict(form, conflict) -> None:
    """Explain an EditConflict on a plan form. The form's version becomes the stored one, so saving
    again (after seeing what changed) keeps the person's input."""
    current = conflict.current
    form.data = form.data.copy()
    if current is None:
        form.add_error(None, _("Someone else deleted this while you were editing. Nothing is saved."))
        return
    form.data[form.add_prefix("version")] = str(current.version)
    show = ValueShower()
    form.add_error(None, _("Someone else saved this while you were editing, so nothing is saved yet."))
    if conflict.changed:
        form.add_error(None, _("What they changed (field: theirs → yours):"))
        for name, theirs, yours, both in conflict.changed:
            model_field = current._meta.get_field(name)
            field_label = form.fields[name].label if name in form.fields else model_field.verbose_name
            values = {"field": field_label, "theirs": show(model_field, theirs), "yours": show(model_field, yours)}
            if both:  # changed by both: the person's own value stays in the form, theirs is shown beside it
                form.add_error(None, _("%(field)s: »%(theirs)s« → »%(yours)s«") % values)
                if name in form.fields:
                    form.add_error(name, _("Changed by someone else to »%(theirs)s«.") % values)
            else:  # only they changed it: their value goes into the form, so saving again keeps both changes
                form.add_error(None, _("%(field)s: »%(theirs)s« (now in the form)") % values)
                if name in form.fields:
                    form.data[form.add_prefix(name)] = _form_value(form.fields[name], getattr(current, name))
    else:
        form.add_error(None, _("They changed other parts of it, e.g. its targets or units."))
    form.add_error(None, _("Your own changes are still in the form: check them and save again to keep them."))


def _form_value(form_field, value):
    """A stored value as the form posts it."""
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    prepared = form_field.prepare_value(value)
    return prepared.isoformat() if hasattr(prepared, "isoformat") else str(prepared)


def period_taken_message(indicator, period: str, existing) -> str:
    """The value a period has already, who entered it, and how to correct it."""
    show = ValueShower()
    if indicator.kind == "distribution":
        values = ", ".join(f"{m.level.label if m.level else ''} {formatting.number(m.value)}".strip()
                           for m in existing)
    elif indicator.kind == "milestone":
        values = ", ".join(m.get_status_display() for m in existing)
    else:
        values = ", ".join(formatting.with_unit(m.value, indicator.unit) for m in existing)
    last = max(existing, key=lambda m: m.entered_at)
    return _("%(period)s already has a value: %(values)s (entered by %(who)s, %(when)s). Your value is not "
             "saved. To replace it, tick “Correct the existing value” and give the reason, then save again.") % {
        "period": formatting.period(period), "values": values, "who": last.entered_by_name or _("unknown"),
        "when": show(last._meta.get_field("entered_at"), last.entered_at)}
