"""An indicator candidate in one line, for `pejling import --dry-run` and the preview: what it would
measure, from what baseline, towards which targets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pejling.assessment.periods import period_label


def _number(value, unit: str) -> str:
    text = f"{value}".replace(".", ",")
    return f"{text} %" if unit == "%" else f"{text} {unit}".strip()


def _when(period: str) -> str:
    return f" ({period_label(period)})" if period else ""


def describe_candidate(candidate: dict) -> str:
    unit = candidate.get("unit", "")
    labels = {lv["code"]: lv["label"].split()[0].lower() for lv in (candidate.get("needs_scale") or {}).get("levels", [])}
    parts = []
    for m in candidate.get("measurements", []):
        if m.get("values"):
            shown = ", ".join(f"{labels.get(code, code)} {v}" for code, v in m["values"].items())
            parts.append(_("baseline %(value)s") % {"value": f"{shown} {unit}".strip()} + _when(m.get("period", "")))
        elif m.get("value") is not None:
            parts.append(_("baseline %(value)s") % {"value": _number(m["value"], unit)} + _when(m.get("period", "")))
    for t in candidate.get("targets", []):
        if t.get("change") is not None:
            sign = "+" if t["change"] > 0 else ""
            what = f"{sign}{t['change']}".replace(".", ",") + (" %" if t.get("change_unit") == "percent" else
                                                               " " + _("points"))
        elif t.get("value") is None:
            what = f"»{t.get('text', '')}«"
        else:
            what = (f"{labels.get(t['level'], t['level'])} " if t.get("level") else "") + _number(t.get("value"), "%" if t.get("level")
                                                                          else unit)
        label = _("sub-target %(value)s") if t.get("kind") == "interim" else _("target %(value)s")
        parts.append(label % {"value": what} + _when(t.get("period", "")))
    if glide := candidate.get("glide_path"):
        sign = "+" if glide["rate"] > 0 else ""
        rate = f"{sign}{glide['rate']}".replace(".", ",")
        parts.append((_("glide path %(rate)s %% a year") if glide["kind"] == "relative"
                      else _("glide path %(rate)s points a year")) % {"rate": rate})
    for r in candidate.get("references", []):
        for v in r.get("values", []):
            parts.append(f"{r['name'].lower()} {_number(v['value'], unit)}{_when(v['period'])}")
    return f"{candidate.get('key')}: {candidate.get('name')} — " + "; ".join(parts)
