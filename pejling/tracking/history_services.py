"""Writes that work on the audit trail: deleting a wrong measurement, status note or assessment (its
history stays), and restoring an earlier version of anything a history page shows (itself recorded)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pejling.plans.audit import audit_context
from pejling.plans.models import Indicator, Initiative
from pejling.plans.services import strategy_touch
from pejling.plans.versioning import version_claim

from .history_selectors import KINDS, deletion_collect, deletion_records, record_strategy_id
from .models import Assessment, Measurement, ReferenceSeries, StatusNote


def _audit(obj, user, reason: str = ""):
    """Who made the change and why, for the history row the save or delete writes."""
    if user is not None and user.is_authenticated:
        obj._history_user = user
    obj._change_reason = reason.strip()


@transaction.atomic
def measurement_delete(*, measurement: Measurement, user, version: int | None = None, reason: str = "") -> None:
    """Delete a measurement; its history keeps every value it had. With `version`, refuse (EditConflict) if it
    was corrected after the person looked at it."""
    if version is not None:
        version_claim(Measurement, measurement.pk, version)
    indicator = measurement.indicator
    _audit(measurement, user, reason)
    measurement.delete()
    strategy_touch(indicator.strategy_id, measurements_of=[indicator.id])


@transaction.atomic
def status_note_delete(*, note: StatusNote, user, reason: str = "") -> None:
    _audit(note, user, reason)
    note.delete()
    strategy_touch(note.strategy_id, plan=True)


@transaction.atomic
def assessment_delete(*, assessment: Assessment, user, reason: str = "") -> None:
    _audit(assessment, user, reason)
    assessment.delete()
    strategy_touch(assessment.strategy_id, plan=True)


@transaction.atomic
def plan_object_delete(*, obj: Initiative | Indicator | ReferenceSeries, user, reason: str = "", version: int | None = None) -> None:
    """Delete an initiative, an indicator or a reference series with everything that belongs to it
    (indicators, targets, measurements, notes, assessments, reference series and their values …). Every row records the same moment and reason in
    the history, so restoring the deletion brings all of it back at once. With `version`: refuse
    (EditConflict) if it was edited after the person looked at it."""
    if not isinstance(obj, (Initiative, Indicator, ReferenceSeries)):
        raise ValueError("only initiatives, indicators and reference series are deleted with what belongs to them")
    if version is not None:
        version_claim(type(obj), obj.pk, version)
    strategy_id = obj.indicator.strategy_id if isinstance(obj, ReferenceSeries) else obj.strategy_id
    collector = deletion_collect(obj)
    when = timezone.now()
    for instances in collector.data.values():
        for instance in instances:
            instance._history_date = when  # simple-history's time of the record: one moment for all of it
            _audit(instance, user, reason)
    collector.delete()
    strategy_touch(strategy_id, plan=True)


@transaction.atomic
def history_restore(*, record, user):
    """Make the object look as in the historical `record` again: change it back, or recreate it if it has
    been deleted; a deletion record brings back everything deleted with it (all or nothing). The restore is a
    change like any other, recorded with the moment it restored."""
    batch = deletion_records(record=record)
    ids = {r.id for r in batch if isinstance(r, Indicator.history.model)}
    order = [m.history.model for m in KINDS.values()]
    # parents first; an indicator replaced by another of the same deletion after that one
    batch.sort(key=lambda r: (order.index(type(r)), getattr(r, "replaced_by_id", None) in ids))
    restored = None
    for r in batch:
        if r.history_id == record.history_id:
            restored = _restore_one(r, user)
        elif not _model_of(r)._base_manager.filter(pk=r.id).exists():
            _restore_one(r, user)
    strategy_touch(record_strategy_id(record))
    return restored


def _model_of(record):
    return next(m for m in KINDS.values() if m.history.model is type(record))


def _restore_one(record, user):
    model = _model_of(record)
    fields = [f for f in type(record).tracked_fields if f.name not in ("id", "version")]
    for f in fields:  # a row that points at something deleted cannot come back
        value = getattr(record, f.attname)
        if f.many_to_one and value is not None and not f.related_model._base_manager.filter(pk=value).exists():
            raise ValidationError(_("The earlier version cannot be restored: it belongs to %(what)s that has "
                                    "been deleted.") % {"what": f.verbose_name})
    current = model._base_manager.filter(pk=record.id).first()
    if current is None:
        obj = record.instance
        if hasattr(obj, "version"):
            obj.version = (record.version or 0) + 1
    else:
        obj = current
        for f in fields:
            setattr(obj, f.attname, getattr(record, f.attname))
        if hasattr(obj, "version"):
            obj.version = version_claim(model, obj.pk, current.version)
    _audit(obj, user)
    obj.full_clean(validate_constraints=False)
    try:
        with transaction.atomic(), audit_context(restored_from=record.history_date):
            obj.save()
    except IntegrityError:
        raise ValidationError(_("The earlier version cannot be restored: it clashes with what is stored now "
                                "(e.g. a value for the same period). Change or delete that first.")) from None
    return obj
