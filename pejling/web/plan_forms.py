"""Forms for editing the plan in the app: strategy, focus areas, initiatives with their units,
indicators and milestones with their targets, and the organisation's units."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pejling.plans.models import FocusArea, Indicator, Initiative, InitiativeUnit, Strategy, Target, Unit

from .forms import NumberField
from .limits import LimitsMixin

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
                   "vision": forms.Textarea(attrs=TEXT), "background": forms.Textarea(attrs=TEXT),
                   "partners": forms.Textarea(attrs={"rows": 2})}

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
        widgets = {name: forms.Textarea(attrs={"rows": 10}) for name in fields}


class FocusAreaForm(LimitsMixin, VersionedMixin, ScopedUniqueMixin, forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["code", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs=TEXT)}


class InitiativeForm(LimitsMixin, VersionedMixin, ScopedUniqueMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["code", "title", "focus_area", "state", "order", "subgoal", "purpose", "target_group", "challenges",
                  "builds_on", "activities", "timeline", "monitoring", "economy", "closed_period", "closed_reason"]
        widgets = {name: forms.Textarea(attrs=TEXT) for name in
                   ["subgoal", "purpose", "target_group", "challenges", "builds_on", "activities", "timeline",
                    "monitoring", "economy", "closed_reason"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(strategy_id=self.instance.strategy_id)


class InitiativeUnitForm(forms.ModelForm):
    class Meta:
        model = InitiativeUnit
        fields = ["unit", "role"]


def initiative_unit_formset(initiative, data=None):
    FormSet = forms.inlineformset_factory(Initiative, InitiativeUnit, form=InitiativeUnitForm, extra=2,
                                          can_delete=True)
    formset = FormSet(data, instance=initiative, prefix="units")
    for form in formset.forms:
        form.fields["unit"].queryset = Unit.objects.filter(organisation_id=initiative.strategy.organisation_id)
    return formset


class IndicatorForm(LimitsMixin, VersionedMixin, ScopedUniqueMixin, forms.ModelForm):
    unique_field = "key"
    unique_message = _("This key is already used in the strategy.")
    glide_rate = NumberField(label=_("Glide rate per year"), required=False)

    class Meta:
        model = Indicator
        fields = ["key", "name", "kind", "unit", "decimals", "direction", "horizon", "method", "source", "scale",
                  "baseline_text", "target_text", "frequency", "start_period", "glide_kind", "glide_rate", "order",
                  "retired_period",
                  "retired_reason", "replaced_by"]
        widgets = {name: forms.Textarea(attrs=TEXT) for name in
                   ["name", "method", "source", "baseline_text", "target_text", "retired_reason"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped = Indicator.objects.filter(strategy_id=self.instance.strategy_id).exclude(pk=self.instance.pk)
        self.fields["replaced_by"].queryset = scoped
        self.fields["scale"].queryset = self.fields["scale"].queryset.filter(strategy_id=self.instance.strategy_id)
        self.fields["frequency"].required = False  # blank means the default, yearly

    def clean(self):
        cleaned = super().clean()
        cleaned["frequency"] = cleaned.get("frequency") or "yearly"
        if cleaned.get("kind") == "distribution" and not cleaned.get("scale"):
            self.add_error("scale", _("A distribution needs a scale with categories."))
        return cleaned


class TargetForm(LimitsMixin, forms.ModelForm):
    value = NumberField(label=_("Value"), required=False)
    change = NumberField(label=_("Change"), required=False)

    class Meta:
        model = Target
        fields = ["kind", "origin", "period", "value", "change", "change_unit", "bound", "level", "breakdown", "text",
                  "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 1}), "note": forms.Textarea(attrs={"rows": 1})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("value") is not None and cleaned.get("change") is not None:
            self.add_error("change", _("Give either a value or a change, not both."))
        if cleaned.get("change") is not None and not cleaned.get("change_unit"):
            self.add_error("change_unit", _("Say whether the change is in percent or in the indicator's unit."))
        if cleaned.get("value") is None and cleaned.get("change") is None and not cleaned.get("text"):
            self.add_error("value", _("Give a value, a change or a text for the target."))
        return cleaned


def target_formset(indicator, data=None):
    FormSet = forms.inlineformset_factory(Indicator, Target, form=TargetForm, extra=2, can_delete=True)
    formset = FormSet(data, instance=indicator, prefix="targets")
    for form in formset.forms:
        form.fields["level"].queryset = form.fields["level"].queryset.filter(scale_id=indicator.scale_id) \
            if indicator.scale_id else form.fields["level"].queryset.none()
    return formset


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
