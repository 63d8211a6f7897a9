"""`strategy_import`: the one write path for strategy documents (files, demo data, tests).

Validate everything first; then write in one transaction, so a refused or failing import
changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from pejling.assessment.limits import normalise_key
from pejling.assessment.periods import parse_period
from pejling.plans.audit import audit_context
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

from .documents import ImportRefused
from .validation import check_document


def _dec(value):
    return None if value is None else Decimal(str(value))


def _date(value):
    return date.fromisoformat(value) if value else None


def _when(value):
    if not value:
        return timezone.now()
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else timezone.make_aware(moment)


def _period(text):
    """(canonical text, start, end) for a period text that validation has accepted."""
    if not text:
        return "", None, None
    p = parse_period(text)
    return p.text, p.start, p.end


def strategy_import(*, document: dict, source: str = "document", replace: bool = False) -> Strategy:
    """Create the strategy a document describes. Raises ImportRefused listing every problem.

    An existing strategy with the same slug is refused unless `replace` is set, in which
    case it is deleted and written anew within the same transaction.
    """
    doc = strategy_import_check(document=document, source=source, replace=replace)
    with transaction.atomic(), audit_context(source="import"):
        published = False
        if replace:
            published = Strategy.objects.filter(slug=doc["strategy"]["slug"], published=True).exists()
            Strategy.objects.filter(slug=doc["strategy"]["slug"]).delete()
        strategy = _Writer(doc).write()
        if published:  # a replaced strategy stays as public as it was
            Strategy.objects.filter(id=strategy.id).update(published=True)
            strategy.published = True
        return strategy


def strategy_import_check(*, document: dict, source: str = "document", replace: bool = False) -> dict:
    """Everything `strategy_import` checks, without writing: the normalised document, or
    ImportRefused listing every problem with its place."""
    org_doc = document.get("organisation") if isinstance(document, dict) else None
    slug = org_doc.get("slug") if isinstance(org_doc, dict) else None
    parents = {}
    if isinstance(slug, str) and slug:
        parents = {name: parent for name, parent in Unit.objects.filter(organisation__slug=normalise_key(slug))
                   .values_list("name", "parent__name")}
    doc, errors = check_document(document, set(parents), parents)
    if not errors:
        slug = doc["strategy"]["slug"]
        other = Strategy.objects.filter(slug=slug).select_related("organisation").first()
        if other and not replace:
            errors.append(gettext("strategy.slug: a strategy »%(slug)s« already exists (use --replace to overwrite it)")
                          % {"slug": slug})
        elif other and other.organisation.slug != doc["organisation"]["slug"]:
            errors.append(gettext("strategy.slug: »%(slug)s« belongs to the organisation »%(org)s«") % {
                "slug": slug, "org": other.organisation.slug})
    if errors:
        raise ImportRefused(source, errors)
    return doc


def import_summary(doc: dict) -> dict:
    """What importing a checked document would write, counted: for `pejling import --dry-run`."""
    s = doc["strategy"]
    indicators = [ind for ind in s.get("indicators", [])]
    indicators += [ind for fa in s.get("focus_areas", []) for ind in fa.get("indicators", [])]
    indicators += [ind for ini in s.get("initiatives", []) for ind in ini.get("indicators", [])]
    return {
        "organisation": doc["organisation"]["slug"],
        "organisation_exists": Organisation.objects.filter(slug=doc["organisation"]["slug"]).exists(),
        "strategy": s["slug"],
        "strategy_exists": Strategy.objects.filter(slug=s["slug"]).exists(),
        "units": len(doc["organisation"].get("units", [])),
        "focus_areas": len(s.get("focus_areas", [])),
        "initiatives": len(s.get("initiatives", [])),
        "indicators": len(indicators),
        "targets": sum(len(ind.get("targets", [])) for ind in indicators),
        "measurements": sum(len(ind.get("measurements", [])) for ind in indicators),
        "references": sum(len(ind.get("references", [])) for ind in indicators),
    }


class _Writer:
    def __init__(self, doc):
        self.doc = doc
        users = get_user_model().objects
        self.user_by_name = {u.get_username(): u for u in users.filter(
            username__in=self._entered_by_names())}

    def _entered_by_names(self):
        names = set()
        for ind, _ in self._all_indicators():
            names |= {m["entered_by"] for m in ind.get("measurements", []) if m.get("entered_by")}
        return names

    def _all_indicators(self):
        s = self.doc["strategy"]
        for ind in s.get("indicators", []):
            yield ind, {}
        for fa in s.get("focus_areas", []):
            for ind in fa.get("indicators", []):
                yield ind, {"focus_area": fa["code"]}
        for ini in s.get("initiatives", []):
            for ind in ini.get("indicators", []):
                yield ind, {"initiative": ini["code"]}

    def write(self) -> Strategy:
        self._organisation()
        s = self.doc["strategy"]
        self.strategy = Strategy.objects.create(
            organisation=self.org, slug=s["slug"], title=s["title"], kind=s.get("kind", ""),
            starts_on=_date(s.get("starts_on")), ends_on=_date(s.get("ends_on")),
            vision=s.get("vision", ""), background=s.get("background", ""), partners=s.get("partners", ""),
            adopted_by=s.get("adopted_by", ""), adopted_on=_date(s.get("adopted_on")),
            adoption_note=s.get("adoption_note", ""), focus_area_label=s.get("focus_area_label", "Pejlemærke"),
            report_introduction=s.get("report_introduction", ""), report_summary=s.get("report_summary", ""),
            assessment_rules=s.get("assessment_rules", {}),
        )
        self._scales(s.get("scales", []))
        self.focus_areas = {
            fa.code: fa for fa in bulk_create_with_history([
                FocusArea(strategy=self.strategy, code=f["code"], order=i, title=f["title"],
                          description=f.get("description", ""))
                for i, f in enumerate(s.get("focus_areas", []))
            ], FocusArea)
        }
        self._initiatives(s.get("initiatives", []))
        self._roles(s.get("roles", []), None)
        for ini_doc in s.get("initiatives", []):
            self._roles(ini_doc.get("roles", []), self.initiatives[ini_doc["code"]])
        self._indicators()
        self._notes_and_assessments()
        return self.strategy

    def _organisation(self):
        o = self.doc["organisation"]
        self.org, created = Organisation.objects.get_or_create(
            slug=o["slug"], defaults={"name": o["name"], "kind": o.get("kind", "Kommune"),
                                      "description": o.get("description", "")})
        self.units = {u.name: u for u in self.org.units.all()}
        for u in o.get("units", []):
            if u["name"] not in self.units:
                self.units[u["name"]] = Unit.objects.create(organisation=self.org, name=u["name"], kind=u.get("kind", ""))
        for u in o.get("units", []):
            parent = self.units.get(u.get("parent")) if u.get("parent") else None
            unit = self.units[u["name"]]
            if unit.parent_id != (parent.pk if parent else None) or unit.kind != u.get("kind", unit.kind):
                unit.parent, unit.kind = parent, u.get("kind", unit.kind)
                unit.save(update_fields=["parent", "kind"])

    def _scales(self, scales):
        self.levels = {}
        for s in scales:
            scale = Scale.objects.create(strategy=self.strategy, key=s["key"], name=s["name"],
                                         description=s.get("description", ""))
            for i, lv in enumerate(s["levels"]):
                self.levels[(s["key"], lv["code"])] = ScaleLevel.objects.create(
                    scale=scale, code=lv["code"], label=lv["label"], order=i,
                    polarity=lv.get("polarity", "neutral"), tier=lv.get("tier", ""), colour=lv.get("colour", ""))
        self.scales = {sc.key: sc for sc in self.strategy.scales.all()}

    def _initiatives(self, items):
        fields = ("subgoal", "purpose", "challenges", "builds_on", "activities", "timeline", "economy",
                  "target_group", "monitoring")
        objs = []
        for i, d in enumerate(items):
            closed = d.get("closed") or {}
            objs.append(Initiative(
                strategy=self.strategy, focus_area=self.focus_areas.get(d.get("focus_area")), code=d["code"],
                order=i, title=d["title"], state=d.get("state", "active"),
                closed_period=_period(closed.get("period"))[0], closed_reason=closed.get("reason", ""),
                **{f: d.get(f, "") for f in fields}))
        self.initiatives = {ini.code: ini for ini in bulk_create_with_history(objs, Initiative)}
        bulk_create_with_history([
            InitiativeUnit(initiative=self.initiatives[d["code"]], unit=self.units[link["unit"]],
                           role=link.get("role", "participating"), order=j)
            for d in items for j, link in enumerate(d.get("units", []))
        ], InitiativeUnit)

    def _roles(self, roles, initiative):
        bulk_create_with_history([
            Role(strategy=self.strategy, initiative=initiative, title=r["title"],
                 unit=self.units.get(r.get("unit")) if r.get("unit") else None, note=r.get("note", ""), order=i)
            for i, r in enumerate(roles)
        ], Role)

    def _indicators(self):
        pairs = list(self._all_indicators())
        objs = []
        for order, (d, owner) in enumerate(pairs):
            glide, retired = d.get("glide_path") or {}, d.get("retired") or {}
            objs.append(Indicator(
                strategy=self.strategy, key=d["key"], order=order, name=d["name"],
                focus_area=self.focus_areas.get(owner.get("focus_area")),
                initiative=self.initiatives.get(owner.get("initiative")),
                description=d.get("description", ""), kind=d.get("kind", "numeric"), unit=d.get("unit", ""),
                decimals=d.get("decimals", 0), direction=d.get("direction", "none"), method=d.get("method", ""),
                source=d.get("source", ""), horizon=d.get("horizon", ""),
                scale=self.scales.get(d.get("scale")) if d.get("scale") else None,
                baseline_text=d.get("baseline_text", ""), target_text=d.get("target_text", ""),
                frequency=d.get("frequency", "yearly"), start_period=_period(d.get("start"))[0],
                glide_kind=glide.get("kind", ""), glide_rate=_dec(glide.get("rate")),
                retired_period=_period(retired.get("period"))[0], retired_reason=retired.get("reason", "")))
        self.indicators = {ind.key: ind for ind in bulk_create_with_history(objs, Indicator)}
        replaced = []
        for d, _ in pairs:
            new_key = (d.get("retired") or {}).get("replaced_by")
            if new_key:
                ind = self.indicators[d["key"]]
                ind.replaced_by = self.indicators[new_key]
                replaced.append(ind)
        Indicator.objects.bulk_update(replaced, ["replaced_by"])
        targets, measurements = [], []
        for d, _ in pairs:
            ind = self.indicators[d["key"]]
            targets += [self._target(ind, d, t, i) for i, t in enumerate(d.get("targets", []))]
            for m in d.get("measurements", []):
                measurements += self._measurements(ind, d, m)
            self._references(ind, d.get("references", []))
        bulk_create_with_history(targets, Target)
        bulk_create_with_history(measurements, Measurement)

    def _level(self, d, code):
        return self.levels[(d["scale"], code)] if code else None

    def _target(self, ind, d, t, order):
        text, _, end = _period(t.get("period"))
        return Target(
            indicator=ind, kind=t.get("kind", "final"), origin=t.get("origin", "local"), period=text,
            due_date=end, value=_dec(t.get("value")), change=_dec(t.get("change")),
            change_unit=t.get("change_unit", ""), bound=t.get("bound", ""), level=self._level(d, t.get("level")),
            breakdown=t.get("breakdown", ""), text=t.get("text", ""), note=t.get("note", ""),
            generated=t.get("generated", False), order=order)

    def _measurements(self, ind, d, m):
        text, start, end = _period(m.get("period"))
        common = dict(
            indicator=ind, period=text, period_start=start, period_end=end, is_baseline=m.get("baseline", False),
            breakdown=m.get("breakdown", ""), status=m.get("status", ""), text=m.get("text", ""),
            source=m.get("source", ""), comment=m.get("comment", ""),
            entered_by=self.user_by_name.get(m.get("entered_by")), entered_by_name=m.get("entered_by", ""),
            entered_at=_when(m.get("entered_at")))
        if m.get("values"):
            return [Measurement(level=self._level(d, code), value=_dec(v), **common) for code, v in m["values"].items()]
        return [Measurement(value=_dec(m.get("value")), **common)]

    def _references(self, ind, refs):
        for i, r in enumerate(refs):
            series = ReferenceSeries.objects.create(indicator=ind, name=r["name"], kind=r.get("kind", "national"),
                                                    source=r.get("source", ""), order=i)
            bulk_create_with_history([
                ReferenceValue(series=series, period=_period(v["period"])[0], period_end=_period(v["period"])[2],
                               value=_dec(v["value"]), comment=v.get("comment", ""))
                for v in r["values"]
            ], ReferenceValue)

    def _notes_and_assessments(self):
        s = self.doc["strategy"]
        notes, assessments = [], []

        def add(items, assessed, **owner):
            for i, n in enumerate(items):
                text, _, end = _period(n.get("period"))
                notes.append(StatusNote(strategy=self.strategy, period=text, period_end=end, title=n.get("title", ""),
                                        text=n["text"], author_role=n.get("author_role", ""), order=i, **owner))
            for a in assessed:
                text, _, end = _period(a["period"])
                assessments.append(Assessment(
                    strategy=self.strategy, period=text, period_end=end, colour=a["colour"], reason=a["reason"],
                    assessed_by_role=a.get("assessed_by_role", ""), assessed_at=_when(a.get("assessed_at")), **owner))

        add(s.get("notes", []), [])
        for fa in s.get("focus_areas", []):
            add(fa.get("notes", []), [], focus_area=self.focus_areas[fa["code"]])
        for ini in s.get("initiatives", []):
            add(ini.get("notes", []), ini.get("assessments", []), initiative=self.initiatives[ini["code"]])
        for d, _ in self._all_indicators():
            add(d.get("notes", []), d.get("assessments", []), indicator=self.indicators[d["key"]])
        bulk_create_with_history(notes, StatusNote)
        bulk_create_with_history(assessments, Assessment)
