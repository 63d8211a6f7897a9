"""The assessment engine's reasons, rules and targets in the reader's language.

The engine returns codes with numbers (assessment/reasons.py); this is the one place that turns
them into sentences. Message ids are English; the Danish catalogue holds the Danish sentences.
"""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from pejling.assessment.colours import Colour, MilestoneState
from pejling.assessment.goals import ResolvedGoal
from pejling.assessment.reasons import Code, Reason, Rule
from pejling.assessment.rules import Rules
from pejling.assessment.values import is_percent

from .formatting import number, period, with_unit


def _day(iso: str | None) -> str:
    return formats.date_format(date.fromisoformat(iso)) if iso else _("no deadline")


def _gap(share: float) -> str:
    return f"{round(share * 100)} %"


_SENTENCES: dict[str | None, dict] = {}


def _sentences() -> dict:
    """Sentences per code in the active language (made once per language: a status has thousands)."""
    language = get_language()
    if language not in _SENTENCES:
        _SENTENCES[language] = _sentences_now()
    return _SENTENCES[language]


def _sentences_now() -> dict:
    """Sentences per code; a tuple is (ceiling, floor) for limits."""
    return {
        Code.NO_TARGET: _("No target with a value"),
        Code.GROUP_NO_BASELINE: _("The target is a change from the baseline, and this group has no baseline of its "
                                  "own: give it one to assess it"),
        Code.GROUP_PART_OF_TOTAL: _("The target is for the total, and this group's count is a part of it: give the "
                                    "group a target of its own to assess it"),
        Code.GROUP_VALUES_UNSTATED: _("The target is for the total: say on the indicator whether its groups' numbers "
                                      "are counts (parts of the total) or shares, rates or averages (comparable with "
                                      "it) to assess the group"),
        Code.NO_MEASUREMENT: _("No measurement after the baseline yet"),
        Code.NO_DATED_BASELINE: _("No dated baseline: assessed at the deadline only"),
        Code.UNKNOWN_DIRECTION: _("Unknown direction: say whether a rise or a fall is good"),
        Code.ON_TRACK: _("On or ahead of the expected course (%(expected)s expected)"),
        Code.BEHIND: _("%(gap)s behind the expected course (%(expected)s expected)"),
        Code.BEHIND_NO_SPAN: _("Behind the target (%(expected)s expected)"),
        Code.LIMIT_KEPT: (_("%(value)s, within the limit of at most %(limit)s"),
                          _("%(value)s, within the limit of at least %(limit)s")),
        Code.LIMIT_BROKEN: (_("%(value)s is above the limit of at most %(limit)s (deadline %(due)s)"),
                            _("%(value)s is below the limit of at least %(limit)s (deadline %(due)s)")),
        Code.LIMIT_BROKEN_AT_DUE: (_("%(value)s is above the limit of at most %(limit)s at the deadline %(due)s"),
                                   _("%(value)s is below the limit of at least %(limit)s at the deadline %(due)s")),
        Code.MILESTONE_DONE: _("Completed"),
        Code.MILESTONE_NUMBER_REACHED: _("%(value)s of %(target)s: reached"),
        Code.MILESTONE_NUMBER_AHEAD: _("%(value)s of %(target)s: on or ahead of the straight line to the deadline "
                                       "%(due)s (%(expected)s expected by now)"),
        Code.MILESTONE_NUMBER_BEHIND: _("%(value)s of %(target)s: behind the straight line to the deadline %(due)s "
                                        "(%(expected)s expected by now)"),
        Code.MILESTONE_NUMBER_SHORT: _("%(value)s of %(target)s at the deadline %(due)s: not reached"),
        Code.MILESTONE_ON_THE_WAY: _("On the way; the deadline %(due)s has not been reached"),
        Code.MILESTONE_NOT_STARTED: _("Not started; not expected yet (deadline %(due)s)"),
        Code.MILESTONE_NOT_DONE_LATE: _("Not done, and more than half the time to the deadline %(due)s has passed"),
        Code.MILESTONE_NOT_DUE: _("No status yet; not expected yet (deadline %(due)s)"),
        Code.MILESTONE_NOT_DONE_AT_DUE: _("Not completed by the deadline %(due)s"),
        Code.MILESTONE_NO_STATUS_AT_DUE: _("No status by the deadline %(due)s"),
        Code.QUALITATIVE: _("Qualitative goal: assessed by a person"),
        Code.NOTHING: _("Nothing to assess"),
        Code.NO_EFFECT: _("No effect: the %(n)s latest measurements (%(shown)s) are no better than the baseline "
                          "(%(base)s). The initiative must change (principle 4)."),
        Code.STALE: _("latest measurement %(period)s – out of date (updated %(frequency)s)"),
        Code.FORECAST_NEEDS_TWO: _("No forecast: it needs at least two measurements after the baseline"),
        Code.FORECAST_CLAMPED: _("The straight line leaves what is possible; the forecast is held at %(limit)s"),
    }


