"""Stored values in the UI's words, for the history page and for edit conflicts: labels from the models,
choices by their label, related rows by their name, numbers and periods as the rest of the app shows them."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pejling.texts import formatting

PERIOD_FIELDS = {"period", "closed_period", "retired_period", "start_period"}
LONGEST = 400


def label(model_field) -> str:
    return capfirst(str(model_field.verbose_name))


class ValueShower:
    """Shows values of model fields; remembers the related rows it has looked up."""

    def __init__(self):
        self._related: dict[tuple, str] = {}

    def __call__(self, model_field, value) -> str:
        if value is None or value == "":
            return _("(empty)")
        if model_field.is_relation and model_field.many_to_one:
            return self._name(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, Decimal | float | int) and not isinstance(model_field, models.AutoField):
            return formatting.number(value)
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
        if isinstance(value, date):
            return date_format(value, "DATE_FORMAT")
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        text = str(value)
        if model_field.name in PERIOD_FIELDS:
            return formatting.period(text)
        return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"

    def _name(self, model, pk) -> str:
        key = (model._meta.label, pk)
        if key not in self._related:
            obj = model._base_manager.filter(pk=pk).first()
            if obj is None:
                self._related[key] = _("(deleted)")
            else:
                name = obj.get_full_name() or obj.get_username() if hasattr(obj, "get_username") else str(obj)
                self._related[key] = name
        return self._related[key]
