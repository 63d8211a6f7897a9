"""`pejling import FILE` as scripts use it: each kind of file reaches its reader, and the result is the one
a person would check (the value stored, "Intet at ændre", exit status)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from pejling.interchange.exporter import strategy_export
from pejling.interchange.template import template_write
from pejling.plans.models import Strategy
from pejling.tracking.models import Measurement
from tests.measurements_fixtures import SLUG, make_strategy, write_csv

RINGSTED = "ringsted-uddannelse-til-alle-unge"


def test_a_measurements_file_goes_through_the_bulk_path(db, tmp_path, capsys):
    make_strategy()
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "nov. 2020", "1.234,0"]])
    call_command("import_strategy", str(path), strategy=SLUG, dry_run=True)
    assert not Measurement.objects.filter(indicator__key="bt-antal", period="2020-11").exists()
    call_command("import_strategy", str(path), strategy=SLUG)
    assert Measurement.objects.get(indicator__key="bt-antal", period="2020-11").value == 1234


def test_a_bad_measurements_file_exits_with_its_problem_and_changes_nothing(db, tmp_path, capsys):
    make_strategy()
    before = Measurement.objects.count()
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "7,2%", "3"]])
    with pytest.raises(CommandError, match="afvist, intet er skrevet"):
        call_command("import_strategy", str(path), strategy=SLUG)
    assert "kolonne Periode" in capsys.readouterr().err
    assert Measurement.objects.count() == before


def test_a_filled_template_uploaded_unchanged_changes_nothing_and_a_changed_number_is_written(db, tmp_path, capsys):
    import io

    import openpyxl
    path = tmp_path / "ringsted.xlsx"
    path.write_bytes(template_write(document=strategy_export(strategy=Strategy.objects.get(slug=RINGSTED))))
    call_command("import_strategy", str(path), dry_run=True)
    assert "Intet at ændre." in capsys.readouterr().out

    wb = openpyxl.load_workbook(path)
    ws = wb["Målinger"]
    headers = [str(c.value or "").rstrip(" *") for c in ws[1]]
    col = {h: headers.index(h) + 1 for h in ("Indikator (nøgle)", "Periode", "Baseline", "Niveau (kode)", "Værdi")}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Baseline"]).value != "ja"
               and not ws.cell(r, col["Niveau (kode)"]).value and isinstance(ws.cell(r, col["Værdi"]).value, (int, float)))
    key, period = ws.cell(row, col["Indikator (nøgle)"]).value, str(ws.cell(row, col["Periode"]).value)
    ws.cell(row, col["Værdi"]).value = "6,8 %"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    call_command("import_strategy", str(path))
    out = capsys.readouterr().out
    assert "~ ændret" in out and "6,8" in out
    assert Measurement.objects.get(indicator__strategy__slug=RINGSTED, indicator__key=key, period=period,
                                   breakdown="", is_baseline=False, level=None).value == Decimal("6.8")
