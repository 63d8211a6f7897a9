"""The bulk writer keeps one COPY open across chunks on PostgreSQL (tracking/bulk_copy.py): what it
writes must be what a COPY per chunk wrote, whatever runs on the connection in between, and an error
must leave nothing written and the connection usable (psycopg holds the connection's lock while a COPY
is open: a query then would wait for ever). The same tests run on SQLite, which writes per chunk."""

import signal
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError

from pejling.interchange import measurements_check
from pejling.interchange.measurements import measurements_apply
from pejling.plans.models import Indicator, Strategy
from pejling.tracking.bulk import measurements_bulk_writer, stored_measurements
from pejling.tracking.models import Measurement
from tests.measurements_fixtures import SLUG, centre_editor_of, make_strategy, write_csv

pytestmark = pytest.mark.django_db


@contextmanager
def at_most(seconds: int):
    """A hang (a query waiting on the COPY's lock) fails the test instead of stopping the suite."""
    def late(_signum, _frame):
        raise TimeoutError(f"still waiting after {seconds} s")
    before = signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def row(indicator, year, value, group=""):
    from pejling.assessment.periods import parse_period
    p = parse_period(str(year))
    return (indicator.id, p.text, p.start, p.end, False, group, None, Decimal(value), "", "", "test", "")


def ours():
    return Measurement.objects.filter(indicator__strategy__slug=SLUG, indicator__key="bt-antal")


def test_new_rows_a_correction_and_new_rows_again_each_with_their_history():
    strategy = make_strategy()
    antal = Indicator.objects.get(strategy=strategy, key="bt-antal")
    with at_most(60), measurements_bulk_writer(strategy_id=strategy.id, reason="import a.csv") as writer:
        writer.write(new=[row(antal, y, y - 2000) for y in (2019, 2020, 2021)])
        assert Strategy.objects.filter(slug=SLUG).count() == 1  # a query between chunks
        stored = stored_measurements(strategy_id=strategy.id)[(antal.id, None, False, "")]["2020"]
        writer.write(changed=[(stored, {"value": Decimal("99"), "status": "", "text": ""})])
        for n in range(1, 6):  # small chunks, each needing ids beyond the first reservation
            writer.write(new=[row(antal, 2021 + 2 * n - 1, n, "a"), row(antal, 2021 + 2 * n, n, "b")])
    assert (writer.created, writer.updated) == (13, 1)
    assert ours().get(period="2020", breakdown="").value == Decimal("99")
    assert ours().count() == 13 and ours().filter(breakdown="b", period="2031").get().value == Decimal("5")
    added = Measurement.history.filter(indicator=antal, history_type="+")
    assert added.count() == 13
    assert sorted(added.values_list("id", flat=True)) == sorted(ours().values_list("id", flat=True))
    for h in added:  # each history row holds its row's values, as loaded
        if h.period != "2020":
            assert ours().get(id=h.id).value == h.value
    corrected = Measurement.history.filter(indicator=antal, history_type="~").get()
    assert (corrected.value, corrected.history_change_reason) == (Decimal("99"), "import a.csv")


def test_an_error_after_rows_were_handed_on_writes_nothing_and_the_connection_goes_on():
    strategy = make_strategy()
    antal = Indicator.objects.get(strategy=strategy, key="bt-antal")
    with at_most(60):
        with pytest.raises(RuntimeError), measurements_bulk_writer(strategy_id=strategy.id, reason="x") as writer:
            writer.write(new=[row(antal, 2019, 1), row(antal, 2020, 2)])
            raise RuntimeError("row 3 was refused")
        assert not ours().exists() and not Measurement.history.filter(indicator=antal).exists()
        with pytest.raises(IntegrityError), measurements_bulk_writer(strategy_id=strategy.id, reason="x") as writer:
            writer.write(new=[row(antal, 2019, 1)])
            writer.write(new=[row(antal, 2019, 2)])  # the same period twice: the unique index refuses it
        assert not ours().exists() and Strategy.objects.filter(slug=SLUG).exists()


def test_a_file_in_small_chunks_with_new_and_corrected_rows_by_a_centre_editor(tmp_path, monkeypatch):
    """Chunks of 3 rows: the editor's permission for the second initiative's indicator is asked in the
    middle of the file, and corrections come between new rows."""
    monkeypatch.setattr(measurements_check, "CHUNK_ROWS", 3)
    strategy = make_strategy()
    editor = centre_editor_of("Skolecenter", "strom-redaktoer")
    head = ["Indikator", "Periode", "Værdi"]
    first = write_csv(tmp_path / "a.csv", [head, *[["bt-antal", str(y), str(y - 2000)] for y in range(2015, 2021)]])
    with at_most(60):
        assert measurements_apply(strategy=strategy, path=first, user=editor).counts["new"] == 6
        lines = [head, ["bt-antal", "2016", "60"], *[["bt-antal", str(y), str(y - 2000)] for y in range(2021, 2026)],
                 ["bt-antal", "2018", "80"], ["bt-antal", "2026", "26"]]
        done = measurements_apply(strategy=strategy, path=write_csv(tmp_path / "b.csv", lines), user=editor)
    assert (done.counts["new"], done.counts["changed"]) == (6, 2)
    assert dict(ours().values_list("period", "value"))["2016"] == Decimal("60")
    assert ours().count() == 12 and Measurement.history.filter(indicator__key="bt-antal",
                                                               indicator__strategy=strategy).count() == 14
    refused = write_csv(tmp_path / "c.csv", [head, ["bt-antal", "2027", "27"], ["bt-antal", "2028", "28"],
                                             ["bt-antal", "2029", "29"], ["bt-boern", "2020", "5"]])
    with at_most(60), pytest.raises(Exception) as exc:
        measurements_apply(strategy=strategy, path=refused, user=editor)  # bt-boern belongs to another centre
    assert "bt-boern" in " ".join(exc.value.errors)
    assert ours().count() == 12 and not ours().filter(period="2027").exists()
