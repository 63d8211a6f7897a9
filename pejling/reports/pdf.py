"""The report as PDF: WeasyPrint renders the HTML report, with tagged headings and tables
(pdf_tags), page numbers, repeated table headers and the charts as vector graphics."""

from weasyprint import HTML

from .html import report_html


def report_pdf(doc: dict) -> bytes:
    return HTML(string=report_html(doc)).write_pdf(pdf_tags=True)
