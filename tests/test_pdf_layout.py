"""The PDF laid out in a process of its own: the same pages and words as laid out in the report's own
process, which then never runs WeasyPrint's layout; a process that fails leaves the layout to it."""

import io
import logging
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from pejling.plans.models import Strategy
from pejling.reports import pdf_layout
from pejling.reports.content import report_build
from pejling.reports.render import report_render


@pytest.fixture
def doc(demo):
    return report_build(strategy=Strategy.objects.get(slug="ringsted-uddannelse-til-alle-unge"),
                        as_of=date(2020, 12, 31))


def pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture
def laid_out_here(monkeypatch):
    """Counts the layouts this process makes from then on (the layout process's are not counted)."""
    calls = []
    real = pdf_layout.HTML
    monkeypatch.setattr(pdf_layout, "HTML", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_the_layout_process_makes_the_pdf_this_process_would_make(doc, settings, laid_out_here):
    settings.PEJLING_PDF_APART = True
    apart = report_render(doc, "pdf")
    assert laid_out_here == []
    settings.PEJLING_PDF_APART = False
    here = report_render(doc, "pdf")
    assert laid_out_here == [1]
    assert pages(apart) == pages(here) and len(pages(apart)) > 3
    assert "Uddannelse til alle unge" in pages(apart)[0]
    assert PdfReader(io.BytesIO(apart)).trailer["/Root"]["/MarkInfo"]["/Marked"]  # still tagged


@pytest.mark.parametrize("failure", ["exit", "timeout", "no pdf"])
def test_a_failing_layout_process_is_logged_and_the_pdf_laid_out_here(doc, settings, monkeypatch, caplog,
                                                                      laid_out_here, failure):
    settings.PEJLING_PDF_APART = True

    def run(args, **kw):
        if failure == "timeout":
            raise subprocess.TimeoutExpired(args, pdf_layout.TIMEOUT)
        return subprocess.CompletedProcess(args, 1 if failure == "exit" else 0, stdout=b"" if failure == "exit"
                                           else b"Traceback", stderr=b"MemoryError: out of memory")
    monkeypatch.setattr(pdf_layout.subprocess, "run", run)
    with caplog.at_level(logging.WARNING, logger="pejling.reports.pdf_layout"):
        data = report_render(doc, "pdf")
    assert laid_out_here == [1] and data.startswith(b"%PDF") and "Uddannelse til alle unge" in pages(data)[0]
    said = caplog.text
    assert "laying it out here" in said
    assert ("MemoryError: out of memory" in said) == (failure != "timeout")
