"""The template's rows put together as a strategy document, remembering where every part came from.

The inverse of template_rows. Each part of the document is recorded with its sheet, row and column
(`places`), so that a problem check_document finds at a JSON path is said at its cell. References
between sheets (an indicator's initiative, a measurement's indicator) are resolved here; one that
points nowhere is a problem at its cell.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from pejling.assessment.limits import normalise_digits, normalise_key

from .exporter import DEFAULTS, FORMAT
from .template_columns import SHEETS, Sheet
from .template_open import Row

SHEET = {s.title: s for s in SHEETS}


def _compact(node):
    """Empty values dropped everywhere, as the exporter leaves them out (list items stay where they are)."""
    if isinstance(node, dict):
        out = {k: _compact(v) for k, v in node.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(node, list):
        return [_compact(v) for v in node]
    return node


def _drop_defaults(obj: dict, entity: str) -> dict:
    defaults = DEFAULTS.get(entity, {})
    return {k: v for k, v in obj.items() if not (k in defaults and defaults[k] == v)}


def _code(text) -> str:
    return normalise_digits(text).strip() if isinstance(text, str) else ""


class Builder:
    def __init__(self, errors: list):
        self.errors = errors  # (sheet, row, letter or None, message)
        self.places: dict[tuple, tuple] = {}
        self.bad: set[tuple] = set()  # paths whose cell was refused while reading
        self.areas: dict = {}
        self.initiatives: dict = {}
        self.indicators: dict = {}

    # -- places ------------------------------------------------------------------------------
    def problem(self, sheet: str, row: Row, name: str | None, message: str):
        self.errors.append((sheet, row.number, row.letters.get(name) if name else None, message))

    def remember(self, path: tuple, sheet: str, row: Row, fields=None):
        """The row at `path`, and each of its fields at `path + field`."""
        self.places.setdefault(path, (sheet, row.number, None))
        if row.bad:
            self.bad.add(path)
        for name in row.letters if fields is None else fields:
            if name.startswith("@"):
                continue
            sub = path + tuple(name.split("."))
            self.places.setdefault(sub, (sheet, row.number, row.letters[name]))
            if name in row.bad:
                self.bad.add(sub)

    def _required(self, sheet: Sheet, row: Row, needed: str = "") -> bool:
        """Says every required cell left empty (and marks it, so that the document check does not say it
        again); False only when `needed`, the field the row cannot be placed without, is missing."""
        for column in sheet.columns:
            if column.required and column.field not in row.values and column.field not in row.bad:
                self.problem(sheet.title, row, column.field, _("must be filled in (%(column)s)") % {
                    "column": column.header})
                row.bad.add(column.field)
        return not needed or needed in row.values

    @staticmethod
    def fields(row: Row) -> dict:
        """The row's plain fields as a (nested) document part."""
        out: dict = {}
        for name, value in row.values.items():
            if name.startswith("@"):
                continue
            *parents, last = name.split(".")
            node = out
            for p in parents:
                node = node.setdefault(p, {})
            node[last] = value
        return out

    # -- the document ------------------------------------------------------------------------
    def build(self, doc_fields: dict, rows: dict[str, list[Row]]) -> dict:
        org: dict = {}
        strategy: dict = {}
        for name, (value, row) in doc_fields.items():
            top, *rest = name.split(".")
            node = org if top == "organisation" else strategy
            for p in rest[:-1]:
                node = node.setdefault(p, {})
            node[rest[-1]] = value
            path = tuple(name.split("."))
            for n in range(2, len(path) + 1):  # assessment_rules as a whole: its first field's row
                self.places.setdefault(path[:n], ("Strategi", row, "B"))
        org, strategy = _drop_defaults(org, "organisation"), _drop_defaults(strategy, "strategy")
        self.doc = {**FORMAT, "organisation": org, "strategy": strategy}
        org["units"] = self._units(rows.get("Enheder", []))
        strategy["roles"], strategy["scales"] = [], self._scales(rows.get("Skalaer", []))
        strategy["indicators"], strategy["notes"] = [], []
        strategy["focus_areas"] = self._focus_areas(rows.get("Områder", []))
        strategy["initiatives"] = self._initiatives(rows.get("Indsatser", []))
        self._roles(rows.get("Roller", []))
        self._indicators(rows.get("Indikatorer", []))
        self._targets(rows.get("Mål", []))
        self._measurements(rows.get("Målinger", []))
        self._references(rows.get("Referencer", []))
        self._notes(rows.get("Statusnoter", []))
        self._assessments(rows.get("Vurderinger", []))
        return _compact(self.doc)

    def _append(self, items: list, path: tuple, item: dict, sheet: str, row: Row) -> tuple:
        path = path + (len(items),)
        items.append(item)
        self.remember(path, sheet, row)
        return path

    def _units(self, rows):
        units = []
        for row in rows:
            if self._required(SHEET["Enheder"], row):
                self._append(units, ("organisation", "units"), self.fields(row), "Enheder", row)
        return units

    def _scales(self, rows):
        scales, by_key = [], {}
        for row in rows:
            if not self._required(SHEET["Skalaer"], row, "@scale"):
                continue
            key = normalise_key(row.values["@scale"])
            if key not in by_key:
                by_key[key] = (len(scales), {})
                scales.append({"key": key, "levels": []})
                self.remember(("strategy", "scales", len(scales) - 1), "Skalaer", row, ["@scale"])
                self.places[("strategy", "scales", len(scales) - 1, "key")] = (
                    "Skalaer", row.number, row.letters["@scale"])
            index, seen = by_key[key]
            scale = scales[index]
            for name in ("name", "description"):
                self._same(scale, name, row, f"@scale.{name}", seen, ("strategy", "scales", index, name))
            level = _drop_defaults(self.fields(row), "level")
            self._append(scale["levels"], ("strategy", "scales", index, "levels"), level, "Skalaer", row)
        return scales

    def _same(self, target: dict, name: str, row: Row, column: str, seen: dict, path: tuple, sheet="Skalaer"):
        """A value repeated on every row of a group: the first one given counts; a different one is refused."""
        value = row.values.get(column)
        if value is None:
            return
        if name not in target:
            target[name] = value
            seen[name] = row.number
            self.places[path] = (sheet, row.number, row.letters[column])
        elif target[name] != value:
            self.problem(sheet, row, column, _("»%(value)s« differs from row %(row)s (»%(other)s«) of the same "
                                               "group") % {"value": str(value)[:40], "row": seen[name],
                                                           "other": str(target[name])[:40]})

    def _focus_areas(self, rows):
        areas = []
        for row in rows:
            if self._required(SHEET["Områder"], row):
                area = {**self.fields(row), "indicators": [], "notes": []}
                path = self._append(areas, ("strategy", "focus_areas"), area, "Områder", row)
                self.areas.setdefault(_code(area.get("code")), (area, path))
        return areas

    def _initiatives(self, rows):
        items = []
        for row in rows:
            self._required(SHEET["Indsatser"], row)
            item = _drop_defaults(self.fields(row), "initiative")
            links = [("@lead", u) for u in row.values.get("@lead", [])]
            links += [("@participating", u) for u in row.values.get("@participating", [])]
            item["units"] = [{"unit": u, **({"role": "lead"} if col == "@lead" else {})} for col, u in links]
            item.update(roles=[], indicators=[], notes=[], assessments=[])
            path = self._append(items, ("strategy", "initiatives"), item, "Indsatser", row)
            for j, (col, _unit) in enumerate(links):
                for sub in ((path + ("units", j)), path + ("units", j, "unit")):
                    self.places[sub] = ("Indsatser", row.number, row.letters[col])
            self.initiatives.setdefault(_code(item.get("code")), (item, path))
        return items

    # -- parts that belong to an owner -------------------------------------------------------
    def _find(self, sheet, row, column, table, normalise=_code):
        text = row.values.get(column)
        if text is None:
            return None
        found = table.get(normalise(text))
        if found is None:
            names = {"@initiative": _("the code of an initiative on the sheet Indsatser"),
                     "@focus_area": _("the code of a focus area on the sheet Områder"),
                     "@indicator": _("the key of an indicator on the sheet Indikatorer")}
            self.problem(sheet, row, column, _("»%(value)s« is not %(what)s") % {
                "value": str(text)[:40], "what": names[column]})
            return False
        return found

    def _owner(self, sheet: str, row: Row, columns: tuple, default):
        """(dict, path) of the one owner the row names, `default` when it names none, or None on a problem."""
        given = [c for c in columns if c in row.values]
        if len(given) > 1:
            self.problem(sheet, row, given[1], _("fill in only one of %(columns)s") % {
                "columns": ", ".join(f"»{SHEET[sheet].column(c).header}«" for c in columns)})
            return None
        if not given:
            return default
        tables = {"@initiative": self.initiatives, "@focus_area": self.areas, "@indicator": self.indicators}
        found = self._find(sheet, row, given[0], tables[given[0]],
                           normalise_key if given[0] == "@indicator" else _code)
        return found or None

    def _roles(self, rows):
        strategy = (self.doc["strategy"], ("strategy",))
        for row in rows:
            owner = self._owner("Roller", row, ("@initiative",), strategy)
            if owner and self._required(SHEET["Roller"], row):
                self._append(owner[0]["roles"], owner[1] + ("roles",), self.fields(row), "Roller", row)

    def _indicators(self, rows):
        strategy = (self.doc["strategy"], ("strategy",))
        for row in rows:
            owner = self._owner("Indikatorer", row, ("@initiative", "@focus_area"), strategy)
            self._required(SHEET["Indikatorer"], row)
            if not owner:
                continue
            item = _drop_defaults(self.fields(row), "indicator")
            item.update(targets=[], measurements=[], references=[], notes=[], assessments=[])
            path = self._append(owner[0]["indicators"], owner[1] + ("indicators",), item, "Indikatorer", row)
            self.indicators.setdefault(normalise_key(item.get("key", "")), (item, path))

    def _of_indicator(self, sheet, row):
        if "@indicator" not in row.values:
            if "@indicator" not in row.bad:
                self.problem(sheet, row, "@indicator", _("must be filled in (%(column)s)") % {
                    "column": SHEET[sheet].column("@indicator").header})
            return None
        return self._find(sheet, row, "@indicator", self.indicators, normalise_key) or None

    def _targets(self, rows):
        for row in rows:
            owner = self._of_indicator("Mål", row)
            if owner:
                item = _drop_defaults(self.fields(row), "target")
                self._append(owner[0]["targets"], owner[1] + ("targets",), item, "Mål", row)

    def _measurements(self, rows):
        slots = {}
        for row in rows:
            owner = self._of_indicator("Målinger", row)
            if not owner:
                continue
            item = _drop_defaults(self.fields(row), "measurement")
            level = row.values.get("@level")
            if level is None:
                self._append(owner[0]["measurements"], owner[1] + ("measurements",), item, "Målinger", row)
                continue
            value = item.pop("value", None)
            slot = (id(owner[0]), item.get("period"), item.get("breakdown"), item.get("baseline", False))
            code = normalise_key(level)
            if slot not in slots:
                item["values"] = {}
                path = self._append(owner[0]["measurements"], owner[1] + ("measurements",), item, "Målinger", row)
                slots[slot] = (item, path, dict.fromkeys(item, row.number))
            measurement, path, seen = slots[slot]
            for name in ("status", "text", "comment", "source", "entered_by", "entered_at"):
                self._same(measurement, name, row, name, seen, path + (name,), sheet="Målinger")
            if code in measurement["values"]:
                self.problem("Målinger", row, "@level", _("the level »%(code)s« is given twice for this period and "
                                                          "group") % {"code": code})
            elif value is not None:
                measurement["values"][code] = value
                self.places[path + ("values", code)] = ("Målinger", row.number, row.letters.get("value"))
            if "value" in row.bad:
                self.bad.add(path)

    def _references(self, rows):
        series = {}
        for row in rows:
            owner = self._of_indicator("Referencer", row)
            if not owner or not self._required(SHEET["Referencer"], row, "@series"):
                continue
            name = row.values["@series"]
            slot = (id(owner[0]), name)
            if slot not in series:
                item = {"name": name, "values": []}
                path = owner[1] + ("references", len(owner[0]["references"]))
                owner[0]["references"].append(item)
                self.places[path] = ("Referencer", row.number, None)
                self.places[path + ("name",)] = ("Referencer", row.number, row.letters["@series"])
                series[slot] = (item, path, {})
            item, path, seen = series[slot]
            for field in ("kind", "source"):
                self._same(item, field, row, f"@series.{field}", seen, path + (field,), sheet="Referencer")
            value = self.fields(row)
            if value:
                self._append(item["values"], path + ("values",), value, "Referencer", row)
        for item, _path, _seen in series.values():
            if item.get("kind") == DEFAULTS["reference"]["kind"]:
                del item["kind"]

    def _notes(self, rows):
        strategy = (self.doc["strategy"], ("strategy",))
        for row in rows:
            owner = self._owner("Statusnoter", row, ("@initiative", "@focus_area", "@indicator"), strategy)
            if owner and self._required(SHEET["Statusnoter"], row):
                self._append(owner[0]["notes"], owner[1] + ("notes",), self.fields(row), "Statusnoter", row)

    def _assessments(self, rows):
        for row in rows:
            if not any(c in row.values or c in row.bad for c in ("@initiative", "@indicator")):
                self.problem("Vurderinger", row, "@initiative", _("give the initiative or the indicator assessed"))
                continue
            owner = self._owner("Vurderinger", row, ("@initiative", "@indicator"), None)
            if owner and self._required(SHEET["Vurderinger"], row):
                self._append(owner[0]["assessments"], owner[1] + ("assessments",), self.fields(row),
                             "Vurderinger", row)
