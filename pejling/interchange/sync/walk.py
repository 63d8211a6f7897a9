"""Walking a checked, merged document against the database, entity by entity, parents first.

Only items the upload names are visited (Merge.origin); everything else is stored and stays as it is.
Each item becomes model values (the conversions of conversions.py), compared field by field with the
stored row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from pejling.assessment.limits import normalise_key
from pejling.plans.models import (
    FocusArea,
    Indicator,
    Initiative,
    InitiativeUnit,
    Organisation,
    Role,
    Scale,
    ScaleLevel,
    Strategy,
    Target,
    Unit,
)
from pejling.tracking.models import Assessment, Measurement, ReferenceSeries, ReferenceValue, StatusNote

from ..conversions import _date, _dec, _period, _when
from .keys import keyed, period_text
from .merge import Merge
from .rows import Rows

INITIATIVE_TEXTS = ("subgoal", "purpose", "challenges", "builds_on", "activities", "timeline", "economy",
                    "target_group", "monitoring")


def _next_order(objs) -> int:
    return max((o.order for o in objs), default=-1) + 1


class Walk:
    def __init__(self, doc: dict, merge: Merge, rows: Rows, *, organisation, strategy, user=None):
        self.doc, self.merge, self.rows, self.user = doc, merge, rows, user
        self.org, self.strategy = organisation, strategy
        self.preview = rows.preview
        self.now = timezone.now()

    def _from_upload(self, path) -> bool:
        return tuple(path) in self.merge.origin

    def _items(self, items, path):
        """(index, item) of the items of a list that the upload names."""
        return [(i, item) for i, item in enumerate(items or []) if self._from_upload(path + (i,))]

    # -- organisation and units ---------------------------------------------------------------
    def run(self):
        o, s = self.doc["organisation"], self.doc["strategy"]
        self.preview.organisation, self.preview.organisation_name = o["slug"], o.get("name", "")
        self.preview.organisation_new = self.org is None
        self.preview.strategy, self.preview.strategy_title = s["slug"], s.get("title", "")
        self.preview.strategy_new = self.strategy is None
        self.preview.revision = self.strategy.revision if self.strategy else None
        users = get_user_model().objects
        self.user_by_name = {u.get_username(): u for u in users.filter(username__in=self._entered_by_names())}
        self._organisation(o)
        self._strategy(s)
        self._scales(s.get("scales") or [])
        self._focus_areas(s.get("focus_areas") or [])
        self._initiatives(s.get("initiatives") or [])
        self._roles(s.get("roles") or [], ("strategy", "roles"), None)
        self._indicators()
        self._owner_notes()
        self.rows.flush()
        return self.strategy

    def _entered_by_names(self):
        return {m["entered_by"] for _p, ind, _o in self._all_indicators()
                for m in ind.get("measurements") or [] if isinstance(m, dict) and m.get("entered_by")}

    def _organisation(self, o):
        values = {"name": o.get("name", ""), "kind": o.get("kind", "Kommune"), "description": o.get("description", "")}
        if self._from_upload(("organisation",)):
            self.org = self.rows.upsert("organisation", Organisation, self.org, values, o["slug"],
                                        new_values={"slug": o["slug"]})
        stored = {u.name: u for u in self.org.units.select_related("parent")} if self.org.pk else {}
        self.units = dict(stored)
        items = self._items(o.get("units"), ("organisation", "units"))
        made = {u["name"] for _i, u in items if u["name"] not in stored}
        for name in sorted(made):  # first every new unit, so that a parent can be one of them
            kind = next(u.get("kind", "") for _i, u in items if u["name"] == name)
            self.units[name] = self.rows.upsert("unit", Unit, None, {"kind": kind}, name,
                                                new_values={"organisation": self.org, "name": name})
        for _i, u in items:
            parent = self.units.get(u.get("parent")) if u.get("parent") else None
            if u["name"] in made:
                if parent is not None:
                    self.rows.set_now(self.units[u["name"]], parent=parent)
            else:
                self.rows.upsert("unit", Unit, self.units[u["name"]], {"kind": u.get("kind", ""), "parent": parent},
                                 u["name"])

    # -- the strategy -------------------------------------------------------------------------
    def _strategy(self, s):
        values = {
            "title": s.get("title", ""), "kind": s.get("kind", ""), "starts_on": _date(s.get("starts_on")),
            "ends_on": _date(s.get("ends_on")), "vision": s.get("vision", ""), "background": s.get("background", ""),
            "partners": s.get("partners", ""), "adopted_by": s.get("adopted_by", ""),
            "adopted_on": _date(s.get("adopted_on")), "adoption_note": s.get("adoption_note", ""),
            "focus_area_label": s.get("focus_area_label", "Pejlemærke"),
            "report_introduction": s.get("report_introduction", ""), "report_summary": s.get("report_summary", ""),
            "assessment_rules": s.get("assessment_rules", {}),
        }
        self.strategy = self.rows.upsert("strategy", Strategy, self.strategy, values, s["slug"],
                                         new_values={"organisation": self.org, "slug": s["slug"]})
        stored = self.strategy.pk is not None
        self.scales = {sc.key: sc for sc in self.strategy.scales.all()} if stored else {}
        self.levels = {(lv.scale.key, lv.code): lv for lv in
                       ScaleLevel.objects.filter(scale__strategy=self.strategy).select_related("scale")} if stored else {}
        self.focus_areas = {fa.code: fa for fa in self.strategy.focus_areas.all()} if stored else {}
        self.initiatives = {i.code: i for i in self.strategy.initiatives.all()} if stored else {}
        self.indicators = {i.key: i for i in Indicator.objects.filter(strategy=self.strategy)
                           .select_related("scale", "replaced_by")} if stored else {}

    def _scales(self, scales):
        for i, sc in self._items(scales, ("strategy", "scales")):
            scale = self.rows.upsert("scale", Scale, self.scales.get(sc["key"]),
                                     {"name": sc.get("name", ""), "description": sc.get("description", "")},
                                     sc["key"], new_values={"strategy": self.strategy, "key": sc["key"]})
            self.scales[sc["key"]] = scale
            stored = [lv for (key, _c), lv in self.levels.items() if key == sc["key"]]
            lorder = _next_order(stored)
            for _j, lv in self._items(sc.get("levels"), ("strategy", "scales", i, "levels")):
                values = {"label": lv.get("label", ""), "polarity": lv.get("polarity", "neutral"),
                          "tier": lv.get("tier", ""), "colour": lv.get("colour", "")}
                found = self.levels.get((sc["key"], lv["code"]))
                self.levels[(sc["key"], lv["code"])] = self.rows.upsert(
                    "level", ScaleLevel, found, values, f"{sc['key']}: {lv['code']}",
                    new_values={"scale": scale, "code": lv["code"], "order": lorder})
                lorder += found is None

    def _focus_areas(self, items):
        order = _next_order(self.focus_areas.values())
        for _i, fa in self._items(items, ("strategy", "focus_areas")):
            found = self.focus_areas.get(fa["code"])
            self.focus_areas[fa["code"]] = self.rows.upsert(
                "focus_area", FocusArea, found, {"title": fa.get("title", ""), "description": fa.get("description", "")},
                f"{fa['code']} »{fa.get('title', '')}«",
                new_values={"strategy": self.strategy, "code": fa["code"], "order": order})
            order += found is None

    # -- initiatives, their units and roles ------------------------------------------------------
    def _initiatives(self, items):
        order = _next_order(self.initiatives.values())
        for i, d in self._items(items, ("strategy", "initiatives")):
            closed = d.get("closed") or {}
            values = {"title": d.get("title", ""), "focus_area": self.focus_areas.get(d.get("focus_area")),
                      "state": d.get("state", "active"), "closed_period": _period(closed.get("period"))[0],
                      "closed_reason": closed.get("reason", ""), **{f: d.get(f, "") for f in INITIATIVE_TEXTS}}
            found = self.initiatives.get(d["code"])
            ini = self.rows.upsert("initiative", Initiative, found, values, f"{d['code']} »{d.get('title', '')}«",
                                   new_values={"strategy": self.strategy, "code": d["code"], "order": order})
            order += found is None
            self.initiatives[d["code"]] = ini
            path = ("strategy", "initiatives", i)
            links = {link.unit.name: link for link in ini.unit_links.select_related("unit")} if ini.pk else {}
            lorder = _next_order(links.values())
            for _j, link in self._items(d.get("units"), path + ("units",)):
                found_link = links.get(link["unit"])
                self.rows.upsert("initiative_unit", InitiativeUnit, found_link,
                                 {"role": link.get("role", "participating")}, f"{d['code']}: {link['unit']}",
                                 new_values={"initiative": ini, "unit": self.units[link["unit"]], "order": lorder},
                                 bulk=True)
                lorder += found_link is None
            self._roles(d.get("roles") or [], path + ("roles",), ini)

    def _roles(self, roles, path, initiative):
        if self.strategy.pk is None or (initiative is not None and initiative.pk is None):
            stored = []
        else:
            stored = list(Role.objects.filter(strategy=self.strategy, initiative=initiative).select_related("unit"))
        by_key = dict(zip(keyed("role", [{"title": r.title} for r in stored]), stored, strict=True))
        order = _next_order(stored)
        keys = keyed("role", roles)
        for i, r in self._items(roles, path):
            found = by_key.get(keys[i])
            values = {"unit": self.units.get(r.get("unit")) if r.get("unit") else None, "note": r.get("note", "")}
            where = f"{initiative.code}: " if initiative is not None else ""
            self.rows.upsert("role", Role, found, values, f"{where}{r.get('title', '')}",
                             new_values={"strategy": self.strategy, "initiative": initiative,
                                         "title": r.get("title", ""), "order": order}, bulk=True)
            order += found is None

    # -- indicators and what hangs under them -----------------------------------------------------
    def _all_indicators(self):
        s = self.doc["strategy"]
        for i, ind in enumerate(s.get("indicators") or []):
            yield ("strategy", "indicators", i), ind, {}
        for owner, field in (("focus_areas", "focus_area"), ("initiatives", "initiative")):
            for j, item in enumerate(s.get(owner) or []):
                for i, ind in enumerate(item.get("indicators") or []):
                    yield ("strategy", owner, j, "indicators", i), ind, {field: item["code"]}

    def _indicators(self):
        order = _next_order(self.indicators.values())
        visited = []
        for path, d, owner in self._all_indicators():
            if not self._from_upload(path):
                continue
            glide, retired = d.get("glide_path") or {}, d.get("retired") or {}
            values = {
                "name": d.get("name", ""), "description": d.get("description", ""), "kind": d.get("kind", "numeric"),
                "unit": d.get("unit", ""), "decimals": d.get("decimals", 0), "direction": d.get("direction", "none"),
                "method": d.get("method", ""), "source": d.get("source", ""), "horizon": d.get("horizon", ""),
                "group_values": d.get("group_values", ""),
                "scale": self.scales.get(d.get("scale")) if d.get("scale") else None,
                "baseline_text": d.get("baseline_text", ""), "target_text": d.get("target_text", ""),
                "frequency": d.get("frequency", "yearly"), "start_period": _period(d.get("start"))[0],
                "glide_kind": glide.get("kind", ""), "glide_rate": _dec(glide.get("rate")),
                "retired_period": _period(retired.get("period"))[0], "retired_reason": retired.get("reason", ""),
            }
            found = self.indicators.get(d["key"])
            ind = self.rows.upsert("indicator", Indicator, found, values, f"{d['key']} »{_short(d.get('name'))}«",
                                   new_values={"strategy": self.strategy, "key": d["key"], "order": order,
                                               "focus_area": self.focus_areas.get(owner.get("focus_area")),
                                               "initiative": self.initiatives.get(owner.get("initiative"))})
            order += found is None
            self.indicators[d["key"]] = ind
            visited.append((path, d, ind))
        for _path, d, ind in visited:
            new_key = (d.get("retired") or {}).get("replaced_by")
            replaced_by = self.indicators.get(new_key) if new_key else None
            if replaced_by is not None or ind.replaced_by_id is not None:
                if ind.pk is None and replaced_by is not None:
                    self.rows.set_now(ind, replaced_by=replaced_by)
                elif ind.pk is not None:
                    if (ind.replaced_by_id or None) != (replaced_by.pk if replaced_by else None) or \
                            (replaced_by is not None and replaced_by.pk is None):
                        self.rows.upsert("indicator", Indicator, ind, {"replaced_by": replaced_by}, d["key"])
        for path, d, ind in visited:
            self._targets(path, d, ind)
            self._measurements(path, d, ind)
            self._references(path, d, ind)

    def _level(self, d, code):
        return self.levels.get((d.get("scale"), code)) if code else None

    def _targets(self, path, d, ind):
        stored = list(ind.targets.select_related("level")) if ind.pk else []
        by_key = dict(zip(keyed("target", [{"kind": t.kind, "period": t.period, "breakdown": t.breakdown,
                                            "level": t.level.code if t.level else ""} for t in stored]), stored, strict=True))
        items = d.get("targets") or []
        keys = keyed("target", items)
        order = _next_order(stored)
        for i, t in self._items(items, path + ("targets",)):
            text, _start, end = _period(t.get("period"))
            values = {"kind": t.get("kind", "final"), "origin": t.get("origin", "local"), "period": text,
                      "due_date": end, "value": _dec(t.get("value")), "change": _dec(t.get("change")),
                      "change_unit": t.get("change_unit", ""), "bound": t.get("bound", ""),
                      "level": self._level(d, t.get("level")), "breakdown": t.get("breakdown", ""),
                      "text": t.get("text", ""), "note": t.get("note", ""), "generated": t.get("generated", False)}
            found = by_key.get(keys[i])
            label = " ".join(x for x in (d["key"], Target(kind=values["kind"]).get_kind_display(), text,
                                         t.get("level", ""), t.get("breakdown", "")) if x)
            self.rows.upsert("target", Target, found, values, label,
                             new_values={"indicator": ind, "order": order}, bulk=True)
            order += found is None

    def _measurements(self, path, d, ind):
        stored = {}
        if ind.pk:
            for m in ind.measurements.select_related("level"):
                stored[(m.period, m.breakdown, m.is_baseline, normalise_key(m.level.code) if m.level else None)] = m
        for _i, m in self._items(d.get("measurements"), path + ("measurements",)):
            text, start, end = _period(m.get("period"))
            baseline, breakdown = m.get("baseline", False), m.get("breakdown", "")
            name = m.get("entered_by", "")
            who = self.user_by_name.get(name) if name else _authenticated(self.user)
            common = {"status": m.get("status", ""), "text": m.get("text", ""), "source": m.get("source", ""),
                      "comment": m.get("comment", ""), "entered_by_name": name}
            new_common = {"indicator": ind, "period": text, "period_start": start, "period_end": end,
                          "is_baseline": baseline, "breakdown": breakdown, "entered_by": who}
            rows = [(code, _dec(v)) for code, v in m["values"].items()] if m.get("values") else \
                [(None, _dec(m.get("value")))]
            for code, value in rows:
                found = stored.get((text, breakdown, baseline, code))
                values = {**common, "value": value}
                if found is None and not name and who is not None:  # a new row says who uploaded it
                    values["entered_by_name"] = who.get_full_name() or who.get_username()
                if m.get("entered_at") or found is None:  # one moment for all of an item's rows
                    values["entered_at"] = _when(m["entered_at"]) if m.get("entered_at") else self.now
                label = " ".join(x for x in (d["key"], text or _baseline_word(), breakdown, code or "") if x)
                if baseline and text:
                    label += f" ({_baseline_word()})"
                self.rows.upsert("measurement", Measurement, found, values, label,
                                 new_values={**new_common, "level": self._level(d, code)}, bulk=True)

    def _references(self, path, d, ind):
        stored = {r.name: r for r in ind.references.prefetch_related("values")} if ind.pk else {}
        order = _next_order(stored.values())
        for i, r in self._items(d.get("references"), path + ("references",)):
            found = stored.get(r["name"])
            series = self.rows.upsert("reference", ReferenceSeries, found,
                                      {"kind": r.get("kind", "national"), "source": r.get("source", "")},
                                      f"{d['key']}: {r['name']}",
                                      new_values={"indicator": ind, "name": r["name"], "order": order})
            order += found is None
            values = {v.period: v for v in found.values.all()} if found is not None else {}
            for _j, v in self._items(r.get("values"), path + ("references", i, "values")):
                text, _start, end = _period(v.get("period"))
                self.rows.upsert("reference_value", ReferenceValue, values.get(text),
                                 {"value": _dec(v.get("value")), "comment": v.get("comment", ""), "period_end": end},
                                 f"{d['key']}: {r['name']} {text}", new_values={"series": series, "period": text},
                                 bulk=True)

    # -- status notes and assessments ----------------------------------------------------------
    def _owner_notes(self):
        s = self.doc["strategy"]
        stored_notes, stored_assessments = defaultdict(list), defaultdict(list)
        if self.strategy.pk:
            for n in StatusNote.objects.filter(strategy=self.strategy).order_by("order", "id"):
                stored_notes[(n.focus_area_id, n.initiative_id, n.indicator_id)].append(n)
            for a in sorted(Assessment.objects.filter(strategy=self.strategy),
                            key=lambda a: (a.period_end or date.min, a.id)):
                stored_assessments[(a.initiative_id, a.indicator_id)].append(a)
        owners = [(("strategy",), s, {}, "")]
        for j, fa in enumerate(s.get("focus_areas") or []):
            owners.append((("strategy", "focus_areas", j), fa, {"focus_area": self.focus_areas[fa["code"]]}, fa["code"]))
        for j, ini in enumerate(s.get("initiatives") or []):
            owners.append((("strategy", "initiatives", j), ini, {"initiative": self.initiatives[ini["code"]]},
                           ini["code"]))
        for path, ind, _o in self._all_indicators():
            owners.append((path, ind, {"indicator": self.indicators[ind["key"]]}, ind["key"]))
        for path, item, owner, name in owners:
            if not self._from_upload(path):
                continue
            ids = {k: (o.pk if o is not None else None) for k, o in owner.items()}
            if all(o.pk is not None for o in owner.values()):
                notes = stored_notes[(ids.get("focus_area"), ids.get("initiative"), ids.get("indicator"))]
                assessments = stored_assessments[(ids.get("initiative"), ids.get("indicator"))] \
                    if "focus_area" not in owner else []
            else:
                notes, assessments = [], []
            self._notes(path, item, owner, name, notes)
            if "focus_area" not in owner and path != ("strategy",):
                self._assessments(path, item, owner, name, assessments)

    def _notes(self, path, item, owner, name, stored):
        by_key = dict(zip(keyed("note", [{"period": n.period, "title": n.title} for n in stored]), stored, strict=True))
        items = item.get("notes") or []
        keys = keyed("note", items)
        order = _next_order(stored)
        for i, n in self._items(items, path + ("notes",)):
            text, _start, end = _period(n.get("period"))
            found = by_key.get(keys[i])
            values = {"period": text, "period_end": end, "title": n.get("title", ""), "text": n.get("text", ""),
                      "author_role": n.get("author_role", "")}
            label = " ".join(x for x in (name, text, f"»{_short(n.get('title') or n.get('text'))}«") if x)
            self.rows.upsert("note", StatusNote, found, values, label,
                             new_values={"strategy": self.strategy, "order": order, **owner}, bulk=True)
            order += found is None

    def _assessments(self, path, item, owner, name, stored):
        by_key = dict(zip(keyed("assessment", [{"period": a.period, "assessed_by_role": a.assessed_by_role}
                                               for a in stored]), stored, strict=True))
        items = item.get("assessments") or []
        keys = keyed("assessment", items)
        for i, a in self._items(items, path + ("assessments",)):
            text, _start, end = _period(a.get("period"))
            found = by_key.get(keys[i])
            values = {"period": text, "period_end": end, "colour": a.get("colour", ""), "reason": a.get("reason", ""),
                      "assessed_by_role": a.get("assessed_by_role", "")}
            if a.get("assessed_at") or found is None:
                values["assessed_at"] = _when(a["assessed_at"]) if a.get("assessed_at") else self.now
            self.rows.upsert("assessment", Assessment, found, values, " ".join(x for x in (name, text) if x),
                             new_values={"strategy": self.strategy, "assessed_by": _authenticated(self.user), **owner},
                             bulk=True)


def _authenticated(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _short(text) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "…"


def _baseline_word() -> str:
    from django.utils.translation import gettext as _
    return _("baseline")


__all__ = ["Walk", "period_text"]
