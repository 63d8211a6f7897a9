"""The natural key of every item of a strategy document: how an upload finds what is already stored.

An upload never says "row 17"; it names things as people do. Within their parent:
- unit: name; scale: key; level: code; focus area: code; initiative: code; indicator: key (anywhere in
  the strategy: an indicator is found wherever it stands, and an upload does not move it);
- initiative's unit link: the unit's name; role: title;
- target: (kind, period, scale level, breakdown);
- measurement: (period, breakdown, baseline flag) — a distribution's values are matched per level code;
- reference series: name; its values: period;
- status note: (period, title); assessment: (period, assessed by role).
Periods are compared as the period rules write them ("2019/20", "nov. 2020"). Where several items
share a key (two notes of the same period without a title), they are matched in their order.
"""

from __future__ import annotations

from pejling.assessment.periods import PeriodError, parse_period

# entity -> {list field: entity of its items}
LISTS: dict[str, dict[str, str]] = {
    "organisation": {"units": "unit"},
    "strategy": {"roles": "role", "scales": "scale", "indicators": "indicator", "notes": "note",
                 "focus_areas": "focus_area", "initiatives": "initiative"},
    "scale": {"levels": "level"},
    "focus_area": {"indicators": "indicator", "notes": "note"},
    "initiative": {"units": "initiative_unit", "roles": "role", "indicators": "indicator", "notes": "note",
                   "assessments": "assessment"},
    "indicator": {"targets": "target", "measurements": "measurement", "references": "reference",
                  "notes": "note", "assessments": "assessment"},
    "reference": {"values": "reference_value"},
}


def period_text(value) -> str:
    """A period as stored: the canonical text of a valid period, else the text as given."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        return parse_period(value).text
    except PeriodError:
        return value


def _s(value) -> str:
    return value if isinstance(value, str) else ""


KEYS = {
    "unit": lambda d: d.get("name"),
    "role": lambda d: d.get("title"),
    "scale": lambda d: d.get("key"),
    "level": lambda d: d.get("code"),
    "focus_area": lambda d: d.get("code"),
    "initiative": lambda d: d.get("code"),
    "initiative_unit": lambda d: d.get("unit"),
    "indicator": lambda d: d.get("key"),
    "target": lambda d: (d.get("kind") or "final", period_text(d.get("period")), _s(d.get("level")),
                         _s(d.get("breakdown"))),
    "measurement": lambda d: (period_text(d.get("period")), _s(d.get("breakdown")), bool(d.get("baseline"))),
    "reference": lambda d: d.get("name"),
    "reference_value": lambda d: period_text(d.get("period")),
    "note": lambda d: (period_text(d.get("period")), _s(d.get("title"))),
    "assessment": lambda d: (period_text(d.get("period")), _s(d.get("assessed_by_role"))),
}
HASHABLE = (str, int, float, bool, tuple)


def item_key(entity: str, item) -> tuple | None:
    """The item's natural key, or None when it has none (then it can only be new)."""
    if not isinstance(item, dict):
        return None
    key = KEYS[entity](item)
    if key is None or key == "" or not isinstance(key, HASHABLE):
        return None
    return key


def keyed(entity: str, items) -> list[tuple | None]:
    """Each item's key with its occurrence: the n-th item with the same key gets (key, n)."""
    seen: dict = {}
    out = []
    for item in items:
        key = item_key(entity, item)
        if key is None:
            out.append(None)
            continue
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append((key, n))
    return out
