"""The report as PDF: WeasyPrint renders the HTML report, with tagged headings and tables
(pdf_tags), page numbers, repeated table headers and the charts as vector graphics (drawn by
vl-convert and put in place by pdf_charts), laid out in a process of its own (pdf_layout)."""

from django.conf import settings

from .html import report_html
from .pdf_charts import chart_pdf, chart_svgs, pdf_key
from .pdf_layout import layout, layout_apart


def report_pdf(doc: dict) -> bytes:
    html = report_html(doc, chart_kinds=("pdf",))  # every chart's PDF drawn ahead, into the chart cache
    pdfs = {pdf_key(svg): chart_pdf(svg) for svg in chart_svgs(html)}
    return layout_apart(html, pdfs) if settings.PEJLING_PDF_APART else layout(html, pdfs)
