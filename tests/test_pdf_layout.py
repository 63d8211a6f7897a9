"""The PDF laid out in a process of its own: the same pages and words as laid out in the report's own
process, which then never runs WeasyPrint's layout; a process that fails leaves the layout to it."""

import io
import logging
import subprocess
import sys
from datetime import date

import pytest
from pypdf import PdfReader

from pejling.plans.models import Strategy
from pejling.reports import pdf, pdf_layout
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


@pytest.mark.parametrize("failure", ["exit", "timeout", "no pdf", "no start"])
def test_a_failing_layout_process_is_logged_and_the_pdf_laid_out_here(doc, settings, monkeypatch, caplog,
                                                                      laid_out_here, failure):
    settings.PEJLING_PDF_APART = True
    scripts = {"exit": "import sys; sys.stderr.write('MemoryError: out of memory'); sys.exit(1)",
               "no pdf": "import sys; sys.stdin.buffer.read(); print('Traceback'); sys.stderr.write('MemoryError: out of memory')",
               "timeout": "import time; time.sleep(30)"}
    monkeypatch.setattr(pdf_layout, "TIMEOUT", 1)

    def started():
        if failure == "no start":
            return None
        return subprocess.Popen([sys.executable, "-c", scripts[failure]], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    monkeypatch.setattr(pdf_layout, "layout_started", started)
    monkeypatch.setattr(pdf, "layout_started", started)
    with caplog.at_level(logging.WARNING, logger="pejling.reports.pdf_layout"):
        data = report_render(doc, "pdf")
    assert laid_out_here == [1] and data.startswith(b"%PDF") and "Uddannelse til alle unge" in pages(data)[0]
    if failure != "no start":
        assert "laying it out here" in caplog.text
        assert ("MemoryError: out of memory" in caplog.text) == (failure in ("exit", "no pdf"))


def test_the_layout_process_starts_before_the_report_is_built_and_an_unused_one_is_stopped(doc, settings,
                                                                                          monkeypatch):
    """Its start (0.5 s of importing WeasyPrint) overlaps the report's build: the process layout_warmed
    starts is the one that lays out the PDF, and one not used (the report failed) does not linger."""
    settings.PEJLING_PDF_APART = True
    procs = []
    real = pdf_layout.layout_started
    monkeypatch.setattr(pdf, "layout_started", lambda: procs.append(real()) or procs[-1])
    with pdf.layout_warmed("pdf"):
        assert len(procs) == 1 and procs[0].poll() is None  # started, waiting for its report
        data = report_render(doc, "pdf")
    assert len(procs) == 1 and procs[0].returncode == 0 and "Uddannelse til alle unge" in pages(data)[0]
    with pdf.layout_warmed("docx"):
        pass
    assert len(procs) == 1  # only a PDF starts one
    with pytest.raises(RuntimeError), pdf.layout_warmed("pdf"):
        raise RuntimeError("the report could not be built")
    assert len(procs) == 2 and procs[1].returncode is not None  # stopped


def test_a_very_long_word_gets_places_to_break_and_nothing_else_changes():
    """WeasyPrint's line breaking of one long word grows with the square of its length: a helper's
    report with 110 words of 5,000 letters took 310 s (a web worker killed). The text keeps every
    letter; tags, attributes, entities and styles are left alone."""
    from pejling.reports.pdf import breakable
    word = "x" * 130
    html = f'<style>a{{b:{"c" * 100}}}</style><p title="{"y" * 100}">{word} &amp;{"z" * 70}</p>'
    out = breakable(html)
    assert out.replace("\u200b", "") == html
    assert f'<style>a{{b:{"c" * 100}}}</style><p title="{"y" * 100}">' in out and "&amp;" in out
    assert out.count("\u200b") == 3  # after 60 and 120 x, after 60 z
    assert breakable(out) == out  # a second pass adds nothing


@pytest.mark.django_db
def test_a_5000_letter_word_in_a_table_and_in_the_text_is_in_the_pdf(demo):
    doc = report_build(strategy=Strategy.objects.get(slug="ringsted-uddannelse-til-alle-unge"),
                       as_of=date(2021, 12, 31))
    doc["overview"][0]["method"] = "q" * 5000  # letters no Danish report holds: counted, as the lines of
    doc["overview"][1]["targets"] = "w" * 5000  # cells side by side are read interleaved
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report_render(doc, "pdf"))).pages)
    assert text.count("q") == 5000 and text.count("w") >= 5000
