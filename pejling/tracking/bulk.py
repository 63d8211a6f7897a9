"""Writing many measurements at once (a measurements file, a generated installation): the
database's bulk paths, a constant number of queries per chunk, a history row for every row.

A writer (`measurements_bulk_writer`) takes the rows chunk by chunk inside one transaction, so a
file of a million rows is never held whole. New rows get their ids first (PostgreSQL: the sequence,
reserved ahead in growing blocks, one query each; SQLite: after the largest id ever given, under the
write lock of its IMMEDIATE transaction) and go in through the database's own loader: on PostgreSQL
one COPY (psycopg) kept open across chunks, so the database loads a chunk while the next is checked
(tracking/bulk_copy.py; 100,000 rows in 3.0–3.4 s instead of 4.1–4.5), on SQLite executemany in
batches, each value prepared by its model field (`get_db_prep_save`, as Django's bulk_create does).
Their history rows are copied inside the database (INSERT … SELECT of the rows just loaded, when
the COPY ends) with exactly the values simple-history writes ('+', the date, the user, the reason,
the source "import"; tests/test_measurements_bulk.py compares them field by field). Measured
(scripts/bench_bulk.py), Django's bulk_create spends ~20 µs compiling each value; the loader takes
seconds for 100,000 rows. Corrections (fewer, and each must claim its next version) use
simple-history's bulk_update_with_history, so a corrected value keeps its old value in the history
with the reason ("import maalinger.csv"), as a correction in the entry form does. Another database
than these two falls back to bulk_create_with_history. The caller validates first (interchange/
measurements_check.py); the strategy's revision is touched once, and after a large load on
PostgreSQL the measurements' planner statistics are renewed (ANALYZE: without them a strategy's
measurements were read by a full scan, 1.4 s instead of 0.1 s)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pejling.plans.audit import audit_context, current_source
from pejling.plans.services import strategy_touch

from .bulk_copy import CopyStream, ended_before_queries
from .bulk_copy import quoted as _quoted
from .models import Measurement

BATCH_SIZE = 5000
ANALYZE_AFTER = 10_000  # rows loaded, and at least a tenth of the table, before its statistics are renewed
UPDATED_FIELDS = ["value", "status", "text", "comment", "source", "entered_by", "entered_by_name", "entered_at",
                  "version"]
NEW_FIELDS = ["indicator_id", "period", "period_start", "period_end", "is_baseline", "breakdown", "level_id",
              "value", "status", "text", "source", "comment"]  # the order of a new row's values
_CONSTANT = ["entered_by_id", "entered_by_name", "entered_at", "version"]
_PREPARED = ("period_start", "period_end", "value")  # the others the drivers take as they are
_HISTORY = ["history_date", "history_change_reason", "history_type", "history_user_id", "history_source",
            "history_restored_from"]


class Stored(NamedTuple):
    """What an import compares of a stored measurement; `value` as a float (exact for the field's
    14 digits, a quarter of a Decimal's memory)."""

    id: int
    version: int
    value: float | None
    status: str
    text: str
    comment: str
    source: str


def stored_measurements(*, strategy_id: int, lock: bool = False) -> dict[tuple, dict[str, Stored]]:
    """Every stored measurement of the strategy: (indicator id, level id, baseline, breakdown) -> period
    -> Stored, read in blocks from a cursor, the repeated texts shared (a million rows in ~250 MB);
    `lock`: FOR UPDATE, so a correction is based on what is stored."""
    from django.db.models import FloatField
    from django.db.models.functions import Cast
    query = Measurement.objects.filter(indicator__strategy_id=strategy_id).order_by()
    if lock:
        query = query.select_for_update(of=("self",))
    query = query.annotate(number=Cast("value", FloatField())).values_list(
        "indicator_id", "level_id", "is_baseline", "breakdown", "period", "id", "version", "number", "status", "text",
        "comment", "source")
    sql, params = query.query.sql_with_params()
    out: dict[tuple, dict[str, Stored]] = {}
    texts: dict[str, str] = {}
    shared = texts.setdefault
    with connection.chunked_cursor() as cur:  # PostgreSQL: a server-side cursor, the result is not held whole
        cur.execute(sql, params)
        while block := cur.fetchmany(10_000):
            for ind, level, baseline, breakdown, period, pk, version, value, status, text, comment, source in block:
                group = (ind, level, bool(baseline), shared(breakdown, breakdown))
                periods = out.get(group)
                if periods is None:
                    periods = out[group] = {}
                periods[shared(period, period)] = Stored(
                    pk, version, None if value is None else float(value), shared(status, status),
                    shared(text, text) if len(text) < 100 else text, shared(comment, comment) if len(comment) < 100
                    else comment, shared(source, source))
            if len(texts) > 100_000:
                texts.clear()
    return out


def known_breakdowns(*, strategy_id: int | None = None, indicator_id: int | None = None) -> dict[int, set[str]]:
    """The groups each indicator of the strategy (or the one indicator) has, in its measurements or targets."""
    from pejling.plans.models import Target
    which = {"indicator_id": indicator_id} if indicator_id is not None else {"indicator__strategy_id": strategy_id}
    groups: dict[int, set[str]] = {}
    for model in (Measurement, Target):
        for indicator_id, breakdown in (model.objects.filter(**which).exclude(breakdown="")
                                        .order_by().values_list("indicator_id", "breakdown").distinct()):
            groups.setdefault(indicator_id, set()).add(breakdown)
    return groups


def _who(user) -> dict:
    if user is not None and user.is_authenticated:
        return {"entered_by_id": user.pk, "entered_by_name": user.get_full_name() or user.get_username()}
    return {"entered_by_id": None, "entered_by_name": ""}


def _preparer(name: str):
    """The field's own preparation for the database (get_db_prep_save, as bulk_create uses); dates and
    values repeat in a file, so each distinct one is prepared once (up to 100,000 remembered)."""
    field, seen = Measurement._meta.get_field(name), {}

    def prepare(value):
        try:
            return seen[value]
        except KeyError:
            prepared = field.get_db_prep_save(value, connection)
            if len(seen) < 100_000:
                seen[value] = prepared
            return prepared
    return prepare


def _load(model, columns: list[str], rows: list[tuple], batch_size: int) -> None:
    """Insert prepared `rows` (in `columns` order) with SQLite's executemany in batches."""
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cur:
        for start in range(0, len(rows), batch_size):
            cur.executemany(f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({_quoted(columns)}) "
                            f"VALUES ({marks})", rows[start:start + batch_size])


def _new_ids(count: int) -> list[int]:
    """`count` ids no measurement has had: one query."""
    table = Measurement._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # the sequence's name once: pg_get_serial_sequence in the select list is looked up per row (4× slower)
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [connection.ops.quote_name(table)])
            cur.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [cur.fetchone()[0], count])
            return [pk for (pk,) in cur.fetchall()]
        # AUTOINCREMENT's counter: an id of a deleted row is never given again (its history stays its own)
        cur.execute(f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                    f"coalesce((SELECT max(id) FROM {connection.ops.quote_name(table)}), 0))", [table])
        last = cur.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


