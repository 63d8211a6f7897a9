"""Reads of the audit trail: every recorded change of an initiative or an indicator and of what hangs
under it (units, indicators, targets, measurements, status notes, assessments), newest first, with the
changed fields before and after. Deleted rows keep their history and appear too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model, Q

from pejling.plans.models import Indicator, Initiative, InitiativeUnit, Target

from .models import Assessment, Measurement, StatusNote

# What a history page shows and a restore may bring back, by the name used in addresses.
KINDS: dict[str, type[Model]] = {
    "initiative": Initiative, "unitlink": InitiativeUnit, "indicator": Indicator, "target": Target,
    "measurement": Measurement, "statusnote": StatusNote, "assessment": Assessment,
}
# Bookkeeping, derived or owner fields that people do not edit: not listed as changes.
QUIET = {"id", "version", "revision", "period_start", "period_end", "due_date", "entered_at", "entered_by",
         "entered_by_name", "assessed_at", "assessed_by", "strategy"}


@dataclass
class HistoryEntry:
    kind: str
    model: type[Model]
    record: Model  # the historical row: the object's state after the change (before it, for a deletion)
    changes: list = field(default_factory=list)  # [(model field, before, after)]
    is_current: bool = False  # the latest state of an object that still exists

    @property
    def action(self) -> str:
        return self.record.history_type  # "+" created, "~" changed, "-" deleted

    @property
    def when(self) -> datetime:
        return self.record.history_date

    @property
    def restorable(self) -> bool:
        return not self.is_current


def shown_fields(history_model) -> list:
    return [f for f in history_model.tracked_fields if f.name not in QUIET]


def _entries(kind: str, records: list) -> list[HistoryEntry]:
    model = KINDS[kind]
    fields = shown_fields(model.history.model)
    live = set(model._base_manager.filter(pk__in={r.id for r in records}).values_list("pk", flat=True))
    entries, previous = [], {}
    for r in sorted(records, key=lambda r: (r.id, r.history_date, r.history_id)):
        before = previous.get(r.id)
        if r.history_type == "-":
            changes = [(f, getattr(r, f.attname), None) for f in fields if getattr(r, f.attname) not in (None, "")]
        elif before is None:
            changes = [(f, None, getattr(r, f.attname)) for f in fields if getattr(r, f.attname) not in (None, "")]
        else:
            changes = [(f, getattr(before, f.attname), getattr(r, f.attname)) for f in fields
                       if getattr(before, f.attname) != getattr(r, f.attname)]
        previous[r.id] = r
        entries.append(HistoryEntry(kind=kind, model=model, record=r, changes=changes))
    latest = {}
    for e in entries:
        latest[e.record.id] = e
    for object_id, e in latest.items():
        e.is_current = object_id in live and e.action != "-"
    return entries


def _records(kind: str, condition: Q) -> list:
    return list(KINDS[kind].history.model.objects.filter(condition).select_related("history_user"))


def _newest_first(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    return sorted(entries, key=lambda e: (e.when, e.record.history_id), reverse=True)


def initiative_history(*, initiative: Initiative) -> list[HistoryEntry]:
    """Everything recorded about an initiative, including indicators that have been deleted since."""
    indicator_ids = set(Indicator.history.model.objects.filter(initiative_id=initiative.id)
                        .values_list("id", flat=True))
    on_initiative = Q(initiative_id=initiative.id) | Q(indicator_id__in=indicator_ids)
    entries = []
    for kind, condition in [("initiative", Q(id=initiative.id)), ("unitlink", Q(initiative_id=initiative.id)),
                            ("indicator", Q(id__in=indicator_ids)), ("target", Q(indicator_id__in=indicator_ids)),
                            ("measurement", Q(indicator_id__in=indicator_ids)), ("statusnote", on_initiative),
                            ("assessment", on_initiative)]:
        entries += _entries(kind, _records(kind, condition))
    return _newest_first(entries)


def indicator_history(*, indicator: Indicator) -> list[HistoryEntry]:
    """Everything recorded about one indicator (or milestone, or effect goal)."""
    entries = []
    for kind, condition in [("indicator", Q(id=indicator.id)), ("target", Q(indicator_id=indicator.id)),
                            ("measurement", Q(indicator_id=indicator.id)), ("statusnote", Q(indicator_id=indicator.id)),
                            ("assessment", Q(indicator_id=indicator.id))]:
        entries += _entries(kind, _records(kind, condition))
    return _newest_first(entries)


def history_record_get(*, kind: str, history_id: int):
    """The historical row, or None."""
    model = KINDS.get(kind)
    return model.history.model.objects.filter(history_id=history_id).first() if model else None


def record_strategy_id(record) -> int | None:
    """The strategy a historical row (of any kind above) belongs to, also after its owner is deleted."""
    if getattr(record, "strategy_id", None):
        return record.strategy_id
    if getattr(record, "initiative_id", None):
        row = Initiative.history.model.objects.filter(id=record.initiative_id).order_by("-history_date").first()
        return row.strategy_id if row else None
    if getattr(record, "indicator_id", None):
        row = Indicator.history.model.objects.filter(id=record.indicator_id).order_by("-history_date").first()
        return row.strategy_id if row else None
    return None
