"""The report as one self-contained HTML page (styles and charts inside): for the web app, for
printing, and as WeasyPrint's input for the PDF."""

from django.template.loader import render_to_string

from pejling.texts.cells import xml_safe

from .chart_pool import charts_draw_ahead
from .content import report_charts


def report_html(doc: dict, *, back: str = "", downloads=(), notice: str = "", nonce: str = "",
                chart_kinds: tuple[str, ...] = ()) -> str:
    """`back` and `downloads` add a navigation line for the web app; `notice` e.g. what changed since;
    `chart_kinds` ("pdf"): what else of each chart to draw ahead beside its SVG."""
    doc = xml_safe(doc)
    charts_draw_ahead(report_charts(doc), kinds=chart_kinds)
    return render_to_string("reports/report.html", {"doc": doc, "back": back, "downloads": downloads,
                                                    "notice": notice, "nonce": nonce})
