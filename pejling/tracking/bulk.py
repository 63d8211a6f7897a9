"""Writing many measurements at once (a measurements file, a generated installation): the
database's bulk paths, a constant number of queries per batch, a history row for every row.

New rows go in through the database's own loader: PostgreSQL COPY (psycopg), SQLite executemany in
batches, each value prepared by its model field (`get_db_prep_save`, as Django's bulk_create does).
Measured (scripts/bench_bulk.py), Django's bulk_create spends ~20 µs compiling each value, which made
100,000 rows (and their history) take minutes; the loader takes seconds. Their history rows are
written the same way with exactly the values simple-history writes ('+', the date, the user, the
reason, the source "import"; tests/test_measurements_bulk.py compares them field by field).
Corrections (fewer, and each must claim its next version) use simple-history's
bulk_update_with_history, so a corrected value keeps its old value in the history with the reason
("import maalinger.csv"), as a correction in the entry form does. Another database than these two
falls back to bulk_create_with_history. The caller validates first (interchange/
measurements_check.py) and holds the transaction; the strategy's revision is touched once."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pejling.plans.audit import audit_context, current_source
from pejling.plans.services import strategy_touch

from .models import Measurement

BATCH_SIZE = 5000
UPDATED_FIELDS = ["value", "status", "text", "comment", "source", "entered_by", "entered_by_name", "entered_at",
                  "version"]


COMPARED = ["id", "value", "status", "text", "comment", "source", "version"]


def stored_measurements(*, strategy_id: int, lock: bool = False) -> dict[tuple, dict]:
    """Every stored measurement of the strategy by its identity (indicator, period, breakdown, baseline,
    level), with what an import compares (COMPARED); `lock`: FOR UPDATE, so a correction is based on
    what is stored."""
    query = Measurement.objects.filter(indicator__strategy_id=strategy_id).order_by()
    if lock:
        query = query.select_for_update(of=("self",))
    return {(row["indicator_id"], row["period"], row["breakdown"], row["is_baseline"], row["level_id"]): row
            for row in query.values("indicator_id", "period", "breakdown", "is_baseline", "level_id", *COMPARED)}


def known_breakdowns(*, strategy_id: int) -> dict[int, set[str]]:
    """The groups each indicator of the strategy has (in its measurements or targets)."""
    from pejling.plans.models import Target
    groups: dict[int, set[str]] = {}
    for model in (Measurement, Target):
        for indicator_id, breakdown in (model.objects.filter(indicator__strategy_id=strategy_id).exclude(breakdown="")
                                        .order_by().values_list("indicator_id", "breakdown").distinct()):
            groups.setdefault(indicator_id, set()).add(breakdown)
    return groups


def _who(user) -> dict:
    if user is not None and user.is_authenticated:
        return {"entered_by_id": user.pk, "entered_by_name": user.get_full_name() or user.get_username()}
    return {"entered_by_id": None, "entered_by_name": ""}


NEW_FIELDS = ["indicator_id", "period", "period_start", "period_end", "is_baseline", "breakdown", "level_id",
              "value", "status", "text", "source", "comment"]  # the order of a new row's values
_CONSTANT = ["entered_by_id", "entered_by_name", "entered_at", "version"]
_PREPARED = ("period_start", "period_end", "value")  # the others the drivers take as they are


def _preparer(name: str):
    """The field's own preparation for the database (get_db_prep_save, as bulk_create uses); dates and
    values repeat in a file, so each distinct one is prepared once."""
    field, seen = Measurement._meta.get_field(name), {}

    def prepare(value):
        if value not in seen:
            seen[value] = field.get_db_prep_save(value, connection)
        return seen[value]
    return prepare


def _load(model, columns: list[str], rows: list[tuple], batch_size: int) -> None:
    """Insert prepared `rows` (in `columns` order) with the database's own loader."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # the raw cursor's errors as Django's (a unique violation is an IntegrityError the caller handles)
        with connection.wrap_database_errors, connection.connection.cursor() as cur, \
                cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cur:
        for start in range(0, len(rows), batch_size):
            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start:start + batch_size])


def _create(*, strategy_id, new, who, now, reason, history_user, batch_size):
    if connection.vendor not in ("postgresql", "sqlite"):
        for start in range(0, len(new), batch_size):
            objs = [Measurement(**dict(zip(NEW_FIELDS, row, strict=True)), **who, entered_at=now, version=0)
                    for row in new[start:start + batch_size]]
            bulk_create_with_history(objs, Measurement, batch_size=batch_size, default_user=history_user,
                                     default_change_reason=reason, default_date=now)
        return
    when = _preparer("entered_at")(now)
    constant = (who["entered_by_id"], who["entered_by_name"], when, 0)
    i_start, i_end, i_value = (NEW_FIELDS.index(n) for n in _PREPARED)
    p_start, p_end, p_value = (_preparer(n) for n in _PREPARED)
    rows = []
    for row in new:
        row = list(row)
        row[i_start], row[i_end], row[i_value] = p_start(row[i_start]), p_end(row[i_end]), p_value(row[i_value])
        rows.append((*row, *constant))
    _load(Measurement, NEW_FIELDS + _CONSTANT, rows, batch_size)
    # the new rows' ids, by their identity: one query
    identity = {(r[0], r[1], r[5], r[4], r[6]): r for r in rows}
    stored = (Measurement.objects.filter(indicator__strategy_id=strategy_id, entered_at=now).order_by()
              .values_list("id", "indicator_id", "period", "breakdown", "is_baseline", "level_id"))
    columns = ["id", *NEW_FIELDS, *_CONSTANT, "history_date", "history_change_reason", "history_type",
               "history_user_id", "history_source", "history_restored_from"]
    extra = (when, reason, "+", history_user.pk if history_user else None, current_source(), None)
    h_rows = []
    for pk, *key in stored:
        row = identity.get(tuple(key))
        if row is not None:
            h_rows.append((pk, *row, *extra))
    _load(Measurement.history.model, columns, h_rows, batch_size)


def measurements_bulk_save(*, strategy_id: int, new: list[tuple], changed: list[tuple[dict, dict]], reason: str,
                           user=None, batch_size: int | None = None) -> tuple[int, int]:
    """Create the `new` measurements (tuples of values in NEW_FIELDS order) and apply `changed` (stored row, new field
    values); each correction claims the row's next version. One moment for every row and its history.
    Returns (created, updated). Within the caller's transaction; an IntegrityError means someone else
    stored one of these periods meanwhile, and the caller's transaction is rolled back."""
    batch_size = batch_size or BATCH_SIZE
    now = timezone.now()
    who = _who(user)
    history_user = user if user is not None and user.is_authenticated else None
    with transaction.atomic(), audit_context(source="import"):
        if new:
            _create(strategy_id=strategy_id, new=new, who=who, now=now, reason=reason, history_user=history_user,
                    batch_size=batch_size)
        for start in range(0, len(changed), batch_size):
            chunk = changed[start:start + batch_size]
            objs = Measurement.objects.in_bulk([stored["id"] for stored, _values in chunk])  # one query per batch
            for stored, values in chunk:
                m = objs[stored["id"]]
                for name, value in {**values, **who, "entered_at": now, "version": stored["version"] + 1}.items():
                    setattr(m, name, value)
            bulk_update_with_history(list(objs.values()), Measurement, UPDATED_FIELDS, batch_size=batch_size,
                                     default_user=history_user, default_change_reason=reason, default_date=now)
        if new or changed:
            strategy_touch(strategy_id)
    return len(new), len(changed)
