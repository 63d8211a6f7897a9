"""Which filters a live report may have: the strategy's focus areas (by code) and its organisation's
units (by name). The CLI and the web app refuse any other with the same words."""

from django.utils.translation import gettext as _

from pejling.plans.models import Strategy
from pejling.texts.formatting import quoted_input


def report_filter_problem(strategy: Strategy, focus_areas, units) -> str:
    """Why the report cannot be limited to `focus_areas` and `units`, or "" when it can."""
    codes = {fa.code for fa in strategy.focus_areas.all()}
    if unknown := sorted(set(focus_areas) - codes):
        return _("no focus area %(codes)s in %(strategy)s (known: %(known)s)") % {
            "codes": _shown(unknown), "strategy": strategy.slug, "known": ", ".join(sorted(codes))}
    names = set(strategy.organisation.units.values_list("name", flat=True))
    if unknown := sorted(set(units) - names):
        return _("no unit %(units)s in %(organisation)s (known: %(known)s)") % {
            "units": _shown(unknown), "organisation": strategy.organisation.name, "known": ", ".join(sorted(names))}
    return ""


def _shown(values: list[str]) -> str:
    """What was typed, as an error repeats it: each value cut short, control characters visible, at most 5."""
    return ", ".join(quoted_input(v) for v in values[:5]) + (", …" if len(values) > 5 else "")
