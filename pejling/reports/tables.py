"""The report's tables for one indicator: Holstebro's milestone rows (Aktivitet og milepæle) and
expected-results rows (baseline, one column per year, target), with the reference series
(national average, comparable municipalities) as rows of their own."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from pejling.assessment.colours import Colour
from pejling.assessment.disclosure import (
    SUPPRESSED,
    counts_of_children,
    disclosed_rows,
    hides_small,
    suppressed,
)
from pejling.assessment.limits import group_order
from pejling.assessment.periods import PeriodError, parse_period, up_to
from pejling.assessment.series import direction_of
from pejling.assessment.trajectory import expected_value
from pejling.assessment.values import is_percent
from pejling.texts.formatting import period, with_unit
from pejling.texts.reasons import (
    colour_label,
    explain,
    milestone_label,
    reference_decimals,
    say,
    series_label,
    target_text,
)


def colour(c: Colour) -> dict:
    return {"colour": c.value, "label": colour_label(c)}


def manual_text(result) -> str:
    """A person's colour said with its reason, who and the computed colour: never a silent override."""
    m = result.manual if result else None
    if m is None:
        return ""
    by = f" ({m.by})" if m.by else ""
    return _("Assessed by a person for %(period)s%(by)s: %(reason)s. Computed: %(computed)s.") % {
        "period": period(m.period), "by": by, "reason": m.reason, "computed": colour_label(result.computed)}


def shown_colour(result) -> dict:
    """The colour of a result, marked "(manual)" when a person set it."""
    c = colour(result.colour if result else Colour.NONE)
    if result is not None and result.manual:
        c["label"] += " (" + _("manual") + ")"
    return c


def year_of(text: str) -> int | None:
    try:
        return parse_period(text).end.year if text else None
    except PeriodError:
        return None


def cell(v, unit: str, decimals=None, hide_small=False) -> dict:
    """A number as a number (for Excel) and as text in the reader's language."""
    if v is None:
        return {"value": None, "text": ""}
    if suppressed(v, hide=hide_small):
        return {"value": None, "text": SUPPRESSED}
    return {"value": float(v), "text": with_unit(v, unit, decimals)}


def retired_text(ind) -> str:
    if not ind.is_retired:
        return ""
    text = _("Retired") + (f" ({period(ind.retired_period)})" if ind.retired_period else "")
    text += f": {ind.retired_reason}" if ind.retired_reason else ""
    if ind.replaced_by:
        text += " " + _("Replaced by: %(name)s") % {"name": ind.replaced_by.name}
    return text


def latest_status(ind, as_of: date):
    """The newest measurement with a milestone status up to the date."""
    return max((m for m in up_to(ind.measurements.all(), as_of) if m.status and m.period_end and not m.breakdown),
               key=lambda m: m.period_end, default=None)


def milestone_row(ind, result, as_of: date) -> dict:
    seen = [m for m in up_to(ind.measurements.all(), as_of) if m.period_end and not m.breakdown]
    latest = latest_status(ind, as_of)
    notes = [(n.period_end, n.period, n.text) for n in up_to(ind.status_notes.all(), as_of)]
    notes += [(m.period_end, m.period, m.comment) for m in seen if m.comment]
    # Oldest first, each comment once (a note and a measurement's comment often say the same)
    ordered = sorted(dict.fromkeys(notes), key=lambda n: (n[0] is None, n[0] or as_of))
    comments = list({(p, t): {"period": period(p), "text": t} for _e, p, t in ordered}.values())
    head = result.decisive if result else None
    status = milestone_label(latest.status) if latest else ""
    if head and head.latest and head.final:  # a number on a milestone: "20 af 50", "100 % af 95 %"
        unit = ind.unit if is_percent(ind.unit) else ""
        counted = _("%(value)s of %(target)s") % {"value": with_unit(head.latest.value, unit),
                                                    "target": with_unit(head.final.value, ind.unit)}
        status = f"{status} ({counted})" if status else counted
    why = explain(result) if result else ""
    return {"name": ind.name, "status": status, "reason": manual_text(result) or why,
            **shown_colour(result), "comments": comments, "retired": retired_text(ind)}


