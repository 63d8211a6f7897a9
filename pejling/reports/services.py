"""Publishing a report: build it once and store it as it is; later corrections never change it."""

from datetime import date

from django.db import transaction
from django.utils import formats
from django.utils.translation import get_language

from pejling.plans.models import Strategy

from .content import report_build
from .models import Audience, PublishedReport


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
