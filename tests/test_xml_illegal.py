"""U+FFFE, U+FFFF and lone surrogates: no XML file (Word, Excel, a tagged PDF) can hold them. A status
note holding one broke the committee's Word and Excel reports and the Excel template (a 500), and a
strategy document holding one gave a traceback. They are refused or dropped at the door, and a text
stored before that rule is written without them."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from pejling.assessment.limits import TEXT, clean_text
from pejling.plans.models import Strategy
from pejling.reports.content import report_build
from pejling.reports.render import report_render
from pejling.tracking.models import Measurement

RINGSTED = "ringsted-uddannelse-til-alle-unge"
BAD = ["\ufffe", "\uffff", "\ud800", "\udfff"]


@pytest.mark.parametrize("char", BAD)
def test_a_one_line_field_refuses_them_and_a_text_drops_them(char):
    cleaned, problem = clean_text(f"Skole{char} 1")
    assert problem is not None and problem.code == "control"
    cleaned, problem = clean_text(f"målt{char} i\nmaj", TEXT)
    assert problem is None and cleaned == "målt i\nmaj"


@pytest.mark.django_db
def test_a_strategy_document_holding_one_is_refused_with_its_place(tmp_path):
    document = {"format": "pejling-strategy", "version": 1,
                "organisation": {"slug": "surr-kommune", "name": "Surr Kommune", "units": [{"name": "Center"}]},
                "strategy": {"slug": "surr", "title": "Titel \ud800 x", "initiatives": []}}
    path = tmp_path / "surr.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # json writes the surrogate as \ud800
    with pytest.raises(CommandError) as refused:
        call_command("import_strategy", str(path), "--dry-run")
    assert "strategy.title: indeholder et kontroltegn (U+D800)" in str(refused.value)
    assert not Strategy.objects.filter(slug="surr").exists()


@pytest.mark.django_db
def test_reports_and_the_template_are_written_without_a_stored_one(demo, tmp_path):
    """A comment stored before the rule (written here past the services, as an old row would be)."""
    m = Measurement.objects.filter(indicator__strategy__slug=RINGSTED, is_baseline=False).order_by("id").first()
    Measurement.objects.filter(pk=m.pk).update(comment="før\ufffe efter\uffff slut")
    doc = report_build(strategy=Strategy.objects.get(slug=RINGSTED), as_of=date(2026, 12, 1))
    words = Document(io.BytesIO(report_render(doc, "docx")))
    text = "\n".join(c.text for t in words.tables for row in t.rows for c in row.cells) + \
        "\n".join(p.text for p in words.paragraphs)
    book = load_workbook(io.BytesIO(report_render(doc, "xlsx")), read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert "før efter slut" in cells
    assert "\ufffe" not in text and not any("\ufffe" in c or "\uffff" in c for c in cells)
    out = tmp_path / "skabelon.xlsx"
    call_command("strategy_template", RINGSTED, "-o", str(out))
    assert load_workbook(out, read_only=True).worksheets
