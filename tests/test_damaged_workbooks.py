"""A damaged .xlsx (a sheet's XML cut off, a control byte XML forbids, a part that is no XML at all) is
refused in Danish, naming the file and the sheet, by `pejling import` and by both upload pages; nothing
is written. openpyxl reads a sheet only as its rows are asked for, so the damage shows halfway."""

import io
import re
import zipfile

import pytest
from conftest import persona_client
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from pejling.interchange.exporter import strategy_export
from pejling.interchange.template import template_write
from pejling.plans.models import Strategy
from pejling.tracking.models import Measurement

RINGSTED = "ringsted-uddannelse-til-alle-unge"


def _measurements_xlsx() -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "Målinger"
    sheet.append(["Indikator", "Periode", "Værdi"])
    for year in range(2000, 2200):
        sheet.append(["r6-neet", str(year), 5.5])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _template_xlsx() -> bytes:
    return template_write(document=strategy_export(strategy=Strategy.objects.get(slug=RINGSTED)))


def _damage(data: bytes, part: str, how: str) -> bytes:
    """The workbook with one part damaged: cut in half, a raw ESC byte put in, or replaced by noise."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == part:
                middle = body.rindex(b"<c ", 0, len(body) // 2) if how == "escape" else 0
                body = {"cut": body[:len(body) // 2],
                        "escape": body[:middle] + b"<c r=\"A9\" t=\"inlineStr\"><is><t>\x1b</t></is></c>" + body[middle:],
                        "noise": b"\x00\xff not xml",
                        "not a sheet": b'<?xml version="1.0"?><foo><bar>1</bar></foo>'}[how]
            dst.writestr(item, body)
    return out.getvalue()


def _sheet_part(data: bytes, title: str) -> str:
    """The zip entry of a sheet by its title (workbook.xml's order is the worksheets' numbering)."""
    from openpyxl import load_workbook
    index = load_workbook(io.BytesIO(data), read_only=True).sheetnames.index(title)
    return f"xl/worksheets/sheet{index + 1}.xml"


def _neet_rows():
    return Measurement.objects.filter(indicator__strategy__slug=RINGSTED, indicator__key="r6-neet").count()


@pytest.mark.parametrize("how", ["cut", "escape"])
def test_a_damaged_measurements_workbook_is_refused_by_the_command(demo, tmp_path, how):
    before = _neet_rows()
    path = tmp_path / "maalinger.xlsx"
    path.write_bytes(_damage(_measurements_xlsx(), "xl/worksheets/sheet1.xml", how))
    with pytest.raises(CommandError) as refused:
        call_command("import_strategy", str(path), "--strategy", RINGSTED)
    assert "afvist, intet er skrevet" in str(refused.value)
    assert _neet_rows() == before


@pytest.mark.parametrize("how, why", [
    ("cut", "dens XML er i stykker i linje"), ("escape", "dens XML er i stykker i linje"),
    ("noise", "dens XML er i stykker i linje 1, kolonne 1"), ("not a sheet", "den er ikke et regneark")])
def test_a_damaged_template_is_refused_by_the_command_naming_the_sheet(demo, tmp_path, how, why):
    data = _template_xlsx()
    path = tmp_path / "skabelon.xlsx"
    path.write_bytes(_damage(data, _sheet_part(data, "Indikatorer"), how))
    with pytest.raises(CommandError) as refused:
        call_command("import_strategy", str(path))
    message = str(refused.value)
    assert "skabelon.xlsx: afvist, intet er skrevet" in message
    assert f"Ark Indikatorer: filen er beskadiget: {why}" in message
    assert "åbn filen i Excel, og gem den igen" in message


def test_a_measurements_sheet_that_is_no_worksheet_never_replaces_the_measurements(demo, tmp_path):
    """openpyxl reads a sheet part whose root is no worksheet as an empty sheet: with --replace that
    emptied the strategy's measurements (43 -> 0). It is refused before anything is read."""
    data = _template_xlsx()
    path = tmp_path / "skabelon.xlsx"
    path.write_bytes(_damage(data, _sheet_part(data, "Målinger"), "not a sheet"))
    before = Measurement.objects.filter(indicator__strategy__slug=RINGSTED).count()
    with pytest.raises(CommandError, match="Ark Målinger: filen er beskadiget: den er ikke et regneark"):
        call_command("import_strategy", str(path), "--replace")
    assert Measurement.objects.filter(indicator__strategy__slug=RINGSTED).count() == before > 0


def test_damage_outside_a_sheet_names_the_part_and_a_bad_checksum_is_said_in_danish(demo, tmp_path):
    data = _template_xlsx()
    path = tmp_path / "skabelon.xlsx"
    path.write_bytes(_damage(data, "xl/styles.xml", "cut"))
    with pytest.raises(CommandError, match=re.escape("ikke en Excel-projektmappe (.xlsx): filen er beskadiget: "
                                                     "delen xl/styles.xml: dens XML er i stykker i linje")):
        call_command("import_strategy", str(path))
    stored = io.BytesIO()  # uncompressed, so one byte of a sheet can be changed under its checksum
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
    raw = bytearray(stored.getvalue())
    at = raw.index(b"<worksheet")
    raw[at + 1] = ord("W")
    path.write_bytes(bytes(raw))
    with pytest.raises(CommandError) as refused:
        call_command("import_strategy", str(path))
    assert "filen er beskadiget: den kan ikke pakkes ud (zip-arkivet er beskadiget)" in str(refused.value)
    assert "CRC" not in str(refused.value)


@pytest.mark.parametrize("how", ["cut", "escape"])
def test_the_upload_pages_refuse_a_damaged_workbook_with_the_reason(demo, settings, tmp_path, how):
    settings.DATA_DIR = tmp_path
    client = persona_client("consultant")
    before = _neet_rows()
    broken = _damage(_measurements_xlsx(), "xl/worksheets/sheet1.xml", how)
    response = client.post(f"/s/{RINGSTED}/importer/maalinger/",
                           {"file": SimpleUploadedFile("maalinger.xlsx", broken)})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Ark Målinger: filen er beskadiget: dens XML er i stykker i linje" in page
    template = _template_xlsx()
    broken = _damage(template, _sheet_part(template, "Indikatorer"), how)
    response = client.post(f"/s/{RINGSTED}/importer/", {"file": SimpleUploadedFile("skabelon.xlsx", broken)})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Ark Indikatorer: filen er beskadiget" in page and "Filen blev afvist; intet er ændret" in page
    assert _neet_rows() == before
    assert not list((tmp_path / "uploads").iterdir())
