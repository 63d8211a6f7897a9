"""Strategy documents: export, import, round trip, and refusal that changes nothing."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from pejling.demo.loader import demo_files
from pejling.interchange.documents import ImportRefused, read_document
from pejling.interchange.exporter import strategy_export
from pejling.interchange.importer import strategy_import
from pejling.plans.models import Indicator, Initiative, Organisation, Strategy
from pejling.tracking.models import Measurement, StatusNote

SLUGS = ["holstebro-partnerskab-ungestrategier", "ringsted-uddannelse-til-alle-unge", "stevns-boerne-og-ungepolitik"]


def snapshot():
    return (Organisation.objects.count(), Strategy.objects.count(), Initiative.objects.count(),
            Indicator.objects.count(), Measurement.objects.count(), StatusNote.objects.count())


@pytest.mark.parametrize("slug", SLUGS)
def test_it_round_trips_every_demo_strategy(demo, slug):
    first = strategy_export(strategy=Strategy.objects.get(slug=slug))
    Strategy.objects.all().delete()
    Organisation.objects.all().delete()
    strategy_import(document=json.loads(json.dumps(first)))
    second = strategy_export(strategy=Strategy.objects.get(slug=slug))
    assert second == first


def test_what_an_indicator_s_groups_are_goes_out_and_comes_back(empty_db):
    doc = read_document(demo_files()[1])  # Ringsted
    neet = initiative(doc, "#6")["indicators"][0]
    neet.update(unit="unge", group_values="counts")
    strategy_import(document=doc)
    assert Indicator.objects.get(key=neet["key"]).group_values == "counts"
    exported = strategy_export(strategy=Strategy.objects.get())
    assert initiative(exported, "#6")["indicators"][0]["group_values"] == "counts"
    assert "group_values" not in initiative(exported, "#1")["indicators"][0]  # not stated: left out


def test_it_exports_codes_and_titles_in_english_keys(demo):
    doc = strategy_export(strategy=Strategy.objects.get(slug="ringsted-uddannelse-til-alle-unge"))
    six = next(i for i in doc["strategy"]["initiatives"] if i["code"] == "#6")
    assert six["title"] == "Styrket UU-indsats"
    assert six["indicators"][0]["targets"][0] == {
        "kind": "interim", "period": "2020-11", "value": 6.9, "text": "Delmål: 6,9% i november 2020."}


def test_it_exports_with_a_constant_number_of_queries(demo, django_assert_max_num_queries):
    small = Strategy.objects.get(slug="ringsted-uddannelse-til-alle-unge")
    large = Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier")
    with django_assert_max_num_queries(20):
        strategy_export(strategy=small)
    with django_assert_max_num_queries(20):
        strategy_export(strategy=large)


def test_it_exports_and_imports_through_the_command_line(demo, tmp_path, capsys):
    out = tmp_path / "stevns.json"
    call_command("export_strategy", "stevns-boerne-og-ungepolitik", "-o", str(out))
    Strategy.objects.filter(slug="stevns-boerne-og-ungepolitik").delete()
    call_command("import_strategy", str(out))
    assert "imported stevns-boerne-og-ungepolitik: 17 initiatives" in capsys.readouterr().out
    call_command("list_strategies")
    assert "  stevns-boerne-og-ungepolitik  Sammenhængende børne- og ungepolitik 2021-2024" in capsys.readouterr().out


def test_it_refuses_an_existing_slug_unless_told_to_replace(demo):
    doc = read_document(demo_files()[1])
    before = snapshot()
    with pytest.raises(ImportRefused, match="findes allerede"):
        strategy_import(document=doc)
    assert snapshot() == before
    strategy_import(document=doc, replace=True)
    assert snapshot() == before


def test_it_loads_the_demo_twice_without_duplicates(demo):
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    assert before[:3] == (3, 3, 45)


def broken(mutate):
    doc = read_document(demo_files()[1])  # Ringsted
    doc = copy.deepcopy(doc)
    mutate(doc)
    return doc


def initiative(doc, code):
    return next(i for i in doc["strategy"]["initiatives"] if i["code"] == code)


@pytest.mark.parametrize("mutate,message", [
    (lambda d: initiative(d, "#6")["indicators"][0]["targets"][0].update(period="2020-13"),
     "strategy.initiatives[5](#6).indicators[0](r6-neet).targets[0].period: »2020-13«: den måned findes ikke"),
    (lambda d: initiative(d, "#6")["units"].append({"unit": "Kulturcenter"}),
     "strategy.initiatives[5](#6).units[2].unit: »Kulturcenter« er ikke en enhed i organisationen"),
    (lambda d: initiative(d, "#6").update(code="#5"),
     "strategy.initiatives[5](#5).code: »#5« bruges to gange"),
    (lambda d: initiative(d, "#6")["indicators"][0].update(colour="green"),
     "strategy.initiatives[5](#6).indicators[0](r6-neet): ukendt felt: »colour«"),
    (lambda d: initiative(d, "#6")["indicators"][0]["measurements"][0].update(value="7,2"),
     "strategy.initiatives[5](#6).indicators[0](r6-neet).measurements[0].value: »7,2« er ikke et tal"),
    (lambda d: initiative(d, "#1")["indicators"][0]["measurements"][0]["values"].update(lilla=3),
     "strategy.initiatives[0](#1).indicators[0](r1-position).measurements[0].values.lilla: »lilla« er ikke en kategori på indikatorens skala"),
    (lambda d: initiative(d, "#6")["indicators"][0].update(retired={"reason": "x", "replaced_by": "nope"}),
     "strategy.initiatives[5](#6).indicators[0](r6-neet).retired.replaced_by: replaced_by »nope« er ikke nøglen til en indikator"),
    (lambda d: initiative(d, "#3")["indicators"][0]["measurements"].append({"period": "2020-01-01", "baseline": True, "value": 80}),
     "en baseline mere for perioden »2020-01-01«"),
    (lambda d: initiative(d, "#6")["indicators"][0].update(group_values="counts"),
     "strategy.initiatives[5](#6).indicators[0](r6-neet).group_values: enheden »%« er en andel, så gruppernes tal "
     "er andele"),
    (lambda d: initiative(d, "#4")["indicators"][0].update(measurements=[{"period": "2020", "status": "half"}]),
     "measurements[0].status: »half« er ikke en af »done«, »on_the_way«, »not_done«"),
])
def test_it_refuses_a_broken_document_naming_the_place_and_writes_nothing(empty_db, mutate, message):
    with pytest.raises(ImportRefused) as refused:
        strategy_import(document=broken(mutate), source="ringsted.yaml")
    assert any(message in e for e in refused.value.errors), refused.value.errors
    assert str(refused.value).startswith("ringsted.yaml: afvist, intet er skrevet")
    assert snapshot() == (0, 0, 0, 0, 0, 0)


def test_it_reports_every_problem_at_once(empty_db):
    def two_problems(d):
        initiative(d, "#6")["indicators"][0]["targets"][0]["period"] = "2020-13"
        initiative(d, "#3")["focus_area"] = "9"
    with pytest.raises(ImportRefused) as refused:
        strategy_import(document=broken(two_problems))
    assert len(refused.value.errors) == 2


def test_it_names_the_line_of_a_syntax_error(tmp_path, db):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "pejling-strategy",\n "version": 1,,}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"(?s)bad.json: afvist, intet er skrevet.*linje 2, kolonne 15: ikke gyldig JSON"):
        call_command("import_strategy", str(bad))


def test_it_rolls_back_when_writing_fails_halfway(empty_db, monkeypatch):
    from pejling.interchange.sync import walk

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(walk.Walk, "_owner_notes", explode)
    with pytest.raises(RuntimeError):
        strategy_import(document=read_document(demo_files()[0]))
    assert snapshot() == (0, 0, 0, 0, 0, 0)


def test_it_explains_an_unquoted_comma_in_yaml(tmp_path, db):
    doc = tmp_path / "plan.yaml"
    doc.write_text("format: pejling-strategy\nversion: 1\norganisation: {slug: x, name: X}\n"
                   "strategy:\n  slug: x\n  title: X\n  notes:\n    - {period: '2020', text: Ja, som i 2011.}\n",
                   encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        strategy_import(document=read_document(doc), source=str(doc))
    assert refused.value.errors == [
        "strategy.notes[0]: ukendt felt: »som i 2011.« "
        "(i YAML: sæt anførselstegn om en tekst med komma inde i { })"]
