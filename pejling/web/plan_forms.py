"""Forms for editing the plan in the app: strategy, focus areas, initiatives with their units,
indicators and milestones with their targets, and the organisation's units."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pejling.assessment.limits import group_values_problem, name_key, normalise_digits, suggest_unique_key, target_slot
from pejling.plans.models import FocusArea, Indicator, Initiative, InitiativeUnit, Strategy, Target, Unit
from pejling.plans.models.periods import clean_period
from pejling.texts import formatting
from pejling.texts.limits import capitalised
from pejling.tracking.bulk import known_breakdowns
from pejling.tracking.selectors import indicator_baseline
from pejling.tracking.services import baseline_value_set

from .forms import NumberField
from .limits import LimitsMixin
from .plan_layout import FittingTextarea, SectionsMixin

TEXT = {"rows": 3}


class VersionedMixin:
    """Carries the version of the row the form was based on, so a save after someone else's is refused
    (see plans.versioning) instead of silently undoing their change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(required=False, widget=forms.HiddenInput,
                                                    initial=self.instance.version)


class ScopedUniqueMixin:
    """Check uniqueness within the strategy/organisation here: the scope field is not on the form,
    so Django's own constraint check would skip it and the database would refuse the save instead."""

    scope_field = "strategy"
    unique_field = "code"
    unique_message = _("This code is already used in the strategy.")

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get(self.unique_field)
        scope = getattr(self.instance, f"{self.scope_field}_id")
        if value and self._meta.model.objects.filter(**{f"{self.scope_field}_id": scope, self.unique_field: value}) \
                .exclude(pk=self.instance.pk).exists():
            self.add_error(self.unique_field, self.unique_message)
        return cleaned