class BulkWriter:
    """Writes chunks of measurements inside the transaction `measurements_bulk_writer` opened; one moment
    (`now`) for every row and its history."""

    def __init__(self, *, strategy_id: int, reason: str, user=None, history: bool = True,
                 batch_size: int | None = None):
        self.strategy_id, self.reason, self.history = strategy_id, reason, history
        self.batch_size = batch_size or BATCH_SIZE
        self.now = timezone.now()
        self.who = _who(user)
        self.history_user = user if user is not None and user.is_authenticated else None
        self.created = self.updated = 0
        self.indicators: set[int] = set()  # those whose measurements were written
        self._prepare = [_preparer(n) for n in _PREPARED]
        self._when = _preparer("entered_at")(self.now)
        # PostgreSQL: new ids reserved ahead (a reservation is a query, which ends the open COPY), and
        # the ids of the reservation written since its COPY began (`_streamed`: from there to `_next`)
        self._spare: list[int] = []
        self._next = self._streamed = 0
        self.stream = CopyStream(Measurement, ["id", *NEW_FIELDS, *_CONSTANT], on_end=self._streamed_end)

    def write(self, *, new: list[tuple] = (), changed: list[tuple[Stored, dict]] = ()) -> None:
        """Create the `new` measurements (tuples of values in NEW_FIELDS order) and apply `changed`
        (stored row, new field values); each correction claims the row's next version."""
        if new:
            self._create(new)
            self.created += len(new)
            self.indicators.update(row[0] for row in new)
        for start in range(0, len(changed), self.batch_size):
            self._update(changed[start:start + self.batch_size])
        self.updated += len(changed)

    def _create(self, new: list[tuple]) -> None:
        if connection.vendor not in ("postgresql", "sqlite"):
            objs = [Measurement(**dict(zip(NEW_FIELDS, row, strict=True)), **self.who, entered_at=self.now, version=0)
                    for row in new]
            if self.history:
                bulk_create_with_history(objs, Measurement, batch_size=self.batch_size,
                                         default_user=self.history_user, default_change_reason=self.reason,
                                         default_date=self.now)
            else:
                Measurement.objects.bulk_create(objs, batch_size=self.batch_size)
            return
        constant = (self.who["entered_by_id"], self.who["entered_by_name"], self._when, 0)
        if connection.vendor == "postgresql":  # psycopg takes dates and Decimals as they are (so does Django)
            ids = self._reserved(len(new))
            self.stream.write((pk, *row, *constant) for pk, row in zip(ids, new, strict=True))
            self._next += len(new)
            return
        ids = _new_ids(len(new))
        p_start, p_end, p_value = self._prepare
        rows = [(pk, ind, period, p_start(start), p_end(end), baseline, breakdown, level, p_value(value), status,
                 text, source, comment, *constant)
                for pk, (ind, period, start, end, baseline, breakdown, level, value, status, text, source, comment)
                in zip(ids, new, strict=True)]
        _load(Measurement, ["id", *NEW_FIELDS, *_CONSTANT], rows, self.batch_size)
        if self.history:
            self._copy_history(ids)

    def _reserved(self, count: int) -> list[int]:
        """The next `count` reserved ids. A new reservation is as large as what was written so far (at
        least `count`), so a file of N rows needs about log2(N / chunk) of them and wastes at most as
        many ids as it wrote (bigint ids: nothing)."""
        if len(self._spare) - self._next < count:
            self.stream.end()
            self._spare, self._next, self._streamed = _new_ids(max(count, self.created)), 0, 0
        return self._spare[self._next:self._next + count]

    def _streamed_end(self) -> None:
        """The COPY ended: the history of what it wrote."""
        ids, self._streamed = self._spare[self._streamed:self._next], self._next
        if self.history and ids:
            self._copy_history(ids)

    def _copy_history(self, ids: list[int]) -> None:
        """The history rows of the rows just loaded, copied inside the database: what simple-history writes."""
        columns = ["id", *NEW_FIELDS, *_CONSTANT]
        history = connection.ops.quote_name(Measurement.history.model._meta.db_table)
        table = connection.ops.quote_name(Measurement._meta.db_table)
        if connection.vendor == "postgresql":
            extra = "%s::timestamptz, %s::text, '+', %s::integer, %s::text, NULL::timestamptz"
            # contiguous ids (the sequence's usual answer) are a range: no other row can lie inside it
            low, high = min(ids), max(ids)
            which, last = ("id BETWEEN %s AND %s", [low, high]) if high - low + 1 == len(ids) \
                else ("id = ANY(%s)", [ids])
        else:
            extra, which, last = "%s, %s, '+', %s, %s, NULL", "id BETWEEN %s AND %s", [ids[0], ids[-1]]
        params = [self._when, self.reason, self.history_user.pk if self.history_user else None, current_source()]
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {history} ({_quoted(columns + _HISTORY)}) SELECT {_quoted(columns)}, {extra} "
                        f"FROM {table} WHERE {which}", params + last)

    def _update(self, chunk: list[tuple[Stored, dict]]) -> None:
        objs = Measurement.objects.in_bulk([stored.id for stored, _values in chunk])  # one query per batch
        for stored, values in chunk:
            m = objs[stored.id]
            self.indicators.add(m.indicator_id)
            for name, value in {**values, **self.who, "entered_at": self.now, "version": stored.version + 1}.items():
                setattr(m, name, value)
        if self.history:
            bulk_update_with_history(list(objs.values()), Measurement, UPDATED_FIELDS, batch_size=self.batch_size,
                                     default_user=self.history_user, default_change_reason=self.reason,
                                     default_date=self.now)
        else:
            Measurement.objects.bulk_update(list(objs.values()), UPDATED_FIELDS, batch_size=self.batch_size)

    def finish(self) -> None:
        self.stream.end()
        if self.created or self.updated:
            strategy_touch(self.strategy_id, measurements_of=self.indicators)
        if connection.vendor == "postgresql" and self.created >= ANALYZE_AFTER:
            # Only the measurements, which every page reads next; the history is read by its indexes on
            # a history page, and autovacuum renews its statistics within a minute (0.2 s of 3 at 100,000).
            table = Measurement._meta.db_table
            with connection.cursor() as cur:
                cur.execute("SELECT coalesce(max(reltuples), 0) FROM pg_class WHERE relname = %s", [table])
                if self.created >= cur.fetchone()[0] / 10:  # as autovacuum would, but at once
                    cur.execute(f"ANALYZE {_quoted([table])}")


