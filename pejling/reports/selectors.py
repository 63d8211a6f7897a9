"""Reads of published reports, and what has changed in the data since one was published."""

from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pejling.plans.models import Indicator
from pejling.tracking.models import Measurement

from .models import Audience, PublishedReport, WantedReport


def published_list(*, strategy_slug: str, public_only: bool):
    reports = PublishedReport.objects.filter(strategy_slug=strategy_slug).defer("content")
    return reports.filter(audience=Audience.PUBLIC) if public_only else reports


def changes_since(report: PublishedReport) -> str:
    """E.g. "3 measurements corrected since the committee meeting 12 March 2020", or "" when none."""
    if report.strategy_id is None:
        return ""
    indicators = Indicator.objects.filter(strategy_id=report.strategy_id).values("id")
    history = Measurement.history.filter(indicator_id__in=indicators, history_date__gt=report.published_at)
    counts = {kind: history.filter(history_type=kind).values("id").distinct().count() for kind in "+~-"}
    parts = []
    if counts["~"]:
        parts.append(ngettext("%(n)s measurement corrected", "%(n)s measurements corrected", counts["~"])
                     % {"n": counts["~"]})
    if counts["+"]:
        parts.append(ngettext("%(n)s measurement added", "%(n)s measurements added", counts["+"]) % {"n": counts["+"]})
    if counts["-"]:
        parts.append(ngettext("%(n)s measurement deleted", "%(n)s measurements deleted", counts["-"])
                     % {"n": counts["-"]})
    if not parts:
        return ""
    since = report.note or formats.date_format(report.published_at)
    return _("%(changes)s since %(since)s") % {"changes": ", ".join(parts), "since": since}


def reports_wanted(*, today: date) -> dict[int, list[tuple[str, str]]]:
    """Strategy id -> the (format, language) of its live report downloaded in the last WANTED_DAYS,
    the most recently downloaded first: one query."""
    since = today - timedelta(days=WantedReport.WANTED_DAYS)
    out: dict[int, list[tuple[str, str]]] = {}
    for strategy_id, fmt, language in (WantedReport.objects.filter(last_asked__gte=since)
                                       .order_by("strategy_id", "-last_asked", "fmt", "language")
                                       .values_list("strategy_id", "fmt", "language")):
        out.setdefault(strategy_id, []).append((fmt, language))
    return out
