"""The report at scale: building its content costs the same queries whatever the number of
initiatives, indicators, years and groups, and every chart in the PDF is drawn (as vector graphics,
its words and numbers in the text), none left as the blank placeholder the layout used."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from pejling.demo.generator import Size, generate
from pejling.plans.models import Strategy
from pejling.reports.content import report_build, report_charts
from pejling.reports.render import report_render
from pejling.tracking import status_cache

SMALL = Size(organisations=1, strategies_per_org=1, initiatives_per_strategy=2, indicators_per_initiative=3,
             years=2, breakdowns=1)
LARGER = Size(organisations=1, strategies_per_org=1, initiatives_per_strategy=5, indicators_per_initiative=4,
              years=5, breakdowns=2)


def _build(slug):
    status_cache.clear()
    strategy = Strategy.objects.get(slug=slug)
    with CaptureQueriesContext(connection) as ctx:
        doc = report_build(strategy=strategy, as_of=strategy.default_as_of(timezone.localdate()))
    return doc, len(ctx.captured_queries)


@pytest.mark.django_db
def test_building_the_report_costs_the_same_queries_for_a_small_and_a_larger_strategy():
    generate(size=SMALL, seed=3, prefix="ra")
    generate(size=LARGER, seed=3, prefix="rb")
    small, small_queries = _build("ra-001-strategi-1")
    large, large_queries = _build("rb-001-strategi-1")
    assert len(large["measurements"]) > 4 * len(small["measurements"]) > 0
    assert len(large["overview"]) == 5 and len(small["overview"]) == 2
    assert large_queries == small_queries
    # ... and the Excel report still holds every one of them, one row each under the header
    sheet = load_workbook(io.BytesIO(report_render(large, "xlsx")), read_only=True)["Målinger"]
    assert sum(1 for _row in sheet.iter_rows()) == 1 + len(large["measurements"])


def test_every_chart_in_the_pdf_is_drawn_with_its_words(holstebro_files):
    reader = PdfReader(io.BytesIO(holstebro_files["pdf"]))
    drawn, images = set(), 0
    for page in reader.pages:
        for obj in page["/Resources"].get_object().get("/XObject", {}).values():
            obj = obj.get_object()
            if obj["/Subtype"] == "/Image":
                images += 1  # a placeholder left blank
            elif "/Matrix" in obj and "/Font" in obj["/Resources"]:
                drawn.add(obj.indirect_reference.idnum)
    assert images == 0
    assert len(drawn) == len(report_charts(holstebro_files["doc"])) > 10
    text = "\n".join(page.extract_text() for page in reader.pages)
    # the distribution chart's bar under the baseline (its name on two lines) and its legend: words only
    # the chart has
    assert re.search(r"Baseline\s+2010", text) and "Har skiftet uddannelse" in text
