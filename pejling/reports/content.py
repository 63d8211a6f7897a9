"""The status report as data: one JSON-ready document per strategy and date, which every format
(HTML, PDF, DOCX, XLSX) renders and which a published report stores unchanged. Texts are in the
active language; numbers come both as numbers (for Excel) and as formatted text."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pejling.assessment.colours import Colour
from pejling.assessment.disclosure import disclosed_rows, hides_small
from pejling.assessment.periods import up_to
from pejling.assessment.reasons import Code
from pejling.plans.models import Strategy
from pejling.texts.formatting import period, with_unit
from pejling.texts.reasons import (
    closed_note,
    colour_label,
    colour_meaning,
    explain,
    legend_rules,
    milestone_label,
    rules_text,
    say,
    target_text,
)
from pejling.tracking.selectors import goal_indicators, initiatives_with_indicators
from pejling.tracking.status_cache import strategy_status_cached

from . import tables
from .charts import indicator_chart
from .markdown import blocks

FORMAT = {"format": "pejling-report", "version": 2}


def legend() -> list[dict]:
    return [{"colour": c.value, "label": colour_label(c), "meaning": colour_meaning(c), "hex": c.hex} for c in Colour]


def _counts_text(counts: dict) -> str:
    return ", ".join(f"{colour_label(Colour(c)).lower()} {n}" for c, n in counts.items())


def report_build(*, strategy: Strategy, as_of: date, focus_areas: list[str] | None = None,
                 units: list[str] | None = None, public: bool = False) -> dict:
    """The report for `strategy` as of `as_of`, optionally limited to some focus-area codes or unit names."""
    status = strategy_status_cached(strategy=strategy, as_of=as_of)
    results = {r.key: r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators}
    results.update({r.key: r for r in status.effect_goals})
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
    goals = _goals(strategy, status, results, as_of, public, focus_areas, wanted_units)
    goal_results = [g for section in goals for g in section["goals"] if not g["retired"]]
    goal_counts = {c.value: sum(1 for g in goal_results if g["colour"] == c.value) for c in Colour}
    sections = []
    for fa in status.focus_areas:
        members = [ini for ini in chosen if (ini.focus_area.code if ini.focus_area else None) == fa.code]
        if members:
            sections.append({"code": fa.code, "title": fa.title, "label": strategy.focus_area_label,
                             "initiatives": [_initiative(ini, by_id[ini.id], results, as_of, public)
                                             for ini in members]})
    ended = strategy.has_ended(as_of) or (strategy.ends_on is not None and strategy.ends_on == as_of)
    return {
        **FORMAT, "language": get_language() or "da", "public": public,
        "title": _("Status report: %(title)s") % {"title": strategy.title},
        "municipality": strategy.organisation.name,
        "strategy": {"slug": strategy.slug, "title": strategy.title, "kind": strategy.kind,
                     "period": strategy.period_label, "vision": strategy.vision,
                     "focus_area_label": strategy.focus_area_label, "ended": ended},
        "as_of": as_of.isoformat(), "as_of_label": formats.date_format(as_of),
        "filters": {"focus_areas": list(focus_areas or []), "units": sorted(wanted_units)},
        "introduction": blocks(strategy.report_introduction),
        "consultant_summary": blocks(strategy.report_summary),
        "summary": {"counts": counts, "total": len(counted),
                    "text": " ".join(x for x in (_summary(counts, len(counted), as_of),
                                                 closed_note(len(chosen) - len(counted))) if x),
                    "goal_counts": goal_counts, "goal_total": len(goal_results),
                    "goal_text": _goal_summary(goal_counts, len(goal_results))},
        "legend": legend(), "rules": rules_text(status.rules), "rule_legend": legend_rules(),
        "goals": goals,
        "overview": [_overview(ini, by_id[ini.id], results, as_of, public) for ini in chosen],
        "focus_areas": sections,
        "alerts": _alerts(chosen, by_id),
        "outdated": _outdated(chosen, by_id, goal_results),
        "appendix": [{"name": ind.name, "method": ind.method, "source": ind.source}
                     for ini in chosen for ind in ini.indicators.all() if ind.method or ind.source],
        "measurements": _measurements(chosen, as_of, public),
    }


def report_charts(doc: dict) -> list[dict]:
    """The spec of every chart in a report document, in reading order: effect goals', then initiatives'."""
    specs = [g["chart"]["spec"] for section in doc.get("goals", []) for g in section["goals"] if g.get("chart")]
    return specs + [c["spec"] for fa in doc.get("focus_areas", []) for ini in fa["initiatives"]
                    for c in ini.get("charts", [])]


def _summary(counts: dict, total: int, as_of: date) -> str:
    return _("As of %(date)s: %(total)s initiatives – green %(green)s, yellow %(yellow)s, red %(red)s, "
             "not yet assessed %(none)s.") % {"date": formats.date_format(as_of), "total": total, **counts}


def _goal_summary(counts: dict, total: int) -> str:
    if not total:
        return ""
    return _("Effect goals: %(total)s – green %(green)s, yellow %(yellow)s, red %(red)s, not yet assessed "
             "%(none)s.") % {"total": total, **counts}


def _goals(strategy, status, results, as_of, public, focus_areas, units) -> list[dict]:
    """Effect goals above the initiatives: the strategy's own, then each focus area's."""
    if units:  # goals belong to no centre: a report for some centres leaves them out
        return []
    indicators = {ind.key: ind for ind in goal_indicators(strategy=strategy)}
    out = []
    scopes = [(None, _("The whole strategy"), status.goals)]
    scopes += [(fa.code, f"{strategy.focus_area_label} {fa.code}: {fa.title}", fa.indicators)
               for fa in status.focus_areas if fa.code and (not focus_areas or fa.code in focus_areas)]
    for code, title, goal_results in scopes:
        if goal_results and (code is not None or not focus_areas):
            out.append({"code": code, "title": title,
                        "goals": [_goal(indicators[r.key], r, as_of, public) for r in goal_results]})
    return out


def _goal(ind, result, as_of, public) -> dict:
    rows = tables.result_rows(ind, result, as_of, public) if ind.kind != "milestone" else []
    chart = indicator_chart(ind, result, public=public)
    return {**tables.result_summary(result, public), "key": ind.key, "kind": ind.kind, "rows": rows,
            "years": sorted({y for r in rows for y in r["values"]}),
            "chart": {"name": ind.name, "spec": chart.spec, "description": chart.description, "note": chart.note}
            if chart else None}


def _headline_text(ind, result, public: bool) -> str:
    """Ringsted's "Status" column: the baseline and the latest value of the deciding series."""
    head = result.decisive if result and not (public and result.withheld_now) else None
    base = next((m for m in ind.measurements.all() if m.is_baseline and not m.breakdown and m.level_id is None), None)
    unit = "%" if ind.kind == "distribution" else ind.unit
    parts = []
    if base and base.value is not None and ind.kind != "distribution":
        parts.append(_("Baseline %(value)s (%(period)s)") % {
            "value": with_unit(base.value, ind.unit, ind.decimals), "period": period(base.period) or "?"})
    if head and head.latest:
        label = f"{head.label}: " if ind.kind == "distribution" and head.label else ""
        parts.append(_("latest %(value)s (%(period)s)") % {
            "value": label + with_unit(head.latest.value, unit, ind.decimals if unit != "%" else 1),
            "period": period(result.newest.period) if result.newest and result.newest.when == head.latest.when
            else head.latest.when.year})
    return "; ".join(parts) or ind.baseline_text


