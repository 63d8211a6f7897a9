"""The report as PDF: WeasyPrint renders the HTML report, with tagged headings and tables
(pdf_tags), page numbers, repeated table headers and the charts as vector graphics (drawn by
vl-convert and put in place by pdf_charts), laid out in a process of its own (pdf_layout)."""

import re
import threading
from contextlib import contextmanager

from django.conf import settings

from .html import report_html
from .pdf_charts import chart_pdf, chart_svgs, pdf_key
from .pdf_layout import layout, layout_apart, layout_started, layout_stopped

# WeasyPrint's line breaking of one very long word grows with the square of its length (five cells
# holding a 5,000-letter word: 4.4 s; a report with 110 of them: 310 s, past any web timeout); a
# zero-width space every 60 letters gives it places to break, and the text reads the same
_LONG_RUN = re.compile(r"[^\s<>&\u200b]{60}(?=[^\s<>&\u200b])")
_TEXT = re.compile(r"(<style\b.*?</style>)|>([^<]+)<", re.S)
_warm = threading.local()  # .proc: the layout process layout_warmed started for the PDF this thread makes


def breakable(html: str) -> str:
    """The page's text (not its tags, attributes, entities or styles) with a break opportunity in every
    run of more than 60 letters."""
    def text(m):
        if m.group(1):
            return m.group(1)
        return ">" + _LONG_RUN.sub("\\g<0>\u200b", m.group(2)) + "<"
    return _TEXT.sub(text, html)


@contextmanager
def layout_warmed(fmt: str):
    """While a PDF report is built (its status and its document, before report_pdf), its layout process
    started beside it, so that the process's start overlaps the build instead of following it. One not
    used after all is stopped when the block ends."""
    if fmt != "pdf" or not settings.PEJLING_PDF_APART or getattr(_warm, "proc", None) is not None:
        yield
        return
    proc = _warm.proc = layout_started()
    try:
        yield
    finally:
        _warm.proc = None
        layout_stopped(proc)


def report_pdf(doc: dict) -> bytes:
    if not settings.PEJLING_PDF_APART:
        return layout(*_laid_out_from(doc))
    started, _warm.proc = getattr(_warm, "proc", None), None  # started by layout_warmed: used once
    started = started or layout_started()  # else now, while the HTML below is made
    try:
        html, pdfs = _laid_out_from(doc)
    except BaseException:
        layout_stopped(started)
        raise
    return layout_apart(html, pdfs, started)


def _laid_out_from(doc: dict) -> tuple[str, dict[str, bytes]]:
    """What the layout is handed: the report's HTML, every chart's PDF drawn ahead into the chart cache."""
    html = breakable(report_html(doc, chart_kinds=("pdf",)))
    return html, {pdf_key(svg): chart_pdf(svg) for svg in chart_svgs(html)}
