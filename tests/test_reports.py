"""The committee's status report: open the produced files and find the seeds' facts in them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from pejling.plans.models import Indicator, Strategy
from pejling.reports.content import report_build
from pejling.reports.models import PublishedReport
from pejling.reports.render import report_render
from pejling.reports.services import report_publish
from pejling.tracking.services import counts_record, entry_token, measurement_record

pytestmark = pytest.mark.usefixtures("demo")
HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
RINGSTED = "ringsted-uddannelse-til-alle-unge"
READING = "75 pct. af nydanske elever på mellemtrinnet har læsefærdigheder"


def build(slug, as_of, **kw):
    return report_build(strategy=Strategy.objects.get(slug=slug), as_of=as_of, **kw)


def docx_tables(data):
    """Every table of a Word file as lists of cell texts."""
    document = Document(io.BytesIO(data))
    return document, [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def row_with(tables, start):
    for table in tables:
        for row in table:
            if row[0].startswith(start):
                return table[0], row
    raise AssertionError(f"no row starting with {start!r}")


def test_the_word_report_has_holstebros_numbers_under_their_years(holstebro_files):
    document, tables = docx_tables(holstebro_files["docx"])
    header, row = row_with(tables, READING)
    assert dict(zip(header, row, strict=True))["2013"] == "71,7 %"
    assert dict(zip(header, row, strict=True))["Baseline (år)"] == "32 % (2010)"
    header, row = row_with(tables, "Antallet af unge i alderen 10-14 med anden etnisk baggrund")
    cells = dict(zip(header, row, strict=True))
    assert (cells["Baseline (år)"], cells["2011"], cells["2012"], cells["2013"]) == (
        "45 personer (2010)", "20 personer", "28 personer", "9 personer")
    _, nydanske = row_with(tables, "60 pct. af fritidsjobbene fastholdes i mindst 3 måneder – Nydanske")
    _, danske = row_with(tables, "60 pct. af fritidsjobbene fastholdes i mindst 3 måneder – Etnisk danske")
    assert "88 %" in nydanske and "79 %" in danske


def test_the_word_report_is_navigable_and_marks_retired_indicators_and_closed_activities(holstebro_files):
    document, tables = docx_tables(holstebro_files["docx"])
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Oversigt") in headings
    assert ("Heading 1", "Indsatsområde 2: Fagligt svage nydanske børn og unge") in headings
    assert any(style == "Heading 2" and text.startswith("4.3 ") for style, text in headings)
    text = "\n".join(c for t in tables for row in t for c in row)
    assert "Udgår (2011): Indikatoren udgår, da der ikke kan antages at være en direkte sammenhæng" in text
    assert "Erstattet af:" in text
    assert any(p.text.startswith("Lukket") for p in document.paragraphs)
    assert len(document.inline_shapes) >= 10  # the charts
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert all(d and d.startswith(("Diagram for", "Fordeling på")) for d in described), "every chart has alt text"
    assert "Diagram for 75 pct. af nydanske elever på mellemtrinnet har læsefærdigheder og en begrebsforståelse, " \
           "der ligger på niveau med de øvrige i klassen. Baseline 32 %. Seneste måling 71,7 %. Mål 75 % i 2013." \
           " Tallene står i tabellen under diagrammet." in described
    header_row = document.tables[1].rows[0]._tr
    assert header_row.xpath("./w:trPr/w:tblHeader"), "table headers repeat on every page"


def test_the_pdf_report_has_page_numbers_tags_and_the_facts(holstebro_files):
    reader = PdfReader(io.BytesIO(holstebro_files["pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 10
    assert "Statusrapport: Partnerskab om ungestrategier" in text and "71,7 %" in text
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()
    assert "/StructTreeRoot" in reader.trailer["/Root"], "tagged PDF"
    assert "Forventede resultater på langt sigt" in text


def test_the_excel_report_has_numbers_as_numbers_in_the_iptt_layout(holstebro_files):
    wb = load_workbook(io.BytesIO(holstebro_files["xlsx"]))
    assert wb.sheetnames[0] == "Oversigt" and "Målinger" in wb.sheetnames
    sheet = wb[next(n for n in wb.sheetnames if n.startswith("2 "))]
    header = [c.value for c in sheet[1]]
    assert {"Mål 2013", "Faktisk 2013", "% af mål 2013"} <= set(header)
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] and r[1].startswith(READING))
    cells = dict(zip(header, row, strict=True))
    assert cells["Faktisk 2013"] == 71.7 and cells["Baseline"] == 32 and cells["Mål 2013"] == 75
    assert cells["% af mål 2013"] == pytest.approx(71.7 / 75)
    data = wb["Målinger"]
    ssp = [r for r in data.iter_rows(min_row=2, values_only=True) if r[1] and r[1].startswith("Antallet af unge i")]
    assert [r[8] for r in ssp] == [45, 20, 28, 9]


def test_the_html_report_is_one_printable_page(holstebro_files):
    html = holstebro_files["html"].decode()
    assert html.startswith("<!doctype html>") and "@page" in html and "71,7 %" in html
    assert "<h2>Oversigt</h2>" in html and "data:image/svg+xml;base64," in html


def test_ringsteds_overview_has_every_project_and_filters_by_unit():
    doc = build(RINGSTED, date(2020, 12, 31))
    codes = [o["code"] for o in doc["overview"]]
    assert codes == ["#1", "#2", "#3", "#4", "#5", "#6", "#7", "#8", "#9a", "#9b", "#10", "#11", "#12", "#13"]
    assert doc["summary"]["total"] == 14 and "Pr. 31. december 2020" in doc["summary"]["text"]
    school = build(RINGSTED, date(2020, 12, 31), units=["Skolecenter"])
    assert 0 < len(school["overview"]) < 14 and all("Skolecenter" in o["units"] for o in school["overview"])
    _, tables = docx_tables(report_render(doc, "docx"))
    overview = next(t for t in tables if t[0][0] == "Projekt")
    assert [row[0].split()[0] for row in overview[1:]] == codes


def test_a_municipalitys_own_word_template_is_used(tmp_path):
    template = Document()
    template.sections[0].header.paragraphs[0].text = "Ringsted Kommune · Børne- og Ungeudvalget"
    template.styles["Heading 1"].font.size = Pt(16)  # a house style
    template.add_paragraph("Skabelonens eksempeltekst")
    path = tmp_path / "skabelon.docx"
    template.save(path)
    out = Document(io.BytesIO(report_render(build(RINGSTED, date(2020, 12, 31)), "docx", template=str(path))))
    assert out.sections[0].header.paragraphs[0].text == "Ringsted Kommune · Børne- og Ungeudvalget"
    assert out.styles["Heading 1"].font.size == Pt(16)
    assert "Skabelonens eksempeltekst" not in [p.text for p in out.paragraphs]


def test_a_published_report_stays_as_it_was_and_says_what_changed_since(holstebro_consultant):
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    report = report_publish(strategy=strategy, as_of=date(2013, 12, 31), audience="committee",
                            note="udvalgsmødet 12. marts 2014")
    reading = Indicator.objects.get(strategy=strategy, key="h2-4-laesning")
    stored = reading.measurements.filter(period="2013", breakdown="", is_baseline=False, level__isnull=True)
    measurement_record(indicator=reading, period="2013", value=Decimal("73.5"), expected=entry_token(stored),
                       reason="Det endelige tal")  # a correction: the service refuses it without the token
    frozen = PublishedReport.objects.get(pk=report.pk).content
    row = next(r for fa in frozen["focus_areas"] for i in fa["initiatives"] for r in i["results"]["long"]
               if r["name"].startswith(READING))
    assert row["values"]["2013"]["text"] == "71,7 %"
    live = build(HOLSTEBRO, date(2013, 12, 31))
    assert "73,5 %" in str(live["focus_areas"])
    page = holstebro_consultant.get(reverse("web:published", args=[report.pk])).content.decode()
    assert "1 måling rettet siden udvalgsmødet 12. marts 2014" in page and "71,7 %" in page


def test_a_published_reports_file_is_rendered_once_and_then_read(client, monkeypatch):
    """Its content never changes: the second download is the first one's bytes, without rendering."""
    from pejling.web import report_pages
    report = report_publish(strategy=Strategy.objects.get(slug=RINGSTED), as_of=date(2020, 12, 31),
                            audience="public")
    url = reverse("web:published-file", args=[report.pk, "xlsx"])
    first = client.get(url)
    assert first.status_code == 200 and first.content[:2] == b"PK"
    monkeypatch.setattr(report_pages, "report_render", lambda *a, **k: pytest.fail("rendered again"))
    assert client.get(url).content == first.content


