"""A long strategy's results tables fit the page: ten years of columns are split into tables of at most
six years (tables.year_parts), the baseline in the first, the target in the last, in every format."""

import io
import re
from datetime import date

import pytest
from docx import Document
from lxml import html as lxml_html
from pypdf import PdfReader

from pejling.demo.generator import Size, generate
from pejling.plans.models import Strategy
from pejling.reports.content import report_build
from pejling.reports.html import report_html
from pejling.reports.render import report_render
from pejling.reports.tables import YEARS_PER_TABLE

AS_OF = date(2026, 11, 30)


@pytest.fixture
def long_report(db):
    generate(size=Size(organisations=1, strategies_per_org=1, initiatives_per_strategy=1,
                       indicators_per_initiative=2, years=10, breakdowns=1), seed=3, prefix="lang")
    return report_build(strategy=Strategy.objects.get(slug="lang-001-strategi-1"), as_of=AS_OF)


def _parts(tables):
    """Each table as (caption, header cells, rows of cells)."""
    return [(caption, rows[0], rows[1:]) for caption, rows in tables]


def _check(parts, years):
    (first_caption, first, first_rows), (last_caption, last, last_rows) = parts
    assert first[:2] == ["Indikator", "Baseline (år)"] and "Mål" not in first
    assert last[0] == "Indikator" and last[-1] == "Mål" and "Baseline (år)" not in last
    shown = first[2:] + last[1:-1]
    assert shown == years and max(len(first[2:]), len(last[1:-1])) <= YEARS_PER_TABLE
    assert first_caption.endswith(f"{years[0]}–{first[-1]}") and last_caption.endswith(f"{last[1]}–{years[-1]}")
    assert [r[0] for r in first_rows] == [r[0] for r in last_rows]  # every indicator's row in each part
    return dict(zip(first + last, first_rows[0] + last_rows[0], strict=True))


def test_ten_years_of_results_are_two_tables_that_fit_the_page_in_html_word_and_pdf(long_report):
    years = [str(y) for y in long_report["focus_areas"][0]["initiatives"][0]["years"]]
    assert len(years) == 10

    page = lxml_html.fromstring(report_html(long_report))
    tables = [(t.findtext("caption") or "", [[c.text_content().strip() for c in tr] for tr in t.iter("tr")])
              for t in page.iter("table") if "results" in t.get("class", "")]
    cells = _check(_parts(tables[:2]), years)
    assert cells["Mål"] and cells[years[-1]]  # the target and the newest year in the same row, in its part

    word = Document(io.BytesIO(report_render(long_report, "docx")))
    captions = [p.text for p in word.paragraphs if re.search(r"\d{4}–\d{4}$", p.text)]
    word_tables = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    results = [t for t in word_tables if t[0][0] == "Indikator"]
    assert _check(_parts(list(zip(captions[:2], results[:2], strict=True))), years) == cells

    pdf = PdfReader(io.BytesIO(report_render(long_report, "pdf")))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert f"Indikator Baseline (år) {' '.join(years[:5])} " in text  # each year whole, not "20" over "17"
