"""One chart per indicator, as a Vega-Lite spec: "turn the curve" for numbers, stacked shares for
distributions. vl-convert renders the spec to SVG offline (chart_drawing), so the web page and the
reports show the same picture. Every chart carries its data as rows for a table alternative."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.cache import caches
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pejling.assessment.disclosure import disclose, disclosed_rows, hides_small
from pejling.assessment.engine import IndicatorResult
from pejling.assessment.limits import group_order
from pejling.assessment.periods import up_to
from pejling.assessment.trajectory import Point
from pejling.assessment.values import is_percent, shares_of
from pejling.texts import formatting
from pejling.texts.reasons import reference_decimals, series_label, target_text

from . import chart_drawing, tables

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
TARGET_COLOUR = "#444444"
GLIDE_COLOUR = "#7A5195"
REFERENCE_COLOURS = ["#7A7A7A", "#A0522D"]
POLARITY_COLOURS = {"good": ["#1A7F3C", "#5FB36B", "#A6D96A"], "neutral": ["#F2C94C", "#E0B040"],
                    "bad": ["#F08A4B", "#D7301F", "#A50F15"]}
WIDTH, HEIGHT = 620, 240
# What stays readable in WIDTH: a value over every point while no line has more than LABELLED_POINTS (ten
# years of quarters would be 40 overlapping numbers a line; then only the total's latest), and the bars of the
# baseline and the latest SHOWN_PERIODS periods of a distribution. The table under a chart has them all.
LABELLED_POINTS = 12
# Groups drawn beside the total: one colour each (SERIES_COLOURS has six). More would repeat colours,
# and 1,250 groups made a 17 MB picture that took a worker to 1.3 GB; the rest are in the tables.
CHART_GROUPS = len(SERIES_COLOURS) - 1
SHOWN_PERIODS = 8
COMPARED_GROUPS = 2  # a distribution's groups beside the total, each its own paler bar


@dataclass
class Chart:
    spec: dict
    description: str                                 # the alt text
    rows: list[tuple[str, str, float]] = field(default_factory=list)  # (series, period, value)
    note: str = ""  # what the picture leaves out, shown under it to every reader (the alt text says it too)

    @cached_property
    def svg(self) -> str:
        return render_svg(self.spec)

    @property
    def size(self) -> tuple[int, int]:
        """The picture's own width and height, so an <img> keeps its proportions."""
        return _size(self.svg)

    @property
    def drawn_size(self) -> tuple[int, int] | None:
        """The size when the chart is drawn already (in the cache), else None: a page that shows the
        chart by its address reserves its space when it can, and never draws it itself."""
        return caches["charts"].get(_key("size", self.spec))  # a few bytes, not the picture


def _size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"', svg)
    return (int(m.group(1)), int(m.group(2))) if m else (WIDTH, HEIGHT)


def chart_locales() -> dict:
    danish = (get_language() or "da").startswith("da")
    return {"format_locale": "da-DK" if danish else "en-US", "time_format_locale": "da-DK" if danish else "en-US"}


def _key(kind: str, spec: dict) -> str:
    return drawn_keys(spec, (kind,))[kind]


def drawn_keys(spec: dict, kinds: tuple[str, ...]) -> dict[str, str]:
    """The cache keys of a chart by content (spec and language): "svg" and "size" always, each of `kinds`
    ("png", or "png-opaque", "size" …) if asked; the spec is serialised once for all of them."""
    digest = hashlib.sha256(f"{chart_locales()}{json.dumps(spec, sort_keys=True, ensure_ascii=False)}".encode())
    names = {"svg": "svg", "size": "size"} | {k: "png-opaque" if k == "png" else k for k in kinds}
    return {name: f"chart:{kind}:{digest.hexdigest()}" for name, kind in names.items()}


def _cached(key: str, make):
    """Rendered charts are cached by content (spec, language, kind): rendering costs 40–400 ms each."""
    cache = caches["charts"]
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, None)
    return found


