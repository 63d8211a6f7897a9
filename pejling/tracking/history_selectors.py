"""Reads of the audit trail: every recorded change of an initiative or an indicator and of what hangs
under it (units, indicators, targets, measurements, status notes, assessments), newest first, with the
changed fields before and after. Deleted rows keep their history and appear too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import router
from django.db.models import Model, Q
from django.db.models.deletion import Collector
from django.utils.translation import ngettext

from pejling.plans.models import Indicator, Initiative, InitiativeUnit, Role, Target

from .models import Assessment, Measurement, ReferenceSeries, ReferenceValue, StatusNote

# What a history page shows and a restore may bring back, by the name used in addresses. In the order a
# deletion is restored: what others point at first.
KINDS: dict[str, type[Model]] = {
    "initiative": Initiative, "unitlink": InitiativeUnit, "role": Role, "indicator": Indicator, "target": Target,
    "measurement": Measurement, "reference": ReferenceSeries, "referencevalue": ReferenceValue,
    "statusnote": StatusNote, "assessment": Assessment,
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
                            ("role", Q(initiative_id=initiative.id)),
                            ("indicator", Q(id__in=indicator_ids)), ("target", Q(indicator_id__in=indicator_ids)),
                            ("measurement", Q(indicator_id__in=indicator_ids)), ("statusnote", on_initiative),
                            ("assessment", on_initiative), *_reference_conditions(indicator_ids)]:
        entries += _entries(kind, _records(kind, condition))
    return _newest_first(entries)


def _reference_conditions(indicator_ids) -> list[tuple[str, Q]]:
    """The reference series of the indicators, and their values, also those deleted since."""
    series_ids = set(ReferenceSeries.history.model.objects.filter(indicator_id__in=indicator_ids)
                     .values_list("id", flat=True))
    return [("reference", Q(id__in=series_ids)), ("referencevalue", Q(series_id__in=series_ids))]


def indicator_history(*, indicator: Indicator) -> list[HistoryEntry]:
    """Everything recorded about one indicator (or milestone, or effect goal)."""
    entries = []
    for kind, condition in [("indicator", Q(id=indicator.id)), ("target", Q(indicator_id=indicator.id)),
                            ("measurement", Q(indicator_id=indicator.id)), ("statusnote", Q(indicator_id=indicator.id)),
                            ("assessment", Q(indicator_id=indicator.id)), *_reference_conditions({indicator.id})]:
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
    if getattr(record, "series_id", None):
        row = ReferenceSeries.history.model.objects.filter(id=record.series_id).order_by("-history_date").first()
        return record_strategy_id(row) if row else None
    return None


def deletion_records(*, record) -> list:
    """The historical rows of everything deleted in the same moment as `record` (a deleted initiative with its
    indicators, targets, measurements …; the delete services give them one time), in KINDS order."""
    if record.history_type != "-":
        return [record]
    rows = []
    for model in KINDS.values():
        rows += list(model.history.model.objects.filter(history_type="-", history_date=record.history_date))
    return rows or [record]


def deletion_preview(*, obj) -> list[tuple[str, int]]:
    """What deleting `obj` takes with it (itself not counted), as (plural name, count) in KINDS order, e.g.
    [("indikatorer", 2), ("målinger", 12)]: the confirmation page says it before anything is deleted."""
    collector = deletion_collect(obj)
    counts = {model: len(instances) - (1 if model is obj._meta.concrete_model else 0)
              for model, instances in collector.data.items()}
    for qs in collector.fast_deletes:
        counts[qs.model] = counts.get(qs.model, 0) + qs.count()
    order = list(KINDS.values())
    return [(_named(model, n), n) for model, n in
            sorted(counts.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)) if n]


def _named(model, n: int) -> str:
    if model is InitiativeUnit:  # the units stay; their part in the initiative goes
        return ngettext("link to a unit", "links to units", n)
    return str(model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural)


def deletion_collect(obj) -> Collector:
    """Django's own collection of everything a delete of `obj` cascades to."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    return collector


def deleted_plan_objects(*, strategy_id: int) -> list:
    """The deletions of initiatives and indicators of a strategy that can be restored, newest first: the
    historical rows of the deleted initiatives and of indicators deleted on their own."""
    live_ini = set(Initiative.objects.filter(strategy_id=strategy_id).values_list("id", flat=True))
    live_ind = set(Indicator.objects.filter(strategy_id=strategy_id).values_list("id", flat=True))
    initiatives = [r for r in Initiative.history.model.objects.filter(strategy_id=strategy_id, history_type="-")
                   .select_related("history_user") if r.id not in live_ini]
    with_initiative = {r.history_date for r in initiatives}
    indicators = [r for r in Indicator.history.model.objects.filter(strategy_id=strategy_id, history_type="-")
                  .select_related("history_user")
                  if r.id not in live_ind and r.history_date not in with_initiative]
    latest = {}
    for r in sorted(initiatives + indicators, key=lambda r: r.history_date):
        latest[(type(r), r.id)] = r  # deleted, restored and deleted again: the last deletion
    return sorted(latest.values(), key=lambda r: r.history_date, reverse=True)