def _targets_text(indicators, results) -> str:
    """The overview's "Mål" column: the targets as stated, else as resolved; a milestone is its own goal."""
    out = []
    for ind in indicators:
        r = results.get(ind.key)
        finals = [t for t in (r.targets if r else []) if t.goal.kind == "final" and t.value is not None]
        if ind.target_text:
            out.append(ind.target_text)
        elif ind.kind == "milestone":
            out.append(ind.name)
        elif finals:
            shown = "; ".join(dict.fromkeys(target_text(t, ind.unit, ind.decimals) for t in finals))
            out.append(f"{ind.name}: {shown}" if len(indicators) > 1 else shown)
    out = list(dict.fromkeys(out))
    return "\n".join(out[:4] + (["…"] if len(out) > 4 else []))


def _method(ind) -> str:
    """Målemetode: as stated, else the source, else what the kind of indicator means."""
    return ind.method or ind.source or {
        "milestone": _("Milestone status (done / on the way / not done)"),
        "qualitative": _("Assessed in words"), "distribution": _("Counts per category"),
    }.get(ind.kind, _("Measured value"))


def _milestones_done(milestones, results) -> int:
    done = {Code.MILESTONE_DONE, Code.MILESTONE_NUMBER_REACHED}
    return sum(1 for ind in milestones if (r := results.get(ind.key)) and r.reason.code in done)