def render_svg(spec: dict) -> str:
    keys = drawn_keys(spec, ())
    svg = _cached(keys["svg"], lambda: chart_drawing.svg(spec, chart_locales()))
    caches["charts"].add(keys["size"], _size(svg), None)  # for `drawn_size`, beside the picture
    return svg


def render_png(spec: dict) -> bytes:
    """A PNG at twice the size, for Word, from the (cached) SVG (chart_drawing.png)."""
    return _cached(drawn_keys(spec, ("png",))["png"], lambda: chart_drawing.png(render_svg(spec)))


def store_drawn(spec: dict, drawn: dict) -> None:
    """Keep what chart_drawing.draw made (in a worker process) where render_svg and render_png look."""
    keys, cache = drawn_keys(spec, ("png",) if "png" in drawn else ()), caches["charts"]
    cache.set(keys["svg"], drawn["svg"], None)
    cache.add(keys["size"], _size(drawn["svg"]), None)
    if "png" in drawn:
        cache.set(keys["png"], drawn["png"], None)


def _period_names(indicator) -> dict[date, str]:
    names = {m.period_end: m.period for m in indicator.measurements.all() if m.period_end}
    names.update({t.due_date: t.period for t in indicator.targets.all() if t.due_date and t.period})
    return names


def _label(when: date, names: dict[date, str]) -> str:
    return formatting.period(names[when]) if when in names else f"{when.day}.{when.month}.{when.year}"


def indicator_chart(indicator, result: IndicatorResult | None, *, public: bool = False,
                    compare: list[str] | None = None) -> Chart | None:
    """The chart for one indicator and its assessment, or None when there is nothing to draw. For the
    public, a distribution leaves out the periods whose shares a count below 5 makes private.
    `compare`: the groups a distribution is compared with, each as its own bar beside the total's in
    every period (a school, "Landsgennemsnit" …); by default the groups it is measured for, at most two."""
    if result is None:
        return None
    if result.kind == "numeric":
        return _numeric(indicator, result)
    if result.kind == "distribution":
        return _distribution(indicator, result, public, compare)
    return None


