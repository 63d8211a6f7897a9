"""Bulk measurements from a CSV or Excel file: the same rules as the entry forms, every problem at once
with its place, a preview (new, changed old → new, unchanged, refused), all or nothing."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pejling.interchange.documents import ImportRefused
from pejling.interchange.measurements import (
    measurements_apply,
    measurements_import_command,
    measurements_preview,
)
from pejling.interchange.measurements_file import detect, read_table
from pejling.plans.models import Strategy
from pejling.tracking.models import Measurement
from tests.measurements_fixtures import SLUG, centre_editor_of, make_strategy, write_csv

pytestmark = pytest.mark.django_db
HEAD = ["Indikator", "Periode", "Gruppe", "Værdi", "Kommentar"]


@pytest.fixture
def strategy(db):
    return make_strategy()


def stored(key, **filters):
    return Measurement.objects.filter(indicator__strategy__slug=SLUG, indicator__key=key, **filters)


def test_it_reads_danish_writing_of_numbers_and_periods(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEAD,
                     ["bt-neet", "nov. 2020", "", "7,2 %", ""],
                     ["bt-neet", "3. kvt. 2013", "", "6,5", ""],
                     ["Andel uden uddannelse", "1. halvår 2021", "", "5.5", ""],
                     ["BT-NEET", "foråret 2019", "", " 6 ", ""],
                     ["bt-neet", "2019K3", "", "−0", ""],
                     ["bt-antal", "2020", "", "1.234,0", ""],
                     ["bt-antal", "2021", "", "1 250", ""],
                     ["bt-antal", "２０２２", "", "٣", ""]], bom=True)
    measurements_apply(strategy=strategy, path=path)
    values = {(m.indicator.key, m.period): m.value for m in stored("bt-neet") | stored("bt-antal")}
    assert values == {("bt-neet", "2020-11"): Decimal("7.2"), ("bt-neet", "2013-Q3"): Decimal("6.5"),
                      ("bt-neet", "2021-H1"): Decimal("5.5"), ("bt-neet", "2019-H1"): Decimal("6"),
                      ("bt-neet", "2019-Q3"): Decimal("0"), ("bt-antal", "2020"): Decimal("1234"),
                      ("bt-antal", "2021"): Decimal("1250"), ("bt-antal", "2022"): Decimal("3"),
                      ("bt-neet", "2019"): Decimal("7.2")}  # the last one was there before


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_sniffs_the_separator(strategy, tmp_path, delimiter):
    path = write_csv(tmp_path / "m.csv", [["Indicator", "Period", "Value"], ["bt-antal", "2020", "12"]],
                     delimiter=delimiter)
    assert detect(path)
    assert measurements_preview(strategy=strategy, path=path).counts["new"] == 1


def test_a_windows_excel_csv_in_cp1252_is_read(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEAD, ["bt-neet", "2020", "Etnisk danske", "6,1", "Målt i år"]],
                     encoding="cp1252")
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.valid and preview.entries[0].comment == "Målt i år"


def test_detect_tells_a_measurements_file_from_other_tables(tmp_path):
    assert not detect(write_csv(tmp_path / "p.tsv", [["Projekt", "Status", "Målemetode"]], delimiter="\t"))
    assert not detect(tmp_path / "missing.csv")
    assert detect(write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"]]))


def test_a_file_with_five_problems_lists_five_with_their_places_and_writes_nothing(strategy, tmp_path):
    before = Measurement.objects.count()
    path = write_csv(tmp_path / "fejl.csv", [HEAD,
                     ["bt-neet", "2021", "", "7,1", ""],          # row 2 is fine
                     ["bt-neet", "7,2%", "", "7,2", ""],          # 3: no period
                     ["bt-neet", "2022", "", "140", ""],          # 4: a percentage over 100
                     ["bt-ukendt", "2022", "", "3", ""],          # 5: no such indicator
                     ["bt-antal", "2022", "", "1.234", ""],       # 6: ambiguous
                     ["bt-milepael", "2022", "", "Måske", ""]])   # 7: no milestone status
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.problems == [
        "Række 3, kolonne Periode: »7,2%« er ikke en periode. Skriv fx 2020, 2020-H1, 2020-Q3, 2020-11, "
        "2020-11-30 eller 2018/19.",
        "Række 4, kolonne Værdi: »140«: Værdien skal være et tal mellem 0 og 100 for en procentindikator.",
        "Række 5, kolonne Indikator: »bt-ukendt« er ikke en indikator i strategien »Bulktest«: skriv dens nøgle "
        "eller navn",
        "Række 6, kolonne Værdi: »1.234« kan læses på to måder: skriv 1234 for et tusind to hundrede og "
        "fireogtredive, eller 1,234 for lidt mere end én.",
        "Række 7, kolonne Værdi: »Måske« er ikke en status for en milepæl: skriv Ja, Nej eller På vej",
    ]
    with pytest.raises(ImportRefused) as refused:
        measurements_apply(strategy=strategy, path=path)
    assert len(refused.value.errors) == 5
    assert Measurement.objects.count() == before


def test_a_cell_too_long_for_the_csv_reader_is_refused_in_danish(strategy, tmp_path):
    path = tmp_path / "lang.csv"
    path.write_text("Indikator;Periode;Værdi;Kommentar\nbt-neet;2021;7,1;" + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        measurements_apply(strategy=strategy, path=path)
    assert refused.value.errors == ["række 2: en celle har mere end 131.072 tegn"]


def test_a_value_of_140_on_a_percentage_indicator_is_refused(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-neet", "2020", "140 %"]])
    [problem] = measurements_preview(strategy=strategy, path=path).problems
    assert "mellem 0 og 100 for en procentindikator" in problem
    assert not stored("bt-neet", period="2020").exists()


def test_a_centre_editor_is_refused_for_another_units_indicator(strategy, tmp_path):
    editor = centre_editor_of("Skolecenter")
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"],
                                          ["bt-antal", "2020", "10"],    # Skolecenter's initiative: allowed
                                          ["bt-boern", "2020", "12"],    # Børnecenter's: refused
                                          ["bt-goal", "2020", "50"]])    # the strategy's own goal: consultants'
    preview = measurements_preview(strategy=strategy, path=path, user=editor)
    assert [p.split(":")[0] for p in preview.problems] == ["Række 3, kolonne Indikator", "Række 4, kolonne Indikator"]
    assert "du må ikke registrere data for »bt-boern«" in preview.problems[0]
    with pytest.raises(ImportRefused):
        measurements_apply(strategy=strategy, path=path, user=editor)
    assert not stored("bt-antal").exists()
    ok = write_csv(tmp_path / "ok.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "2020", "10"]])
    measurements_apply(strategy=strategy, path=ok, user=editor)
    m = stored("bt-antal").get()
    assert (m.value, m.entered_by, m.history.get().history_user) == (10, editor, editor)


def test_a_correction_shows_old_and_new_and_history_keeps_the_old_value(strategy, tmp_path):
    path = write_csv(tmp_path / "ret.csv", [HEAD, ["bt-neet", "2019", "Nydanske", "6,9", "rettet tal"],
                                            ["bt-neet", "2020", "Nydanske", "6,5", ""]])
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.counts == {"new": 1, "changed": 1, "unchanged": 0, "refused": 0}
    [changed, new] = preview.changes()
    assert (changed["action"], changed["old"], changed["new"]) == ("changed", "7,2 %", "6,9 %")
    assert (new["action"], new["new"], new["breakdown"]) == ("new", "6,5 %", "Nydanske")
    measurements_apply(strategy=strategy, path=path)
    m = stored("bt-neet", period="2019").get()
    assert (m.value, m.comment, m.version) == (Decimal("6.9"), "rettet tal", 1)
    old, newest = m.history.order_by("history_date", "history_id")
    assert (old.value, newest.value) == (Decimal("7.2"), Decimal("6.9"))
    assert (newest.history_change_reason, newest.history_source) == ("import ret.csv", "import")


def test_a_group_typo_is_shown_as_a_new_group(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEAD, ["bt-neet", "2020", "Nydnske", "6,1", ""],
                                          ["bt-neet", "2021", "Nydanske", "6,0", ""]])
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.valid
    [(indicator, group, row, like)] = preview.new_groups
    assert (indicator.key, group, row, like) == ("bt-neet", "Nydnske", 2, "Nydanske")
    out = io.StringIO()
    assert measurements_import_command(path, strategy_slug=SLUG, dry_run=True, stdout=out) == 0
    assert "ny gruppe »Nydnske« for bt-neet (række 2) (ligner »Nydanske«)" in out.getvalue()
    shouted = write_csv(tmp_path / "m2.csv", [HEAD, ["bt-neet", "2020", "NYDNSKE", "6,1", ""]])
    assert [like for *_x, like in measurements_preview(strategy=strategy, path=shouted).new_groups] == ["Nydanske"]


@pytest.mark.parametrize("written", ["Nyd\u200banske", "nydanske", " NYDANSKE ", "Ny\u00addanske", "\ufeffNydanske"])
def test_a_group_written_with_other_case_or_invisible_characters_is_the_known_group(strategy, tmp_path, written):
    """Zero-width and soft-hyphen characters, case and spaces make no new group beside »Nydanske«."""
    path = write_csv(tmp_path / "m.csv", [HEAD, ["bt-neet", "2020", written, "6,1", ""]])
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.valid and preview.new_groups == []
    measurements_apply(strategy=strategy, path=path)
    assert sorted(stored("bt-neet").values_list("breakdown", "period")) == [("Nydanske", "2019"),
                                                                             ("Nydanske", "2020")]


def test_other_scripts_digits_in_a_group_are_its_digits_and_one_file_keeps_one_spelling(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEAD, ["bt-antal", "2020", "Skole ９", "1", ""],
                                          ["bt-antal", "2021", "Skole \u0669", "2", ""],
                                          ["bt-antal", "2022", "skole 9", "3", ""],
                                          ["bt-antal", "2020", "Skole 9", "4", ""]])
    preview = measurements_preview(strategy=strategy, path=path)
    # the fourth row is the first one again, spelt otherwise
    assert preview.problems == ["Række 5: samme indikator, periode, gruppe og niveau som række 2"]
    path = write_csv(tmp_path / "m.csv", [HEAD, ["bt-antal", "2020", "Skole ９", "1", ""],
                                          ["bt-antal", "2021", "Skole \u0669", "2", ""],
                                          ["bt-antal", "2022", "skole 9", "3", ""]])
    preview = measurements_preview(strategy=strategy, path=path)
    assert [(i.key, g, row) for i, g, row, _like in preview.new_groups] == [("bt-antal", "Skole 9", 2)]
    measurements_apply(strategy=strategy, path=path)
    assert set(stored("bt-antal").values_list("breakdown", flat=True)) == {"Skole 9"}


def test_a_control_character_in_a_value_is_not_echoed(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [HEAD, ["bt-antal", "2020", "", "7\x01,2", ""],
                                          ["bt-milepael", "2020", "", "J\x07a", ""]])
    problems = measurements_preview(strategy=strategy, path=path).problems
    assert len(problems) == 2 and not any(c in "".join(problems) for c in "\x01\x07")
    assert "»7\ufffd,2«" in problems[0] and "»J\ufffda«" in problems[1]


def test_distributions_milestones_texts_and_baselines(strategy, tmp_path):
    long = write_csv(tmp_path / "lang.csv", [["Indikator", "Periode", "Niveau", "Værdi", "Baseline"],
                     ["bt-pos", "foråret 2019", "roed", "33", "ja"],
                     ["bt-pos", "foråret 2019", "Gul position", "78", "ja"],
                     ["bt-pos", "foråret 2019", "groen", "330", "ja"],
                     ["bt-milepael", "2020", "", "På vej", ""],
                     ["bt-milepael", "2021", "", "ja", ""],
                     ["bt-tekst", "2021", "", "Samarbejdet er styrket", ""]])
    wide = write_csv(tmp_path / "bred.csv", [["Indikator", "Periode", "Rød position", "gul", "Grøn position"],
                                             ["bt-pos", "2020", "30", "70", "341"]])
    measurements_apply(strategy=strategy, path=long)
    measurements_apply(strategy=strategy, path=wide)
    counts = {(m.period, m.is_baseline, m.level.code): m.value for m in stored("bt-pos")}
    assert counts == {("2019-H1", True, "roed"): 33, ("2019-H1", True, "gul"): 78, ("2019-H1", True, "groen"): 330,
                      ("2020", False, "roed"): 30, ("2020", False, "gul"): 70, ("2020", False, "groen"): 341}
    assert {m.period: m.status for m in stored("bt-milepael")} == {"2020": "on_the_way", "2021": "done"}
    assert stored("bt-tekst").get().text == "Samarbejdet er styrket"
    assert measurements_preview(strategy=strategy, path=wide).counts["unchanged"] == 3


def test_counts_are_whole_and_not_negative_as_in_the_form(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "roed", "gul", "groen"],
                                          ["bt-pos", "2020", "2,5", "7", "8"],
                                          ["bt-pos", "2021", "-1", "7", "8"]])
    problems = measurements_preview(strategy=strategy, path=path).problems
    assert problems == ["Række 2: bt-pos 2020: Et antal er et helt tal: man kan ikke tælle 2,5 børn.",
                        "Række 3: bt-pos 2021: Et antal kan ikke være negativt."]


def test_retired_indicators_take_no_measurements_after_their_retirement(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-gammel", "2019", "4"],
                                          ["bt-gammel", "2021", "5"]])
    [problem] = measurements_preview(strategy=strategy, path=path).problems
    assert problem.startswith("Række 3, kolonne Periode: »bt-gammel« udgik i 2020")


def test_hostile_cells_are_refused_or_kept_harmless(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Gruppe", "Værdi", "Kommentar"],
                     ["bt-antal", "2020", "A\x0bB", "NaN", "=HYPERLINK(\"x\")"],
                     ["bt-antal", "2021", "x" * 101, "1e20", ""],
                     ["bt-antal", "2022", "", "99999999999", ""],
                     ["bt-antal", "2023", "", "1,23456", ""]])
    problems = measurements_preview(strategy=strategy, path=path).problems
    assert len(problems) == 6
    assert problems[0].startswith("Række 2, kolonne Gruppe: indeholder et kontroltegn")
    assert "Række 3, kolonne Gruppe: er 101 tegn lang" in problems[2]
    assert problems[-1].startswith("Række 5, kolonne Værdi: »1,23456«")


def test_the_same_row_twice_in_a_file_is_refused(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "2020", "1"],
                                          ["bt-antal", "2020", "2"]])
    assert measurements_preview(strategy=strategy, path=path).problems == [
        "Række 3: samme indikator, periode, gruppe og niveau som række 2"]


def test_the_header_must_name_the_columns(strategy, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        read_table(write_csv(tmp_path / "m.csv", [["Indikator", "Tid", "Værdi"]]))
    assert refused.value.errors == ["Række 1: overskriften har ingen kolonne »Periode«"]
    path = write_csv(tmp_path / "x.csv", [["Indikator", "Periode", "Værdi", "Farve"], ["bt-antal", "2020", "1", ""]])
    assert measurements_preview(strategy=strategy, path=path).problems[0].startswith("Række 1, kolonne Farve: ukendt")


def test_an_excel_file_is_read_with_its_numbers_as_typed(strategy, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "Målinger"
    sheet.append(["Indikator", "Periode", "Værdi", "Kilde"])
    sheet.append(["bt-antal", 2020, 1.234, "LIS"])
    sheet.append(["bt-neet", "nov. 2020", 0.072, ""])
    sheet["C3"].number_format = "0.0%"
    sheet.append(["bt-neet", 2021, "140", ""])
    book.save(tmp_path / "m.xlsx")
    assert detect(tmp_path / "m.xlsx")
    preview = measurements_preview(strategy=strategy, path=tmp_path / "m.xlsx")
    assert preview.problems == ["Ark Målinger, række 4, kolonne Værdi: »140«: Værdien skal være et tal mellem 0 og "
                                "100 for en procentindikator."]
    assert [(e.period, e.value, e.source) for e in preview.entries] == [
        ("2020", Decimal("1.234"), "LIS"), ("2020-11", Decimal("7.2"), "")]


def test_query_count_of_apply_does_not_grow_with_rows(strategy, tmp_path, monkeypatch):
    """A constant number of queries per chunk of rows (the new rows' ids, their history copied in one
    INSERT … SELECT), plus one statement per batch on SQLite (executemany); on PostgreSQL one COPY
    per chunk whatever its size."""
    from pejling.interchange import measurements_check
    from pejling.tracking import bulk

    def queries(n, offset):
        path = write_csv(tmp_path / f"q{n}-{offset}.csv", [["Indikator", "Periode", "Gruppe", "Værdi"]] + [
            ["bt-antal", "2020", f"g{offset + i}", str(i)] for i in range(n)])
        with CaptureQueriesContext(connection) as captured:
            measurements_apply(strategy=strategy, path=path)
        return len(captured)

    small = queries(3, 0)
    assert queries(40, 100) == small
    assert queries(1500, 1000) == small  # within one batch
    monkeypatch.setattr(bulk, "BATCH_SIZE", 100)
    per_batch = 1 if connection.vendor == "sqlite" else 0
    assert queries(1000, 5000) == small + per_batch * 9  # ten batches
    monkeypatch.setattr(measurements_check, "CHUNK_ROWS", 250)
    assert queries(1000, 7000) == small + 2 * 3 + per_batch * 11  # four chunks of three batches each


def test_the_command_applies_and_says_what_it_did(strategy, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "2020", "12"]])
    out, err = io.StringIO(), io.StringIO()
    assert measurements_import_command(path, strategy_slug=SLUG, dry_run=True, stdout=out, stderr=err) == 0
    assert not stored("bt-antal").exists()
    assert "1 nye, 0 ændrede, 0 uændrede, 0 afviste" in out.getvalue()
    assert measurements_import_command(path, strategy_slug=SLUG, stdout=out, stderr=err) == 0
    assert stored("bt-antal").get().value == 12
    bad = write_csv(tmp_path / "bad.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "20x0", "12"]])
    err = io.StringIO()
    assert measurements_import_command(bad, strategy_slug=SLUG, stdout=out, stderr=err) == 1
    assert err.getvalue().startswith(f"{bad}: Række 2, kolonne Periode: »20x0« er ikke en periode")
    assert measurements_import_command(path, strategy_slug="findes-ikke", stdout=out, stderr=err) == 1


def test_the_strategy_revision_is_touched_once(strategy, tmp_path):
    before = Strategy.objects.get(slug=SLUG).revision
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"]] + [["bt-antal", str(y), "1"]
                                                                                for y in range(2000, 2020)])
    measurements_apply(strategy=strategy, path=path)
    assert Strategy.objects.get(slug=SLUG).revision == before + 1
    measurements_apply(strategy=strategy, path=path)  # unchanged: nothing written, nothing touched
    assert Strategy.objects.get(slug=SLUG).revision == before + 1


def test_the_file_as_a_strategy_document_for_the_merge(strategy, tmp_path):
    from pejling.interchange.measurements_file import measurements_read
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Gruppe", "Niveau", "Værdi", "Kommentar"],
                     ["bt-goal", "2020", "", "", "55", ""], ["bt-neet", "nov. 2020", "Nydanske", "", "6,8 %", "ok"],
                     ["bt-pos", "2020", "", "roed", "3", ""], ["bt-pos", "2020", "", "gul", "7", ""]])
    doc = measurements_read(path, strategy=SLUG, source="m.csv")
    assert doc["format"] == "pejling-strategy" and doc["organisation"] == {"slug": "bulk-test-kommune"}
    assert doc["strategy"]["indicators"] == [{"key": "bt-goal", "measurements": [{"period": "2020", "breakdown": "",
                                                                                  "value": 55}]}]
    [one, two] = doc["strategy"]["initiatives"]
    assert one == {"code": "1", "indicators": [{"key": "bt-neet", "measurements": [
        {"period": "2020-11", "breakdown": "Nydanske", "value": 6.8, "comment": "ok"}]}]}
    assert two["indicators"][0]["measurements"] == [{"period": "2020", "breakdown": "", "values": {"roed": 3, "gul": 7}}]
    bad = write_csv(tmp_path / "bad.csv", [["Indikator", "Periode", "Værdi"], ["bt-neet", "2020", "140"]])
    with pytest.raises(ImportRefused) as refused:
        measurements_read(bad, strategy=SLUG, source="bad.csv")
    assert refused.value.errors[0].startswith("Række 2, kolonne Værdi: »140«")
