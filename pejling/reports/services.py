"""Publishing a report: build it once and store it as it is; later corrections never change it."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import formats
from django.utils.translation import get_language

from pejling.plans.models import Strategy

from .content import report_build
from .models import Audience, PublishedReport, WantedReport


@transaction.atomic
def report_publish(*, strategy: Strategy, as_of: date, audience: str, note: str = "", user=None,
                   focus_areas=None, units=None) -> PublishedReport:
    if audience not in Audience.values:
        raise ValueError(f"unknown audience {audience!r}")
    doc = report_build(strategy=strategy, as_of=as_of, focus_areas=focus_areas, units=units,
                       public=audience == Audience.PUBLIC)
    report = PublishedReport(strategy=strategy, strategy_slug=strategy.slug, title=doc["title"], as_of=as_of,
                             audience=audience, note=note.strip(), language=get_language() or "da", content=doc,
                             published_by=user if user and user.is_authenticated else None)
    report.save()
    doc["published"] = {"at": report.published_at.isoformat(), "audience": str(Audience(audience).label),
                        "at_label": formats.date_format(report.published_at), "note": report.note}
    report.content = doc
    report.save(update_fields=["content"])
    return report


def report_wanted_note(*, strategy: Strategy, fmt: str, language: str, today: date) -> None:
    """Remember that the live report in `fmt` and `language` was downloaded today (one write a day at
    most; two downloads at once make one row, the database's constraint deciding)."""
    if WantedReport.objects.filter(strategy=strategy, fmt=fmt, language=language, last_asked=today).exists():
        return
    WantedReport.objects.update_or_create(strategy=strategy, fmt=fmt, language=language,
                                          defaults={"last_asked": today})


def reports_wanted_forget(*, today: date) -> int:
    """Forget the reports nobody downloaded in the last WANTED_DAYS; returns how many."""
    since = today - timedelta(days=WantedReport.WANTED_DAYS)
    return WantedReport.objects.filter(last_asked__lt=since).delete()[0]