def _numeric(indicator, result: IndicatorResult) -> Chart | None:
    names = _period_names(indicator)
    rows: list[dict] = []
    lines: list[tuple[str, str, list[int]]] = []  # legend entry, colour, dash

    def add(line: str, colour: str, dash: list[int], points, mark: str):
        if not points:
            return
        if line not in [name for name, _c, _d in lines]:
            lines.append((line, colour, dash))
        rows.extend({"t": p.when.isoformat(), "v": round(p.value, 4), "line": line,
                     "mark": "start" if mark in ("target", "limit") and p == points[0] else mark,
                     "period": _label(p.when, names)} for p in points)

    own_baselines = _own_baselines(indicator)
    drawn, measured_groups = _groups_drawn(result, own_baselines)
    note = _groups_note(measured_groups)
    for i, s in enumerate(result.series[:1] + drawn):
        colour = SERIES_COLOURS[i]
        # A breakdown without a baseline of its own starts at its first measurement, not at the total's
        base = s.baseline if i == 0 or s.label in own_baselines else None
        measured = ([base] if base else []) + [p for p in s.points if not base or p.when > base.when]
        add(series_label(s.label) if len(result.series) > 1 else _("Measured"), colour, [], measured, "measured")
        if s.limit and (i == 0 or s.limit != result.series[0].limit):
            # A limit is a level to stay on the right side of, not a path: a horizontal line to its deadline.
            start = min([p.when for p in measured] + [s.limit.when])
            words = _("Limit: at most") if s.bound == "ceiling" else _("Limit: at least")
            name = words + (f" ({series_label(s.label)})" if i else "")
            add(name, TARGET_COLOUR if i == 0 else colour, [6, 4], [Point(start, s.limit.value), s.limit], "limit")
        elif len(s.path) > 1 and s.final and (i == 0 or s.path != result.series[0].path):
            name = _("Expected course") + (f" ({series_label(s.label)})" if i else "")
            add(name, TARGET_COLOUR if i == 0 else colour, [6, 4], s.path, "target")
    head = result.series[0] if result.series else None
    if result.glide and head and [p.value for p in result.glide] != [p.value for p in head.path[1:]]:
        # The glide path ("halved by 2030: 5 % a year") beside the stated targets, from the baseline
        add(_("Glide path"), GLIDE_COLOUR, [1, 3], ([head.baseline] if head.baseline else []) + result.glide, "glide")
    trend = result.trend
    if trend and trend.start and trend.forecast is not None and trend.forecast_when and \
            trend.forecast_when > trend.start.when:
        add(_("Forecast"), SERIES_COLOURS[0], [2, 3], [trend.start, Point(trend.forecast_when, trend.forecast)],
            "forecast")
    for j, ref in enumerate(indicator.references.all()):
        # Up to the date, as the measurements: a chart "as of" 2025 shows no national average of 2026
        pts = [Point(v.period_end, float(v.value)) for v in up_to(ref.values.all(), result.as_of) if v.period_end]
        add(ref.name, REFERENCE_COLOURS[j % len(REFERENCE_COLOURS)], [8, 3, 2, 3], pts, "reference")
    if not any(r["mark"] == "measured" for r in rows) and not any(r["mark"] == "target" for r in rows):
        return None
    domain = [name for name, _c, _d in lines]
    zero = starts_at_zero(indicator, [r["v"] for r in rows if r["mark"] in ("measured", "reference")])
    x = {"field": "t", "type": "temporal", "title": None, "scale": {"padding": 24},
         "axis": _time_axis(sorted({r["t"] for r in rows}))}
    y_title = indicator.unit or None
    if not zero:
        y_title = ((indicator.unit + " – ") if indicator.unit else "") + _("the axis does not start at 0")
    y = {"field": "v", "type": "quantitative", "title": y_title,
         "scale": {"zero": zero, "nice": True, "padding": 0 if zero else 14}}
    colour = {"field": "line", "type": "nominal", "title": None,
              "scale": {"domain": domain, "range": [c for _n, c, _d in lines]},
              "legend": {"orient": "bottom", "columns": 2, "symbolType": "stroke", "labelLimit": 260}}
    dash = {"field": "line", "type": "nominal", "scale": {"domain": domain, "range": [d for _n, _c, d in lines]},
            "legend": None}
    _thin_labels(rows)
    lone = {r["line"] for r in rows if r["mark"] == "reference"}
    lone = {name for name in lone if sum(1 for r in rows if r["line"] == name) == 1}
    for r in rows:  # a reference with one value is a labelled marker, not an unexplained square
        r["label"] = f'{r["line"]} {formatting.number(r["v"], reference_decimals(indicator))}' if r["line"] in lone else ""
    fmt = f",.{indicator.decimals}~f"
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": _numeric_description(indicator, result, note) + ("" if zero else " " + _(
            "The axis does not start at 0.")),
        "width": WIDTH, "height": HEIGHT, "data": {"values": rows},
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2}, "encoding": {"x": x, "y": y, "color": colour,
                                                                     "strokeDash": dash}},
            {"mark": {"type": "point", "filled": True, "size": 45},
             "transform": [{"filter": "datum.mark != 'forecast' && datum.mark != 'start' && datum.mark != 'limit'"
                                      " && datum.mark != 'glide'"}],
             "encoding": {"x": x, "y": y, "color": colour,
                          "shape": {"field": "mark", "legend": None,
                                    "scale": {"domain": ["measured", "target", "reference"],
                                              "range": ["circle", "diamond", "square"]}}}},
            # Labels: measured values above their points, targets and limits below and to the right, so
            # "71,7" and "75" in the same year do not collide
            *({"mark": {"type": "text", "fontSize": 10, **offset},
               "transform": [{"filter": f"datum.mark == '{mark}' && datum.shown"}],
               "encoding": {"x": x, "y": y, "color": colour, "text": {"field": "v", "format": fmt}}}
              for mark, offset in (("measured", {"dy": -9}), ("target", {"dx": 7, "align": "left", "dy": 12}),
                                   ("limit", {"dx": 7, "align": "left", "dy": 12}))),
            {"mark": {"type": "text", "fontSize": 10, "dx": 8, "dy": -10, "align": "left"},
             "transform": [{"filter": "datum.label != ''"}],
             "encoding": {"x": x, "y": y, "color": colour, "text": {"field": "label"}}},
        ],
        "config": {"font": "DejaVu Sans, Arial, sans-serif", "view": {"stroke": None}},
    }
    return Chart(spec, spec["description"], [(r["line"], r["period"], r["v"]) for r in rows], note)


