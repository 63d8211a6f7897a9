"""Where a path into a strategy document points: the entity and the field as the models name them."""

from __future__ import annotations

# list name -> the entity its items are (organisation.units are units; initiative.units are links)
CONTAINERS = {"units": "unit", "initiatives": "initiative", "focus_areas": "focus_area", "indicators": "indicator",
              "targets": "target", "measurements": "measurement", "references": "reference",
              "values": "reference_value", "notes": "note", "assessments": "assessment", "roles": "role",
              "scales": "scale", "levels": "level"}
NESTED = {"closed": "closed_", "retired": "retired_", "glide_path": "glide_", "assessment_rules": "rules_"}
PERIOD_FIELDS = {"period", "start"}
CODE_FIELDS = {("initiative", "code"), ("focus_area", "code"), ("initiative", "focus_area")}


def where(path) -> tuple[str, str]:
    """(entity, field as the model names it) for a path into the document."""
    entity, prefix = "document", ""
    for i, step in enumerate(path[:-1]):
        nxt = path[i + 1]
        if i == 0 and step in ("organisation", "strategy"):
            entity, prefix = step, ""
        elif isinstance(step, str) and isinstance(nxt, int):
            entity = "initiative_unit" if step == "units" and entity == "initiative" else CONTAINERS.get(step, step)
            prefix = ""
        elif step in NESTED:
            prefix = NESTED[step]
        elif step == "values" and entity == "measurement":
            return "measurement", "values"
    last = path[-1] if path else ""
    return entity, prefix + last if isinstance(last, str) else entity


def _key_path(path) -> bool:
    return len(path) > 1 and path[-2] == "values" and where(path) == ("measurement", "values")