class StrategyForm(LimitsMixin, VersionedMixin, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["organisation", "title", "slug", "kind", "starts_on", "ends_on", "focus_area_label", "vision",
                  "background", "partners", "adopted_by", "adopted_on", "adoption_note"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "vision": FittingTextarea, "background": FittingTextarea,
                   "partners": FittingTextarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The strategy cannot end before it starts."))
        return cleaned


class ReportTextsForm(LimitsMixin, VersionedMixin, forms.ModelForm):
    """What the consultant writes for the committee before publishing: it opens the report."""

    class Meta:
        model = Strategy
        fields = ["report_introduction", "report_summary"]
        widgets = {name: FittingTextarea(attrs={"rows": 10}) for name in fields}


class FocusAreaForm(LimitsMixin, VersionedMixin, ScopedUniqueMixin, forms.ModelForm):
    """The place among the strategy's areas is set by "Flyt op / Flyt ned" on the strategy page."""

    class Meta:
        model = FocusArea
        fields = ["code", "title", "description"]
        widgets = {"description": FittingTextarea}


class InitiativeForm(LimitsMixin, VersionedMixin, ScopedUniqueMixin, SectionsMixin, forms.ModelForm):
    """The place in the overview is set by "Flyt op / Flyt ned" on the initiative's page."""

    sections = [
        (None, ["code", "title", "focus_area", "state", "subgoal", "purpose", "target_group", "challenges",
                "builds_on", "activities", "timeline", "monitoring", "economy"]),
        (_("The initiative is closed"), ["closed_period", "closed_reason"], "folded"),
    ]

    class Meta:
        model = Initiative
        fields = ["code", "title", "focus_area", "state", "subgoal", "purpose", "target_group", "challenges",
                  "builds_on", "activities", "timeline", "monitoring", "economy", "closed_period", "closed_reason"]
        widgets = {name: FittingTextarea for name in
                   ["subgoal", "purpose", "target_group", "challenges", "builds_on", "activities", "timeline",
                    "monitoring", "economy", "closed_reason"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(strategy_id=self.instance.strategy_id)


class InitiativeUnitForm(forms.ModelForm):
    class Meta:
        model = InitiativeUnit
        fields = ["unit", "role"]

    def block_legend(self):
        return self.instance.unit.name if self.instance.pk else _("New unit")


class AddableFormSet(forms.BaseInlineFormSet):
    """No empty blocks: a block is added by "Tilføj …" (a submit button; the page's script adds it at
    once). "Slet" says what it deletes."""

    delete_label = _("Delete")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label


class UnitLinkFormSet(AddableFormSet):
    add_label = _("Add a unit")
    legend = _("Responsible and participating units")
    delete_label = _("Remove the unit from the initiative")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["unit"].queryset = Unit.objects.filter(organisation_id=self.instance.strategy.organisation_id)


def initiative_unit_formset(initiative, data=None):
    FormSet = forms.inlineformset_factory(Initiative, InitiativeUnit, form=InitiativeUnitForm, formset=UnitLinkFormSet,
                                          extra=0, can_delete=True)
    return FormSet(data, instance=initiative, prefix="units")


class IndicatorForm(LimitsMixin, VersionedMixin, ScopedUniqueMixin, SectionsMixin, forms.ModelForm):
    """An indicator in the consultant's words: what it is called and how it is measured first; the key
    (made from the name) under "Avanceret"; the place among the initiative's indicators by "Flyt op /
    Flyt ned" on the initiative's page. `applies` names the kinds a field matters for: the page's script
    hides it for the others (without the script every field shows)."""

    unique_field = "key"
    unique_message = _("This key is already used in the strategy.")
    glide_rate = NumberField(required=False)
    baseline_value = NumberField(label=_("Baseline value"), required=False)
    baseline_period = forms.CharField(label=_("Baseline measured in"), required=False, max_length=20,
                                      help_text=_("A year (2019), a half-year, quarter or month (2019-11)"))

    sections = [
        (None, ["name", "kind", "unit", "decimals", "direction", "scale", "horizon", "frequency", "start_period",
                "group_values"]),
        (_("Baseline"), ["baseline_value", "baseline_period", "baseline_text"]),
        (_("How it is measured"), ["method", "source", "target_text"]),
        (_("Glide path: interim targets computed year by year"), ["glide_kind", "glide_rate"]),
        (_("The indicator is retired"), ["retired_period", "retired_reason", "replaced_by"], "folded"),
        (_("Advanced"), ["key"], "advanced"),
    ]
    applies = {"unit": "numeric distribution milestone", "decimals": "numeric distribution",
               "baseline_value": "numeric", "baseline_period": "numeric",
               "direction": "numeric", "scale": "distribution", "glide_kind": "numeric", "glide_rate": "numeric",
               "group_values": "numeric"}

    class Meta:
        model = Indicator
        fields = ["key", "name", "kind", "unit", "decimals", "direction", "horizon", "method", "source", "scale",
                  "baseline_text", "target_text", "frequency", "start_period", "glide_kind", "glide_rate",
                  "group_values", "retired_period", "retired_reason", "replaced_by"]
        widgets = {name: FittingTextarea for name in ["method", "source", "baseline_text", "target_text",
                                                       "retired_reason"]}
        widgets["name"] = FittingTextarea(attrs={"rows": 2})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped = Indicator.objects.filter(strategy_id=self.instance.strategy_id).exclude(pk=self.instance.pk)
        self.fields["replaced_by"].queryset = scoped
        self.fields["scale"].queryset = self.fields["scale"].queryset.filter(strategy_id=self.instance.strategy_id)
        self.fields["frequency"].required = False  # blank means the default, yearly
        self.fields["glide_kind"].label = _("The change each year is")
        self.fields["glide_rate"].label = _("Change each year")
        baseline = indicator_baseline(indicator=self.instance)
        if baseline is not None and not self.is_bound:
            self.initial.update(baseline_value=baseline.value, baseline_period=baseline.period)
        key = self.fields["key"]
        key.required = False
        key.help_text = _("Used in addresses and in exported files. Left blank, it is made from the name.")

    def clean(self):
        cleaned = super().clean()
        cleaned["frequency"] = cleaned.get("frequency") or "yearly"
        if cleaned.get("kind") == "distribution" and not cleaned.get("scale"):
            self.add_error("scale", _("A distribution needs a scale with categories."))
        if groups := group_values_problem(cleaned.get("group_values") or "", cleaned.get("unit") or ""):
            self.add_error("group_values", capitalised(groups))
        if cleaned.get("baseline_value") is not None and cleaned.get("kind") != "numeric":
            self.add_error("baseline_value", _("Only a numeric indicator has one baseline value."))
        if cleaned.get("baseline_period"):
            try:
                clean_period(normalise_digits(cleaned["baseline_period"]).strip(), "baseline_period")
            except ValidationError as error:
                self.add_error(None, error)
        if not cleaned.get("key") and "key" not in self.errors and cleaned.get("name"):
            taken = set(Indicator.objects.filter(strategy_id=self.instance.strategy_id)
                        .exclude(pk=self.instance.pk).values_list("key", flat=True))
            cleaned["key"] = suggest_unique_key(cleaned["name"], taken)
        return cleaned

    def save_baseline(self, *, user):
        """After the indicator is saved, in the same transaction: its baseline as given in the form."""
        data = self.cleaned_data
        baseline_value_set(indicator=self.instance, period=normalise_digits(data.get("baseline_period") or "").strip(),
                     value=data.get("baseline_value"), user=user)


class TargetForm(LimitsMixin, SectionsMixin, forms.ModelForm):
    """One target or interim target. The change's unit shows only for a change (the script shows it as
    soon as a change is typed; without the script, after saving a change without it)."""

    value = NumberField(label=_("Target value"), required=False)
    change = NumberField(label=_("Or: change from the baseline"), required=False)

    sections = [
        (None, ["kind", "period", "value", "change", "change_unit", "bound", "level", "text"]),
        (_("More about the target"), ["origin", "breakdown", "note"], "folded"),
    ]

    class Meta:
        model = Target
        fields = ["kind", "origin", "period", "value", "change", "change_unit", "bound", "level", "breakdown", "text",
                  "note"]
        widgets = {"text": FittingTextarea(attrs={"rows": 1}), "note": FittingTextarea(attrs={"rows": 1})}
        labels = {"kind": _("Target or interim target"), "period": _("Due"), "text": _("The target in words"),
                  "change_unit": _("The change is in")}
        help_texts = {"period": _("A year (2025), a half-year, quarter or month (2025-11)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["change_unit"]
        unit.choices = [c for c in unit.choices if c[0]]  # "none" is what leaving out a change means
        unit.required = False
        unit.widget.choices = [("", "–")] + unit.choices

    def block_legend(self):
        """'Delmål 2020' rather than 'Mål 1': the target as the person knows it."""
        if not self.instance.pk:
            return _("New target")
        when = formatting.period(self.instance.period) if self.instance.period else ""
        return capfirst(f"{self.instance.get_kind_display()} {when}".strip())

    def omitted_fields(self):
        return set() if getattr(self, "level_applies", True) else {"level"}

    def waiting_fields(self):
        """The change's unit waits for a change; it shows at once for a target that has one."""
        if self.is_bound:
            shown = self.data.get(self.add_prefix("change")) or self.data.get(self.add_prefix("change_unit"))
        else:
            shown = self.initial.get("change") is not None
        return set() if shown else {"change_unit"}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("value") is not None and cleaned.get("change") is not None:
            self.add_error("change", _("Give either a value or a change, not both."))
        if cleaned.get("change") is not None and not cleaned.get("change_unit"):
            self.add_error("change_unit", _("Say whether the change is in percent or in the indicator's unit."))
        if cleaned.get("change") is None:
            cleaned["change_unit"] = ""
        if cleaned.get("value") is None and cleaned.get("change") is None and not cleaned.get("text"):
            self.add_error("value", _("Give a value, a change or a text for the target."))
        if cleaned.get("breakdown"):  # "nydanske" is the indicator's group "Nydanske": the target follows it
            key = name_key(cleaned["breakdown"])
            cleaned["breakdown"] = next((g for g in sorted(getattr(self, "known_groups", ())) if name_key(g) == key),
                                        cleaned["breakdown"])
        return cleaned


class TargetFormSet(AddableFormSet):
    add_label = _("Add a target")
    legend = _("Targets and interim targets")
    delete_label = _("Delete this target")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        scale = self.instance.scale_id  # a scale level only for a distribution's targets
        levels = form.fields["level"].queryset
        form.fields["level"].queryset = levels.filter(scale_id=scale) if scale else levels.none()
        form.level_applies = bool(scale)
        if not hasattr(self, "_groups"):  # the indicator's groups, read once for all its target forms
            self._groups = known_breakdowns(indicator_id=self.instance.pk).get(self.instance.pk, set()) \
                if self.instance.pk else set()
        form.known_groups = self._groups

    def clean(self):
        super().clean()
        # Two new targets "Drenge" and "DRENGE" in one save are one new group, spelled as the first says it
        spelling: dict[str, str] = {}
        slots = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            if data.get("breakdown"):
                data["breakdown"] = spelling.setdefault(name_key(data["breakdown"]), data["breakdown"])
                form.instance.breakdown = data["breakdown"]
            slot = target_slot(data.get("kind"), data.get("period"), data.get("level"), data.get("breakdown"))
            if data.get("period") and slot in slots:
                form.add_error("period", _("Another target of this kind has this period, level and group: give one "
                                           "of them another period, or delete one."))
            slots.add(slot)


def target_formset(indicator, data=None):
    FormSet = forms.inlineformset_factory(Indicator, Target, form=TargetForm, formset=TargetFormSet, extra=0,
                                          can_delete=True)
    return FormSet(data, instance=indicator, prefix="targets")


class UnitForm(LimitsMixin, VersionedMixin, ScopedUniqueMixin, forms.ModelForm):
    scope_field = "organisation"
    unique_field = "name"
    unique_message = _("The organisation already has a unit with this name.")

    class Meta:
        model = Unit
        fields = ["name", "kind", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(
            organisation_id=self.instance.organisation_id).exclude(pk=self.instance.pk)