def _thin_labels(rows: list[dict]) -> None:
    """Every row's `shown`: whether its value is written beside its point. Every measured value while
    no line has more than LABELLED_POINTS; beyond that only the first line's (the total's) latest, as
    the groups' latest values would be written over each other."""
    measured: dict[str, list[dict]] = {}
    for r in rows:
        r["shown"] = True
        if r["mark"] == "measured":
            measured.setdefault(r["line"], []).append(r)
    if measured and max(len(points) for points in measured.values()) > LABELLED_POINTS:
        first = next(iter(measured.values()))
        latest = max(first, key=lambda r: r["t"])
        for points in measured.values():
            for r in points:
                r["shown"] = r is latest


def starts_at_zero(indicator, values) -> bool:
    """Shares and counts are read against 0; a scale like a grade average (4,3 → 4,4) is not, and then
    the chart says so rather than making a small change look like a cliff."""
    if is_percent(indicator.unit) or indicator.kind == "distribution":
        return True
    return indicator.decimals == 0 and all(v >= 0 and float(v).is_integer() for v in values)


def _time_axis(dates: list[str]) -> dict:
    """Ticks at the data's own dates, so "2010" sits under the 2010 measurement (its period's end)."""
    step = max(1, -(-len(dates) // 8))
    yearly = all(d.endswith("-12-31") for d in dates)
    return {"values": [{"year": int(d[:4]), "month": int(d[5:7]), "date": int(d[8:10])} for d in dates[::step]],
            "format": "%Y" if yearly else "%b %Y", "labelAngle": 0, "grid": True}


def _own_baselines(indicator) -> set[str]:
    return {m.breakdown for m in indicator.measurements.all() if m.is_baseline and m.value is not None}


def _groups_drawn(result: IndicatorResult, own_baselines: set[str]) -> tuple[list, int]:
    """The groups drawn beside the total: the first CHART_GROUPS measured up to the date (a group with
    only a target, or measured only later, would take a colour and draw nothing), and how many are."""
    measured = [s for s in result.series[1:] if s.points or s.label in own_baselines]
    return measured[:CHART_GROUPS], len(measured)


def _numeric_description(indicator, result: IndicatorResult, note: str) -> str:
    head = result.series[0] if result.series else None

    def shown(value):  # with its unit and the decimals the table and the chart's labels show: "Mål 6,5 % i 2021"
        return formatting.with_unit(value, indicator.unit, indicator.decimals)

    parts = [_("Chart of %(name)s.") % {"name": indicator.name}]
    if head and head.baseline:
        parts.append(_("Baseline %(value)s.") % {"value": shown(head.baseline.value)})
    if head and head.points:
        parts.append(_("Latest measurement %(value)s.") % {"value": shown(head.points[-1].value)})
    target = tables.target_for(result, "", "")  # the table's target, in the table's words
    if target is not None and target.value is not None and target.when:
        parts.append(_("Target %(value)s in %(year)s.") % {
            "value": target_text(target, indicator.unit, indicator.decimals, with_due=False), "year": target.when.year})
    if note:
        parts.append(note)
    parts.append(_("The numbers are in the table below the chart."))
    return " ".join(parts)


def _groups_note(groups: int) -> str:
    """What a numeric chart of `groups` measured groups leaves out: those beyond CHART_GROUPS."""
    if groups <= CHART_GROUPS:
        return ""
    return _("The chart shows %(shown)s of the %(groups)s groups; the table of measurements shows them all.") % {
        "shown": CHART_GROUPS, "groups": groups}


def _level_colours(levels) -> list[str]:
    used = {k: 0 for k in POLARITY_COLOURS}
    out = []
    for lv in levels:
        if lv.colour:
            out.append(lv.colour)
            continue
        palette = POLARITY_COLOURS.get(lv.polarity, POLARITY_COLOURS["neutral"])
        out.append(palette[min(used.get(lv.polarity, 0), len(palette) - 1)])
        used[lv.polarity] = used.get(lv.polarity, 0) + 1
    return out


def comparison_shares(indicator, group: str, *, public: bool) -> dict[tuple[date, bool], dict[str, float]]:
    """A comparison group's shares per (period end, is baseline), by the same rules as the total's: counts
    become shares as the engine makes them, and the public sees no period with a count below 5."""
    codes = {lv.pk: lv.code for lv in indicator.scale.levels.all()}
    counts: dict[tuple[date, bool], dict[str, float]] = {}
    private = hides_small(indicator.kind, indicator.unit, public=public)
    for m in disclosed_rows(indicator.measurements.all(), hide=private):
        if m.breakdown == group and m.level_id in codes and m.value is not None and m.period_end:
            counts.setdefault((m.period_end, m.is_baseline), {})[codes[m.level_id]] = float(m.value)
    return {k: shares_of(v, indicator.unit) for k, v in sorted(counts.items())
            if not (private and not disclose(v).shares_shown)}


def _distribution(indicator, result: IndicatorResult, public: bool = False,
                  compare: list[str] | None = None) -> Chart | None:
    if not indicator.scale:
        return None
    levels = list(indicator.scale.levels.all())
    label_of = {lv.code: lv.label for lv in levels}
    names = _period_names(indicator)
    notes = []
    if compare is None:
        # The groups measured up to the date: one first measured later must not push out one shown then
        measured_groups = sorted({m.breakdown for m in indicator.measurements.all() if m.breakdown and m.level_id and (
            result.as_of is None or (m.period_end and m.period_end <= result.as_of))}, key=group_order)
        compare = measured_groups[:COMPARED_GROUPS]
        if len(measured_groups) > COMPARED_GROUPS:
            notes.append(_("The chart compares the total with %(shown)s of the %(groups)s groups; the table of "
                           "measurements shows them all.") % {"shown": COMPARED_GROUPS, "groups": len(measured_groups)})
    total = _("Total")
    periods = [(when, is_base, shares, total) for when, is_base, shares in result.shares
               if not (public and when in result.withheld)]  # a count below 5 could be revealed by the shares
    for group in compare:
        periods.extend((when, is_base, shares, group)
                       for (when, is_base), shares in comparison_shares(indicator, group, public=public).items()
                       if result.as_of is None or when <= result.as_of)
    rank = {g: i for i, g in enumerate([total] + list(compare))}
    rows = []
    for when, is_base, shares, group in sorted(periods, key=lambda p: (p[0], not p[1], rank[p[3]])):
        bar = (_("Baseline") + " " if is_base else "") + _label(when, names)
        rows.extend({"bar": bar, "level": label_of.get(code, code), "order": i, "v": round(shares[code], 2),
                     "group": group}
                    for i, code in enumerate(lv.code for lv in levels) if code in shares)
    targets = [(s.label, s.final) for s in result.series if s.final]
    if targets:
        bar = _("Target %(year)s") % {"year": max(f.when for _l, f in targets).year}
        order = {lv.label: i for i, lv in enumerate(levels)}
        rows.extend({"bar": bar, "level": label, "order": order.get(label, 0), "v": round(f.value, 2), "group": total}
                    for label, f in targets)
    if not rows:
        return None
    table = [(r["level"] if r["group"] == total else f'{r["level"]} ({r["group"]})', r["bar"], r["v"]) for r in rows]
    measured = sorted({when for when, is_base, _s, _g in periods if not is_base})
    shown = set(measured[-SHOWN_PERIODS:])
    dropped = {(_label(when, names)) for when in measured if when not in shown} - {
        _label(when, names) for when in shown}
    rows = [r for r in rows if r["bar"] not in dropped]
    bars = list(dict.fromkeys(r["bar"] for r in rows))
    groups = [total] + [g for g in compare if any(r["group"] == g for r in rows)]
    # A bar's name on two lines, its year under the rest ("4. kvartal" / "2024"), so ten bars' names fit
    wrap = ("indexof(datum.label, ' ') < 0 ? datum.label : [slice(datum.label, 0, lastindexof(datum.label, ' ')), "
            "slice(datum.label, lastindexof(datum.label, ' ') + 1)]")
    x = {"field": "bar", "type": "ordinal", "sort": bars, "title": None, "axis": {"labelAngle": 0, "labelExpr": wrap}}
    bar_encoding = {"y": {"field": "v0", "type": "quantitative", "title": "%"}, "y2": {"field": "v1"},
                    "color": {"field": "level", "type": "nominal", "title": None,
                              "scale": {"domain": [lv.label for lv in levels], "range": _level_colours(levels)},
                              "legend": {"orient": "bottom", "columns": 3, "labelLimit": 200}}}
    description = _("Distribution over %(scale)s for %(name)s per period, and the target.") % {
        "scale": indicator.scale.name, "name": indicator.name}
    if len(groups) > 1:
        # Each group its own bar in every period: the total solid, a comparison group paler, named in a legend
        x_offset = {"xOffset": {"field": "group", "type": "nominal", "sort": groups}}
        bar_encoding.update(x_offset)
        bar_encoding["opacity"] = {"field": "group", "type": "nominal", "title": None,
                                   "scale": {"domain": groups, "range": [1, 0.45, 0.25][:len(groups)]},
                                   "legend": {"orient": "bottom", "symbolType": "square", "labelLimit": 260}}
        description += " " + _("Compared with %(groups)s.") % {"groups": ", ".join(groups[1:])}
    else:
        x_offset = {}
    if dropped:
        notes.append(_("The chart shows the baseline and the latest %(count)s periods; the table has all %(all)s.") % {
            "count": len(shown), "all": len(measured)})
    note = " ".join(notes)
    if note:
        description += " " + note
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description + " " + _("The numbers are in the table below the chart."),
        "width": WIDTH, "height": HEIGHT, "data": {"values": rows},
        "transform": [
            {"stack": "v", "groupby": ["bar", "group"], "sort": [{"field": "order"}], "as": ["v0", "v1"],
             "offset": "zero"},
            {"calculate": "(datum.v0 + datum.v1) / 2", "as": "mid"},
        ],
        "encoding": {"x": x},
        "layer": [
            {"mark": {"type": "bar", "stroke": "white", "strokeWidth": 1}, "encoding": bar_encoding},
            {"mark": {"type": "text", "baseline": "middle", "fontSize": 10, "color": "#111"},
             "transform": [{"filter": "datum.v >= 4"}],
             "encoding": {"y": {"field": "mid", "type": "quantitative"}, "text": {"field": "v", "format": ".0f"},
                          **x_offset}},
        ],
        "config": {"font": "DejaVu Sans, Arial, sans-serif", "view": {"stroke": None}},
    }
    return Chart(spec, spec["description"], table, note)
