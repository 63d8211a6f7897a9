"""The plan's input limits (assessment/limits.py) checked on a row about to be saved.

The write services call this themselves, so a form that forgot a rule, or a way in that has no form,
cannot store what an import would refuse. Forms still check the same rules first, field by field,
to show each sentence beside its field."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from pejling.assessment.limits import (
    KEY_FIELDS,
    Problem,
    clean_text,
    decimals_problem,
    group_values_problem,
    key_problem,
    number_problem,
    parent_cycle,
    text_rule,
)
from pejling.texts.limits import problem_message

# Model name -> the entity that assessment.limits' tables name it by
_ENTITIES = {"FocusArea": "focus_area", "Milestone": "indicator", "ScaleLevel": "level"}


def entity_of(model) -> str:
    name = model.__name__
    return _ENTITIES.get(name, name.lower())


def _text_problems(instance, entity):
    for field in instance._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
            continue
        value = getattr(instance, field.attname)
        if not value:
            continue
        if (entity, field.name) in KEY_FIELDS:
            problem = key_problem(value, KEY_FIELDS[(entity, field.name)])
        else:
            cleaned, problem = clean_text(value, text_rule(entity, field.name))
            if not problem and cleaned != value:  # a multi-line text loses its stray control characters
                setattr(instance, field.attname, cleaned)
        if problem:
            yield field, problem


def _number_problems(instance, entity):
    if entity == "indicator":
        yield instance._meta.get_field("decimals"), decimals_problem(instance.decimals)
    if entity == "target":
        indicator = instance.indicator if instance.indicator_id else None
        unit = getattr(indicator, "unit", "") or ""
        if instance.value is not None:
            yield instance._meta.get_field("value"), number_problem(instance.value, unit=unit,
                                                                    share=bool(instance.level_id))
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.DecimalField) and not (entity == "target" and field.name == "value"):
            value = getattr(instance, field.attname)
            if value is not None:
                yield field, number_problem(value)


def unit_cycle_problem(unit, parent_id, name: str = "") -> Problem | None:
    """A unit made part of `parent_id`: a Problem naming the chain when it would be part of itself."""
    if not unit.pk or not parent_id:
        return None
    units = type(unit).objects.filter(organisation_id=unit.organisation_id)
    parents = dict(units.values_list("pk", "parent_id"))
    parents[unit.pk] = parent_id
    cycle = parent_cycle(parents).get(unit.pk)
    if not cycle:
        return None
    names = dict(units.values_list("pk", "name"))
    names[unit.pk] = name or unit.name
    return Problem("cycle", {"chain": " → ".join(names[pk] for pk in cycle)})


def plan_problems(instance) -> list[tuple[str, Problem]]:
    """Every limit the row breaks, as (field's name as the reader sees it, problem). A multi-line text
    is cleaned on the row as the forms and importers clean it (line breaks as \\n, no other control
    characters)."""
    entity = entity_of(type(instance))
    found = [(field, p) for field, p in _text_problems(instance, entity)]
    found += [(field, p) for field, p in _number_problems(instance, entity) if p]
    if entity == "indicator" and (groups := group_values_problem(instance.group_values, instance.unit)):
        found.append((instance._meta.get_field("group_values"), groups))
    found = [(str(field.verbose_name), p) for field, p in found]
    cycle = unit_cycle_problem(instance, instance.parent_id) if entity == "unit" else None
    if cycle:
        found.append((str(instance._meta.get_field("parent").verbose_name), cycle))
    return found


def plan_check(instance) -> None:
    """Raise ValidationError, with one Danish sentence a problem, when the row breaks a limit."""
    found = plan_problems(instance)
    if found:
        raise ValidationError([f"{label[:1].upper()}{label[1:]}: {problem_message(problem)}."
                               for label, problem in found])
