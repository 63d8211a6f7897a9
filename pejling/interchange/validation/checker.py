"""Pass 3: the rules the schema cannot say (references between parts, periods, kinds, units' parents,
values within what the unit allows)."""

from __future__ import annotations

import copy
from datetime import date, datetime

from django.utils.translation import gettext as _

from pejling.assessment.limits import (
    Problem,
    group_values_problem,
    name_key,
    number_problem,
    parent_cycle,
    suggest_key,
    target_slot,
)
from pejling.assessment.periods import PeriodError, parse_period
from pejling.plans.models.periods import period_message
from pejling.texts.limits import problem_message


def _dicts(items):
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def _str(value) -> str:
    return value if isinstance(value, str) else ""


class Checker:
    """Walks a document (valid or not), fills in generated keys and collects errors; it skips what
    is not the right shape (the schema has reported it) and places already reported."""

    def __init__(self, doc: dict, existing_units=frozenset(), existing_parents=None, reported=frozenset()):
        self.doc = copy.deepcopy(doc)
        self.errors: list[tuple[tuple, str]] = []
        self.existing_units = set(existing_units)
        self.existing_parents = dict(existing_parents or {})
        self.reported = set(reported)

    def error(self, path, message):
        path = tuple(path)
        if path not in self.reported:
            self.reported.add(path)
            self.errors.append((path, message))

    def check(self) -> dict:
        org = self.doc.get("organisation") if isinstance(self.doc.get("organisation"), dict) else {}
        strat = self.doc.get("strategy") if isinstance(self.doc.get("strategy"), dict) else {}
        self.units = self._check_units(org)
        for name in ("starts_on", "ends_on", "adopted_on"):
            self._date(strat, name, ("strategy", name))
        starts, ends = _str(strat.get("starts_on")), _str(strat.get("ends_on"))
        if starts and ends and starts > ends:
            self.error(("strategy", "ends_on"), _("the strategy ends before it starts"))
        rules = strat.get("assessment_rules") if isinstance(strat.get("assessment_rules"), dict) else {}
        green, yellow = rules.get("green_max_gap", 0.1), rules.get("yellow_max_gap", 0.25)
        if isinstance(green, (int, float)) and isinstance(yellow, (int, float)) and green > yellow:
            self.error(("strategy", "assessment_rules"), _("green_max_gap must not exceed yellow_max_gap"))
        self._roles(strat.get("roles"), ("strategy", "roles"))
        self.scales = self._scales(strat.get("scales"))
        fa_codes = self._unique(strat.get("focus_areas"), "code", ("strategy", "focus_areas"))
        self._unique(strat.get("initiatives"), "code", ("strategy", "initiatives"))
        self.keys: dict[str, tuple] = {}
        self.replacements = []
        self._indicators(strat.get("indicators"), ("strategy", "indicators"), "s")
        self._notes(strat.get("notes"), ("strategy", "notes"))
        for i, fa in _dicts(strat.get("focus_areas")):
            path = ("strategy", "focus_areas", i)
            self._indicators(fa.get("indicators"), path + ("indicators",), "fa" + suggest_key(_str(fa.get("code"))))
            self._notes(fa.get("notes"), path + ("notes",))
        for i, ini in _dicts(strat.get("initiatives")):
            self._initiative(ini, ("strategy", "initiatives", i), fa_codes)
        for key, path in self.replacements:
            if key not in self.keys:
                self.error(path, _("replaced_by »%(key)s« is not the key of an indicator in this strategy") % {
                    "key": key})
        return self.doc

    # -- parts ---------------------------------------------------------------------------
    def _check_units(self, org):
        units = org.get("units")
        names = self._unique(units, "name", ("organisation", "units"))
        known = names | self.existing_units
        parents = dict(self.existing_parents)
        for i, unit in _dicts(units):
            parent = unit.get("parent")
            if isinstance(unit.get("name"), str):
                parents[unit["name"]] = parent if isinstance(parent, str) and parent else None
            if isinstance(parent, str) and parent and parent not in known:
                self.error(("organisation", "units", i, "parent"),
                           _("»%(unit)s« is not a unit of this organisation") % {"unit": parent})
        cycles = parent_cycle(parents)
        for i, unit in _dicts(units):
            if unit.get("name") in cycles:
                chain = " → ".join(cycles[unit["name"]])
                self.error(("organisation", "units", i, "parent"),
                           problem_message(Problem("cycle", {"chain": chain})))
        return known

    def _unique(self, items, name, path) -> set:
        seen = set()
        for i, item in _dicts(items):
            value = item.get(name)
            if not isinstance(value, str):
                continue
            if value in seen:
                self.error(path + (i, name), _("»%(value)s« is used twice") % {"value": value})
            seen.add(value)
        return seen

    def _date(self, obj, name, path):
        value = obj.get(name)
        if value and isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                self.error(path, _("»%(value)s« is not a date (write YYYY-MM-DD)") % {"value": value})

    def _period(self, obj, name, path, required=False):
        value = obj.get(name)
        if not value:
            if required:
                self.error(path, _("a period is required"))
            return None
        if not isinstance(value, str):
            return None
        try:
            return parse_period(value)
        except PeriodError as exc:
            self.error(path, period_message(exc))
            return None

    def _unit_ref(self, name, path):
        if isinstance(name, str) and name and name not in self.units:
            self.error(path, _("»%(unit)s« is not a unit of the organisation (add it under organisation.units)") % {
                "unit": name})

    def _roles(self, roles, path):
        for i, role in _dicts(roles):
            self._unit_ref(role.get("unit"), path + (i, "unit"))

    def _scales(self, scales):
        self._unique(scales, "key", ("strategy", "scales"))
        out = {}
        for i, scale in _dicts(scales):
            out[scale.get("key")] = self._unique(scale.get("levels"), "code", ("strategy", "scales", i, "levels"))
        return out

    def _notes(self, notes, path):
        for i, note in _dicts(notes):
            self._period(note, "period", path + (i, "period"))

    def _assessments(self, items, path):
        for i, item in _dicts(items):
            self._period(item, "period", path + (i, "period"), required=True)
            self._datetime(item, "assessed_at", path + (i, "assessed_at"))

    def _datetime(self, obj, name, path):
        value = obj.get(name)
        if value and isinstance(value, str):
            try:
                datetime.fromisoformat(value)
            except ValueError:
                self.error(path, _("»%(value)s« is not a date and time (ISO 8601)") % {"value": value})

    def _initiative(self, ini, path, fa_codes):
        fa = ini.get("focus_area")
        if isinstance(fa, str) and fa and fa not in fa_codes:
            self.error(path + ("focus_area",), _("»%(code)s« is not the code of a focus area") % {"code": fa})
        closed = ini.get("closed")
        if isinstance(closed, dict):
            self._period(closed, "period", path + ("closed", "period"))
            if ini.get("state", "active") != "closed":
                self.error(path + ("state",), _("a closed initiative must have state »closed«"))
        self._unique(ini.get("units"), "unit", path + ("units",))
        for i, link in _dicts(ini.get("units")):
            self._unit_ref(link.get("unit"), path + ("units", i, "unit"))
        self._roles(ini.get("roles"), path + ("roles",))
        self._indicators(ini.get("indicators"), path + ("indicators",), suggest_key(_str(ini.get("code"))))
        self._notes(ini.get("notes"), path + ("notes",))
        self._assessments(ini.get("assessments"), path + ("assessments",))

    def _indicators(self, items, path, prefix):
        for i, ind in _dicts(items):
            ipath = path + (i,)
            if "key" not in ind:
                ind["key"] = f"{prefix}-{i + 1}"
            key = ind["key"]
            if isinstance(key, str):
                if key in self.keys:
                    self.error(ipath + ("key",), _("the key »%(key)s« is used by another indicator of this strategy")
                               % {"key": key})
                self.keys[key] = ipath
            self._indicator(ind, ipath)

    def _indicator(self, ind, path):
        kind = ind.get("kind", "numeric")
        unit = _str(ind.get("unit"))
        levels = set()
        if kind == "distribution":
            if not ind.get("scale"):
                self.error(path + ("scale",), _("a distribution indicator needs a scale"))
            elif ind["scale"] not in self.scales:
                self.error(path + ("scale",), _("»%(key)s« is not the key of a scale of this strategy") % {
                    "key": ind["scale"]})
            else:
                levels = self.scales[ind["scale"]]
        elif ind.get("scale"):
            self.error(path + ("scale",), _("only distribution indicators have a scale"))
        self._period(ind, "start", path + ("start",))
        if groups := group_values_problem(_str(ind.get("group_values")), unit):
            self.error(path + ("group_values",), problem_message(groups))
        retired = ind.get("retired")
        if isinstance(retired, dict):
            self._period(retired, "period", path + ("retired", "period"))
            if isinstance(retired.get("replaced_by"), str) and retired["replaced_by"]:
                self.replacements.append((retired["replaced_by"], path + ("retired", "replaced_by")))
        glide = ind.get("glide_path")
        if isinstance(glide, dict):
            self._number(glide.get("rate"), path + ("glide_path", "rate"))
        seen = set()
        for i, target in _dicts(ind.get("targets")):
            p = self._target(target, kind, unit, levels, path + ("targets", i))
            slot = target_slot(_str(target.get("kind")), p.text if p else _str(target.get("period")),
                               _str(target.get("level")), _str(target.get("breakdown")))
            if slot in seen:
                self.error(path + ("targets", i), _("a second target of the same kind for the period »%(period)s«, "
                                                    "level and group »%(group)s«") % {
                    "period": slot[1], "group": _str(target.get("breakdown")) or _("Total")})
            seen.add(slot)
        self._measurements(ind.get("measurements"), kind, unit, levels, path + ("measurements",))
        for i, ref in _dicts(ind.get("references")):
            seen = set()
            for j, val in _dicts(ref.get("values")):
                vpath = path + ("references", i, "values", j)
                p = self._period(val, "period", vpath + ("period",), required=True)
                if p and p.text in seen:
                    self.error(vpath + ("period",), _("%(period)s appears twice in this series") % {"period": p.text})
                seen.add(p.text if p else None)
                self._number(val.get("value"), vpath + ("value",), unit=unit)
        self._notes(ind.get("notes"), path + ("notes",))
        self._assessments(ind.get("assessments"), path + ("assessments",))

    def _number(self, value, path, **rule):
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return  # a missing number, or the wrong type: the schema says so
        problem = number_problem(value, **rule)
        if problem:
            self.error(path, problem_message(problem))

    def _target(self, target, kind, unit, levels, path):
        """Checks one target; its period as read (None when it is not one)."""
        period = self._period(target, "period", path + ("period",))
        has_value = target.get("value") is not None
        has_change = target.get("change") is not None
        if has_value and has_change:
            self.error(path, _("give either a value or a change from the baseline, not both"))
        if has_change and not target.get("change_unit"):
            self.error(path + ("change_unit",), _("a change needs change_unit »percent« or »points«"))
        if not (has_value or has_change or target.get("text")):
            self.error(path, _("a target needs a value, a change or a text"))
        level = target.get("level")
        self._number(target.get("value"), path + ("value",), unit=unit, share=bool(level))
        self._number(target.get("change"), path + ("change",))
        if level and level not in levels:
            self.error(path + ("level",), _("»%(code)s« is not a level of the indicator's scale") % {"code": level})
        return period

    def _measurements(self, items, kind, unit, levels, path):
        seen = set()
        for i, m in _dicts(items):
            mpath = path + (i,)
            baseline = m.get("baseline", False)
            p = self._period(m, "period", mpath + ("period",), required=not baseline)
            values = m.get("values") if isinstance(m.get("values"), dict) else {}
            if values and kind != "distribution":
                self.error(mpath + ("values",), _("values per level belong to distribution indicators only"))
            for code, number in values.items():
                if code not in levels and kind == "distribution":
                    self.error(mpath + ("values", code), _("»%(code)s« is not a level of the indicator's scale") % {
                        "code": code})
                self._number(number, mpath + ("values", code), unit=unit, count=True)
            if m.get("status") and kind != "milestone":
                self.error(mpath + ("status",), _("a status belongs to milestone indicators only"))
            if m.get("value") is not None and kind == "distribution":
                self.error(mpath + ("value",), _("a distribution measurement gives values per level, not one value"))
            self._number(m.get("value"), mpath + ("value",), unit=unit)
            if m.get("value") is None and not values and not m.get("status") and not m.get("text"):
                self.error(mpath, _("a measurement needs a value, values per level, a status or a text"))
            self._datetime(m, "entered_at", mpath + ("entered_at",))
            slot = (p.text if p else _str(m.get("period")), name_key(_str(m.get("breakdown"))), baseline)
            if slot in seen:
                what = _("a second baseline") if baseline else _("a second measurement")
                self.error(mpath, _("%(what)s for the period »%(period)s« and the group »%(group)s«") % {
                    "what": what, "period": slot[0], "group": _str(m.get("breakdown"))})
            seen.add(slot)
