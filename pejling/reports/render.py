"""One entry point for every report format: the CLI, the web downloads and the bench use it."""

from pejling.texts.cells import xml_safe

from .docx import report_docx
from .html import report_html
from .pdf import report_pdf
from .xlsx import report_xlsx

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def report_render(doc: dict, fmt: str, *, template: str | None = None) -> bytes:
    # Whatever was typed or stored, every format can hold it: report_html (and so the PDF) cleans the
    # document itself; Word and Excel get it cleaned here.
    if fmt == "html":
        return report_html(doc).encode()
    if fmt == "pdf":
        return report_pdf(doc)
    if fmt == "docx":
        return report_docx(xml_safe(doc), template)
    if fmt == "xlsx":
        return report_xlsx(xml_safe(doc))
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