def colour_label(c: Colour) -> str:
    return {Colour.GREEN: _("Green"), Colour.YELLOW: _("Yellow"), Colour.RED: _("Red"),
            Colour.NONE: _("Not assessed")}[Colour(c)]


def colour_meaning(c: Colour) -> str:
    """Holstebro's colour code, the reference for every kind of goal."""
    return {Colour.GREEN: _("implemented as planned"), Colour.YELLOW: _("risk of not being implemented as planned"),
            Colour.RED: _("not implemented as planned"), Colour.NONE: _("not yet expected")}[Colour(c)]


def milestone_label(state: str) -> str:
    return {MilestoneState.DONE: _("Done"), MilestoneState.ON_THE_WAY: _("On the way"),
            MilestoneState.NOT_DONE: _("Not done")}.get(state, state)


def frequency_label(frequency: str) -> str:
    return {"yearly": _("yearly"), "half_yearly": _("half-yearly"), "quarterly": _("quarterly"),
            "monthly": _("monthly"), "once": _("once")}.get(frequency or "yearly", frequency)


def say(r: Reason | None, *, unit: str = "", decimals=None, exact: bool = True) -> str:
    """A reason as a sentence. Measured and stated values are shown as they are (`exact`); computed ones
    (what the trajectory expected, a forecast) with the indicator's decimals. Distribution shares are
    computed from counts, so `exact=False` rounds them too."""
    if r is None:
        return ""
    p = r.params
    unit, decimals = p.get("unit", unit), p.get("decimals", decimals)
    measured = None if exact else decimals

    def shown(v, places=measured):
        return with_unit(v, unit, places)

    args = {key: shown(p[key]) for key in ("value", "target", "limit") if key in p}
    if "expected" in p:
        args["expected"] = shown(p["expected"], decimals)
    if r.code.startswith("milestone_number") and "value" in p and not is_percent(unit):
        args["value"] = number(p["value"], measured)  # "20 af 50 frivillige": the unit once
    if "gap" in p:
        args["gap"] = _gap(p["gap"])
    if "due" in p:
        args["due"] = _day(p["due"])
    if r.code == Code.NO_EFFECT:
        args = {"n": p["n"], "shown": ", ".join(f"{period(pe) or '?'}: {shown(v)}" for pe, v in p["shown"]),
                "base": f"{period(p['base_period']) or _('undated')}: {shown(p['base_value'])}"}
    if r.code == Code.STALE:
        args = {"period": period(p["period"]) or _("undated"), "frequency": frequency_label(p["frequency"])}
    text = _sentences()[r.code]
    if isinstance(text, tuple):
        text = text[0] if p.get("bound") == "ceiling" else text[1]
    return text % args if args else text


def series_label(label: str) -> str:
    """A series is the total (no label), a breakdown ("Nydanske") or a scale level, named by the data."""
    return label or pgettext("series", "Total")


def rule_text(rule: Rule) -> str:
    return {
        Rule.TRAJECTORY: _("Compared with the expected course from the baseline through the interim targets to the "
                           "target"),
        Rule.LIMIT: _("A limit: inside it is green; outside it is yellow before the deadline and red from the "
                      "deadline on"),
        Rule.MILESTONE: _("A milestone: done is green, not done at the deadline is red; before the deadline a number "
                          "is compared with the straight line from the start, and “No” after half the time is yellow"),
        Rule.DISTRIBUTION: _("Each category's share compared with its target; the worst decides"),
        Rule.QUALITATIVE: _("Judged by a person"),
        Rule.MANUAL: _("A person's assessment: it overrides the computed colour for its own period and the next"),
        Rule.NONE: _("Nothing to assess"),
    }[rule]


