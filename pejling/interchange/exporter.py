"""`strategy_export`: one strategy with everything under it, as a document `strategy_import` reads.

Defaults and empty fields are left out so that the document stays readable; the order of
every list is the plan's own order, so export → import → export gives the same document.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from pejling.assessment.limits import normalise_key
from pejling.plans.models import Indicator, Initiative, Strategy
from pejling.tracking.models import Measurement, ReferenceSeries, StatusNote

FORMAT = {"format": "pejling-strategy", "version": 1}


def json_number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


# What the exporter leaves out because it is what the importer assumes (the template writes these
# values out for its readers and drops them again when it reads them: one list for both).
DEFAULTS = {
    "organisation": {"kind": "Kommune"},
    "strategy": {"focus_area_label": "Pejlemærke"},
    "level": {"polarity": "neutral"},
    "initiative": {"state": "active"},
    "initiative_unit": {"role": "participating"},
    "indicator": {"kind": "numeric", "decimals": 0, "direction": "none", "frequency": "yearly"},
    "target": {"kind": "final", "origin": "local", "generated": False},
    "measurement": {"baseline": False},
    "reference": {"kind": "national"},
}


def compact(obj: dict, defaults: dict | None = None) -> dict:
    """Drop empty values and values equal to the import defaults."""
    defaults = defaults or {}
    return {k: v for k, v in obj.items()
            if v not in (None, "", [], {}) and not (k in defaults and defaults[k] == v)}


def strategy_export(*, strategy: Strategy) -> dict:
    strategy = (
        Strategy.objects.select_related("organisation")
        .prefetch_related("organisation__units__parent", "scales__levels", "focus_areas", "roles__unit",
                          "assessments")
        .get(pk=strategy.pk)
    )
    initiatives = list(
        Initiative.objects.filter(strategy=strategy).select_related("focus_area")
        .prefetch_related("unit_links__unit").order_by("order")
    )
    indicators = list(
        Indicator.objects.filter(strategy=strategy).select_related("scale", "replaced_by")
        .prefetch_related(
            "targets__level",
            Prefetch("measurements", queryset=Measurement.objects.select_related("level")),
            Prefetch("references", queryset=ReferenceSeries.objects.prefetch_related("values")),
        ).order_by("order")
    )
    notes = defaultdict(list)
    for n in StatusNote.objects.filter(strategy=strategy).order_by("order", "id"):
        owner = ("indicator", n.indicator_id) if n.indicator_id else ("initiative", n.initiative_id) \
            if n.initiative_id else ("focus_area", n.focus_area_id) if n.focus_area_id else ("strategy", None)
        notes[owner].append(compact({"period": n.period, "title": n.title, "text": n.text,
                                      "author_role": n.author_role}))
    assessments = defaultdict(list)
    for a in sorted(strategy.assessments.all(), key=lambda a: (a.period_end or date.min, a.id)):
        owner = ("indicator", a.indicator_id) if a.indicator_id else ("initiative", a.initiative_id)
        assessments[owner].append(compact({
            "period": a.period, "colour": a.colour, "reason": a.reason, "assessed_by_role": a.assessed_by_role,
            "assessed_at": a.assessed_at.isoformat()}))
    by_owner = defaultdict(list)
    for ind in indicators:
        owner = ("initiative", ind.initiative_id) if ind.initiative_id else \
            ("focus_area", ind.focus_area_id) if ind.focus_area_id else ("strategy", None)
        by_owner[owner].append(_indicator(ind, notes, assessments))

    org = strategy.organisation
    return {
        **FORMAT,
        "organisation": organisation_export(organisation=org),
        "strategy": compact({
            "slug": normalise_key(strategy.slug), "title": strategy.title, "kind": strategy.kind,
            "starts_on": _iso(strategy.starts_on), "ends_on": _iso(strategy.ends_on), "vision": strategy.vision,
            "background": strategy.background, "partners": strategy.partners, "adopted_by": strategy.adopted_by,
            "adopted_on": _iso(strategy.adopted_on), "adoption_note": strategy.adoption_note,
            "focus_area_label": strategy.focus_area_label, "assessment_rules": strategy.assessment_rules,
            "report_introduction": strategy.report_introduction, "report_summary": strategy.report_summary,
            "roles": [_role(r) for r in strategy.roles.all() if r.initiative_id is None],
            "scales": [_scale(s) for s in strategy.scales.all()],
            "indicators": by_owner[("strategy", None)],
            "notes": notes[("strategy", None)],
            "focus_areas": [compact({
                "code": fa.code, "title": fa.title, "description": fa.description,
                "indicators": by_owner[("focus_area", fa.id)], "notes": notes[("focus_area", fa.id)],
            }) for fa in strategy.focus_areas.all()],
            "initiatives": [_initiative(ini, strategy, by_owner, notes, assessments) for ini in initiatives],
        }, DEFAULTS["strategy"]),
    }


def organisation_export(*, organisation) -> dict:
    """The document's organisation part: the organisation and all its units."""
    org = organisation
    return compact({
        "slug": normalise_key(org.slug), "name": org.name, "kind": org.kind, "description": org.description,
        "units": [compact({"name": u.name, "kind": u.kind, "parent": u.parent.name if u.parent else None})
                  for u in sorted(org.units.all(), key=lambda u: u.name)],
    }, DEFAULTS["organisation"])


