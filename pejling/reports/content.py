"""The status report as data: one JSON-ready document per strategy and date, which every format
(HTML, PDF, DOCX, XLSX) renders and which a published report stores unchanged. Texts are in the
active language; numbers come both as numbers (for Excel) and as Danish-formatted text."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pejling.assessment.colours import Colour
from pejling.assessment.periods import PeriodError, parse_period
from pejling.assessment.trajectory import expected_value
from pejling.assessment.values import SMALL_COUNT
from pejling.plans.models import Strategy
from pejling.tracking.models import ColourChoice, MilestoneStatus
from pejling.tracking.selectors import initiatives_with_indicators
from pejling.tracking.status_cache import strategy_status_cached

from .charts import indicator_chart
from .formatting import number, period, reason, with_unit

FORMAT = {"format": "pejling-report", "version": 1}


def legend() -> list[dict]:
    return [
        {"colour": "green", "label": str(ColourChoice.GREEN.label), "meaning": _("implemented as planned")},
        {"colour": "yellow", "label": str(ColourChoice.YELLOW.label),
         "meaning": _("risk of not being implemented as planned")},
        {"colour": "red", "label": str(ColourChoice.RED.label), "meaning": _("not implemented as planned")},
        {"colour": "none", "label": str(ColourChoice.NONE.label), "meaning": _("not yet expected")},
    ]


def _colour(c: Colour) -> dict:
    return {"colour": c.value, "label": str(ColourChoice(c.value).label)}


def _year(text: str) -> int | None:
    try:
        return parse_period(text).end.year if text else None
    except PeriodError:
        return None


def _value(v, unit: str, decimals=None, hide_small=False) -> dict:
    """`hide_small`: this is a public report and `v` a distribution count, shown as "< 5" when small."""
    if v is None:
        return {"value": None, "text": ""}
    if hide_small and v < SMALL_COUNT:
        return {"value": None, "text": f"< {SMALL_COUNT}"}
    return {"value": float(v), "text": with_unit(v, unit, decimals)}


def report_build(*, strategy: Strategy, as_of: date, focus_areas: list[str] | None = None,
                 units: list[str] | None = None, public: bool = False) -> dict:
    """The report for `strategy` as of `as_of`, optionally limited to some focus-area codes or unit names."""
    status = strategy_status_cached(strategy=strategy, as_of=as_of)
    results = {r.key: r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators}
    results.update({r.key: r for fa in status.focus_areas for r in fa.indicators})
    by_id = {s.initiative.id: s for fa in status.focus_areas for s in fa.initiatives}
    initiatives = initiatives_with_indicators(strategy=strategy)
    wanted_units = set(units or [])

    def included(ini):
        if focus_areas and (ini.focus_area.code if ini.focus_area else None) not in focus_areas:
            return False
        return not wanted_units or bool(wanted_units & {link.unit.name for link in ini.unit_links.all()})

    chosen = [ini for ini in initiatives if included(ini)]
    counted = [by_id[ini.id] for ini in chosen if by_id[ini.id].counted]
    counts = {c.value: sum(1 for s in counted if s.colour == c) for c in Colour}
    sections = []
    for fa in status.focus_areas:
        members = [ini for ini in chosen if (ini.focus_area.code if ini.focus_area else None) == fa.code]
        if members:
            sections.append({"code": fa.code, "title": fa.title, "label": strategy.focus_area_label,
                             "initiatives": [_initiative(ini, by_id[ini.id], results, as_of, public)
                                             for ini in members]})
    return {
        **FORMAT, "language": get_language() or "da", "public": public,
        "title": _("Status report: %(title)s") % {"title": strategy.title},
        "municipality": strategy.organisation.name,
        "strategy": {"slug": strategy.slug, "title": strategy.title, "kind": strategy.kind,
                     "period": strategy.period_label, "vision": strategy.vision,
                     "focus_area_label": strategy.focus_area_label},
        "as_of": as_of.isoformat(), "as_of_label": formats.date_format(as_of),
        "filters": {"focus_areas": list(focus_areas or []), "units": sorted(wanted_units)},
        "summary": {"counts": counts, "total": len(counted), "text": _summary(counts, len(counted), as_of)},
        "legend": legend(), "rules": reason(status.rules.describe()),
        "overview": [_overview(ini, by_id[ini.id], results, as_of) for ini in chosen],
        "focus_areas": sections,
        "alerts": _alerts(chosen, by_id, results),
        "appendix": [{"name": ind.name, "method": ind.method, "source": ind.source}
                     for ini in chosen for ind in ini.indicators.all() if ind.method or ind.source],
        "measurements": _measurements(chosen, as_of, public),
    }


def _measurements(chosen, as_of, public) -> list[dict]:
    """Every measurement up to the date, flat: the report's own data sheet."""
    out = []
    for ini in chosen:
        for ind in ini.indicators.all():
            hide = public and ind.kind == "distribution" and ind.unit.strip() != "%"
            for m in ind.measurements.all():
                if m.period_end and m.period_end > as_of:
                    continue
                shown = _value(m.value, ind.unit, ind.decimals, hide)
                out.append({"initiative": ini.code, "indicator": ind.name, "unit": ind.unit,
                            "period": period(m.period), "period_end": m.period_end.isoformat() if m.period_end
                            else None, "baseline": m.is_baseline, "breakdown": m.breakdown,
                            "level": m.level.label if m.level else "", "value": shown["value"], "text": shown["text"],
                            "status": str(MilestoneStatus(m.status).label) if m.status else "",
                            "comment": m.comment or m.text})
    return out


