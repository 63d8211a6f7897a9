"""A strategy document as the template's rows: {sheet title: [{column field: value}]}.

The inverse of template_build. Defaults the exporter leaves out (exporter.DEFAULTS) are written out
("aktiv", "numerisk", "årligt") so the workbook says them; the reader drops them again.
"""

from __future__ import annotations

from .exporter import DEFAULTS


def _filled(obj: dict, entity: str) -> dict:
    return {**DEFAULTS.get(entity, {}), **obj}


def _nested(obj: dict, name: str) -> dict:
    """{'closed.period': …, 'closed.reason': …} for obj['closed']."""
    inner = obj.get(name)
    return {f"{name}.{k}": v for k, v in inner.items()} if isinstance(inner, dict) else {}


def _plain(obj: dict, skip=()) -> dict:
    return {k: v for k, v in obj.items() if not isinstance(v, (dict, list)) and k not in skip}


def _owned_indicators(strategy: dict):
    """(owner columns, indicator) in the document's order: the strategy's, each focus area's, each initiative's."""
    for ind in strategy.get("indicators", []):
        yield {}, ind
    for fa in strategy.get("focus_areas", []):
        for ind in fa.get("indicators", []):
            yield {"@focus_area": fa.get("code")}, ind
    for ini in strategy.get("initiatives", []):
        for ind in ini.get("indicators", []):
            yield {"@initiative": ini.get("code")}, ind


def document_rows(document: dict) -> tuple[dict, dict[str, list[dict]]]:
    """(the Strategi sheet's {document path: value}, the other sheets' rows)."""
    org, strategy = document.get("organisation", {}), document.get("strategy", {})
    fields = {f"organisation.{k}": v for k, v in _filled(_plain(org), "organisation").items()}
    fields |= {f"strategy.{k}": v for k, v in _filled(_plain(strategy), "strategy").items()}
    fields |= {f"strategy.assessment_rules.{k}": v for k, v in strategy.get("assessment_rules", {}).items()}
    rows: dict[str, list[dict]] = {title: [] for title in (
        "Enheder", "Skalaer", "Områder", "Indsatser", "Roller", "Indikatorer", "Mål", "Målinger", "Referencer",
        "Statusnoter", "Vurderinger")}
    rows["Enheder"] = [dict(u) for u in org.get("units", [])]
    for scale in strategy.get("scales", []):
        for level in scale.get("levels", []):
            rows["Skalaer"].append({"@scale": scale.get("key"), "@scale.name": scale.get("name"),
                                    "@scale.description": scale.get("description"), **_filled(level, "level")})
    rows["Områder"] = [_plain(fa) for fa in strategy.get("focus_areas", [])]
    notes, assessments = rows["Statusnoter"], rows["Vurderinger"]
    roles = rows["Roller"]
    roles += [dict(r) for r in strategy.get("roles", [])]
    notes += [dict(n) for n in strategy.get("notes", [])]
    for fa in strategy.get("focus_areas", []):
        notes += [{"@focus_area": fa.get("code"), **n} for n in fa.get("notes", [])]
    for ini in strategy.get("initiatives", []):
        links = ini.get("units", [])
        rows["Indsatser"].append({
            **_filled(_plain(ini), "initiative"), **_nested(ini, "closed"),
            "@lead": [u["unit"] for u in links if u.get("role") == "lead"],
            "@participating": [u["unit"] for u in links if u.get("role", "participating") == "participating"],
        })
        code = {"@initiative": ini.get("code")}
        roles += [{**code, **r} for r in ini.get("roles", [])]
        notes += [{**code, **n} for n in ini.get("notes", [])]
        assessments += [{**code, **a} for a in ini.get("assessments", [])]
    for owner, ind in _owned_indicators(strategy):
        _indicator_rows(rows, owner, ind)
    return fields, rows


def _indicator_rows(rows, owner, ind):
    key = {"@indicator": ind.get("key")}
    rows["Indikatorer"].append({**owner, **_filled(_plain(ind), "indicator"), **_nested(ind, "glide_path"),
                                **_nested(ind, "retired")})
    rows["Mål"] += [{**key, **_filled(t, "target")} for t in ind.get("targets", [])]
    for m in ind.get("measurements", []):
        m = _filled(m, "measurement")
        values = m.pop("values", None)
        if isinstance(values, dict):
            rows["Målinger"] += [{**key, **m, "@level": code, "value": v} for code, v in values.items()]
        else:
            rows["Målinger"].append({**key, **m})
    for ref in ind.get("references", []):
        series = {"@series": ref.get("name"), "@series.kind": _filled(ref, "reference").get("kind"),
                  "@series.source": ref.get("source")}
        values = ref.get("values", [])
        rows["Referencer"] += [{**key, **series, **v} for v in values] or [{**key, **series}]
    rows["Statusnoter"] += [{**key, **n} for n in ind.get("notes", [])]
    rows["Vurderinger"] += [{**key, **a} for a in ind.get("assessments", [])]