def test_the_public_sees_only_public_reports_with_small_counts_hidden(client):
    strategy = Strategy.objects.get(slug=RINGSTED)
    position = Indicator.objects.get(strategy=strategy, key="r1-position")
    counts_record(indicator=position, period="2020-H1", counts={"roed": Decimal(3), "gul": Decimal(7),
                                                                "groen": Decimal(40)})
    committee = report_publish(strategy=strategy, as_of=date(2020, 12, 31), audience="committee")
    public = report_publish(strategy=strategy, as_of=date(2020, 12, 31), audience="public")
    assert client.get(reverse("web:published", args=[committee.pk])).status_code == 404
    assert client.get(reverse("web:report", args=[RINGSTED])).status_code == 302  # the live report needs a log-in
    listing = client.get(reverse("web:reports", args=[RINGSTED])).content.decode()
    assert reverse("web:published", args=[public.pk]) in listing
    assert reverse("web:published", args=[committee.pk]) not in listing
    page = client.get(reverse("web:published", args=[public.pk])).content.decode()
    assert "&lt; 5" in page
    rows = [m for m in public.content["measurements"] if m["indicator"] == position.name and m["period"] == "1. halvår 2020"]
    assert {m["level"]: m["text"] for m in rows} == {"Rød position": "< 5", "Gul position": "7 børn",
                                                   "Grøn position": "40 børn"}
    assert "3 børn" in str(committee.content["measurements"])


