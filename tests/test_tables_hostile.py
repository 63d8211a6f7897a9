"""Project tables as an attacker or a tired consultant writes them: every problem refused with its
place in Danish, nothing half read; huge, deep, compressed and formula-shaped input refused or made
harmless before it costs anything."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.test import override_settings

from pejling.interchange.documents import ImportRefused
from pejling.interchange.tables import project_table_read, project_table_reading
from pejling.interchange.tables.accept import with_candidates
from pejling.interchange.validation import check_document
from pejling.plans.models import Organisation

HEADER = "Projekt\tStatus\tMålemetode\tMål og måltal\tDeltagende centre\n"


def read(path):
    return project_table_read(path, organisation="tabel-angreb", strategy="tabel-angreb", source=path.name)


def refused(path) -> list[str]:
    with pytest.raises(ImportRefused) as exc:
        read(path)
    return exc.value.errors


def table(tmp_path, body: str, name="t.tsv", header=HEADER, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((header + body).encode(encoding))
    return path


# -- headers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("header", [
    "PROJEKT\tStatus\tMålemetode\tMål/måltal\tDeltagende  centre\n",
    " projekt \t status:\tmålemetode\tMål & måltal\tdeltagende centre\n",
    "Projektoversigt 2019-2021\n\nProjekt\tStatus\tMålemetode\tMål og måltal\tDeltagende centre\n",
])
def test_headers_are_recognised_however_they_are_written(db, tmp_path, header):
    doc = read(table(tmp_path, "#1 Et projekt\tstart\tmåling\t7,2 % i 2021\tSkolecenter\n", header=header))
    [ini] = doc["strategy"]["initiatives"]
    assert (ini["code"], ini["title"], ini["challenges"], ini["monitoring"], ini["purpose"]) == (
        "#1", "Et projekt", "start", "måling", "7,2 % i 2021")
    assert ini["units"] == [{"unit": "Skolecenter"}]


def test_a_table_without_the_header_is_refused_naming_the_columns_it_has(db, tmp_path):
    [error] = refused(table(tmp_path, "1\t2\n", header="Navn\tBeløb\tDato\n"))
    assert "ingen overskriftsrække til en projekttabel" in error
    assert "Projekt, Status, Målemetode, Mål og måltal, Deltagende centre" in error
    assert "»Navn«, »Beløb«, »Dato«" in error


# -- encodings and delimiters ----------------------------------------------------------------------
def test_semicolons_a_bom_and_windows_1252_are_read_and_said(db, tmp_path):
    body = "#1 Børn i trivsel;Før;Tælling;Færre;Børnecenter\n"
    path = table(tmp_path, body, name="t.csv", header=HEADER.replace("\t", ";"), encoding="cp1252")
    reading = project_table_reading(path, organisation="tabel-angreb", strategy="tabel-angreb", source="t.csv")
    assert reading.document["strategy"]["initiatives"][0]["title"] == "Børn i trivsel"
    assert reading.notices[0].startswith("Filen er ikke UTF-8")
    assert "Windows-1252" in reading.notices[0]
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + body.replace(";", "\t")).encode("utf-8"))
    assert read(path)["strategy"]["initiatives"][0]["units"] == [{"unit": "Børnecenter"}]
    path.write_bytes((HEADER + body.replace(";", "\t")).encode("utf-16"))  # Excel's "Unicode text"
    assert read(path)["strategy"]["initiatives"][0]["title"] == "Børn i trivsel"


# -- every problem at once, with its place ---------------------------------------------------------
def test_every_problem_is_listed_with_row_and_column_and_nothing_is_returned(db, tmp_path):
    body = ("#1 Godt projekt\tok\t\t\tSkolecenter\n"
            "Et projekt uden nummer\tx\t\t\t\n"
            "#1 Samme kode igen\t\t\t\t\n"
            "#4 Titel med klokke\x07\tx\t\t\t\n"
            "#5 " + "Lang titel " * 30 + "\t\t\t\t\n"
            "#6 NUL\tfør\x00efter\t\t\t\n")
    errors = refused(table(tmp_path, body))
    assert errors == [
        "Række 3, kolonne Projekt: »Et projekt uden nummer« begynder ikke med et projektnummer (fx #1, #9a eller 2.3)",
        "Række 4, kolonne Projekt: #1 står også i række 2",
        "Række 5, kolonne Projekt: indeholder et kontroltegn (U+0007), som ikke må stå i et felt på én linje",
        "Række 6, kolonne Projekt: er 332 tegn lang; højst 200 tegn kan stå i alle rapporter",
        "Række 7, kolonne Status: indeholder et NUL-tegn (\\0), som ingen rapport eller eksport kan rumme",
    ]
    assert not Organisation.objects.filter(slug="tabel-angreb").exists()


def test_codes_are_normalised_as_the_rest_of_pejling_writes_them(db, tmp_path):
    body = "# 9A Med mellemrum\tx\t\t\t\n#１０ Bredt ciffer\tx\t\t\t\n2.3 Holstebro-nummer\tx\t\t\t\n"
    doc = read(table(tmp_path, body))
    assert [i["code"] for i in doc["strategy"]["initiatives"]] == ["#9a", "#10", "2.3"]


def test_a_formula_is_a_text_and_control_characters_in_long_texts_are_dropped(db, tmp_path):
    body = "#1 Projekt\t=cmd|' /C calc'!A0\tlinje\x0bmed lodret tabulator\t+1+1\t@SUM(A1)\n"
    doc = read(table(tmp_path, body))
    ini = doc["strategy"]["initiatives"][0]
    assert ini["challenges"] == "=cmd|' /C calc'!A0"  # kept as the consultant's text; reports neutralise it
    assert ini["monitoring"] == "linjemed lodret tabulator"
    assert ini["units"] == [{"unit": "@SUM(A1)"}]
    assert check_document(with_candidates(doc))[1] == []
    [error] = refused(table(tmp_path, "=cmd|' /C calc'!A0\tx\t\t\t\n"))
    assert error.startswith("Række 2, kolonne Projekt: »=cmd|' /C calc'!A0« begynder ikke med et projektnummer")


# -- size, rows, depth, zip bombs ------------------------------------------------------------------
def test_a_cell_too_long_for_the_csv_reader_is_refused_in_danish(db, tmp_path):
    path = table(tmp_path, "Ungeindsats\tI gang\t" + "m" * 200_000 + "\tMål\tCenter\n")
    assert refused(path) == ["linje 2: ikke en læsbar tabel (en celle har mere end 131.072 tegn)"]


def test_a_50_mb_table_is_refused_by_its_size_before_it_is_read(db, tmp_path):
    path = tmp_path / "stor.tsv"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: the size is what is judged
    [error] = refused(path)
    assert error == "filen fylder 50,0 MB; der kan højst importeres 10,0 MB"


def test_100000_rows_are_refused_by_the_row_cap(db, tmp_path):
    body = "".join(f"#{n} Projekt {n}\tx\t\t\t\n" for n in range(100_000))
    [error] = refused(table(tmp_path, body))
    assert error == "mere end 1.000 rækker; en projekttabel har langt færre (er det den rigtige fil?)"


def test_html_nested_deeper_than_any_table_is_refused_without_a_traceback(db, tmp_path):
    path = tmp_path / "dyb.html"
    path.write_text("<table><tr><th>Projekt</th><th>Status</th></tr><tr><td>#1 X</td><td>"
                    + "<div>" * 100_000 + "dybt" + "</div>" * 100_000 + "</td></tr></table>", encoding="utf-8")
    [error] = refused(path)
    assert "niveauer inden i hinanden" in error


def test_html_entities_and_scripts_are_not_expanded_or_run(db, tmp_path):
    path = tmp_path / "side.html"
    path.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><script>alert(1)</script>'
                    "<table><tr><th>Projekt</th><th>Status</th></tr>"
                    "<tr><td>#1 R&amp;D &e;</td><td>a<script>alert(2)</script><!-- skjult -->b</td></tr></table>",
                    encoding="utf-8")
    [ini] = read(path)["strategy"]["initiatives"]
    assert "root:" not in str(ini) and "alert" not in str(ini) and "skjult" not in str(ini)
    assert ini["title"].startswith("R&D")


def test_a_docx_zip_bomb_is_refused_by_its_declared_size(db, tmp_path):
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (3 * 1024 * 1024))
    with override_settings(IMPORT_MAX_EXPANDED_BYTES=1024 * 1024):
        [error] = refused(path)
    assert error == "Word-filen fylder 3,0 MB udpakket; højst 1,0 MB (en zip-bombe?)"
    assert path.stat().st_size < 20_000  # a small file that would unpack large


def test_a_file_called_docx_that_is_no_word_file_is_refused(db, tmp_path):
    path = tmp_path / "falsk.docx"
    path.write_text("Projekt\tStatus\n", encoding="utf-8")
    assert refused(path) == ["ikke en Word-fil (.docx): filen er ikke et zip-arkiv"]


def _docx_with_nesting(depth: int) -> bytes:
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "Projekt", "Status"
    outer.cell(1, 0).text = "#1 Indlejret"
    cell = outer.cell(1, 1)
    cell.paragraphs[0].text = "Ydre tekst"
    for level in range(depth):
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = f"niveau {level + 1}"
        cell = inner.cell(0, 1)
    cell.paragraphs[0].text = "inderst"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_table_inside_a_cell_becomes_text_and_too_deep_nesting_is_refused(db, tmp_path):
    path = tmp_path / "indlejret.docx"
    path.write_bytes(_docx_with_nesting(2))
    [ini] = read(path)["strategy"]["initiatives"]
    assert ini["challenges"] == "Ydre tekst\nniveau 1 niveau 2 inderst"
    path.write_bytes(_docx_with_nesting(80))
    [error] = refused(path)
    assert error == "tabel 1, række 2: tabellerne i cellen ligger mere end 64 niveauer inden i hinanden"


def test_an_unknown_format_and_bad_slugs_are_refused(db, tmp_path):
    path = tmp_path / "t.pdf"
    path.write_bytes(b"%PDF")
    assert refused(path) == ["».pdf« er ikke et tabelformat, Pejling kan læse (brug .tsv, .csv, .html eller .docx)"]
    with pytest.raises(ImportRefused) as exc:
        project_table_read(table(tmp_path, "#1 X\tx\t\t\t\n"), organisation="Ringsted Kommune", strategy="",
                           source="t.tsv")
    assert [e.split(":")[0] for e in exc.value.errors] == ["--organisation", "--strategy"]


# -- tables as offices lay them out ----------------------------------------------------------------
def test_a_word_file_with_a_cover_table_and_the_table_split_over_two_pages(db, tmp_path):
    document = docx.Document()
    cover = document.add_table(rows=1, cols=2)
    cover.cell(0, 0).text, cover.cell(0, 1).text = "Ringsted Kommune", "Projektoversigt"
    for rows in ([("#1 Første", "a"), ("#2 Anden", "b"), ("", "b2")], [("#3 Tredje", "c")]):
        table = document.add_table(rows=len(rows) + 1, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Projekt", "Status"  # the header repeated on page 2
        for r, (project, status) in enumerate(rows, start=1):
            table.cell(r, 0).text, table.cell(r, 1).text = project, status
        if len(rows) == 3:
            table.cell(2, 0).merge(table.cell(3, 0))  # #2's cell spans two rows
    path = tmp_path / "sider.docx"
    document.save(path)
    assert [(i["code"], i["challenges"]) for i in read(path)["strategy"]["initiatives"]] == [
        ("#1", "a"), ("#2", "b\nb2"), ("#3", "c")]


def test_an_html_project_table_inside_a_layout_table(db, tmp_path):
    path = tmp_path / "layout.html"
    path.write_text("<table><tr><td>Menu</td><td><table><tr><th>Projekt</th><th>Mål/måltal</th></tr>"
                    "<tr><td rowspan=2>#1 Et</td><td>6,5 % i 2021</td></tr><tr><td>ekstra linje</td></tr>"
                    "<tr><td colspan=2>#2 To</td></tr></table></td></tr></table>", encoding="utf-8")
    doc = read(path)
    assert [(i["code"], i.get("purpose")) for i in doc["strategy"]["initiatives"]] == [
        ("#1", "6,5 % i 2021\nekstra linje"), ("#2", None)]  # a row under a merged project cell is the project's


def test_other_scripts_digits_are_read_and_impossible_values_are_not_proposed(db, tmp_path):
    body = ("#1 Arabisk\t\t\tAndelen skal falde fra ٧,٢ % i ٢٠١٩ til ６,５ % i ２０２１.\t\n"
            "#2 Umulig\tAndelen udgør 140 % i 2019\t\t\t\n")
    reading = project_table_reading(table(tmp_path, body), organisation="tabel-angreb", strategy="tabel-angreb",
                                    source="t.tsv")
    first, second = reading.document["strategy"]["initiatives"]
    [candidate] = first["indicator_candidates"]
    assert candidate["measurements"] == [{"baseline": True, "period": "2019", "value": 7.2}]
    assert candidate["targets"] == [{"period": "2021", "value": 6.5}]
    assert "fra ٧,٢ % i ٢٠١٩" in candidate["evidence"]  # the evidence is the text as written
    assert "indicator_candidates" not in second
    [left_out] = [n for n in reading.notices if n.startswith("#2:")]
    assert "er udeladt" in left_out and "140" in left_out and "mellem 0 og 100" in left_out
