"""Optimistic concurrency: a form carries the version it was based on; a save claims the next version
with a conditional `UPDATE … SET version = n + 1 WHERE id = … AND version = n`. If someone else saved
in the meantime no row matches, and the save is refused with what they changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Model


@dataclass
class EditConflict(Exception):
    """Someone else saved `current` after the version the form was based on (`base_version`)."""

    current: Model | None
    base_version: int | None
    changed: list = field(default_factory=list)  # [(field name, theirs, yours, you changed it too)]

    def __str__(self):
        return f"edit conflict on {self.current!r} (based on version {self.base_version})"


def version_claim(model: type[Model], pk, expected: int | None) -> int:
    """Claim the version after `expected` for the row `pk`, or raise EditConflict. Call in a transaction:
    the row stays locked (PostgreSQL) or the database is (SQLite) until it ends."""
    if expected is not None:
        rows = model._base_manager.filter(pk=pk, version=expected).update(version=F("version") + 1)
        if rows:
            return expected + 1
    raise EditConflict(model._base_manager.filter(pk=pk).first(), expected)


def conflict_changes(*, current: Model, base_version: int | None, yours: Model, fields) -> list[tuple]:
    """The fields among `fields` that the other person changed since `base_version`, as (field name, their
    value, your value, whether you changed it too). Without a recorded base: every field where the two
    differ, as changed by both."""
    base = None
    history = getattr(type(current), "history", None)
    if history is not None and base_version is not None:
        base = history.model.objects.filter(id=current.pk, version=base_version).order_by("-history_date").first()
    changed = []
    for name in fields:
        f = current._meta.get_field(name)
        if f.many_to_many or not f.concrete:
            continue
        theirs, mine = getattr(current, f.attname), getattr(yours, f.attname)
        was = getattr(base, f.attname) if base is not None and hasattr(base, f.attname) else mine
        if theirs != was and theirs != mine:
            changed.append((name, theirs, mine, base is None or mine != was))
    return changed
