"""The stable JSON form of a strategy status (documented in status.schema.json) and its
plain-text rendering for the terminal. Reasons travel as codes with their numbers and, for
convenience, as a sentence in the active language."""

from __future__ import annotations

from pathlib import Path

from pejling.assessment.colours import Colour
from pejling.texts.formatting import number
from pejling.texts.reasons import closed_note, colour_label, rule_text, rules_text, say, series_label, target_text

from .status import StrategyStatus

FORMAT = {"format": "pejling-status", "version": 2}
SCHEMA_PATH = Path(__file__).with_name("schema") / "status.schema.json"


def _r(value, digits=4):
    return None if value is None else round(value, digits)


def _point(p):
    return None if p is None else {"date": p.when.isoformat(), "value": _r(p.value)}


def _reason(r, unit="", decimals=None):
    return None if r is None else {**r.as_dict(), "text": say(r, unit=unit, decimals=decimals)}


def _manual(m):
    return None if m is None else {"colour": m.colour.value, "period": m.period, "reason": m.reason, "by": m.by}


def _counts(rollup):
    return {"worst": rollup.colour.value, "counts": {c.value: rollup.counts[c] for c in Colour}}


def _unit(r):
    """A distribution's series are shares of its categories."""
    return "%" if r.kind == "distribution" else r.unit


def _indicator(r):
    head = r.decisive
    trend = r.trend
    return {
        "key": r.key, "name": r.name, "kind": r.kind, "unit": r.unit, "retired": r.retired,
        "colour": r.colour.value, "computed_colour": r.computed.value, "manual": _manual(r.manual),
        "manual_expired": _manual(r.manual_expired),
        "reason": _reason(r.reason, _unit(r), r.decimals), "rule": r.rule.value, "rule_text": rule_text(r.rule),
        "decided_by_series": series_label(head.label) if head else None,
        "latest": _point(head.latest) if head else None,
        "expected": _r(head.expected) if head else None,
        "progress": _r(head.progress) if head else None,
        "gap": _r(head.gap) if head else None,
        "target": _point(r.final),
        "targets": [{"value": _r(t.value), "date": t.when.isoformat() if t.when else None, "kind": t.goal.kind,
                     "origin": t.goal.origin, "bound": t.goal.bound or None, "level": t.goal.level,
                     "breakdown": t.goal.breakdown, "stated": t.goal.text,
                     "text": target_text(t, r.unit, r.decimals)} for t in r.targets],
        "stale": _reason(r.stale),
        "newest_period": r.newest.period if r.newest else None,
        "forecast": None if trend is None else {
            "value": _r(trend.forecast), "date": trend.forecast_when.isoformat() if trend.forecast_when else None,
            "slope_per_year": _r(trend.slope_per_year), "reaches_target": trend.reaches_target,
            "clamped": trend.clamped,
            "crosses": {k: v.isoformat() if v else None for k, v in trend.crosses.items()}},
        "forecast_note": _reason(r.forecast_note, r.unit, r.decimals),
        "glide_path": [_point(p) for p in r.glide],
        "series": [{"label": series_label(s.label), "colour": s.colour.value, "rule": s.rule.value,
                    "reason": _reason(s.reason, _unit(r), r.decimals), "latest": _point(s.latest),
                    "expected": _r(s.expected), "progress": _r(s.progress), "gap": _r(s.gap),
                    "limit": _point(s.limit), "bound": s.bound or None} for s in r.series],
        "alerts": [_reason(a) for a in r.alerts],
    }


