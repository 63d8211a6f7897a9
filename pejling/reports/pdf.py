"""The report as PDF: WeasyPrint renders the HTML report, with tagged headings and tables
(pdf_tags), page numbers, repeated table headers and the charts as vector graphics (drawn by
vl-convert and put in place by pdf_charts), laid out in a process of its own (pdf_layout)."""

import re

from django.conf import settings

from .html import report_html
from .pdf_charts import chart_pdf, chart_svgs, pdf_key
from .pdf_layout import layout, layout_apart

# WeasyPrint's line breaking of one very long word grows with the square of its length (five cells
# holding a 5,000-letter word: 4.4 s; a report with 110 of them: 310 s, past any web timeout); a
# zero-width space every 60 letters gives it places to break, and the text reads the same
_LONG_RUN = re.compile(r"[^\s<>&\u200b]{60}(?=[^\s<>&\u200b])")
_TEXT = re.compile(r"(<style\b.*?</style>)|>([^<]+)<", re.S)


def breakable(html: str) -> str:
    """The page's text (not its tags, attributes, entities or styles) with a break opportunity in every
    run of more than 60 letters."""
    def text(m):
        if m.group(1):
            return m.group(1)
        return ">" + _LONG_RUN.sub("\\g<0>\u200b", m.group(2)) + "<"
    return _TEXT.sub(text, html)


def report_pdf(doc: dict) -> bytes:
    html = breakable(report_html(doc, chart_kinds=("pdf",)))  # every chart's PDF drawn ahead, into the chart cache
    pdfs = {pdf_key(svg): chart_pdf(svg) for svg in chart_svgs(html)}
    return layout_apart(html, pdfs) if settings.PEJLING_PDF_APART else layout(html, pdfs)