def test_download_buttons_give_each_format(reader):
    client = reader
    page = client.get(reverse("web:strategy", args=[RINGSTED])).content.decode()
    for fmt, content_type in [("pdf", "application/pdf"), ("docx", "officedocument.wordprocessingml"),
                              ("xlsx", "officedocument.spreadsheetml")]:
        url = reverse("web:report-file", args=[RINGSTED, fmt])
        assert url in page
        response = client.get(url + "?as_of=2020-12-31")
        assert response.status_code == 200 and content_type in response["Content-Type"]
        assert f"{RINGSTED}-2020-12-31.{fmt}" in response["Content-Disposition"]
    assert client.get(reverse("web:report-file", args=[RINGSTED, "exe"])).status_code == 404


def test_the_report_command_writes_a_file_and_explains_bad_input(tmp_path):
    out = tmp_path / "holstebro.xlsx"
    call_command("report", HOLSTEBRO, "--format", "xlsx", "--as-of", "2013-12-31", "--focus-area", "4",
                 "-o", str(out))
    wb = load_workbook(out)
    focus_sheets = [n for n in wb.sheetnames if n[0].isdigit()]
    assert len(focus_sheets) == 1 and focus_sheets[0].startswith("4 ")
    with pytest.raises(CommandError, match="intet fokusområde 9 i holstebro"):
        call_command("report", HOLSTEBRO, "--format", "pdf", "--focus-area", "9", "-o", str(out))
    with pytest.raises(CommandError, match="ingen enhed Skolecentret i Holstebro Kommune"):
        call_command("report", HOLSTEBRO, "--format", "pdf", "--unit", "Skolecentret", "-o", str(out))
    with pytest.raises(CommandError, match="er ikke en dato"):
        call_command("report", HOLSTEBRO, "--format", "pdf", "--as-of", "31-12-2013", "-o", str(out))
