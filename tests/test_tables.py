"""Project tables in (issue 11 §4): the Ringsted overview from TSV, DOCX and HTML into initiatives
#1–#13 with #9a/#9b, and the numbers of its free text proposed as indicator candidates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from table_fixtures import COMPLETE_TSV, SEED_TSV, tsv_rows, write_docx, write_html

from pejling.interchange.importer import strategy_import
from pejling.interchange.tables import project_table_read, project_table_reading
from pejling.interchange.tables.accept import CANDIDATES, with_candidates
from pejling.interchange.validation import check_document
from pejling.plans.models import Indicator, Initiative, Organisation, Unit
from pejling.tracking.models import Measurement

DEMO = yaml.safe_load((Path(__file__).parent.parent / "pejling/demo/data/ringsted-uddannelse-til-alle-unge.yaml")
                      .read_text(encoding="utf-8"))
CODES = ["#1", "#2", "#3", "#4", "#5", "#6", "#7", "#8", "#9a", "#9b", "#10", "#11", "#12", "#13"]


def read(path, org="tabel-ringsted", strategy="tabel-uddannelse"):
    return project_table_read(path, organisation=org, strategy=strategy, source=str(path))


def initiative(doc, code):
    return next(i for i in doc["strategy"]["initiatives"] if i["code"] == code)


def candidates(doc, code):
    return initiative(doc, code).get(CANDIDATES, [])


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    rows = tsv_rows(COMPLETE_TSV)
    folder = tmp_path_factory.mktemp("tables")
    return {"tsv": COMPLETE_TSV, "docx": write_docx(rows, folder / "ringsted.docx"),
            "html": write_html(rows, folder / "ringsted.html")}


@pytest.fixture
def complete(db):
    return read(COMPLETE_TSV)


# -- the real file -------------------------------------------------------------------------------
def test_the_real_tsv_gives_the_projects_it_has_and_says_what_it_lacks(db):
    reading = project_table_reading(SEED_TSV, organisation="tabel-ringsted", strategy="tabel-uddannelse",
                                    source="ringsted.tsv")
    doc = reading.document
    assert [i["code"] for i in doc["strategy"]["initiatives"]] == ["#1", "#2", "#3", "#4", "#5", "#6", "#11", "#12",
                                                                   "#13"]
    assert "tabellen har ingen række for #7, #8, #9, #10: kontrollér, at ingen rækker er skåret af" in reading.notices
    cut = next(n for n in reading.notices if n.startswith("Række 11:"))
    assert "Mål og måltal" in cut and "importeres ikke" in cut
    assert initiative(doc, "#6")["purpose"].startswith("Andelen af unge under 25 uden tilknytning")
    assert initiative(doc, "#6")["monitoring"] == "Monitorering via tilgængelige data"
    assert initiative(doc, "#2")["challenges"] == ("Fravær er på landsgennemsnit (Ringsted Kommune 2018/19=7% "
                                                   "landsgennemsnit 5,9%)")
    # the <ul> without <li> of #1 becomes one line per sentence, as the .txt has them
    assert initiative(doc, "#1")["challenges"].split("\n") == [
        "I foråret 2019 var der 33 børn (7,5 % i rød position)",
        "I foråret 2019 var der 78 børn / 17,7 % i gul position)",
        "I foråret 2019 var der 330 / 75 % børn i grøn position)"]
    # <p> paragraphs become lines
    assert initiative(doc, "#5")["purpose"].split("\n")[0] == "Styrket tværfagligt samarbejde"
    assert "<" not in str(doc)


@pytest.mark.parametrize("accepted", ["all", set()])
def test_the_real_tsv_passes_the_document_check_with_all_or_no_candidates(db, accepted):
    doc, errors = check_document(with_candidates(read(SEED_TSV), accepted=accepted))
    assert errors == []


def test_accepting_every_candidate_of_the_complete_table_passes_the_document_check(complete):
    accepted = with_candidates(complete)
    assert sum(len(i.get("indicators", [])) for i in accepted["strategy"]["initiatives"]) == 15
    assert check_document(accepted)[1] == []


# -- the three formats ---------------------------------------------------------------------------
def test_tsv_docx_and_html_give_the_same_document(db, formats):
    documents = {name: read(path) for name, path in formats.items()}
    assert documents["docx"] == documents["tsv"]
    assert documents["html"] == documents["tsv"]


def test_the_complete_table_imports_fourteen_initiatives_with_codes_titles_and_units(db, formats):
    doc = read(formats["docx"], org="tabel-ny-kommune")
    strategy = strategy_import(document=with_candidates(doc, accepted=set()), source="ringsted.docx")
    initiatives = list(Initiative.objects.filter(strategy=strategy).order_by("order").prefetch_related("units"))
    assert [i.code for i in initiatives] == CODES
    demo = {i["code"]: i for i in DEMO["strategy"]["initiatives"]}
    for ini in initiatives:
        assert [link.unit.name for link in ini.unit_links.all()] == [u["unit"] for u in demo[ini.code]["units"]]
    # the titles are the TSV's: the same as the human transcription except the two spellings it notes
    differ = {i.code for i in initiatives if i.title != demo[i.code]["title"]}
    assert differ == {"#3", "#13"}
    assert initiatives[2].title == "Tværfaglig skoleværgingsgruppe"
    assert Organisation.objects.get(slug="tabel-ny-kommune").name == "Tabel ny kommune"
    assert sorted(Unit.objects.filter(organisation__slug="tabel-ny-kommune").values_list("name", flat=True)) == [
        "Arbejdsmarkedscenter", "Børnecenter", "Skolecenter", "Social- og sundhedscenter"]
    assert not Indicator.objects.filter(strategy=strategy).exists()  # candidates are only proposals
    assert initiatives[5].monitoring == "Monitorering via tilgængelige data"


def test_accepted_candidates_become_indicators_with_their_baselines(complete):
    strategy = strategy_import(document=with_candidates(complete, accepted={"6-1", "1-1"}), source="t")
    neet = Indicator.objects.get(strategy=strategy, key="6-1")
    assert (neet.unit, neet.decimals, neet.direction, neet.initiative.code) == ("%", 1, "down", "#6")
    baseline = Measurement.objects.get(indicator=neet, is_baseline=True)
    assert (baseline.period, float(baseline.value)) == ("2019-11", 7.2)
    assert sorted((t.period, float(t.value or 0), t.kind) for t in neet.targets.all()) == [
        ("2020-11", 6.9, "interim"), ("2021-11", 6.5, "final"), ("2030", 0.0, "final")]
    positions = Indicator.objects.get(strategy=strategy, key="1-1")
    assert positions.scale.key == "position"
    assert {m.level.code: int(m.value) for m in positions.measurements.all()} == {"roed": 33, "gul": 78, "groen": 330}
    assert Indicator.objects.filter(strategy=strategy).count() == 2


def test_existing_units_keep_their_names(db, tmp_path):
    org = Organisation.objects.create(slug="tabel-enheder", name="Tabel Kommune")
    Unit.objects.create(organisation=org, name="Social- og sundhedscenter")
    path = tmp_path / "t.tsv"
    path.write_text("Projekt\tStatus\tDeltagende centre\n#1 Et projekt\tx\tSocial og Sundhedscenter ,  Børne center\n"
                    "#2 Et andet\ty\tBørnecenter\n", encoding="utf-8")
    doc = read(path, org="tabel-enheder")
    assert doc["organisation"]["name"] == "Tabel Kommune"
    assert initiative(doc, "#1")["units"] == [{"unit": "Social- og sundhedscenter"}, {"unit": "Børne center"}]
    assert initiative(doc, "#2")["units"] == [{"unit": "Børne center"}]


# -- what the candidates propose, checked against the seed text ----------------------------------
SEED_TEXT = SEED_TSV.read_text(encoding="utf-8")


def test_6_proposes_the_neet_baseline_of_november_2019_and_the_targets(db):
    doc = read(SEED_TSV)
    [neet] = candidates(doc, "#6")
    assert "fra 7,2% november 2019* til 6,5% i november 2021*" in SEED_TEXT
    assert neet["name"] == "Andelen af unge under 25 uden tilknytning til uddannelse eller arbejdsmarkedet"
    assert (neet["unit"], neet["decimals"], neet["direction"]) == ("%", 1, "down")
    assert neet["measurements"] == [{"baseline": True, "period": "2019-11", "value": 7.2, "source": "UVM's profilmodel"}]
    assert {"period": "2021-11", "value": 6.5} in neet["targets"]
    assert {"kind": "interim", "period": "2020-11", "value": 6.9} in neet["targets"]
    assert {"origin": "national", "period": "2030", "change": -50, "change_unit": "percent",
            "text": "andelen er halveret i 2030"} in neet["targets"]
    for sentence in neet["evidence"].split("\n"):
        assert sentence in SEED_TEXT  # the exact words it came from


def test_1_proposes_a_distribution_of_441_children_by_position(db):
    [positions] = candidates(read(SEED_TSV), "#1")
    assert positions["kind"] == "distribution" and positions["unit"] == "børn"
    assert positions["measurements"][0]["period"] == "2019-H1"  # "I foråret 2019"
    assert positions["measurements"][0]["values"] == {"roed": 33, "gul": 78, "groen": 330}
    assert sum(positions["measurements"][0]["values"].values()) == 441
    assert [(t["level"], t["value"]) for t in positions["targets"]] == [("roed", 5), ("gul", 15), ("groen", 80)]
    assert positions["targets"][0]["note"] == "Svarende til 22 børn ud af 441 børn"
    levels = positions["needs_scale"]["levels"]
    assert [(lv["code"], lv["polarity"]) for lv in levels] == [("roed", "bad"), ("gul", "bad"), ("groen", "good")]


def test_the_other_projects_propose_what_their_text_says(complete):
    [school] = candidates(complete, "#2")
    assert school["measurements"][0] == {"baseline": True, "period": "2018/19", "value": 7}
    assert school["references"][0]["values"] == [{"period": "2018/19", "value": 5.9}]
    assert school["targets"] == [{"period": "2019", "change": -3, "change_unit": "points",
                                "text": "reduceret med 3% point"}]
    [refusal] = candidates(complete, "#3")
    assert (refusal["unit"], refusal["direction"]) == ("elever", "down")
    assert refusal["measurements"][0] == {"baseline": True, "period": "2020-01-01", "value": 85}  # "85 1/1 2020"
    assert refusal["targets"] == [{"value": 40, "bound": "ceiling"}]  # "max 40" and "40 (skolevægning)": once
    completed = candidates(complete, "#7")[0]
    assert completed["measurements"][0]["value"] == 83 and completed["direction"] == "up"
    assert {"kind": "interim", "period": "2020-11", "value": 84} in completed["targets"]
    [benefit] = candidates(complete, "#8")
    assert (benefit["unit"], benefit["measurements"][0]["value"], benefit["targets"]) == (
        "fuldtidspersoner", 230, [{"period": "2021", "value": 200}])
    assert benefit["source"] == "jobindsats.dk"
    [readiness] = candidates(complete, "#10")
    assert readiness["targets"] == [{"value": 75}] and readiness["direction"] == "up"
    [teams] = candidates(complete, "#11")
    assert (teams["unit"], teams["targets"]) == ("teams", [{"period": "2020", "value": 4}])
    drugs, drink, smoke = candidates(complete, "#12")
    assert [(c["measurements"][0]["value"], c["targets"][0]["change"]) for c in (drugs, drink, smoke)] == [
        (1.2, -0.6), (8.2, -3.2), (13.1, -7.1)]
    assert "procentpoint" in drink["targets"][0]["note"]
    first, second = candidates(complete, "#5")  # "Delmål 1: … v. udgangen af 2020", "Delmål 2: … ultimo 2021"
    assert (first["kind"], first["targets"]) == ("milestone", [{
        "kind": "interim", "period": "2020",
        "text": "Udviklingsmodellen bruges som grundlag for al samarbejde omkring de unge, internt i det kommunale "
                "system"}])
    assert second["targets"][0]["period"] == "2021"
    assert [c["targets"][0]["period"] for c in candidates(complete, "#7")[1:]] == ["2020-Q2", "2020-Q3"]
    for code in ("#4", "#9a", "#9b", "#13"):
        assert candidates(complete, code) == []


def test_a_rate_a_year_becomes_the_candidates_glide_path_as_the_demo_transcribes_it(complete):
    """#6: "halveret i 2030, hvilket betyder et fald på 5% om året" is relative (of the share);
    #7: "skal stige med 1% om året (fra 83% … til 85%)" is points a year. The same as the demo."""
    demo = {ind["key"]: ind for i in DEMO["strategy"]["initiatives"] for ind in i.get("indicators", [])}
    assert candidates(complete, "#6")[0]["glide_path"] == demo["r6-neet"]["glide_path"] == {
        "kind": "relative", "rate": -5}
    assert candidates(complete, "#7")[0]["glide_path"] == demo["r7-gennemfoert"]["glide_path"] == {
        "kind": "absolute", "rate": 1}
    strategy = strategy_import(document=with_candidates(complete, accepted={"6-1"}), source="t")
    neet = Indicator.objects.get(strategy=strategy, key="6-1")
    assert (neet.glide_kind, float(neet.glide_rate)) == ("relative", -5.0)