def _iso(d):
    return d.isoformat() if d else None


def _role(r):
    return compact({"title": r.title, "unit": r.unit.name if r.unit else None, "note": r.note})


def _scale(s):
    return {"key": normalise_key(s.key), "name": s.name, **compact({"description": s.description}), "levels": [
        compact({"code": normalise_key(lv.code), "label": lv.label, "polarity": lv.polarity, "tier": lv.tier,
                  "colour": lv.colour}, DEFAULTS["level"]) for lv in s.levels.all()]}


def _initiative(ini, strategy, by_owner, notes, assessments):
    roles = [r for r in strategy.roles.all() if r.initiative_id == ini.id]
    closed = compact({"period": ini.closed_period, "reason": ini.closed_reason})
    return compact({
        "code": ini.code, "title": ini.title, "focus_area": ini.focus_area.code if ini.focus_area else None,
        "subgoal": ini.subgoal, "purpose": ini.purpose, "challenges": ini.challenges, "builds_on": ini.builds_on,
        "activities": ini.activities, "timeline": ini.timeline, "economy": ini.economy,
        "target_group": ini.target_group, "monitoring": ini.monitoring, "state": ini.state, "closed": closed,
        "units": [compact({"unit": link.unit.name, "role": link.role}, DEFAULTS["initiative_unit"])
                  for link in ini.unit_links.all()],
        "roles": [_role(r) for r in roles],
        "indicators": by_owner[("initiative", ini.id)],
        "notes": notes[("initiative", ini.id)],
        "assessments": assessments[("initiative", ini.id)],
    }, DEFAULTS["initiative"])


def _indicator(ind, notes, assessments):
    glide = {"kind": ind.glide_kind, "rate": json_number(ind.glide_rate)} if ind.glide_kind else None
    retired = compact({"period": ind.retired_period, "reason": ind.retired_reason,
                        "replaced_by": normalise_key(ind.replaced_by.key) if ind.replaced_by else None})
    return compact({
        "key": normalise_key(ind.key), "name": ind.name, "description": ind.description, "kind": ind.kind, "unit": ind.unit,
        "decimals": ind.decimals, "direction": ind.direction, "method": ind.method, "source": ind.source,
        "horizon": ind.horizon, "group_values": ind.group_values, "scale": normalise_key(ind.scale.key) if ind.scale else None,
        "baseline_text": ind.baseline_text, "target_text": ind.target_text, "frequency": ind.frequency,
        "start": ind.start_period, "glide_path": glide,
        "retired": retired,
        "targets": [compact({
            "kind": t.kind, "origin": t.origin, "period": t.period, "value": json_number(t.value), "change": json_number(t.change),
            "change_unit": t.change_unit, "bound": t.bound, "level": normalise_key(t.level.code) if t.level else None, "breakdown": t.breakdown,
            "text": t.text, "note": t.note, "generated": t.generated,
        }, DEFAULTS["target"]) for t in ind.targets.all()],
        "measurements": _measurements(ind.measurements.all()),
        "references": [compact({
            "name": r.name, "kind": r.kind, "source": r.source,
            "values": [compact({"period": v.period, "value": json_number(v.value), "comment": v.comment})
                       for v in r.values.all()],
        }, DEFAULTS["reference"]) for r in ind.references.all()],
        "notes": notes[("indicator", ind.id)],
        "assessments": assessments[("indicator", ind.id)],
    }, DEFAULTS["indicator"])


def _measurements(rows):
    """Group per-level rows of a distribution back into one measurement with `values`."""
    rows = sorted(rows, key=lambda m: (not m.is_baseline, m.period_end or date.min, m.period, m.breakdown,
                                       m.level.order if m.level else -1))
    out, groups = [], {}
    for m in rows:
        slot = (m.period, m.breakdown, m.is_baseline)
        if m.level is not None and slot in groups:
            groups[slot]["values"][normalise_key(m.level.code)] = json_number(m.value)
            continue
        item = compact({
            "period": m.period, "baseline": m.is_baseline, "breakdown": m.breakdown,
            "value": None if m.level else json_number(m.value), "status": m.status, "text": m.text, "source": m.source,
            "comment": m.comment, "entered_by": m.entered_by_name, "entered_at": m.entered_at.isoformat(),
        }, DEFAULTS["measurement"])
        if m.level is not None:
            item["values"] = {normalise_key(m.level.code): json_number(m.value)}
            groups[slot] = item
        out.append(item)
    return out
