"""The report as PDF: WeasyPrint renders the HTML report, with tagged headings and tables
(pdf_tags), page numbers, repeated table headers and the charts as vector graphics (drawn by
vl-convert and put in place by pdf_charts)."""

from weasyprint import HTML

from .html import report_html
from .pdf_charts import Placeholders


def report_pdf(doc: dict) -> bytes:
    charts = Placeholders()
    return HTML(string=report_html(doc, chart_kinds=("pdf",)), url_fetcher=charts).write_pdf(
        pdf_tags=True, finisher=charts.finish)
