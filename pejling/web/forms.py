"""Forms for data entry. They parse what people type (Danish decimal commas, "7,2 %");
the services decide what is allowed."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pejling.assessment.limits import name_key, number_problem
from pejling.assessment.writing import NumberWritingError, read_number
from pejling.texts.limits import capitalised, number_writing_message
from pejling.tracking.selectors import indicator_groups

from .entry_hints import entry_hints
from .limits import LimitsMixin

PERIOD_HELP = _("E.g. 2020, 2020-11, 2020-Q3 or 2018/19.")


class NumberField(forms.CharField):
    """A number as people write it: 6,8 or 6.8, with spaces, a thousands dot or a trailing %."""

    default_error_messages = {
        "invalid": _("Write a number, e.g. 6,8."),
    }

    def prepare_value(self, value):
        """Show a stored Decimal the Danish way, without the database's trailing zeros: 6,9 not 6.9000."""
        if isinstance(value, Decimal):
            text = f"{value.normalize():f}"
            return text.replace(".", ",")
        return value

    def to_python(self, value):
        try:  # the one reading of Danish writing (assessment/writing.py)
            read = read_number(super().to_python(value))
        except NumberWritingError as exc:
            if exc.code == "ambiguous":  # said once for every door (texts/limits.py)
                raise forms.ValidationError(number_writing_message(exc.code, exc.raw), code=exc.code) from None
            raise forms.ValidationError(self.error_messages[exc.code], code=exc.code) from None
        if read is None:
            return None
        number = read.value
        problem = number_problem(number)  # the shared limits: finite, smaller than 10^10 in size
        if problem:
            raise forms.ValidationError(capitalised(problem), code=problem.code)
        return number


class CorrectionMixin(forms.Form):
    """An entry for a period that has a value already is a correction: the form then shows the value,
    asks the person to confirm, offers a field for the reason, and carries what they saw (`version`)."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)
    correct = forms.BooleanField(label=_("Correct the existing value"), required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500, required=False,
                             widget=forms.HiddenInput)

    def show_correction(self, token: str):
        """After a refused save: show the confirmation and the reason, based on the values now stored."""
        self.fields["correct"].widget = forms.CheckboxInput()
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 2})
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = token
        self.data.pop(self.add_prefix("correct"), None)  # confirm again, now that the value is shown
        self.order_fields([n for n in self.fields if n not in ("correct", "reason")] + ["correct", "reason"])

    def correction(self) -> dict:
        """The service arguments: what the person saw and chose to correct, and why."""
        data = self.cleaned_data
        return {"expected": data.get("version") or None if data.get("correct") else None,
                "reason": data.get("reason", "")}


# The group choice that starts a new series. No group can be named so: a group's name loses every
# invisible format character (limits.normalise_name), and this value starts with one (a word joiner).
NEW_GROUP = "\u2060ny"


def _same_group(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def _menu_word(text: str) -> str:
    return name_key(text).rstrip(" .…")


class GroupMixin(forms.Form):
    """The breakdown group chosen from the indicator's known groups; a new one only by choosing "New group …"
    and naming it, so a typo ("nydanske") cannot start a second series beside "Nydanske" unnoticed."""

    breakdown = forms.ChoiceField(label=_("Group"), required=False)
    new_breakdown = forms.CharField(label=_("Name of the new group"), max_length=100, required=False)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(groups)
        self.fields["breakdown"].choices = [("", _("Total (no group)"))] + [(g, g) for g in self.groups] + [
            (NEW_GROUP, _("New group …"))]

    def clean(self):
        data = super().clean()
        choice, new = data.get("breakdown") or "", (data.get("new_breakdown") or "").strip()
        if choice == NEW_GROUP:
            same = next((g for g in self.groups if _same_group(g, new)), None)
            if not new:
                self.add_error("new_breakdown", _("Write the name of the new group."))
            elif _menu_word(new) in {_menu_word(str(_("New group …"))), _menu_word("New group …")}:
                self.add_error("new_breakdown", _("Give the group a name of its own, not the list's “New group …”."))
            elif same is not None and same != new:
                self.add_error("new_breakdown", _("The group »%(group)s« exists already: choose it in the list.") % {
                    "group": same})
            else:
                data["breakdown"] = new
        elif new:
            self.add_error("new_breakdown", _("Choose “New group …” in the list to start a new group, or empty "
                                              "this field."))
        return data


class MeasurementForm(LimitsMixin, GroupMixin, CorrectionMixin, forms.Form):
    limits_entity = "measurement"
    limits_fields = {"new_breakdown": "breakdown"}
    period = forms.CharField(label=_("Period"), max_length=20, help_text=PERIOD_HELP)
    value = NumberField(label=_("Value"))
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    field_order = ["period", "value", "breakdown", "new_breakdown", "comment"]


class CountsForm(LimitsMixin, CorrectionMixin, forms.Form):
    """One count field per scale level, named level-<code>."""

    limits_entity = "measurement"
    period = forms.CharField(label=_("Period"), max_length=20, help_text=PERIOD_HELP)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(levels)
        for lv in self.levels:
            self.fields[f"level-{lv.code}"] = NumberField(label=lv.label, required=False)
        self.order_fields(["period"] + [f"level-{lv.code}" for lv in self.levels] + ["comment"])

    def counts(self):
        return {lv.code: self.cleaned_data.get(f"level-{lv.code}") for lv in self.levels}


class MilestoneForm(LimitsMixin, CorrectionMixin, forms.Form):
    limits_entity = "measurement"
    period = forms.CharField(label=_("Period"), max_length=20, help_text=PERIOD_HELP)
    status = forms.ChoiceField(label=_("Status"), choices=[
        ("done", _("Done")), ("on_the_way", _("On the way")), ("not_done", _("Not done"))])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class StatusNoteForm(LimitsMixin, forms.Form):
    limits_entity = "note"
    limits_fields = {"role": "author_role"}
    period = forms.CharField(label=_("Period"), max_length=20, help_text=PERIOD_HELP)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(label=_("Status"), widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Write the status note.")})
    role = forms.CharField(label=_("Written by (role, not name)"), max_length=200, required=False)


class AssessmentForm(LimitsMixin, forms.Form):
    limits_entity = "assessment"
    limits_fields = {"role": "assessed_by_role"}
    period = forms.CharField(label=_("Period"), max_length=20, help_text=PERIOD_HELP)
    colour = forms.ChoiceField(label=_("Colour"), choices=[
        ("green", _("Green")), ("yellow", _("Yellow")), ("red", _("Red")), ("none", _("Not assessed"))])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Give the reason for the colour: it is shown next to it.")})
    role = forms.CharField(label=_("Assessed by (role, not name)"), max_length=200, required=False)


def indicator_form(indicator, data=None, *, public: bool = False):
    """The entry form that fits the indicator's kind, with its unit and last value beside the fields (for
    `public` readers: small counts hidden), or None when it has none."""
    prefix = f"m-{indicator.key}"
    if indicator.kind == "numeric":
        form = MeasurementForm(data, prefix=prefix, groups=indicator_groups(indicator=indicator))
    elif indicator.kind == "distribution" and indicator.scale_id:
        form = CountsForm(data, prefix=prefix, levels=indicator.scale.levels.all())
    elif indicator.kind == "milestone":
        form = MilestoneForm(data, prefix=prefix)
    else:
        return None
    entry_hints(form, indicator, public=public)
    return form
