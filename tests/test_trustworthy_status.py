"""What a committee reads must be right: no green beside a "Nej", no share above 100 %, goals above
the initiatives reported, the right date for a strategy that has ended, reasons in both languages."""

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from pejling.assessment.colours import Colour
from pejling.assessment.values import is_percent
from pejling.plans.models import Strategy
from pejling.reports.content import report_build
from pejling.reports.render import report_render
from pejling.reports.xlsx import share_of_plan
from pejling.tracking.models import Assessment
from pejling.tracking.status import strategy_status

HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
RINGSTED = "ringsted-uddannelse-til-alle-unge"


def all_milestones(doc):
    return [(ini["code"], m) for fa in doc["focus_areas"] for ini in fa["initiatives"] for m in ini["milestones"]]


def test_the_2013_report_has_no_green_beside_a_no_or_a_number_short_of_its_target(holstebro_files):
    milestones = all_milestones(holstebro_files["doc"])
    assert len(milestones) > 30
    for code, m in milestones:
        if m["status"].startswith("Nej"):
            assert m["colour"] != "green", (code, m["name"])
        numbers = re.search(r"\((\d+) af (\d+)", m["status"])
        if numbers and int(numbers[1]) < int(numbers[2]):
            assert m["colour"] != "green", (code, m["name"], m["status"])
    volunteers = next(m for code, m in milestones if m["name"].startswith("50 frivillige"))
    assert (volunteers["colour"], volunteers["label"]) == ("red", "Rød")
    assert "20 af 50" in volunteers["status"]
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(holstebro_files["pdf"])).pages)
    assert not re.search(r"Grøn\s+Nej", pdf)
    assert "{}" not in pdf and "{}" not in holstebro_files["html"].decode()


