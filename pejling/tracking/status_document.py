"""The stable JSON form of a strategy status (documented in status.schema.json) and its
plain-text rendering for the terminal."""

from __future__ import annotations

from pathlib import Path

from pejling.assessment.colours import Colour

from .status import StrategyStatus

FORMAT = {"format": "pejling-status", "version": 1}
SCHEMA_PATH = Path(__file__).with_name("schema") / "status.schema.json"


def _r(value, digits=4):
    return None if value is None else round(value, digits)


def _point(p):
    return None if p is None else {"date": p.when.isoformat(), "value": _r(p.value)}


def _manual(m):
    return None if m is None else {"colour": m.colour.value, "period": m.period, "reason": m.reason, "by": m.by}


def _counts(rollup):
    return {"worst": rollup.colour.value, "counts": {c.value: rollup.counts[c] for c in Colour}}


def _indicator(r):
    head = r.series[0] if r.series else None
    trend = r.trend
    return {
        "key": r.key, "name": r.name, "kind": r.kind, "retired": r.retired,
        "colour": r.colour.value, "computed_colour": r.computed.value, "manual": _manual(r.manual),
        "reason": r.reason,
        "latest": _point(head.latest) if head else None,
        "expected": _r(head.expected) if head else None,
        "progress": _r(head.progress) if head else None,
        "gap": _r(head.gap) if head else None,
        "target": _point(r.final),
        "forecast": None if trend is None else {
            "value": _r(trend.forecast), "date": trend.forecast_when.isoformat() if trend.forecast_when else None,
            "slope_per_year": _r(trend.slope_per_year), "reaches_target": trend.reaches_target,
            "crosses": {k: v.isoformat() if v else None for k, v in trend.crosses.items()}},
        "glide_path": [_point(p) for p in r.glide],
        "series": [{"label": s.label, "colour": s.colour.value, "reason": s.reason, "latest": _point(s.latest),
                    "expected": _r(s.expected), "progress": _r(s.progress), "gap": _r(s.gap)} for s in r.series],
        "alerts": r.alerts,
    }


def status_document(status: StrategyStatus) -> dict:
    return {
        **FORMAT,
        "strategy": status.strategy.slug, "title": status.strategy.title, "as_of": status.as_of.isoformat(),
        "rules": status.rules.as_dict(), "rule": status.rules.describe(),
        "summary": _counts(status.summary),
        "goals": [_indicator(r) for r in status.goals],
        "focus_areas": [{
            "code": fa.code, "title": fa.title, "summary": _counts(fa.summary),
            "indicators": [_indicator(r) for r in fa.indicators],
            "initiatives": [{
                "code": s.initiative.code, "title": s.initiative.title, "state": s.initiative.state,
                "counted": s.counted, "colour": s.colour.value, "computed_colour": s.computed.value,
                "manual": _manual(s.manual), "alerts": s.alerts,
                "indicators": [_indicator(r) for r in s.indicators],
            } for s in fa.initiatives],
        } for fa in status.focus_areas],
    }


def _fmt(value, unit=""):
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}".strip()


def status_text(status: StrategyStatus) -> str:
    s = status.strategy
    lines = [f"{s.title} ({s.organisation.name}) pr. {status.as_of.isoformat()}", _summary(status.summary), ""]
    for fa in status.focus_areas:
        if not fa.initiatives and not fa.indicators:
            continue
        head = f"{s.focus_area_label} {fa.code}: {fa.title}" if fa.code else fa.title
        lines += [head, "  " + _summary(fa.summary)]
        for ini in fa.initiatives:
            manual = " (manuel vurdering)" if ini.manual else ""
            counted = "" if ini.counted else " [lukket, tæller ikke med]"
            lines.append(f"  {ini.initiative.code:<6} {ini.colour.label.upper():<13} {ini.initiative.title}{manual}{counted}")
            for r in ini.indicators:
                head_series = r.series[0] if r.series else None
                latest = head_series.latest if head_series else None
                prog = f" · fremdrift {head_series.progress:.0%}".replace("%", " %") \
                    if head_series and head_series.progress is not None else ""
                retired = " [udgået]" if r.retired else ""
                target = f" · mål {_fmt(r.final.value)}" if r.final else ""
                now = f" · seneste {_fmt(latest.value)} ({latest.when.year})" if latest else ""
                lines.append(f"         - {r.colour.label:<13} {r.name[:70]}{retired}{now}{target}{prog}")
            lines += [f"         ! {a}" for a in ini.alerts]
        lines.append("")
    lines.append(status.rules.describe())
    return "\n".join(lines)


def _summary(rollup):
    return " · ".join(f"{rollup.counts[c]} {c.label.lower()}" for c in Colour)