def _overview(ini, st, results, as_of, public) -> dict:
    indicators = [ind for ind in ini.indicators.all() if not ind.is_retired]
    head = st.headline
    head_ind = next((ind for ind in indicators if head and ind.key == head.key), None)
    milestones = [ind for ind in indicators if ind.kind == "milestone"]
    status = _headline_text(head_ind, results.get(head_ind.key), public) \
        if head_ind and head_ind.kind != "milestone" else ""
    if not status and indicators and not milestones:
        status = next((ind.baseline_text for ind in indicators if ind.baseline_text), "")
    if not status and milestones:
        status = _("%(done)s of %(total)s milestones completed") % {
            "done": _milestones_done(milestones, results), "total": len(milestones)}
    return {
        "code": ini.code, "title": ini.title, "closed": not st.counted, "status": status,
        "method": "\n".join(dict.fromkeys(_method(ind) for ind in indicators)),
        "targets": _targets_text(indicators, results),
        "units": ", ".join(link.unit.name for link in ini.unit_links.all()),
        "decided_by": st.decided_by.name if st.decided_by else "",
        **tables.colour(st.colour), "manual": bool(st.manual),
    }


def _notes(items) -> list[dict]:
    return [{"period": period(n.period), "title": n.title, "text": n.text, "role": n.author_role} for n in items]


def _initiative(ini, st, results, as_of, public) -> dict:
    indicators = list(ini.indicators.all())
    milestones = [tables.milestone_row(i, results.get(i.key), as_of) for i in indicators if i.kind == "milestone"]
    rows = {"short": [], "long": [], "other": []}
    for ind in indicators:
        if ind.kind != "milestone":
            rows[ind.horizon if ind.horizon in ("short", "long") else "other"] += \
                tables.result_rows(ind, results.get(ind.key), as_of, public)
    years = sorted({y for group in rows.values() for r in group for y in r["values"]})
    charts = []
    for ind in indicators:
        chart = indicator_chart(ind, results.get(ind.key), public=public)
        if chart:
            charts.append({"name": ind.name, "spec": chart.spec, "description": chart.description,
                           "note": chart.note})
    manual, expired = st.manual, st.manual_expired
    return {
        "code": ini.code, "title": ini.title, "state": ini.get_state_display(), "counted": st.counted,
        "closed": _("Closed") + (f" ({period(ini.closed_period)})" if ini.closed_period else "")
        + (f": {ini.closed_reason}" if ini.closed_reason else "") if ini.state == "closed" else "",
        **tables.colour(st.colour), "computed": tables.colour(st.computed),
        "decided_by": _decided(st),
        "manual": {"period": period(manual.period), "reason": manual.reason, **tables.colour(manual.colour)}
        if manual else None,
        "manual_expired": {"period": period(expired.period), "reason": expired.reason,
                           **tables.colour(expired.colour)} if expired else None,
        "units": ", ".join(f"{link.unit.name} ({link.get_role_display()})" for link in ini.unit_links.all()),
        "purpose": ini.purpose, "milestones": milestones, "years": years, "results": rows,
        "notes": _notes(up_to(ini.status_notes.all(), as_of)),
        "alerts": [say(a) for a in st.alerts], "charts": charts,
        "outdated": [f"{r.name}: {say(r.stale)}" for r in st.stale],
    }


def _decided(st) -> str:
    r = st.decided_by
    if r is None:
        return ""
    text = _("The colour is decided by: %(name)s") % {"name": r.name}
    return f"{text}. {tables.manual_text(r)}" if r.manual else text


def _alerts(chosen, by_id) -> list[dict]:
    out = []
    for ini in chosen:
        st = by_id[ini.id]
        out += [{"code": ini.code, "title": ini.title, "text": say(a)} for a in st.alerts]
        out += [{"code": ini.code, "title": ini.title, "text": f"{r.name}: {explain(r)}"}
                for r in st.indicators if r.kind == "milestone" and r.colour == Colour.RED and not r.retired]
    return out


def _outdated(chosen, by_id, goals) -> list[dict]:
    """Mangler opdatering: initiatives and goals whose newest value is older than expected."""
    out = [{"code": ini.code, "title": ini.title, "text": f"{r.name}: {say(r.stale)}"}
           for ini in chosen if by_id[ini.id].counted for r in by_id[ini.id].stale]
    out += [{"code": "", "title": g["name"], "text": g["stale"]} for g in goals if g["stale"]]
    return out


def _measurements(chosen, as_of, public) -> list[dict]:
    """Every measurement up to the date, flat: the report's own data sheet."""
    out = []
    for ini in chosen:
        for ind in ini.indicators.all():
            hide = hides_small(ind.kind, ind.unit, public=public)
            for m in disclosed_rows(up_to(ind.measurements.all(), as_of), hide=hide):
                shown = tables.cell(m.value, ind.unit, ind.decimals, hide)
                out.append({"initiative": ini.code, "indicator": ind.name, "unit": ind.unit,
                            "period": period(m.period), "period_end": m.period_end.isoformat() if m.period_end
                            else None, "baseline": m.is_baseline, "breakdown": m.breakdown,
                            "level": m.level.label if m.level else "", "value": shown["value"], "text": shown["text"],
                            "status": milestone_label(m.status) if m.status else "",
                            "comment": m.comment or m.text})
    return out
