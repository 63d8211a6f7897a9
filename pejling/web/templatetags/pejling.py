"""Danish display of Pejling's values: 7,2 %, november 2021."""

from django import template

from pejling.assessment.periods import up_to as _up_to
from pejling.texts import formatting, reasons
from pejling.web import display, rows
from pejling.web.display import visible_progress

register = template.Library()


@register.filter
def period(text):
    return formatting.period(text)


@register.filter
def reason(r):
    """An engine reason or alert (a code with numbers) as a sentence in the reader's language."""
    return reasons.say(r)


@register.simple_tag(takes_context=True)
def explain(context, result, series=None):
    """Why an indicator result (or one of its series) has its colour; for anonymous readers without
    anything computed from shares that a count below 5 makes private."""
    return reasons.explain(result, series, public=context.get("public", True))


@register.filter
def rule_text(rule):
    return reasons.rule_text(rule)


@register.filter
def rules_text(rules):
    return reasons.rules_text(rules)


@register.simple_tag(takes_context=True)
def progress(context, result):
    return visible_progress(result, context.get("public", True))


@register.simple_tag(takes_context=True)
def latest_and_target(context, result):
    return reasons.latest_and_target(result, public=context.get("public", True))


@register.filter
def series_label(label):
    return reasons.series_label(label)


@register.filter
def target_text(goal, result):
    """A resolved target as shown everywhere: "93,75 % (stigning på 25 pct. fra 75 %) (2013)"."""
    return reasons.target_text(goal, result.unit, result.decimals)


@register.filter
def value_of(value, result):
    """A number of this result in its unit and decimals."""
    return formatting.with_unit(value, reasons.unit_of(result), result.decimals)


@register.filter
def number(value, decimals=None):
    """Danish number: comma decimal separator, dot thousands, trailing zeros dropped."""
    return formatting.number(value, decimals)


@register.filter
def with_unit(value, unit):
    return formatting.with_unit(value, unit)


@register.simple_tag(takes_context=True)
def measurement_rows(context, indicator):
    """The rows of an indicator's table of measurements, with entry links for those who may enter data."""
    strategy, request = context.get("strategy"), context.get("request")
    asked = request.GET.get("alle", "") if request is not None else ""
    query = request.GET.copy() if request is not None else None
    if query is not None:
        query["alle"] = indicator.key
    return rows.measurement_rows(indicator, public=context.get("public", True), may_enter=bool(context.get("may_enter")),
                                 may_edit=bool(context.get("may_edit")), slug=strategy.slug if strategy else "",
                                 as_of=context.get("shown_until"), all_rows=asked == indicator.key,
                                 all_url=f"?{query.urlencode()}#ind-{indicator.key}" if query is not None else "")


@register.filter
def up_to(rows, as_of):
    """Reference values and status notes known on the page's asked-for date (pages.shown_until)."""
    return _up_to(rows, as_of)


@register.simple_tag(takes_context=True)
def initiative_rows(context, rows_, shows_progress):
    """The rows of a strategy overview's table of initiatives."""
    return rows.initiative_rows(rows_, slug=context["strategy"].slug, raw_as_of=context.get("raw_as_of", ""),
                                shows_progress=shows_progress, public=context.get("public", True))


@register.simple_tag(takes_context=True)
def goal_items(context, goals):
    """A list of effect goals with their colours."""
    return rows.goal_items(goals, slug=context["strategy"].slug, raw_as_of=context.get("raw_as_of", ""),
                           public=context.get("public", True))


@register.simple_tag
def counts(summary):
    """A roll-up's colour counts in words."""
    return display.counts(summary)


@register.simple_tag
def organisation_total_rows(totals):
    """The rows of the national front page's table of municipalities."""
    return rows.organisation_total_rows(totals)


@register.simple_tag
def chart_rows(chart_table):
    return rows.chart_rows(chart_table)


@register.filter
def closed_note(n):
    return reasons.closed_note(n)
