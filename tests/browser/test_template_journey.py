"""A consultant downloads the filled Excel template, changes a number in it, uploads it, sees the
preview, confirms, and finds the new number on the initiative page (issue 11)."""

import io

import openpyxl

from pejling.interchange.exporter import strategy_export
from pejling.interchange.template import template_write
from pejling.plans.models import Indicator, Strategy

from .conftest import axe_violations, log_in

RINGSTED = "ringsted-uddannelse-til-alle-unge"


def _changed_template(tmp_path):
    """The filled template with one measured value of an initiative's indicator changed to 6,8 %."""
    wb = openpyxl.load_workbook(io.BytesIO(template_write(
        document=strategy_export(strategy=Strategy.objects.get(slug=RINGSTED)))))
    ws = wb["Målinger"]
    headers = [str(c.value or "").rstrip(" *") for c in ws[1]]
    col = {h: headers.index(h) + 1 for h in ("Indikator (nøgle)", "Periode", "Baseline", "Niveau (kode)", "Værdi")}
    keys = set(Indicator.objects.filter(strategy__slug=RINGSTED, initiative__isnull=False, unit="%")
               .values_list("key", flat=True))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Indikator (nøgle)"]).value in keys
               and ws.cell(r, col["Baseline"]).value != "ja" and not ws.cell(r, col["Niveau (kode)"]).value
               and isinstance(ws.cell(r, col["Værdi"]).value, (int, float)) and ws.cell(r, col["Værdi"]).value != 6.8)
    key = ws.cell(row, col["Indikator (nøgle)"]).value
    ws.cell(row, col["Værdi"]).value = "6,8 %"
    path = tmp_path / "ringsted-skabelon.xlsx"
    wb.save(path)
    return path, Indicator.objects.get(strategy__slug=RINGSTED, key=key).initiative.code.lstrip("#")


def test_a_consultant_uploads_a_filled_template_and_finds_the_new_number(site, page, shot, tmp_path):
    path, code = _changed_template(tmp_path)
    page.goto(f"{site}/konto/log-ind/?next=/s/{RINGSTED}/i/{code}/")
    log_in(page, "ringsted-konsulent")
    assert "6,8 %" not in page.locator("main").inner_text()
    page.goto(f"{site}/s/{RINGSTED}/")
    page.get_by_role("link", name="Importér", exact=True).click()
    page.get_by_label("Fil").set_input_files(str(path))
    page.get_by_role("button", name="Læs filen og vis en forhåndsvisning").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Forhåndsvisning af importen"
    changed = page.locator("table.import-changed")
    assert changed.count() == 1, changed.all_inner_texts()[:4]
    assert "6,8" in changed.inner_text()
    assert axe_violations(page) == []
    shot(page, "template-import-preview")

    page.get_by_role("button", name="Gennemfør import").click()
    assert "Importeret: 0 nye, 1 ændrede." in page.locator("#messages").inner_text()
    page.goto(f"{site}/s/{RINGSTED}/i/{code}/")
    assert "6,8 %" in page.locator("main").inner_text()