def target_for(result, breakdown: str, level: str):
    """The target a series is measured against in the report: the local one before the national, the
    final before an interim, the latest due; the table's column and the chart's text alternative."""
    if result is None:
        return None
    goals = [t for t in result.targets if t.goal.breakdown == breakdown and (t.goal.level or "") == level]
    local = [t for t in goals if t.goal.origin == "local"] or goals
    finals = [t for t in local if t.goal.kind == "final"] or local
    dated = [t for t in finals if t.when]
    return max(dated, key=lambda t: t.when) if dated else (finals[-1] if finals else None)


def _target_cell(resolved, unit: str, decimals) -> dict:
    if resolved is None:
        return {"value": None, "text": ""}
    return {"value": resolved.value, "text": target_text(resolved, unit, decimals)}


def _series_for(result, breakdown: str, level_label: str):
    if result is None:
        return None
    wanted = level_label or breakdown
    return next((s for s in result.series if s.label == wanted), None)


def result_rows(ind, result, as_of: date, public: bool) -> list[dict]:
    """One row per series: the total, each breakdown, or each scale level (Holstebro's tables); then
    one row per reference series. Per year: the value, and what the trajectory planned for it."""
    hide = hides_small(ind.kind, ind.unit, public=public)
    groups: dict[tuple, list] = {}
    for m in disclosed_rows(up_to(ind.measurements.all(), as_of), hide=hide):
        if m.value is None:
            continue
        groups.setdefault((m.breakdown, m.level.code if m.level else "", m.level.label if m.level else ""),
                          []).append(m)
    rows = []
    for (breakdown, code, level), items in sorted(groups.items(), key=lambda kv: (kv[0][0] != "", group_order(kv[0][0]),
                                                                                 kv[0][1:])):
        base = next((m for m in items if m.is_baseline), None)
        series = _series_for(result, breakdown, level) if (breakdown or level) else (result.series[0] if result
                                                                                     and result.series else None)
        values, expected = {}, {}
        for m in sorted((m for m in items if not m.is_baseline), key=lambda m: m.period_end or as_of):
            year = str(year_of(m.period) or m.period)
            values[year] = cell(m.value, ind.unit, ind.decimals, hide)
            # The trajectory of a distribution is in shares: no "planned" beside a count
            planned = None if counts_of_children(ind.kind, ind.unit) else _planned(series, m.period_end)
            if planned is not None:
                expected[year] = round(planned, 4)
        target = target_for(result, breakdown, code)
        unit = "%" if code else ind.unit
        base_value = float(base.value) if base and base.value is not None else None
        direction = direction_of({"up": "up", "down": "down"}.get(ind.direction, "none"), base_value,
                                 target.value if target else None)
        rows.append({"name": " – ".join(x for x in (ind.name, breakdown, level) if x), "indicator": ind.key,
                     "unit": ind.unit, "direction": direction, "reference": False,
                     "baseline": {**cell(base.value if base else None, ind.unit, ind.decimals, hide),
                                  "year": str(year_of(base.period) or "") if base else ""},
                     "values": values, "expected": expected, "target": _target_cell(target, unit, ind.decimals),
                     "reason": explain(result, series, public=public) if result and series else "",
                     "manual": manual_text(result) if not (breakdown or level) else "",
                     "retired": retired_text(ind), **(shown_colour(result) if result and not (breakdown or level)
                                                     else colour(series.colour if series else Colour.NONE))})
    if not rows and ind.kind in ("numeric", "qualitative", "distribution"):
        texts = {str(year_of(m.period) or m.period): {"value": None, "text": m.text} for m in up_to(ind.measurements.all(), as_of)
                 if m.text and not m.is_baseline}
        target = target_for(result, "", "")
        # Words, not numbers (a qualitative goal's yearly status): read as paragraphs, not squeezed into cells
        rows.append({"name": ind.name, "indicator": ind.key, "unit": ind.unit, "direction": 0, "reference": False,
                     "narrative": bool(texts),
                     "baseline": {"value": None, "text": ind.baseline_text, "year": ""}, "values": texts,
                     "expected": {}, "target": _target_cell(target, ind.unit, ind.decimals) if target and
                     target.value is not None else {"value": None, "text": ind.target_text},
                     "reason": explain(result) if result else "", "retired": retired_text(ind),
                     **colour(result.colour if result else Colour.NONE)})
    rows += _reference_rows(ind, as_of)
    return rows


