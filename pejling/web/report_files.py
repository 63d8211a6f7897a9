"""The live committee report as the web app serves it, its files (PDF, Word, Excel) and its page, each
kept in the reports cache per strategy revision, date, filters and language, and made ahead of their
first download after a change (`pejling reports-ahead`, from cron).

A PDF of a national-sized strategy takes WeasyPrint seconds to lay out (bench: 5-14 s on two cores);
no reader should wait for it twice, and the committee's consultant need not wait at all: a download
of a strategy's report as of its own date, without filters, is remembered (reports.WantedReport:
format and language, for 30 days), and the job makes those files again after every change of the
strategy (or a new day), under the key the download reads. Nothing is made ahead that nobody has
downloaded. The page's links are relative, so a page made by the job serves under any path prefix."""

from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django.utils.translation import get_language

from pejling.plans.models import Strategy
from pejling.reports.chart_pool import charts_warmed
from pejling.reports.content import report_build
from pejling.reports.html import report_html
from pejling.reports.pdf import layout_warmed
from pejling.reports.render import FORMATS, report_render
from pejling.reports.selectors import reports_wanted
from pejling.reports.services import report_wanted_note, reports_wanted_forget

from .caching import report_file_cached, report_key

# The nonce's place in a kept page, filled per response: a NUL, which no text of a report can hold (xml_safe).
NONCE_SLOT = "\x00nonce\x00"
PAGE = "page"  # the live report's web page, kept beside the files
LABELS = {"html": "HTML", "pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


def live_file(*, strategy: Strategy, fmt: str, as_of: date, focus_areas=(), units=()) -> bytes:
    """A file of the live report (`fmt` one of FORMATS), from the reports cache or made and kept."""
    def make() -> bytes:
        with charts_warmed(f"{strategy.id}:{fmt}"), layout_warmed(fmt):
            return report_render(_build(strategy, as_of, focus_areas, units), fmt)
    return report_file_cached(strategy=strategy, fmt=fmt, parts=_parts(as_of, focus_areas, units), make=make)


def live_page(*, strategy: Strategy, as_of: date, focus_areas=(), units=()) -> bytes:
    """The live report's web page with NONCE_SLOT for the response's nonce. Its links are relative to its
    address (/s/<strategy>/rapport/) and carry its date and filters, so they download what it shows."""
    def make() -> bytes:
        query = "?" + urlencode([("as_of", as_of.isoformat())] + [("focus_area", c) for c in sorted(focus_areas)]
                                + [("unit", u) for u in sorted(units)])
        with charts_warmed(f"{strategy.id}:{PAGE}"):
            return report_html(_build(strategy, as_of, focus_areas, units), back="../",
                               downloads=download_links("../rapport", query), nonce=NONCE_SLOT).encode()
    return report_file_cached(strategy=strategy, fmt=PAGE, parts=_parts(as_of, focus_areas, units), make=make)


def download_links(base: str, query: str) -> list[dict]:
    """A report page's links to its files: `base` the page's address without its last slash."""
    return [{"url": f"{base}.{fmt}{query}", "label": translation.gettext("Download as %(format)s") % {
        "format": LABELS[fmt]}} for fmt in FORMATS if fmt != "html"]


def _parts(as_of: date, focus_areas, units) -> tuple:
    """What besides the strategy's revision, the format and the language tells one kept report from another."""
    return (as_of.isoformat(), sorted(focus_areas), sorted(units))


def _build(strategy, as_of, focus_areas, units) -> dict:
    return report_build(strategy=strategy, as_of=as_of, focus_areas=list(focus_areas) or None,
                        units=list(units) or None)


# -- made ahead ----------------------------------------------------------------------------------------
def wanted_note(*, strategy: Strategy, fmt: str, today: date) -> None:
    """Remember that the report (`fmt`: a format or PAGE) was downloaded as of the strategy's own date,
    without filters, in the reader's language: the job makes it again after a change."""
    report_wanted_note(strategy=strategy, fmt=fmt, language=get_language() or settings.LANGUAGE_CODE, today=today)


class Busy(Exception):
    """Another run of the job holds its lock."""


@contextmanager
def _only_run():
    folder = Path(settings.DATA_DIR) / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "reports-ahead.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy from None
        yield  # the lock goes with the file, however the run ends


def reports_ahead(*, today: date, slugs=(), max_seconds: float | None = None, log=None) -> list[dict]:
    """Make the wanted report files and pages that the reports cache lacks (a changed strategy, a new day),
    for `slugs` or every strategy; starts no new one after `max_seconds` (but always the first). Returns
    what it made: {strategy, format, language, seconds}. Raises Busy when another run is under way."""
    made, start = [], time.monotonic()
    with _only_run():
        reports_wanted_forget(today=today)
        wanted = reports_wanted(today=today)
        strategies = Strategy.objects.select_related("organisation").filter(id__in=wanted).order_by("id")
        if slugs:
            strategies = strategies.filter(slug__in=slugs)
        for strategy in strategies:
            as_of = strategy.default_as_of(today)
            for fmt, language in wanted[strategy.id]:
                if made and max_seconds is not None and time.monotonic() - start > max_seconds:
                    return made  # the first always begins: a run that makes nothing would never end the queue
                with translation.override(language):
                    if caches["reports"].has_key(report_key(strategy=strategy, fmt=fmt,
                                                            parts=_parts(as_of, (), ()))):
                        continue
                    begin = time.perf_counter()
                    if fmt == PAGE:
                        live_page(strategy=strategy, as_of=as_of)
                    else:
                        live_file(strategy=strategy, fmt=fmt, as_of=as_of)
                row = {"strategy": strategy.slug, "format": fmt, "language": language,
                       "seconds": time.perf_counter() - begin}
                made.append(row)
                if log:
                    log(row)
    return made
