"""The report as one self-contained HTML page (styles and charts inside): for the web app, for
printing, and as WeasyPrint's input for the PDF."""

from django.template.loader import render_to_string

from pejling.texts.cells import xml_safe


def report_html(doc: dict, *, back: str = "", downloads=(), notice: str = "", nonce: str = "") -> str:
    """`back` and `downloads` add a navigation line for the web app; `notice` e.g. what changed since."""
    return render_to_string("reports/report.html", {"doc": xml_safe(doc), "back": back, "downloads": downloads,
                                                    "notice": notice, "nonce": nonce})