def rules_text(rules: Rules) -> str:
    return _("Green: at most %(green)s %% behind the expected course; yellow: at most %(yellow)s %%; red: more. "
             "The percentage is of the distance from baseline to target.") % {
        "green": round(rules.green_max_gap * 100), "yellow": round(rules.yellow_max_gap * 100)}


def legend_rules() -> list[dict]:
    """Every rule with its explanation: the report's legend."""
    return [{"rule": r.value, "text": rule_text(r)} for r in Rule if r != Rule.NONE]


def _change_words(g: ResolvedGoal, unit: str, decimals) -> str:
    change = g.goal.change
    amount = number(abs(change), decimals)
    if g.goal.change_unit == "percent":
        amount = f"{amount} %"
    elif is_percent(unit):
        amount = _("%(n)s percentage points") % {"n": amount}
    elif unit:
        amount = f"{amount} {unit}"
    words = _("a rise of %(amount)s") if change > 0 else _("a fall of %(amount)s")
    words = words % {"amount": amount}
    if g.baseline is not None:
        words = _("%(change)s from %(baseline)s") % {"change": words, "baseline": with_unit(g.baseline, unit, decimals)}
    return words


def target_text(g: ResolvedGoal, unit: str, decimals=None, *, with_due: bool = True) -> str:
    """A target as shown everywhere: the resolved value, a limit's "at most / at least", the words
    as stated for a relative target ("93,75 % (stigning på 25 pct. fra 75 %)"), and its due period."""
    unit = "%" if g.goal.level else unit
    if g.value is None:
        text = g.goal.text or (_change_words(g, unit, decimals) if g.goal.change is not None else "")
    else:
        # A stated value as stated; a resolved change exactly enough to read ("93,75"), never more
        text = with_unit(g.value, unit, int(decimals or 0) + 2 if g.relative else None)
        if g.goal.bound == "ceiling":
            text = _("at most %(value)s") % {"value": text}
        elif g.goal.bound == "floor":
            text = _("at least %(value)s") % {"value": text}
        if g.relative:
            text += f" ({g.goal.text or _change_words(g, unit, decimals)})"
    if with_due and g.goal.period:
        text += f" ({period(g.goal.period)})"
    return text


def unit_of(result) -> str:
    """The unit a result's numbers are in: a distribution's series are shares of its categories."""
    return "%" if result.kind == "distribution" else result.unit


def decimals_of(result) -> int:
    """Shares of a distribution's categories get one decimal; other values the indicator's own."""
    return 1 if result.kind == "distribution" else result.decimals


def reference_decimals(indicator) -> int:
    """A reference series (the national average) is shown with at least one decimal, as published:
    "87,4 %" beside the municipality's "87 %" (the report's table and its chart's label alike)."""
    return max(indicator.decimals, 1)


def withheld_text() -> str:
    return _("The shares are not shown: a count below 5 could point out a child.")


def explain(result, series=None, *, public: bool = False) -> str:
    """Why an indicator (or one of its series) has its colour, with the indicator's unit and decimals.
    For the public, nothing computed from the shares of a period with a count below 5."""
    if public and result.withheld_now:
        return withheld_text()
    r = series.reason if series is not None else result.reason
    return say(r, unit=unit_of(result), decimals=decimals_of(result), exact=result.kind != "distribution")


def latest_and_target(result, *, public: bool = False) -> str:
    """An overview's "latest / target" from the series that decided the colour: "71,7 % / 75 %",
    "3,2 % / højst 5,1 %", or "– / 75 %" before the first measurement."""
    head = result.decisive
    if head is None or head.final is None or (public and result.withheld_now):
        return ""
    unit = unit_of(result)
    places = 1 if result.kind == "distribution" else None  # shares are computed; values as measured or stated
    latest = with_unit(head.latest.value, unit, places) if head.latest else "–"
    target = with_unit(head.final.value, unit, places)
    if head.bound == "ceiling":
        target = _("at most %(value)s") % {"value": target}
    elif head.bound == "floor":
        target = _("at least %(value)s") % {"value": target}
    return f"{latest} / {target}"


def closed_note(n: int) -> str:
    """Why the colour counts add up to fewer initiatives than are listed."""
    if not n:
        return ""
    return ngettext("%(n)s closed initiative is shown but not counted.",
                    "%(n)s closed initiatives are shown but not counted.", n) % {"n": n}
