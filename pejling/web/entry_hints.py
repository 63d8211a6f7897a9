"""What an entry form shows beside its fields: the indicator's unit next to the value, and the last
period's value with its period ("Sidst: 7,2 % (november 2019)"), so a person sees at once whether 72 or
7,2 is meant. A count of children below 5 is shown only to those who may see it (assessment/disclosure)."""

from __future__ import annotations

from django.forms import BoundField
from django.utils.translation import gettext as _

from pejling.assessment.disclosure import SUPPRESSED, disclose, hides_small
from pejling.texts import formatting
from pejling.tracking.selectors import latest_entry


def _when(m) -> str:
    period = formatting.period(m.period) if m.period else ""
    if m.is_baseline:
        return _("%(period)s, baseline") % {"period": period} if period else _("baseline")
    return period


def _last(shown: str, m) -> str:
    return _("Last: %(value)s (%(when)s)") % {"value": shown, "when": _when(m)}


class UnitBoundField(BoundField):
    """A field with a unit beside it: screen readers hear the unit with the field, before its help text and
    errors (which Django adds itself)."""

    @property
    def aria_describedby(self):
        described = super().aria_describedby
        if described is None or not self.auto_id:  # set on the widget by hand: left alone
            return described
        return " ".join([f"{self.auto_id}_unit", described]).strip()


def unit_beside(form, name: str, unit: str) -> None:
    """Show `unit` beside the field (the template puts it there) and say it with the field."""
    if unit:
        form.fields[name].unit = unit
        form.fields[name].bound_field_class = UnitBoundField


def entry_hints(form, indicator, *, public: bool) -> None:
    """Put the unit and the last value on the form's fields (`unit` attribute, help text)."""
    rows = latest_entry(indicator=indicator)
    if indicator.kind == "numeric":
        field = form.fields["value"]
        if rows and rows[0].value is not None:
            field.help_text = _last(formatting.with_unit(rows[0].value, indicator.unit, indicator.decimals), rows[0])
        unit_beside(form, "value", indicator.unit)
    elif indicator.kind == "distribution":
        by_level = {m.level.code: m for m in rows if m.level_id}
        shown = {code: None if m.value is None else float(m.value) for code, m in by_level.items()}
        if hides_small(indicator.kind, indicator.unit, public=public):
            shown = disclose(shown).counts
        for lv in form.levels:
            field = form.fields[f"level-{lv.code}"]
            m = by_level.get(lv.code)
            if m is not None and m.value is not None:
                value = SUPPRESSED if shown.get(lv.code) is None else formatting.with_unit(m.value, indicator.unit)
                field.help_text = _last(value, m)
            unit_beside(form, f"level-{lv.code}", indicator.unit)
    elif indicator.kind == "milestone" and rows and rows[0].status:
        form.fields["status"].help_text = _last(rows[0].get_status_display(), rows[0])