def _summary(counts: dict, total: int, as_of: date) -> str:
    return _("As of %(date)s: %(total)s initiatives – green %(green)s, yellow %(yellow)s, red %(red)s, "
             "not yet assessed %(none)s.") % {"date": formats.date_format(as_of), "total": total, **counts}


def _headline_text(ind, result) -> str:
    """Ringsted's "Status" column: the baseline and the latest value."""
    head = result.series[0] if result and result.series else None
    base = next((m for m in ind.measurements.all() if m.is_baseline and not m.breakdown and m.level_id is None), None)
    parts = []
    if base and base.value is not None:
        parts.append(_("Baseline %(value)s (%(period)s)") % {
            "value": with_unit(base.value, ind.unit), "period": period(base.period) or "?"})
    if head and head.latest:
        latest = max((m for m in ind.measurements.all() if not m.is_baseline and not m.breakdown and m.value is not None
                      and m.period_end == head.latest.when), key=lambda m: m.period_end, default=None)
        parts.append(_("latest %(value)s (%(period)s)") % {
            "value": with_unit(head.latest.value, ind.unit, 2),
            "period": period(latest.period) if latest else head.latest.when.year})
    return "; ".join(parts) or ind.baseline_text


def _overview(ini, st, results, as_of) -> dict:
    indicators = [ind for ind in ini.indicators.all() if not ind.is_retired]
    head = st.headline
    head_ind = next((ind for ind in indicators if head and ind.key == head.key), indicators[0] if indicators else None)
    milestones = [ind for ind in indicators if ind.kind == "milestone"]
    status = _headline_text(head_ind, results.get(head_ind.key)) if head and head_ind else ""
    if not status and indicators and not milestones:
        status = next((ind.baseline_text for ind in indicators if ind.baseline_text), "")
    if not status and milestones:
        done = sum(1 for ind in milestones if (latest := _latest_status(ind, as_of)) and latest.status == "done")
        status = _("%(done)s of %(total)s milestones completed") % {"done": done, "total": len(milestones)}
    return {
        "code": ini.code, "title": ini.title, "closed": not st.counted, "status": status,
        "method": "; ".join(dict.fromkeys(ind.method for ind in indicators if ind.method)),
        "targets": "\n".join(dict.fromkeys(ind.target_text for ind in indicators if ind.target_text)),
        "units": ", ".join(link.unit.name for link in ini.unit_links.all()),
        **_colour(st.colour), "manual": bool(st.manual),
    }


def _notes(items) -> list[dict]:
    return [{"period": period(n.period), "title": n.title, "text": n.text, "role": n.author_role} for n in items]


def _latest_status(ind, as_of):
    """The newest measurement with a milestone status up to the date."""
    return max((m for m in ind.measurements.all() if m.status and m.period_end and m.period_end <= as_of
                and not m.breakdown), key=lambda m: m.period_end, default=None)


def _milestone(ind, result, as_of) -> dict:
    seen = [m for m in ind.measurements.all() if m.period_end and m.period_end <= as_of and not m.breakdown]
    latest = _latest_status(ind, as_of)
    comments = [{"period": period(n.period), "text": n.text} for n in ind.status_notes.all()
                if not n.period_end or n.period_end <= as_of]
    comments += [{"period": period(m.period), "text": m.comment} for m in seen if m.comment]
    return {"name": ind.name, "status": str(MilestoneStatus(latest.status).label) if latest else "",
            "reason": reason(result.reason) if result else "", **_colour(result.colour if result else Colour.NONE),
            "comments": comments, "retired": _retired(ind)}


def _retired(ind) -> str:
    if not ind.is_retired:
        return ""
    text = _("Retired") + (f" ({period(ind.retired_period)})" if ind.retired_period else "")
    text += f": {ind.retired_reason}" if ind.retired_reason else ""
    if ind.replaced_by:
        text += " " + _("Replaced by: %(name)s") % {"name": ind.replaced_by.name}
    return text


