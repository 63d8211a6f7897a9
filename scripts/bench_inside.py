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
    """Each format for the strategy with the most measurements: first with every cache empty, then the
    same download again (the rendered file is cached per strategy revision and date)."""
    from django.core.cache import caches
    from django.db.models import Count
    from django.utils import timezone, translation

    from pejling.plans.models import Strategy
    from pejling.reports.content import report_build
    from pejling.reports.render import report_render
    from pejling.tracking import status_cache
    from pejling.web.caching import report_file_cached
    translation.activate("da")
    strategy = Strategy.objects.annotate(n=Count("indicators__measurements")).order_by("-n", "id").first()
    as_of = strategy.default_as_of(timezone.localdate())
    for fmt in ("html", "pdf", "docx", "xlsx"):
        for store in ("reports", "charts", "default"):
            caches[store].clear()
        status_cache.clear()
        for attempt in ("first", "repeated"):
            begin = time.perf_counter()
            report_file_cached(strategy=strategy, fmt=fmt, parts=(as_of.isoformat(), [], []),
                               make=lambda f=fmt: report_render(report_build(strategy=strategy, as_of=as_of), f))
            emit(f"report {fmt} of the largest strategy, {attempt}", time.perf_counter() - begin, "s")


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