def _planned(series, when):
    """What the trajectory expected at a date; for a limit, the limit itself."""
    if series is None or when is None:
        return None
    if series.limit:
        return series.limit.value
    if series.path:
        return expected_value(series.baseline, [p for p in series.path if p != series.baseline], when)
    return None


def _reference_rows(ind, as_of: date) -> list[dict]:
    rows = []
    for ref in ind.references.all():
        values = {str(year_of(v.period) or v.period): cell(v.value, ind.unit, reference_decimals(ind))
                  for v in up_to(ref.values.all(), as_of)}
        if values:
            rows.append({"name": f"{ind.name} – {ref.name}", "indicator": ind.key, "unit": ind.unit, "direction": 0,
                         "reference": True, "baseline": {"value": None, "text": "", "year": ""}, "values": values,
                         "expected": {}, "target": {"value": None, "text": ""}, "reason": "", "retired": "",
                         "colour": "", "label": ""})
    return rows


def result_summary(result, public: bool = False) -> dict:
    """An effect goal or indicator in one line: colour, why, the rule, latest and target, staleness."""
    head = None if public and result.withheld_now else result.decisive
    unit = "%" if result.kind == "distribution" else result.unit
    final = next((t for t in reversed(result.targets) if t.goal.kind == "final" and not t.goal.level), None)
    return {"name": result.name, **colour(result.colour), "manual": bool(result.manual),
            "manual_text": manual_text(result),
            "reason": explain(result, public=public), "rule": result.rule.value,
            "series": series_label(head.label) if head and len(result.series) > 1 else "",
            "latest": with_unit(head.latest.value, unit, result.decimals) if head and head.latest else "",
            "target": target_text(final, result.unit, result.decimals) if final else "",
            "stale": say(result.stale), "retired": result.retired,
            "manual_reason": result.manual.reason if result.manual else "",
            "manual_expired": {"period": period(result.manual_expired.period),
                               **colour(result.manual_expired.colour)} if result.manual_expired else None}


# Year columns one results table holds: an A4 page's width (and Word's) beside the indicator's name, its
# baseline and its target. With the eleven years of a long strategy every value wrapped ("38,2" over "%")
# and "2016" broke into "20" and "16".
YEARS_PER_TABLE = 6


def year_parts(years: list, caption: str = "") -> list[dict]:
    """A results table's years in parts of at most YEARS_PER_TABLE, as even as they go (11 years: 6 and
    5): the baseline's column in the first part, the target's in the last; one part while they fit.
    Each part's caption names its years when there is more than one ("Resultater, 2016–2021")."""
    years = list(years)
    count = max(1, -(-len(years) // YEARS_PER_TABLE))
    size = -(-len(years) // count) if years else 1
    chunks = [years[i:i + size] for i in range(0, len(years), size)] or [[]]
    return [{"years": chunk, "first": i == 0, "last": i == len(chunks) - 1,
             "caption": ", ".join(t for t in (caption, f"{chunk[0]}–{chunk[-1]}") if t) if len(chunks) > 1 else caption}
            for i, chunk in enumerate(chunks)]