def _result_rows(ind, result, as_of, public) -> list[dict]:
    """One row per series: the total, each breakdown, or each scale level (Holstebro's tables)."""
    hide = public and ind.kind == "distribution" and ind.unit.strip() != "%"
    groups: dict[tuple, list] = {}
    for m in ind.measurements.all():
        if m.value is None or (m.period_end and m.period_end > as_of):
            continue
        groups.setdefault((m.breakdown, m.level.label if m.level else ""), []).append(m)
    targets = list(ind.targets.all())
    rows = []
    for (breakdown, level), items in sorted(groups.items(), key=lambda kv: (kv[0][0] != "", kv[0])):
        base = next((m for m in items if m.is_baseline), None)
        values, expected = {}, {}
        head = result.series[0] if result and result.series and not breakdown and not level else None
        for m in sorted((m for m in items if not m.is_baseline), key=lambda m: m.period_end or as_of):
            year = str(_year(m.period) or m.period)
            values[year] = _value(m.value, ind.unit, ind.decimals, hide)
            if head and head.path and m.period_end:
                planned = expected_value(head.baseline, [p for p in head.path if p != head.baseline], m.period_end)
                if planned is not None:
                    expected[year] = round(planned, 4)
        target = next((t for t in targets if t.breakdown == breakdown and (t.level.label if t.level else "") == level
                       and t.origin == "local"), None) or (next((t for t in targets if not t.breakdown and not t.level),
                                                                None) if not level and not breakdown else None)
        label = " – ".join(x for x in (ind.name, breakdown, level) if x)
        rows.append({"name": label, "indicator": ind.key, "unit": ind.unit,
                     "baseline": {**_value(base.value if base else None, ind.unit, ind.decimals, hide),
                                  "year": str(_year(base.period) or "") if base else ""},
                     "values": values, "expected": expected, "target": _target(t=target, unit=ind.unit),
                     "retired": _retired(ind), **_colour(result.colour if result else Colour.NONE)})
    if not rows and ind.kind in ("numeric", "qualitative", "distribution"):
        texts = {str(_year(m.period) or m.period): {"value": None, "text": m.text} for m in ind.measurements.all()
                 if m.text and not m.is_baseline and (not m.period_end or m.period_end <= as_of)}
        rows.append({"name": ind.name, "indicator": ind.key, "unit": ind.unit,
                     "baseline": {"value": None, "text": ind.baseline_text, "year": ""}, "values": texts, "expected": {},
                     "target": {"value": None, "text": ind.target_text}, "retired": _retired(ind),
                     **_colour(result.colour if result else Colour.NONE)})
    return rows


def _target(*, t, unit) -> dict:
    if t is None:
        return {"value": None, "text": ""}
    when = f" ({period(t.period)})" if t.period else ""
    if t.value is not None:
        return {"value": float(t.value), "text": with_unit(t.value, "%" if t.level_id else unit) + when}
    if t.change is not None:
        suffix = " %" if t.change_unit == "percent" else (f" {unit}" if unit else "")
        return {"value": None, "text": f"{number(t.change)}{suffix}" + when}
    return {"value": None, "text": t.text}


def _initiative(ini, st, results, as_of, public) -> dict:
    indicators = list(ini.indicators.all())
    milestones = [_milestone(i, results.get(i.key), as_of) for i in indicators if i.kind == "milestone"]
    rows = {"short": [], "long": [], "other": []}
    for ind in indicators:
        if ind.kind != "milestone":
            rows[ind.horizon if ind.horizon in ("short", "long") else "other"] += \
                _result_rows(ind, results.get(ind.key), as_of, public)
    years = sorted({y for group in rows.values() for r in group for y in r["values"]})
    charts = []
    for ind in indicators:
        if public and ind.kind == "distribution" and ind.unit.strip() != "%":
            continue  # shares of small counts could identify children
        chart = indicator_chart(ind, results.get(ind.key))
        if chart:
            charts.append({"name": ind.name, "spec": chart.spec, "description": chart.description})
    manual = st.manual
    return {
        "code": ini.code, "title": ini.title, "state": ini.get_state_display(), "counted": st.counted,
        "closed": _("Closed") + (f" ({period(ini.closed_period)})" if ini.closed_period else "")
        + (f": {ini.closed_reason}" if ini.closed_reason else "") if ini.state == "closed" else "",
        **_colour(st.colour), "computed": _colour(st.computed),
        "manual": {"period": period(manual.period), "reason": manual.reason, **_colour(manual.colour)}
        if manual else None,
        "units": ", ".join(f"{link.unit.name} ({link.get_role_display()})" for link in ini.unit_links.all()),
        "purpose": ini.purpose, "milestones": milestones, "years": years, "results": rows,
        "notes": _notes(n for n in ini.status_notes.all() if not n.period_end or n.period_end <= as_of),
        "alerts": [reason(a) for a in st.alerts], "charts": charts,
    }


def _alerts(chosen, by_id, results) -> list[dict]:
    out = []
    for ini in chosen:
        st = by_id[ini.id]
        out += [{"code": ini.code, "title": ini.title, "text": reason(a)} for a in st.alerts]
        out += [{"code": ini.code, "title": ini.title, "text": f"{r.name}: {reason(r.reason)}"}
                for r in st.indicators if r.kind == "milestone" and r.colour == Colour.RED and not r.retired]
    return out