def test_numbers_it_cannot_place_are_listed_not_dropped(db):
    reading = project_table_reading(COMPLETE_TSV, organisation="tabel-x", strategy="tabel-y", source="t")
    said = "\n".join(reading.notices)
    assert "#6, kolonne Status: 5%" not in said  # "et fald på 5% om året": the candidate's glide path
    assert "#7: »1%« om året er læst som procentpoint om året (absolut glidesti): tjek det" in said
    assert "#10, kolonne Mål og måltal: 28,4, 27,4, 34,5" in said  # the IUP row of the nested table
    assert "#2, kolonne Mål og måltal: 8.51%, 5.37%" in said  # the spread across schools


# -- the command line ------------------------------------------------------------------------------
def test_pejling_import_reads_a_table_and_writes_only_the_accepted_candidates(db, capsys):
    call_command("import_strategy", str(SEED_TSV), organisation="tabel-cli", strategy="tabel-cli", dry_run=True)
    out, err = capsys.readouterr()
    assert "? [ ] #6 6-1: Andelen af unge under 25 uden tilknytning til uddannelse eller arbejdsmarkedet — baseline 7,2 % " \
           "(november 2019); mål 6,5 % (november 2021); delmål 6,9 % (november 2020); mål -50 % (2030); " \
           "glidesti -5 % om året" in out
    assert out.count("+ ny indsats #") == 9 and "Række 11: intet projekt" in err
    assert not Organisation.objects.filter(slug="tabel-cli").exists()
    call_command("import_strategy", str(SEED_TSV), organisation="tabel-cli", strategy="tabel-cli", accept="6-1,1-1")
    assert Initiative.objects.filter(strategy__slug="tabel-cli").count() == 9
    assert sorted(Indicator.objects.filter(strategy__slug="tabel-cli").values_list("key", flat=True)) == ["1-1", "6-1"]


def test_pejling_import_of_a_table_needs_its_organisation_and_known_candidate_keys(db):
    with pytest.raises(CommandError, match="kræver --organisation"):
        call_command("import_strategy", str(SEED_TSV), strategy="tabel-cli")
    with pytest.raises(CommandError, match="ikke findes: 99-1"):
        call_command("import_strategy", str(SEED_TSV), organisation="tabel-cli", strategy="tabel-cli", accept="99-1")
    assert not Organisation.objects.filter(slug="tabel-cli").exists()