def test_the_report_opens_with_the_partnerships_own_chapter_and_counts_effect_goals(holstebro_files):
    html = holstebro_files["html"].decode()
    assert html.index("<h2>Indledning</h2>") < html.index("<h2>Sammenfatning</h2>") < html.index("<h2>Oversigt</h2>")
    assert "101" in html and "fritidsjob" in html  # the primary results, as the seed states them
    assert "<h2>Effektmål</h2>" in html and "Relevante indsatser er blevet sammentænkt" in html
    assert holstebro_files["doc"]["summary"]["goal_text"].startswith("Effektmål: 3 – grøn 1")
    # the counts add up: 12 counted, and the 2 closed ones said
    assert "12 indsatser" in html and "2 lukkede indsatser vises, men tæller ikke med." in html
    document = Document(io.BytesIO(holstebro_files["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Indledning" in headings and "Effektmål" in headings


def test_the_excel_share_of_plan_reads_right_when_lower_is_better(holstebro_files):
    assert share_of_plan(9, 33.75, -1) == pytest.approx(3.75)  # 9 against 33,75 planned: far better
    assert share_of_plan(71.7, 75, 1) == pytest.approx(0.956, abs=0.001)
    wb = load_workbook(io.BytesIO(holstebro_files["xlsx"]))
    sheet = wb[next(n for n in wb.sheetnames if n.startswith("4 "))]
    header = [c.value for c in sheet[1]]
    ssp = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] and r[1].startswith("Antallet af unge"))
    cells = dict(zip(header, ssp, strict=True))
    assert cells["Faktisk 2013"] == 9 and cells["Mål 2013"] == 33.75
    assert cells["% af mål 2013"] == pytest.approx(33.75 / 9)


def test_relative_targets_show_the_resolved_value_with_their_words(holstebro_files):
    rows = [r for fa in holstebro_files["doc"]["focus_areas"] for ini in fa["initiatives"]
            for group in ini["results"].values() for r in group]
    parents = next(r for r in rows if r["name"].startswith("Der er en stigning på 25 pct."))
    assert parents["target"]["value"] == 93.75
    assert parents["target"]["text"].startswith("93,75 % (") and "25 pct." in parents["target"]["text"]


@pytest.mark.usefixtures("demo")
def test_no_forecast_of_a_share_leaves_0_to_100_anywhere_in_the_demo():
    for strategy in Strategy.objects.all():
        for as_of in (date(2011, 12, 31), date(2013, 12, 31), date(2020, 12, 31), date(2024, 12, 31)):
            status = strategy_status(strategy=strategy, as_of=as_of)
            results = [r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators]
            for r in results + status.effect_goals:
                if r.trend and r.trend.forecast is not None and is_percent(r.unit):
                    assert 0 <= r.trend.forecast <= 100, (strategy.slug, as_of, r.key, r.trend.forecast)


GOALS_ONLY = {
    "format": "pejling-strategy", "version": 1,
    "organisation": {"slug": "koebenhavn", "name": "Københavns Kommune"},
    "strategy": {
        "slug": "ungeaftale", "title": "Aftale om unges uddannelse og job", "starts_on": "2022-01-01",
        "ends_on": "2030-12-31",
        "indicators": [
            {"key": "uddannelseshjaelp", "name": "Andel unge på uddannelseshjælp", "unit": "%", "decimals": 1,
             "direction": "down", "targets": [{"period": "2025", "value": 5.1, "bound": "ceiling",
                                               "text": "under klyngens 5,1 %"}],
             "measurements": [{"period": "2022", "value": 3.0, "baseline": True}, {"period": "2023", "value": 3.4}]},
            *({"key": f"kval-{i}", "name": name, "kind": "qualitative"} for i, name in enumerate(
                ["Styrket tværfagligt samarbejde", "Unge oplever én indgang", "Virksomheder tager ansvar",
                 "Forældre inddrages tidligt"])),
        ],
    },
}


@pytest.mark.django_db
def test_a_strategy_with_only_effect_goals_is_assessed_and_reported_in_every_format(tmp_path, capsys):
    doc = json.loads(json.dumps(GOALS_ONLY))
    doc["strategy"]["indicators"][1]["assessments"] = [
        {"period": "2023", "colour": "yellow", "reason": "Samarbejdet er kun i gang i to centre."}]
    path = tmp_path / "ungeaftale.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("import_strategy", str(path))
    call_command("status", "ungeaftale", "--as-of", "2023-12-31")
    text = capsys.readouterr().out
    assert "Effektmål: 1 grøn · 1 gul · 0 rød · 3 ikke vurderet" in text
    assert "- Grøn          Andel unge på uddannelseshjælp" in text and "inden for grænsen på højst 5,1 %" in text
    assert "- Gul           Styrket tværfagligt samarbejde" in text
    call_command("status", "ungeaftale", "--as-of", "2023-12-31", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["goals_summary"]["counts"] == {"green": 1, "yellow": 1, "red": 0, "none": 3}
    goals = {g["key"]: g for g in data["goals"]}
    assert (goals["uddannelseshjaelp"]["colour"], goals["uddannelseshjaelp"]["rule"]) == ("green", "limit")
    assert goals["uddannelseshjaelp"]["reason"]["code"] == "limit_kept"
    assert goals["kval-0"]["manual"]["reason"] == "Samarbejdet er kun i gang i to centre."
    report = report_build(strategy=Strategy.objects.get(slug="ungeaftale"), as_of=date(2023, 12, 31))
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report_render(report, "pdf"))).pages)
    for name in ("Andel unge på uddannelseshjælp", "Styrket tværfagligt samarbejde", "Forældre inddrages tidligt"):
        assert name in pdf
    assert "Effektmål: 5 – grøn 1, gul 1, rød 0, ikke vurderet endnu 3." in pdf
    words = "\n".join(p.text for p in Document(io.BytesIO(report_render(report, "docx"))).paragraphs)
    assert "Styrket tværfagligt samarbejde" in words and "Gul" in words and "3,4 %, inden for grænsen" in words


@pytest.mark.usefixtures("demo")
def test_an_ended_strategy_is_shown_as_of_its_last_day(client, capsys):
    page = client.get(reverse("web:strategy", args=[HOLSTEBRO])).content.decode()
    assert "Status pr. 31. december 2013" in page and "Strategien er afsluttet" in page
    call_command("status", HOLSTEBRO)
    assert capsys.readouterr().out.startswith("Partnerskab om ungestrategier (Holstebro Kommune) pr. 2013-12-31")
    front = client.get(reverse("web:front")).content.decode()
    # every demo strategy has ended: nothing needs attention or an update "now"
    assert "Kræver opmærksomhed" not in front and "Mangler opdatering" not in front
    running = Strategy.objects.get(slug=RINGSTED)
    running.ends_on = timezone.localdate() + timedelta(days=365)
    running.revision += 1
    running.save()
    front = client.get(reverse("web:front")).content.decode()
    outdated = front.split("Mangler opdatering")[1].split("</section>")[0]
    assert "Ringsted" in outdated and "forældet" in outdated  # its 2019–2021 numbers are old in 2026


