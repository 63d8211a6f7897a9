"""A measurements file is read, checked and written in chunks (measurements_check.CHUNK_ROWS rows at a
time), so that a file of a million rows is never held whole. Chunking must change nothing a person
sees: every problem with its place, nothing written when one row is refused, the same stored rows
and history, the same preview."""

from decimal import Decimal

import pytest
from django.db import connection

from pejling.interchange import measurements_check, measurements_entries
from pejling.interchange.documents import ImportRefused
from pejling.interchange.measurements import measurements_apply, measurements_preview
from pejling.tracking.models import Measurement
from tests.measurements_fixtures import SLUG, make_strategy, write_csv

pytestmark = pytest.mark.django_db
HEAD = ["Indikator", "Periode", "Gruppe", "Værdi"]


@pytest.fixture
def strategy(db, monkeypatch):
    monkeypatch.setattr(measurements_check, "CHUNK_ROWS", 100)
    return make_strategy()


def ours():
    return Measurement.objects.filter(indicator__strategy__slug=SLUG)


def schools(rows):
    """`rows` rows of bt-antal: one per school and year (2015–2019)."""
    return [["bt-antal", str(2015 + n % 5), f"Skole {n // 5}", str(n)] for n in range(rows)]


def test_an_error_in_the_last_chunk_writes_nothing_and_names_its_row(strategy, tmp_path):
    lines = schools(450)
    lines[-1][3] = "12,5,3"  # row 451 (the header is row 1)
    path = write_csv(tmp_path / "m.csv", [HEAD, *lines])
    before, history = ours().count(), Measurement.history.filter(indicator__strategy__slug=SLUG).count()
    with pytest.raises(ImportRefused) as refused:
        measurements_apply(strategy=strategy, path=path)
    [problem] = refused.value.errors
    assert problem.startswith("Række 451, kolonne Værdi: »12,5,3«")
    assert ours().count() == before  # the first four chunks were written, then rolled back
    assert Measurement.history.filter(indicator__strategy__slug=SLUG).count() == history
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.problems == [problem]
    assert preview.counts == {"new": 449, "changed": 0, "unchanged": 0, "refused": 1}


@pytest.mark.parametrize("chunk", [100, 7, 10_000])
def test_chunks_store_exactly_what_one_chunk_stores(strategy, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(measurements_check, "CHUNK_ROWS", chunk)
    path = write_csv(tmp_path / "m.csv", [HEAD, *schools(450), ["bt-neet", "2019", "Nydanske", "6,9"]])
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.counts == {"new": 450, "changed": 1, "unchanged": 0, "refused": 0}
    assert preview.changes(2)[0]["old"] == "7,2 %" and preview.changes(2)[0]["row"] == 452
    measurements_apply(strategy=strategy, path=path)
    expected = sorted([("bt-antal", str(2015 + n % 5), f"Skole {n // 5}", Decimal(n), 0) for n in range(450)]
                      + [("bt-neet", "2019", "Nydanske", Decimal("6.9"), 1)])
    assert sorted(ours().values_list("indicator__key", "period", "breakdown", "value", "version")) == expected
    history = Measurement.history.filter(indicator__strategy__slug=SLUG)
    assert history.filter(history_type="+").count() == 451 and history.filter(history_type="~").count() == 1
    assert sorted(history.filter(history_type="+").values_list("id", flat=True)) == sorted(
        ours().values_list("id", flat=True))  # one each, under the row's own id
    assert measurements_preview(strategy=strategy, path=path).counts["unchanged"] == 451


def test_a_distributions_levels_on_both_sides_of_a_chunk_boundary_are_checked_together(strategy, tmp_path):
    head = ["Indikator", "Periode", "Niveau", "Værdi"]
    filler = [["bt-antal", str(2000 + n), "", "1"] for n in range(99)]  # rows 2–100
    good = write_csv(tmp_path / "ok.csv", [head, *filler, ["bt-pos", "2020", "roed", "3"],   # row 101 ends chunk 1
                                           ["bt-pos", "2020", "gul", "7"], ["bt-pos", "2020", "groen", "12"]])
    measurements_apply(strategy=strategy, path=good)
    assert {m.level.code: m.value for m in ours().filter(indicator__key="bt-pos", period="2020")} == {
        "roed": 3, "gul": 7, "groen": 12}
    bad = write_csv(tmp_path / "bad.csv", [head, *filler, ["bt-pos", "2021", "roed", "2,5"],
                                           ["bt-pos", "2021", "gul", "7"]])
    assert measurements_preview(strategy=strategy, path=bad).problems == [
        "Række 101–102: bt-pos 2021: Et antal er et helt tal: man kan ikke tælle 2,5 børn."]


def test_a_row_repeated_in_a_later_chunk_is_refused_with_the_first_row(strategy, tmp_path):
    lines = schools(300)
    path = write_csv(tmp_path / "m.csv", [HEAD, *lines, lines[3]])
    with pytest.raises(ImportRefused) as refused:
        measurements_apply(strategy=strategy, path=path)
    assert refused.value.errors == ["Række 302: samme indikator, periode, gruppe og niveau som række 5"]
    assert not ours().filter(indicator__key="bt-antal").exists()


def test_every_problem_is_counted_and_the_first_ones_shown(strategy, tmp_path, monkeypatch):
    monkeypatch.setattr(measurements_entries, "PROBLEMS_KEPT", 10)
    path = write_csv(tmp_path / "m.csv", [HEAD, *[["bt-antal", "20x0", "", "1"] for _n in range(250)]])
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.counts["refused"] == 250 and len(preview.problems) == 10
    assert preview.problems[-1].startswith("Række 11, kolonne Periode: »20x0«")
    with pytest.raises(ImportRefused) as refused:
        measurements_apply(strategy=strategy, path=path)
    assert refused.value.errors[-1] == "… og 240 mere" and len(refused.value.errors) == 11


def test_an_excel_file_is_read_in_chunks_too(strategy, tmp_path):
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Målinger")
    sheet.append(HEAD)
    for key, year, school, value in schools(250):
        sheet.append([key, int(year), school, int(value)])
    sheet.append(["bt-neet", 2021, "", 140])
    book.save(tmp_path / "m.xlsx")
    [problem] = measurements_preview(strategy=strategy, path=tmp_path / "m.xlsx").problems
    assert problem.startswith("Ark Målinger, række 252, kolonne Værdi: »140«")
    with pytest.raises(ImportRefused):
        measurements_apply(strategy=strategy, path=tmp_path / "m.xlsx")
    assert not ours().filter(indicator__key="bt-antal").exists()


def test_a_large_load_renews_the_planner_statistics_on_postgresql(strategy, tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's")
    from pejling.tracking import bulk
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 100)
    with connection.cursor() as cur:
        cur.execute("ANALYZE tracking_measurement")
    path = write_csv(tmp_path / "m.csv", [HEAD, *schools(450)])
    assert Measurement.objects.count() < 4500  # the load is a tenth of the table, or more
    measurements_apply(strategy=strategy, path=path)
    with connection.cursor() as cur:
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'tracking_measurement'")
        assert cur.fetchone()[0] == Measurement.objects.count()  # a small table is read whole