def status_document(status: StrategyStatus) -> dict:
    return {
        **FORMAT,
        "strategy": status.strategy.slug, "title": status.strategy.title, "as_of": status.as_of.isoformat(),
        "rules": status.rules.as_dict(), "rule": rules_text(status.rules),
        "summary": _counts(status.summary), "goals_summary": _counts(status.goals_summary),
        "goals": [_indicator(r) for r in status.goals],
        "focus_areas": [{
            "code": fa.code, "title": fa.title, "summary": _counts(fa.summary),
            "goals_summary": _counts(fa.goals_summary),
            "indicators": [_indicator(r) for r in fa.indicators],
            "initiatives": [{
                "code": s.initiative.code, "title": s.initiative.title, "state": s.initiative.state,
                "counted": s.counted, "colour": s.colour.value, "computed_colour": s.computed.value,
                "manual": _manual(s.manual), "manual_expired": _manual(s.manual_expired),
                "decided_by": s.decided_by.key if s.decided_by else None,
                "stale": [r.key for r in s.stale],
                "alerts": [_reason(a) for a in s.alerts],
                "indicators": [_indicator(r) for r in s.indicators],
            } for s in fa.initiatives],
        } for fa in status.focus_areas],
    }


def _summary(rollup, what):
    return f"{what}: " + " · ".join(f"{rollup.counts[c]} {colour_label(c).lower()}" for c in Colour)


def _value(value, r):
    return number(value, r.decimals) + (f" {r.unit}" if r.unit and value is not None else "") if value is not None \
        else "–"


def _final_target(r):
    """The target the colour is measured against (local before national), as stated and resolved."""
    if r.final is None:
        return None
    same = [t for t in r.targets if t.when == r.final.when and t.value == r.final.value and not t.goal.level]
    return next((t for t in same if t.goal.origin == "local"), same[0] if same else None)


def _result_line(r, indent):
    """One indicator: colour, name, latest, target, progress and why."""
    head = r.decisive
    latest = head.latest if head else None
    prog = f" · fremdrift {head.progress:.0%}".replace("%", " %") if head and head.progress is not None else ""
    retired = " [udgået]" if r.retired else ""
    final = _final_target(r)
    target = f" · mål {target_text(final, r.unit, r.decimals)}" if final and r.kind != "distribution" else ""
    now = f" · seneste {_value(latest.value, r)} ({latest.when.year})" if latest and r.kind != "distribution" else ""
    manual = f" (manuel: {r.manual.reason}; beregnet {colour_label(r.computed).lower()})" if r.manual else ""
    lines = [f"{indent}- {colour_label(r.colour):<13} {r.name[:70]}{retired}{now}{target}{prog}{manual}",
             f"{indent}    {say(r.reason, unit=_unit(r), decimals=r.decimals)}"]
    if r.stale:
        lines.append(f"{indent}    ({say(r.stale)})")
    return lines


def status_text(status: StrategyStatus) -> str:
    s = status.strategy
    lines = [f"{s.title} ({s.organisation.name}) pr. {status.as_of.isoformat()}",
             _summary(status.summary, "Indsatser") + (f" ({closed_note(status.closed_count)})"
                                                      if status.closed_count else ""),
             _summary(status.goals_summary, "Effektmål"), ""]
    if status.goals:
        lines.append("Effektmål for hele strategien")
        for r in status.goals:
            lines += _result_line(r, "  ")
        lines.append("")
    for fa in status.focus_areas:
        if not fa.initiatives and not fa.indicators:
            continue
        head = f"{s.focus_area_label} {fa.code}: {fa.title}" if fa.code else fa.title
        lines += [head, "  " + _summary(fa.summary, "Indsatser")]
        if fa.indicators:
            lines.append("  " + _summary(fa.goals_summary, "Effektmål"))
            for r in fa.indicators:
                lines += _result_line(r, "  ")
        for ini in fa.initiatives:
            manual = " (manuel vurdering)" if ini.manual else ""
            counted = "" if ini.counted else " [lukket, tæller ikke med]"
            lines.append(f"  {ini.initiative.code:<6} {colour_label(ini.colour).upper():<13} {ini.initiative.title}{manual}{counted}")
            for r in ini.indicators:
                lines += _result_line(r, "         ")
            lines += [f"         ! {say(a)}" for a in ini.alerts]
        lines.append("")
    lines.append(rules_text(status.rules))
    return "\n".join(lines)