@contextmanager
def measurements_bulk_writer(*, strategy_id: int, reason: str, user=None, history: bool = True,
                             batch_size: int | None = None):
    """`with measurements_bulk_writer(...) as writer: writer.write(new=..., changed=...)` chunk by chunk:
    all in one transaction (an exception inside writes nothing; an IntegrityError means someone else
    stored one of these periods meanwhile). `history=False` only for generated installations."""
    writer = BulkWriter(strategy_id=strategy_id, reason=reason, user=user, history=history, batch_size=batch_size)
    with transaction.atomic(), audit_context(source="import"), ended_before_queries(writer.stream):
        try:
            yield writer
            writer.finish()
        except BaseException as exc:  # the COPY is cancelled before the rollback (psycopg would wait for it)
            writer.stream.abandon(exc)
            raise


def measurements_bulk_save(*, strategy_id: int, new: list[tuple], changed: list[tuple[Stored, dict]] = (),
                           reason: str, user=None, history: bool = True,
                           batch_size: int | None = None) -> tuple[int, int]:
    """All of `new` and `changed` in one call (see BulkWriter.write). Returns (created, updated)."""
    with measurements_bulk_writer(strategy_id=strategy_id, reason=reason, user=user, history=history,
                                  batch_size=batch_size) as writer:
        writer.write(new=new, changed=changed)
    return writer.created, writer.updated
