"""Bulk import of measurements next to the database's own loader, on SQLite and PostgreSQL.

    scripts/bench_bulk.py [--rows 100000] [--rows 1000000] [--database sqlite|postgresql|both] [--json]

For each database and size: a measurements CSV (Danish writing: 7,2 and 2019K3) is imported through
`measurements_apply` (read, every row checked, compared with what is stored, bulk insert with a
history row each), then the same rows are loaded by the database's own loader into the same table
(PostgreSQL COPY through psycopg, SQLite executemany in one transaction; the loader reads the same
CSV with Python's csv module and writes no history). Prints rows/s for both, the ratio and the
process's peak memory after the import (ru_maxrss: with several sizes, the largest so far); with
--json one JSON object per line: {metric, database, dataset, value, unit, cores}. Asserts nothing.

PostgreSQL: DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/pejling_bulk (created if
missing). SQLite: a fresh file under PEJLING_DATA_DIR (default data/bench-bulk)."""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/pejling_bulk"
SLUG = "bench-bulk"
INDICATORS = 20
QUARTERS = 100  # 2000K1 … 2024K4


def write_file(path: Path, rows: int) -> None:
    """`rows` measurements: 20 indicators × 100 quarters × as many groups as needed."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["Indikator", "Periode", "Gruppe", "Værdi", "Kilde"])
        per_group = INDICATORS * QUARTERS
        for n in range(rows):
            group, rest = divmod(n, per_group)
            ind, q = divmod(rest, QUARTERS)
            out.writerow([f"bench-{ind}", f"{2000 + q // 4}K{q % 4 + 1}", f"Skole {group}",
                          f"{(n % 1000) / 10:.1f}".replace(".", ","), "LIS"])


def document() -> dict:
    return {"format": "pejling-strategy", "version": 1,
            "organisation": {"slug": "bench-kommune", "name": "Bench Kommune", "units": [{"name": "Center"}]},
            "strategy": {"slug": SLUG, "title": "Bench", "initiatives": [
                {"code": "1", "title": "Bench", "units": [{"unit": "Center", "role": "lead"}],
                 "indicators": [{"key": f"bench-{i}", "name": f"Indikator {i}", "unit": "%", "decimals": 1}
                                for i in range(INDICATORS)]}]}}


# -- one database, in its own process (Django's settings are per process) --------------------------
def one(database_url: str, sizes: list[int]) -> list[dict]:
    os.environ["DATABASE_URL"] = database_url
    os.environ["PEJLING_IMPORT_MAX_BYTES"] = str(2**31)
    os.environ["DEBUG"] = "false"  # as in production: no query log
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pejling.settings")
    sys.path.insert(0, str(ROOT))
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from pejling.interchange.importer import strategy_import
    from pejling.interchange.measurements import measurements_apply
    from pejling.plans.models import Strategy
    from pejling.tracking.models import Measurement

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    table, history = Measurement._meta.db_table, Measurement.history.model._meta.db_table

    def clear(strategy):
        ids = list(strategy.indicators.values_list("id", flat=True))
        with transaction.atomic(), connection.cursor() as cur:
            marks = ",".join(["%s"] * len(ids))
            cur.execute(f"DELETE FROM {table} WHERE indicator_id IN ({marks})", ids)
            cur.execute(f"DELETE FROM {history} WHERE indicator_id IN ({marks})", ids)
        if vendor == "postgresql":  # the same starting point for every run: no dead rows to skip
            with connection.cursor() as cur:
                cur.execute(f"VACUUM ANALYZE {table}")
                cur.execute(f"VACUUM ANALYZE {history}")

    Strategy.objects.filter(slug=SLUG).delete()
    strategy = strategy_import(document=document())
    keys = dict(strategy.indicators.values_list("key", "id"))
    results = []
    for rows in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"maalinger-{rows}.csv"
            write_file(path, rows)
            clear(strategy)
            start, cpu = time.perf_counter(), time.process_time()
            done = measurements_apply(strategy=strategy, path=path)
            ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB, the process's peak so far
            assert done.counts["new"] == rows, done.counts
            start = time.perf_counter()
            again = measurements_apply(strategy=strategy, path=path)
            reimport = time.perf_counter() - start
            assert again.counts["unchanged"] == rows, again.counts
            clear(strategy)
            start, cpu = time.perf_counter(), time.process_time()
            raw_load(path, keys, table, vendor)
            raw, raw_cpu = time.perf_counter() - start, time.process_time() - cpu
            assert Measurement.objects.filter(indicator__strategy=strategy).count() == rows
            clear(strategy)
        results.append({"database": vendor, "rows": rows, "import_s": ours, "reimport_s": reimport, "raw_s": raw,
                        "import_cpu_s": ours_cpu, "raw_cpu_s": raw_cpu, "load": os.getloadavg()[0],
                        "peak_mb": peak})
    return results


def raw_load(path: Path, keys: dict, table: str, vendor: str) -> None:
    """The database's own loader into the same table: the CSV read with csv, the period's dates from a
    small table, then COPY (PostgreSQL) or executemany in one transaction (SQLite)."""
    from datetime import datetime

    from django.db import connection, transaction

    from pejling.assessment.periods import parse_period
    periods = {}
    now = datetime.now(UTC)
    columns = ["indicator_id", "period", "period_start", "period_end", "is_baseline", "breakdown", "level_id",
               "value", "status", "text", "source", "comment", "entered_by_name", "entered_at", "version"]

    def records():
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter=";")
            next(reader)
            for key, raw_period, group, value, source in reader:
                p = periods.get(raw_period)
                if p is None:
                    p = periods[raw_period] = parse_period(raw_period)
                yield (keys[key], p.text, p.start, p.end, False, group, None, value.replace(",", "."), "", "",
                       source, "", "", now, 0)
    with transaction.atomic():
        if vendor == "postgresql":
            connection.ensure_connection()
            with connection.connection.cursor() as cur:
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for record in records():
                        copy.write_row(record)
        else:
            with connection.cursor() as cur:
                marks = ", ".join(["%s"] * len(columns))
                cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", records())


# -- the driver --------------------------------------------------------------------------------------
def ensure_postgres_database(url: str) -> None:
    import psycopg
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="rows per run (repeatable; default 100000)")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="one JSON object per line for bench/results.json")
    parser.add_argument("--one", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = args.rows or [100_000]
    if args.one:
        print(json.dumps(one(args.one, sizes)))
        return
    urls = []
    if args.database in ("sqlite", "both"):
        folder = Path(os.environ.get("PEJLING_DATA_DIR", ROOT / "data" / "bench-bulk"))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bench-bulk.sqlite3").unlink(missing_ok=True)
        urls.append(f"sqlite:///{folder / 'bench-bulk.sqlite3'}")
    if args.database in ("postgresql", "both"):
        url = os.environ.get("DATABASE_URL", "")
        url = url if url.startswith(("postgres://", "postgresql://")) else PG_DEFAULT
        ensure_postgres_database(url)
        urls.append(url)
    results = []
    for url in urls:
        out = subprocess.run([sys.executable, __file__, "--one", url] + [f"--rows={n}" for n in sizes],
                             check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        results += json.loads(out.stdout.strip().splitlines()[-1])
    cores = os.cpu_count()
    for r in results:
        dataset = f"{r['rows']:,}".replace(",", "_") + " rows"
        if args.json:
            for metric, value, unit in (("bulk import rate", r["rows"] / r["import_s"], "rows/s"),
                                        ("bulk re-import rate (unchanged)", r["rows"] / r["reimport_s"], "rows/s"),
                                        ("database loader rate", r["rows"] / r["raw_s"], "rows/s"),
                                        ("bulk import / database loader", r["import_s"] / r["raw_s"], "ratio"),
                                        ("bulk import peak memory (process, so far)", r["peak_mb"], "MB")):
                print(json.dumps({"metric": metric, "database": r["database"], "dataset": dataset,
                                  "value": round(value, 2), "unit": unit, "cores": cores}))
        else:
            print(f"{r['database']:10s} {r['rows']:>9,} rows  import {r['import_s']:6.1f} s "
                  f"({r['rows'] / r['import_s']:>8,.0f} rows/s)  re-import {r['reimport_s']:6.1f} s  "
                  f"loader {r['raw_s']:6.1f} s ({r['rows'] / r['raw_s']:>8,.0f} rows/s)  "
                  f"ratio {r['import_s'] / r['raw_s']:4.1f}×  peak {r['peak_mb']:.0f} MB  (this process's CPU: import {r['import_cpu_s']:.1f} s, "
                  f"loader {r['raw_cpu_s']:.1f} s; load average {r['load']:.1f} on {cores} cores)")


if __name__ == "__main__":
    main()
