"""The parts of `make bench` measured inside one Django process (run by scripts/bench.py in a child
process with the installation's environment): the status JSON, the report formats, and, while the
bulk-measurements benchmark (scripts/bench_bulk.py) is not there, the generator's bulk path next to
the database's own loader. One JSON row per line on stdout."""

from __future__ import annotations

import json
import resource
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal


def emit(metric, value, unit, dataset=None):
    row = {"metric": metric, "value": value, "unit": unit}
    if dataset:
        row["dataset"] = dataset
    print(json.dumps(row), flush=True)


def main(inside, bulk_database, pages, requests, bulk_rows):
    import django
    django.setup()
    if bulk_database:
        return bulk(bulk_database, bulk_rows)
    _database, dataset = inside
    status_json(pages["demo" if dataset == "demo" else "generated"][0], requests)
    reports()
    emit("peak memory of the process making the reports (RSS)",
         resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "MB")


def status_json(slug, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pejling.plans.models import Strategy
    from pejling.tracking.status import strategy_status
    from pejling.tracking.status_document import status_document
    strategy = Strategy.objects.get(slug=slug)
    times, queries = [], []
    start = time.monotonic()
    for n in range(requests):
        if time.monotonic() - start > 90:
            break
        with CaptureQueriesContext(connection) as ctx:
            begin = time.perf_counter()
            json.dumps(status_document(strategy_status(strategy=strategy, as_of=date(2026, 12, 1) - timedelta(n))))
            times.append((time.perf_counter() - begin) * 1000)
        queries.append(len(ctx.captured_queries))
    emit("status JSON afresh: median", statistics.median(times), "ms")
    emit("status JSON afresh: p95", sorted(times)[max(0, round(0.95 * len(times)) - 1)], "ms")
    emit("status JSON afresh: queries", statistics.median(queries), "queries")


def reports():
    """Each format for the strategy with the most measurements as the web app serves it (web.report_files;
    "html" is the live report's page): first with every cache empty; the same download again (the file is
    kept per strategy revision and date); the download after an entry of one number, as a running server
    makes it (the charts of the indicators the entry left alone are kept by content, the worker's copy of
    the strategy is read again for what changed); and after another entry, `pejling reports-ahead`'s
    making of the downloaded report, then the download it leaves ready."""
    from django.core.cache import caches
    from django.db.models import Count
    from django.utils import timezone, translation

    from pejling.plans.models import Strategy
    from pejling.reports.models import WantedReport
    from pejling.tracking import status_cache
    from pejling.tracking.services import entry_token, measurement_record
    from pejling.web.report_files import PAGE, live_file, live_page, reports_ahead, wanted_note
    translation.activate("da")
    strategy = Strategy.objects.annotate(n=Count("indicators__measurements")).order_by("-n", "id").first()
    today = timezone.localdate()
    as_of = strategy.default_as_of(today)
    indicator = strategy.indicators.filter(kind="numeric", retired_period="").order_by("id").first()

    def entry():  # the latest quarter's number corrected, as a centre would
        latest = indicator.measurements.filter(breakdown="", is_baseline=False, level=None) \
            .order_by("-period_end").first()
        measurement_record(indicator=indicator, period=latest.period, value=latest.value + Decimal("0.1"),
                           expected=entry_token([latest]), reason="bench")
        strategy.refresh_from_db(fields=["revision"])

    def download(fmt):
        begin = time.perf_counter()
        if fmt == "html":
            live_page(strategy=strategy, as_of=as_of)
        else:
            live_file(strategy=strategy, fmt=fmt, as_of=as_of)
        return time.perf_counter() - begin

    for fmt in ("html", "pdf", "docx", "xlsx"):
        for store in ("reports", "charts", "default"):
            caches[store].clear()
        status_cache.clear()
        WantedReport.objects.all().delete()  # only this format is made ahead below
        for attempt in ("first", "repeated", "after an entry"):
            if attempt == "after an entry":
                entry()
            emit(f"report {fmt} of the largest strategy, {attempt}", download(fmt), "s")
        wanted_note(strategy=strategy, fmt=PAGE if fmt == "html" else fmt, today=today)
        entry()
        begin = time.perf_counter()
        assert len(reports_ahead(today=today, slugs=[strategy.slug])) == 1
        emit(f"report {fmt} of the largest strategy, made ahead after an entry", time.perf_counter() - begin, "s")
        emit(f"report {fmt} of the largest strategy, downloaded after reports-ahead", download(fmt), "s")


def bulk(database, sizes):
    """The generator's bulk path (tracking.bulk.measurements_bulk_save without history) next to the
    database's own loader (COPY on PostgreSQL, executemany in one transaction on SQLite), into the same
    table, same rows."""
    from django.db import connection, transaction
    from django.utils import timezone

    from pejling.assessment.periods import parse_period
    from pejling.interchange.importer import strategy_import
    from pejling.plans.models import Indicator
    from pejling.tracking.bulk import NEW_FIELDS, measurements_bulk_save
    doc = {"format": "pejling-strategy", "version": 1, "organisation": {"slug": "bench-bulk", "name": "Bench"},
           "strategy": {"slug": "bench-bulk", "title": "Bulk", "focus_areas": [{"code": "1", "title": "Alt",
                        "indicators": [{"key": f"b{i}", "name": f"B {i}", "unit": "%"} for i in range(20)]}]}}
    strategy = strategy_import(document=doc, replace=True)
    ids = list(Indicator.objects.filter(strategy=strategy).values_list("id", flat=True))
    quarters = [parse_period(f"{y}-Q{q}") for y in range(2000, 2025) for q in range(1, 5)]

    def made(n):
        per = len(ids) * len(quarters)
        return [(ids[i % len(ids)], q.text, q.start, q.end, False, f"g{i // per}", None, i % 1000, "", "", "", "")
                for i in range(n) for q in [quarters[(i // len(ids)) % len(quarters)]]]

    def clear():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM tracking_measurement WHERE indicator_id IN ({','.join(map(str, ids))})")

    for n in sizes:
        clear()
        begin = time.perf_counter()
        measurements_bulk_save(strategy_id=strategy.id, new=made(n), reason="bench", history=False)
        ours = time.perf_counter() - begin
        clear()
        now = timezone.now()
        COPIED = [*NEW_FIELDS, "entered_by_name", "entered_at", "version"]  # noqa: N806
        tuples = [(*row, "", now, 0) for row in made(n)]
        begin = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY tracking_measurement ({', '.join(COPIED)}) FROM STDIN") as copy:
                    for t in tuples:
                        copy.write_row(t)
            else:
                cursor.executemany(f"INSERT INTO tracking_measurement ({', '.join(COPIED)}) VALUES "
                                   f"({', '.join(['%s'] * len(COPIED))})", tuples)
        loader = time.perf_counter() - begin
        clear()
        label = f"{n // 1000}k"
        emit("bulk import (generator path): rate", n / ours, "rows/s", label)
        emit("bulk import: database's own loader rate", n / loader, "rows/s", label)
        emit("bulk import: time / loader time", ours / loader, "ratio", label)
