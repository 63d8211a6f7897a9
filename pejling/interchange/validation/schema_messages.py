"""Pass 2: the JSON Schema (shape and types), said in the consultant's words."""

from __future__ import annotations

import functools

import jsonschema_rs
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from pejling.assessment.limits import Problem, suggest_key
from pejling.assessment.periods import PeriodError
from pejling.plans.models.periods import period_message
from pejling.texts.limits import problem_message

from ..documents import load_schema


def _type_name(types) -> str:
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"] or list(types)
    names = {"string": _("a text"), "number": _("a number"), "integer": _("a whole number"),
             "object": _("an object ({ })"), "array": _("a list ([ ])"), "boolean": _("true or false"),
             "null": _("empty (null)")}
    return names.get(types[0], types[0])


def _shown(value) -> str:
    text = value if isinstance(value, str) else repr(value) if not isinstance(value, (dict, list)) else (
        "{…}" if isinstance(value, dict) else "[…]")
    return text if len(text) <= 40 else text[:37] + "…"


def schema_message(err) -> str:
    v, value, schema = err.validator, err.instance, err.schema
    if v == "type":
        msg = _("»%(value)s« is not %(type)s") % {"value": _shown(value), "type": _type_name(err.validator_value)}
        if err.validator_value in ("number", ["number", "null"]) and isinstance(value, str):
            msg += _(" (write a number without quotes, with a decimal point: 7.2)")
        return msg
    if v == "required":
        missing = [r for r in err.validator_value if isinstance(value, dict) and r not in value]
        return _("the field »%(field)s« is missing") % {"field": ", ".join(missing)}
    if v == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {}))) if isinstance(value, dict) else []
        msg = _("unknown field(s): %(fields)s") % {"fields": ", ".join(f"»{e}«" for e in extra)}
        if any(" " in e for e in extra):
            msg += _(" (in YAML, quote a text that contains a comma inside { })")
        return msg
    if v == "enum":
        choices = ", ".join(f"»{c}«" for c in err.validator_value if c != "")
        return _("»%(value)s« is not one of %(choices)s") % {"value": _shown(value), "choices": choices}
    if v == "const":
        return _("must be »%(value)s«") % {"value": err.validator_value}
    if v == "pattern":
        if "0-9]{4}" in err.validator_value:
            return period_message(PeriodError("", "invalid", str(value)))
        return problem_message(Problem("key", {"raw": value, "suggestion": suggest_key(str(value))}))
    if v == "minLength":
        return _("must not be empty")
    if v == "maxLength":
        return problem_message(Problem("too_long", {"length": len(value), "max": err.validator_value}))
    if v == "minimum":
        return _("»%(value)s« is less than %(limit)s, the smallest allowed") % {"value": value,
                                                                              "limit": err.validator_value}
    if v == "maximum":
        return _("»%(value)s« is more than %(limit)s, the largest allowed") % {"value": value,
                                                                             "limit": err.validator_value}
    if v == "minItems":
        return _("needs at least %(count)s") % {"count": err.validator_value}
    return err.message


@functools.cache
def _fast_validator():
    return jsonschema_rs.validator_for(load_schema())


@functools.cache
def _full_validator():
    return Draft202012Validator(load_schema())


def schema_errors(doc) -> list[tuple[tuple, str]]:
    """Every schema error with its path and Danish message. A document the compiled validator
    (jsonschema-rs, the same draft) finds valid is not walked again: that pass was 45 % of merging a
    file of 10,000 measurements. Any other document, or one it cannot take, gets the full walk."""
    try:
        if _fast_validator().is_valid(doc):
            return []
    except Exception:  # noqa: BLE001 - e.g. a number too large for it: the full walk decides
        pass
    errors = sorted(_full_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [(tuple(err.absolute_path), schema_message(err)) for err in errors]

