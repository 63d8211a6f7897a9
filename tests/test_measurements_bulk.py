"""Many measurements at once: 10,000 rows import, a re-import changes nothing, and two people importing
the same file at the same moment store every row once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from pejling.interchange import measurements as service
from pejling.interchange.documents import ImportRefused
from pejling.interchange.measurements import measurements_apply, measurements_preview
from pejling.plans.models import Strategy
from pejling.tracking.models import Measurement
from tests.measurements_fixtures import SLUG, centre_editor_of, make_strategy, write_csv

HEAD = ["Indikator", "Periode", "Gruppe", "Værdi", "Kommentar", "Kilde"]


def big_file(path, rows):
    """`rows` measurements over two indicators, 25 quarters and as many schools as needed."""
    lines = [HEAD]
    for n in range(rows):
        key = "bt-neet" if n % 2 else "bt-antal"
        quarter = (n // 2) % 25
        school = n // 50
        value = f"{(n % 997) / 10:.1f}".replace(".", ",")
        lines.append([key, f"{2015 + quarter // 4}K{quarter % 4 + 1}", f"Skole {school}", value, "", "LIS"])
    return write_csv(path, lines)


@pytest.mark.django_db
def test_a_10000_row_csv_imports_and_a_reimport_changes_nothing(tmp_path):
    strategy = make_strategy()
    path = big_file(tmp_path / "maalinger.csv", 10_000)
    preview = measurements_preview(strategy=strategy, path=path)
    assert preview.counts == {"new": 10_000, "changed": 0, "unchanged": 0, "refused": 0}
    measurements_apply(strategy=strategy, path=path)
    ours = Measurement.objects.filter(indicator__strategy__slug=SLUG)
    assert ours.count() == 10_001  # and the one the document had
    assert ours.filter(indicator__key="bt-neet", period="2016-Q2", breakdown="Skole 9").get().value == Decimal("46.1")
    assert Measurement.history.filter(indicator__strategy__slug=SLUG, history_type="+").count() == 10_001
    revision = Strategy.objects.get(slug=SLUG).revision
    again = measurements_apply(strategy=strategy, path=path)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 10_000, "refused": 0}
    assert ours.count() == 10_001 and Strategy.objects.get(slug=SLUG).revision == revision
    assert Measurement.history.filter(indicator__strategy__slug=SLUG).count() == 10_001


@pytest.mark.django_db
def test_rows_stored_by_someone_else_meanwhile_are_checked_again_not_duplicated(tmp_path, monkeypatch):
    """The unique constraint decides a race: the import starts again, now seeing the stored rows."""
    strategy = make_strategy()
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "2020", "12"],
                                          ["bt-antal", "2021", "13"]])
    measurements_apply(strategy=strategy, path=path)
    real, calls = service.stored_measurements, []

    def stale_once(**kwargs):  # the first look misses what the other person just stored
        calls.append(1)
        return {} if len(calls) == 1 else real(**kwargs)
    monkeypatch.setattr(service, "stored_measurements", stale_once)
    preview = measurements_apply(strategy=strategy, path=path)
    assert len(calls) == 2 and preview.counts["unchanged"] == 2
    assert Measurement.objects.filter(indicator__strategy__slug=SLUG, indicator__key="bt-antal").count() == 2

    monkeypatch.setattr(service, "stored_measurements", lambda **kwargs: {})  # conflicts every time
    with pytest.raises(ImportRefused) as refused:
        measurements_apply(strategy=strategy, path=path)
    assert "en anden gemte målinger for de samme perioder" in refused.value.errors[0]


@pytest.mark.django_db
def test_an_import_that_lost_a_deadlock_starts_again_and_then_says_so_in_danish(tmp_path, monkeypatch):
    """Two imports writing the same new rows in different orders: PostgreSQL ends one with a deadlock
    (found by a helper: a traceback on the command line, a 500 on the web). It starts again, as after a
    unique violation; another database error is not taken for one."""
    from django.db import OperationalError

    class Deadlock(Exception):
        sqlstate = "40P01"

    def lost(sqlstate="40P01"):
        error = OperationalError("deadlock detected")
        error.__cause__ = Deadlock()
        error.__cause__.sqlstate = sqlstate
        return error
    strategy = make_strategy()
    path = write_csv(tmp_path / "m.csv", [["Indikator", "Periode", "Værdi"], ["bt-antal", "2020", "12"]])
    real, calls = service.measurements_check, []

    def deadlocked_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise lost()
        return real(**kwargs)
    monkeypatch.setattr(service, "measurements_check", deadlocked_once)
    assert measurements_apply(strategy=strategy, path=path).counts["new"] == 1 and len(calls) == 2
    monkeypatch.setattr(service, "measurements_check", lambda **kwargs: (_ for _ in ()).throw(lost()))
    with pytest.raises(ImportRefused) as refused:
        measurements_apply(strategy=strategy, path=path)
    assert "en anden gemte målinger for de samme perioder" in refused.value.errors[0]
    monkeypatch.setattr(service, "measurements_check", lambda **kwargs: (_ for _ in ()).throw(lost("08006")))
    with pytest.raises(OperationalError):  # a lost connection is no race
        measurements_apply(strategy=strategy, path=path)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("reverse", [False, True])
def test_two_people_importing_the_same_file_at_once_store_each_row_once(tmp_path, reverse):
    """On PostgreSQL: the second import waits on the unique index, then checks again and finds the rows.
    (SQLite's in-memory test database locks tables without waiting; a database file, as Pejling runs it,
    serialises the two imports with its IMMEDIATE transactions.)"""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database where writers wait for each other (PostgreSQL, or SQLite in a file)")
    strategy = make_strategy()
    path = big_file(tmp_path / "samme.csv", 400)
    paths = [path, path]
    if reverse:  # the same rows the other way round: the two may deadlock on the unique index
        lines = path.read_text(encoding="utf-8").splitlines()
        paths[1] = tmp_path / "omvendt.csv"
        paths[1].write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    start, results = threading.Barrier(2), []

    def importer(path):
        try:
            start.wait()
            results.append(measurements_apply(strategy=strategy, path=path).counts)
        except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
            results.append(exc)
        finally:
            connection.close()
    threads = [threading.Thread(target=importer, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted((r["new"], r["unchanged"]) for r in results) == [(0, 400), (400, 0)]
    assert Measurement.objects.filter(indicator__strategy__slug=SLUG).count() == 401


@pytest.mark.django_db
def test_history_of_loaded_rows_is_what_simple_history_writes(tmp_path):
    """New rows go in through the database's loader (tracking/bulk.py); their history rows must hold exactly
    what simple-history's bulk_create_with_history would have written."""
    from simple_history.utils import bulk_create_with_history

    from pejling.plans.audit import audit_context
    strategy = make_strategy()
    user = centre_editor_of("Skolecenter", "bulk-historik")
    path = write_csv(tmp_path / "h.csv", [["Indikator", "Periode", "Gruppe", "Værdi", "Kommentar"],
                                          ["bt-antal", "2020", "Skole 1", "12", "målt"]])
    measurements_apply(strategy=strategy, path=path, user=user)
    loaded = Measurement.objects.get(indicator__key="bt-antal", indicator__strategy=strategy, period="2020")
    reference = Measurement(indicator=loaded.indicator, period="2021", period_start=loaded.period_start,
                            period_end=loaded.period_end, breakdown="Skole 1", value=loaded.value, comment="målt",
                            entered_by=user, entered_by_name=loaded.entered_by_name, entered_at=loaded.entered_at)
    with audit_context(source="import"):
        [reference] = bulk_create_with_history([reference], Measurement, default_user=user,
                                               default_change_reason="import h.csv",
                                               default_date=loaded.history.get().history_date)
    skip = {"id", "history_id", "period"}
    fields = [f.attname for f in Measurement.history.model._meta.concrete_fields if f.attname not in skip]
    ours, theirs = loaded.history.get(), reference.history.get()
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(theirs, f) for f in fields}
    assert (ours.id, ours.history_type, ours.history_user, ours.history_source) == (loaded.id, "+", user, "import")
