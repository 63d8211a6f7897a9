"""Checking a strategy document completely before anything is written.

Two passes: the JSON Schema (shape and types), then the rules the schema cannot say
(references between parts, periods, kinds). Every problem is reported with its place.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime

from jsonschema import Draft202012Validator

from pejling.assessment.periods import PeriodError, parse_period

from .documents import load_schema, place

MAX_ABS = 10**10  # fits the database's decimal(14, 4)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def schema_errors(doc: dict) -> list[str]:
    validator = Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    out = []
    for err in errors:
        msg = err.message
        if err.validator == "additionalProperties":
            extra = msg.split("(")[-1].rstrip(")")
            msg = f"unknown field(s): {extra}"
            if " " in extra:
                msg += " (in YAML, quote a text that contains a comma inside { })"
        out.append(f"{place(doc, err.absolute_path)}: {msg}")
    return out


class Checker:
    """Walks a schema-valid document, fills in generated keys and collects errors."""

    def __init__(self, doc: dict, existing_units: set[str] = frozenset()):
        self.doc = copy.deepcopy(doc)
        self.errors: list[str] = []
        self.existing_units = set(existing_units)

    def error(self, path, message):
        self.errors.append(f"{place(self.doc, path)}: {message}")

    def check(self) -> dict:
        org, strat = self.doc["organisation"], self.doc["strategy"]
        self.units = self._check_units(org)
        for field in ("starts_on", "ends_on", "adopted_on"):
            self._date(strat, field, ("strategy", field))
        if strat.get("starts_on") and strat.get("ends_on") and strat["starts_on"] > strat["ends_on"]:
            self.error(("strategy", "ends_on"), "the strategy ends before it starts")
        rules = strat.get("assessment_rules", {})
        if rules.get("green_max_gap", 0.1) > rules.get("yellow_max_gap", 0.25):
            self.error(("strategy", "assessment_rules"), "green_max_gap must not exceed yellow_max_gap")
        self._roles(strat.get("roles", []), ("strategy", "roles"))
        self.scales = self._scales(strat.get("scales", []))
        fa_codes = self._unique(strat.get("focus_areas", []), "code", ("strategy", "focus_areas"))
        self._unique(strat.get("initiatives", []), "code", ("strategy", "initiatives"))
        self.keys: dict[str, tuple] = {}
        self.replacements = []
        self._indicators(strat.get("indicators", []), ("strategy", "indicators"), "s")
        self._notes(strat.get("notes", []), ("strategy", "notes"))
        for i, fa in enumerate(strat.get("focus_areas", [])):
            path = ("strategy", "focus_areas", i)
            self._indicators(fa.get("indicators", []), path + ("indicators",), "fa" + _slug(fa["code"]))
            self._notes(fa.get("notes", []), path + ("notes",))
        for i, ini in enumerate(strat.get("initiatives", [])):
            self._initiative(ini, ("strategy", "initiatives", i), fa_codes)
        for key, path in self.replacements:
            if key not in self.keys:
                self.error(path, f"replaced_by '{key}' is not the key of an indicator in this strategy")
        return self.doc

    # -- parts ---------------------------------------------------------------------------
    def _check_units(self, org):
        names = self._unique(org.get("units", []), "name", ("organisation", "units"))
        known = names | self.existing_units
        for i, unit in enumerate(org.get("units", [])):
            parent = unit.get("parent")
            if parent and parent not in known:
                self.error(("organisation", "units", i, "parent"), f"'{parent}' is not a unit of this organisation")
            if parent == unit["name"]:
                self.error(("organisation", "units", i, "parent"), "a unit cannot be part of itself")
        return known

    def _unique(self, items, field, path) -> set:
        seen = set()
        for i, item in enumerate(items):
            value = item.get(field)
            if value in seen:
                self.error(path + (i, field), f"'{value}' is used twice")
            seen.add(value)
        return seen

    def _date(self, obj, field, path):
        value = obj.get(field)
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                self.error(path, f"'{value}' is not a date (use YYYY-MM-DD)")

    def _period(self, obj, field, path, required=False):
        value = obj.get(field)
        if not value:
            if required:
                self.error(path, "a period is required")
            return None
        try:
            return parse_period(value)
        except PeriodError as exc:
            self.error(path, str(exc))
            return None

    def _unit_ref(self, name, path):
        if name and name not in self.units:
            self.error(path, f"'{name}' is not a unit of the organisation (add it under organisation.units)")

    def _roles(self, roles, path):
        for i, role in enumerate(roles):
            self._unit_ref(role.get("unit"), path + (i, "unit"))

    def _scales(self, scales):
        self._unique(scales, "key", ("strategy", "scales"))
        out = {}
        for i, scale in enumerate(scales):
            out[scale["key"]] = self._unique(scale["levels"], "code", ("strategy", "scales", i, "levels"))
        return out

    def _notes(self, notes, path):
        for i, note in enumerate(notes):
            self._period(note, "period", path + (i, "period"))

    def _assessments(self, items, path):
        for i, item in enumerate(items):
            self._period(item, "period", path + (i, "period"), required=True)
            self._datetime(item, "assessed_at", path + (i, "assessed_at"))

    def _datetime(self, obj, field, path):
        if obj.get(field):
            try:
                datetime.fromisoformat(obj[field])
            except ValueError:
                self.error(path, f"'{obj[field]}' is not a date and time (ISO 8601)")

    def _initiative(self, ini, path, fa_codes):
        if ini.get("focus_area") and ini["focus_area"] not in fa_codes:
            self.error(path + ("focus_area",), f"'{ini['focus_area']}' is not the code of a focus area")
        closed = ini.get("closed")
        if closed:
            self._period(closed, "period", path + ("closed", "period"))
            if ini.get("state", "active") != "closed":
                self.error(path + ("state",), "a closed initiative must have state 'closed'")
        self._unique(ini.get("units", []), "unit", path + ("units",))
        for i, link in enumerate(ini.get("units", [])):
            self._unit_ref(link["unit"], path + ("units", i, "unit"))
        self._roles(ini.get("roles", []), path + ("roles",))
        self._indicators(ini.get("indicators", []), path + ("indicators",), _slug(ini["code"]))
        self._notes(ini.get("notes", []), path + ("notes",))
        self._assessments(ini.get("assessments", []), path + ("assessments",))

    def _indicators(self, items, path, prefix):
        for i, ind in enumerate(items):
            ipath = path + (i,)
            if "key" not in ind:
                ind["key"] = f"{prefix}-{i + 1}"
            if ind["key"] in self.keys:
                self.error(ipath + ("key",), f"key '{ind['key']}' is used by another indicator of this strategy")
            self.keys[ind["key"]] = ipath
            self._indicator(ind, ipath)

    def _indicator(self, ind, path):
        kind = ind.get("kind", "numeric")
        levels = set()
        if kind == "distribution":
            if not ind.get("scale"):
                self.error(path + ("scale",), "a distribution indicator needs a scale")
            elif ind["scale"] not in self.scales:
                self.error(path + ("scale",), f"'{ind['scale']}' is not the key of a scale of this strategy")
            else:
                levels = self.scales[ind["scale"]]
        elif ind.get("scale"):
            self.error(path + ("scale",), "only distribution indicators have a scale")
        self._period(ind, "start", path + ("start",))
        retired = ind.get("retired")
        if retired:
            self._period(retired, "period", path + ("retired", "period"))
            if retired.get("replaced_by"):
                self.replacements.append((retired["replaced_by"], path + ("retired", "replaced_by")))
        for i, target in enumerate(ind.get("targets", [])):
            self._target(target, kind, levels, path + ("targets", i))
        self._measurements(ind.get("measurements", []), kind, levels, path + ("measurements",))
        for i, ref in enumerate(ind.get("references", [])):
            seen = set()
            for j, val in enumerate(ref["values"]):
                vpath = path + ("references", i, "values", j)
                p = self._period(val, "period", vpath + ("period",), required=True)
                if p and p.text in seen:
                    self.error(vpath + ("period",), f"{p.text} appears twice in this series")
                seen.add(p.text if p else None)
                self._number(val.get("value"), vpath + ("value",))
        self._notes(ind.get("notes", []), path + ("notes",))
        self._assessments(ind.get("assessments", []), path + ("assessments",))

    def _number(self, value, path):
        if value is not None and abs(value) >= MAX_ABS:
            self.error(path, f"{value} is too large")

    def _target(self, target, kind, levels, path):
        self._period(target, "period", path + ("period",))
        has_value = target.get("value") is not None
        has_change = target.get("change") is not None
        if has_value and has_change:
            self.error(path, "give either a value or a change from the baseline, not both")
        if has_change and not target.get("change_unit"):
            self.error(path + ("change_unit",), "a change needs change_unit 'percent' or 'points'")
        if not (has_value or has_change or target.get("text")):
            self.error(path, "a target needs a value, a change or a text")
        self._number(target.get("value"), path + ("value",))
        level = target.get("level")
        if level and level not in levels:
            self.error(path + ("level",), f"'{level}' is not a level of the indicator's scale")

    def _measurements(self, items, kind, levels, path):
        seen = set()
        for i, m in enumerate(items):
            mpath = path + (i,)
            baseline = m.get("baseline", False)
            p = self._period(m, "period", mpath + ("period",), required=not baseline)
            values = m.get("values") or {}
            if values and kind != "distribution":
                self.error(mpath + ("values",), "values per level belong to distribution indicators only")
            for code, number in values.items():
                if code not in levels and kind == "distribution":
                    self.error(mpath + ("values", code), f"'{code}' is not a level of the indicator's scale")
                self._number(number, mpath + ("values", code))
            if m.get("status") and kind != "milestone":
                self.error(mpath + ("status",), "a status belongs to milestone indicators only")
            if m.get("value") is not None and kind == "distribution":
                self.error(mpath + ("value",), "a distribution measurement gives values per level, not one value")
            self._number(m.get("value"), mpath + ("value",))
            if m.get("value") is None and not values and not m.get("status") and not m.get("text"):
                self.error(mpath, "a measurement needs a value, values per level, a status or a text")
            self._datetime(m, "entered_at", mpath + ("entered_at",))
            slot = (p.text if p else m.get("period", ""), m.get("breakdown", ""), baseline)
            if slot in seen:
                what = "baseline" if baseline else "measurement"
                self.error(mpath, f"a second {what} for period '{slot[0]}' and breakdown '{slot[1]}'")
            seen.add(slot)


def check_document(doc: dict, existing_units=frozenset()) -> tuple[dict, list[str]]:
    """Return (normalised document, errors). The document is usable only without errors."""
    errors = schema_errors(doc)
    if errors:
        return doc, errors
    checker = Checker(doc, existing_units)
    normalised = checker.check()
    return normalised, checker.errors
