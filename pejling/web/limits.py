"""The shared input limits (assessment/limits.py) on the web's forms: the same rules and the same
sentences as the importer. A form names its entity; the mixin finds each field's rule."""

from __future__ import annotations

from django import forms

from pejling.assessment.limits import (
    DECIMALS_MAX,
    DECIMALS_MIN,
    KEY_FIELDS,
    clean_text,
    decimals_problem,
    key_problem,
    normalise_digits,
    normalise_key,
    number_problem,
    text_rule,
)
from pejling.plans.rules import entity_of, unit_cycle_problem
from pejling.texts.limits import capitalised

PERIOD_FIELDS = {"period", "start_period", "retired_period", "closed_period"}
CODE_FIELDS = {"code"}


class LimitsMixin:
    """Put first among a form's bases. `limits_entity` is the entity of assessment.limits.TEXT_RULES
    (for a ModelForm: taken from the model); `limits_fields` maps a form field to its model field."""

    limits_entity = ""
    limits_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            kind = self._limits_kind(name, field)
            if kind == "text":
                rule = text_rule(self._entity(), self.limits_fields.get(name, name))
                field.widget.attrs.setdefault("maxlength", str(rule.max_length))
            elif kind == "decimals":
                field.widget.attrs.update(min=str(DECIMALS_MIN), max=str(DECIMALS_MAX))

    def _entity(self) -> str:
        if self.limits_entity:
            return self.limits_entity
        model = getattr(getattr(self, "_meta", None), "model", None)
        return entity_of(model) if model else ""

    def _limits_kind(self, name, field) -> str | None:
        model_name = self.limits_fields.get(name, name)
        if (self._entity(), model_name) in KEY_FIELDS and isinstance(field, forms.CharField):
            return "key"  # a key written as text; a scale or indicator chosen from a list is an object
        if model_name == "decimals":
            return "decimals"
        if model_name in PERIOD_FIELDS:
            return "period"
        if type(field) is forms.CharField or isinstance(field, forms.SlugField):
            return "text"
        return None

    def clean(self):
        data = self.cleaned_data
        if data.get("DELETE"):
            return super().clean()
        entity = self._entity()
        for name, field in self.fields.items():
            value = data.get(name)
            kind = self._limits_kind(name, field)
            model_name = self.limits_fields.get(name, name)
            if kind is None or value is None or value == "":
                continue
            problem = None
            if kind == "key":
                value = normalise_key(value)
                problem = key_problem(value, KEY_FIELDS[(entity, model_name)])
            elif kind == "decimals":
                problem = decimals_problem(value)
            elif kind == "period":
                value = normalise_digits(value).strip()
            elif kind == "text":
                if model_name in CODE_FIELDS:
                    value = normalise_digits(value).strip()
                value, problem = clean_text(value, text_rule(entity, model_name))
            if problem:
                self.add_error(name, capitalised(problem))
            else:
                data[name] = value
        self._limits_numbers(entity, data)
        if entity == "unit":
            self._limits_parent(data)
        return super().clean()

    def _limits_numbers(self, entity, data):
        if entity != "target":
            return
        # in an inline formset, cleaned_data holds the (perhaps unsaved) indicator, its unit already cleaned
        indicator = data.get("indicator") or (self.instance.indicator if self.instance.indicator_id else None)
        unit = getattr(indicator, "unit", "") or ""
        for name, rule in (("value", {"unit": unit, "share": bool(data.get("level"))}), ("change", {})):
            if data.get(name) is not None:
                problem = number_problem(data[name], **rule)
                if problem:
                    self.add_error(name, capitalised(problem))

    def _limits_parent(self, data):
        parent = data.get("parent")
        if parent:
            problem = unit_cycle_problem(self.instance, parent.pk, data.get("name") or "")
            if problem:
                self.add_error("parent", capitalised(problem))