@pytest.mark.usefixtures("demo")
def test_a_consultant_assesses_an_effect_goal_where_it_sits(holstebro_consultant, client):
    consultant = holstebro_consultant
    url = reverse("web:goal", args=[HOLSTEBRO, "h5-ejerskab"])
    page = client.get(url).content.decode()
    assert "Der er skabt ejerskab" in page and "Ikke vurderet" in page
    post = reverse("web:goal-assessment", args=[HOLSTEBRO, "h5-ejerskab"])
    assert client.post(post, {"a-h5-ejerskab-period": "2013"}).status_code == 302  # anonymous: log in first
    bad = consultant.post(post, {"a-h5-ejerskab-period": "2013", "a-h5-ejerskab-colour": "green"})
    assert bad.status_code == 422 and "Skriv begrundelsen for farven" in bad.content.decode()
    ok = consultant.post(post, {"a-h5-ejerskab-period": "2013", "a-h5-ejerskab-colour": "green",
                                "a-h5-ejerskab-reason": "Ledelse og praktikere bakker op."})
    assert ok.status_code == 302
    assert Assessment.objects.get(indicator__key="h5-ejerskab").colour == "green"
    page = consultant.get(url).content.decode()
    assert 'c-green">Grøn (manuel)' in page and "Ledelse og praktikere bakker op." in page
    strategy = client.get(reverse("web:strategy", args=[HOLSTEBRO])).content.decode()
    assert strategy.count('c-green">Grøn (manuel)') == 1


@pytest.mark.usefixtures("demo")
def test_the_consultant_writes_the_reports_introduction_before_publishing(consultant):
    url = reverse("web:report-texts", args=[RINGSTED])
    version = Strategy.objects.get(slug=RINGSTED).version  # the form carries the version it was based on
    assert consultant.post(url, {"report_introduction": "## Baggrund\n\nFlere unge skal have **uddannelse**.",
                                 "report_summary": "- 13 projekter\n- 4 centre",
                                 "version": version}).status_code == 302
    html = consultant.get(reverse("web:report", args=[RINGSTED]) + "?as_of=2021-06-30").content.decode()
    assert "<h3>Baggrund</h3>" in html and "<strong>uddannelse</strong>" in html and "<li>13 projekter</li>" in html


@pytest.mark.usefixtures("demo")
def test_the_overview_bar_and_numbers_come_from_the_deciding_indicator():
    status = strategy_status(strategy=Strategy.objects.get(slug=HOLSTEBRO), as_of=date(2013, 12, 31))
    for fa in status.focus_areas:
        for ini in fa.initiatives:
            if ini.decided_by:
                assert ini.decided_by.colour == ini.computed
                assert ini.headline is ini.decided_by
    four_two = next(s for fa in status.focus_areas for s in fa.initiatives if s.initiative.code == "4.2")
    assert (four_two.colour, four_two.decided_by.key) == (Colour.YELLOW, "h4-2-fravaersforskel")


@pytest.mark.usefixtures("demo")
def test_a_consultant_enters_a_value_for_a_strategy_goal_and_a_wrong_one_changes_nothing(consultant):
    from pejling.tracking.models import Measurement
    url = reverse("web:goal-entry", args=[RINGSTED, "national-95"])
    bad = consultant.post(url, {"m-national-95-period": "2021", "m-national-95-value": "150"})
    assert bad.status_code == 422 and "mellem 0 og 100" in bad.content.decode()
    assert not Measurement.objects.filter(indicator__key="national-95", period="2021").exists()
    ok = consultant.post(url, {"m-national-95-period": "2021", "m-national-95-value": "88,5"})
    assert ok.status_code == 302
    assert Measurement.objects.get(indicator__key="national-95", period="2021").value == 88.5
    page = consultant.get(reverse("web:goal", args=[RINGSTED, "national-95"])).content.decode()
    assert "Gemt for 2021" in page and "88,5 %" in page
