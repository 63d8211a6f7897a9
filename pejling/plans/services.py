"""Writes of the plan that other apps share."""

from django.db import transaction
from django.db.models import F

from .models import Strategy, StrategyRevision
from .rules import plan_check
from .versioning import EditConflict, conflict_changes, version_claim


def strategy_touch(strategy_id: int, *, measurements_of=None, plan: bool = False) -> None:
    """Mark a strategy as changed: cached status and pages for it are no longer current. A write says
    what it changed, so that a reader holding the strategy as it was reads only that again
    (plans.StrategyRevision): the measurements of some indicators (`measurements_of`), and with `plan`
    the strategy's plan (areas, initiatives, indicators, targets, references, manual colours), never
    other measurements and never a scale. A write that says neither may have changed anything. Call it
    inside the write's transaction."""
    Strategy.objects.filter(id=strategy_id).update(revision=F("revision") + 1)
    if measurements_of or plan:
        revision = Strategy.objects.filter(id=strategy_id).values_list("revision", flat=True).get()
        StrategyRevision.objects.create(strategy_id=strategy_id, revision=revision,
                                        measurements_of=sorted(set(measurements_of or ())), plan=plan)
        StrategyRevision.objects.filter(strategy_id=strategy_id, revision__lte=revision - StrategyRevision.KEEP).delete()


def strategies_touch_all() -> None:
    """After a change that can concern several strategies (a unit, a scale, an admin edit)."""
    Strategy.objects.update(revision=F("revision") + 1)


def plan_save(*, form, formsets=(), strategy_id: int | None = None):
    """Save a validated plan form and its inline formsets in one transaction, then mark the
    strategy as changed. The caller has checked `form.is_valid()` and every formset.

    An edit (not a creation) claims the next version of the edited row first; a form with a `version`
    field based on an older version raises EditConflict with what the other person changed, and nothing
    is saved. Every row to be saved is checked against the plan's limits (plans/rules.py) here too:
    ValidationError, and nothing is saved."""
    with transaction.atomic():
        instance = form.instance
        plan_check(instance)
        if instance.pk is not None and "version" in form.fields:
            expected = form.cleaned_data.get("version")
            try:
                instance.version = version_claim(type(instance), instance.pk, expected)
            except EditConflict as conflict:
                if conflict.current is not None:
                    conflict.changed = conflict_changes(current=conflict.current, base_version=expected,
                                                        yours=instance, fields=form._meta.fields)
                raise
        obj = form.save()
        for formset in formsets:
            formset.instance = obj
            for sub in _to_save(formset):
                setattr(sub.instance, formset.fk.name, obj)
                plan_check(sub.instance)
            formset.save()
        if strategy_id:  # a form of the strategy's plan; its baseline, if any, is recorded by its own service
            strategy_touch(strategy_id, plan=True)
        else:
            strategies_touch_all()
    return obj


def _to_save(formset):
    """The blocks of an inline formset that its save() will write: changed or existing, not deleted."""
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    return [sub for sub in formset.forms
            if id(sub) not in deleted and (sub.instance.pk is not None or sub.has_changed())]


def strategy_publish(*, strategy: Strategy, published: bool) -> Strategy:
    """Make a strategy readable by everyone (or only by its organisation's people again)."""
    with transaction.atomic():
        Strategy.objects.filter(id=strategy.id).update(published=published, revision=F("revision") + 1)
    strategy.published = published
    return strategy


def plan_move(*, item, siblings, step: int, version: int | None, strategy_id: int, past: int | None = None) -> bool:
    """Move `item` one place up (step -1) or down (+1) among `siblings` (a queryset that holds it), as a
    consultant's "Flyt op / Flyt ned". The item's version must be the one the page showed, and `past`
    (the sibling the page showed next to it, when given) must still be its neighbour that way, else
    EditConflict and nothing moves: a page showing an old order moves nothing past another sibling.
    Every row whose place changes gets a new version, so a form opened before the move cannot write its
    old place back. False when the item is already first or last."""
    model = type(item)
    with transaction.atomic():
        rows = list(siblings.order_by("order", "id").values_list("pk", "order"))
        pks = [pk for pk, _ in rows]
        version_claim(model, item.pk, version)  # a stale page first: its buttons no longer fit the list
        here = pks.index(item.pk)
        there = here + step
        if step not in (-1, 1) or not 0 <= there < len(pks):
            transaction.set_rollback(True)
            return False
        if past is not None and pks[there] != past:
            raise EditConflict(current=None, base_version=version)
        pks[here], pks[there] = pks[there], pks[here]
        # The siblings keep the order numbers they had, in their new sequence: an indicator's number is
        # also its place among all of the strategy's indicators. Ties are first made distinct.
        was, places = dict(rows), sorted(order for _, order in rows)
        if len(set(places)) < len(places):
            places = [places[0] + i for i in range(len(places))]
        for pk, place in zip(pks, places, strict=True):
            if was[pk] != place:
                bump = {} if pk == item.pk else {"version": F("version") + 1}
                model._base_manager.filter(pk=pk).update(order=place, **bump)
        strategy_touch(strategy_id, plan=True)
    return True
