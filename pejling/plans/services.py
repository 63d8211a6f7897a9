"""Writes of the plan that other apps share."""

from django.db import transaction
from django.db.models import F

from .models import Strategy
from .versioning import EditConflict, conflict_changes, version_claim


def strategy_touch(strategy_id: int) -> None:
    """Mark a strategy as changed: cached status and pages for it are no longer current."""
    Strategy.objects.filter(id=strategy_id).update(revision=F("revision") + 1)


def strategies_touch_all() -> None:
    """After a change that can concern several strategies (a unit, a scale, an admin edit)."""
    Strategy.objects.update(revision=F("revision") + 1)


def plan_save(*, form, formsets=(), strategy_id: int | None = None):
    """Save a validated plan form and its inline formsets in one transaction, then mark the
    strategy as changed. The caller has checked `form.is_valid()` and every formset.

    An edit (not a creation) claims the next version of the edited row first; a form with a `version`
    field based on an older version raises EditConflict with what the other person changed, and nothing
    is saved."""
    with transaction.atomic():
        instance = form.instance
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
            formset.save()
        if strategy_id:
            strategy_touch(strategy_id)
        else:
            strategies_touch_all()
    return obj


def strategy_publish(*, strategy: Strategy, published: bool) -> Strategy:
    """Make a strategy readable by everyone (or only by its organisation's people again)."""
    with transaction.atomic():
        Strategy.objects.filter(id=strategy.id).update(published=published, revision=F("revision") + 1)
    strategy.published = published
    return strategy
