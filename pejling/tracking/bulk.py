"""Writing many measurements at once (a measurements file, a generated installation): the
database's bulk paths, a constant number of queries per batch, history for every row.

History is written with simple-history's bulk_create_with_history / bulk_update_with_history, so a
corrected value keeps its old value in the history like a correction in the entry form, with the
reason given (e.g. "import maalinger.csv"). The caller validates first (interchange/
measurements_check.py) and holds the transaction; the strategy's revision is touched once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pejling.plans.audit import audit_context
from pejling.plans.services import strategy_touch

from .models import Measurement

BATCH_SIZE = 2000
UPDATED_FIELDS = ["value", "status", "text", "comment", "source", "entered_by", "entered_by_name", "entered_at",
                  "version"]


def stored_measurements(*, strategy_id: int, lock: bool = False) -> dict[tuple, dict]:
    """Every stored measurement of the strategy by its identity (indicator, period, breakdown, baseline,
    level), with all its fields; `lock`: FOR UPDATE, so a correction is based on what is stored."""
    fields = [f.attname for f in Measurement._meta.concrete_fields]
    query = Measurement.objects.filter(indicator__strategy_id=strategy_id).order_by()
    if lock:
        query = query.select_for_update(of=("self",))
    return {(row["indicator_id"], row["period"], row["breakdown"], row["is_baseline"], row["level_id"]): row
            for row in query.values(*fields)}


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


def measurements_bulk_save(*, strategy_id: int, new: list[dict], changed: list[tuple[dict, dict]], reason: str,
                           user=None, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Create the `new` measurements (field values by attname) and apply `changed` (stored row, new field
    values); each correction claims the row's next version. One moment for every row and its history.
    Returns (created, updated). Within the caller's transaction; an IntegrityError means someone else
    stored one of these periods meanwhile, and the caller's transaction is rolled back."""
    now = timezone.now()
    who = _who(user)
    history_user = user if user is not None and user.is_authenticated else None
    with transaction.atomic(), audit_context(source="import"):
        for start in range(0, len(new), batch_size):
            objs = [Measurement(**values, **who, entered_at=now, version=0) for values in new[start:start + batch_size]]
            bulk_create_with_history(objs, Measurement, batch_size=batch_size, default_user=history_user,
                                     default_change_reason=reason, default_date=now)
        for start in range(0, len(changed), batch_size):
            objs = []
            for stored, values in changed[start:start + batch_size]:
                m = Measurement(**{**stored, **values, **who, "entered_at": now, "version": stored["version"] + 1})
                objs.append(m)
            bulk_update_with_history(objs, Measurement, UPDATED_FIELDS, batch_size=batch_size,
                                     default_user=history_user, default_change_reason=reason, default_date=now)
        if new or changed:
            strategy_touch(strategy_id)
    return len(new), len(changed)
