"""Finding, comparing and writing the rows one document item stands for.

`Rows` is used twice with the same code: for the preview (`write=False`: nothing is saved; a new
parent is an unsaved object, so everything under it is new) and for the apply (`write=True`, inside
the caller's transaction). So the apply does exactly what the preview said.

Parents (units, scales, focus areas, initiatives, indicators, series) are saved one by one because
their children need their ids; the many small rows (targets, measurements, values, notes, …) are
written in bulk at the end, with their history rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .preview import Entry, FieldChange, Preview

DERIVED = {"period_start", "period_end", "due_date"}  # follow the period; not shown as changes
BULK_ORDER = ["InitiativeUnit", "Role", "Target", "Measurement", "ReferenceValue", "StatusNote", "Assessment"]


def shown(value) -> str:
    """A stored value as the preview shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal):
        value = value.normalize()
        text = f"{value:f}"
        return text.replace(".", ",")
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    text = str(value).replace("\n", " ")
    return f"»{text if len(text) <= 80 else text[:77] + '…'}«"


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        if old is None or new is None:
            return old is None and new is None
        return Decimal(old) == Decimal(new)
    return old == new


class Rows:
    def __init__(self, preview: Preview, *, user=None, write: bool):
        self.preview, self.user, self.write = preview, user, write
        self.bulk_new: dict[type, list] = defaultdict(list)
        self.bulk_changed: dict[type, tuple[list, set]] = {}
        self.written = False

    def upsert(self, entity: str, model, obj, values: dict, label: str, *, new_values=None, bulk=False):
        """The stored `obj` updated with `values` (or a new row of `model` when `obj` is None);
        the preview records what happens."""
        if obj is None:
            obj = model(**values, **(new_values or {}))
            self.preview.entries.append(Entry(entity, label, "new"))
            if self.write:
                self.written = True
                if bulk:
                    self.bulk_new[model].append(obj)
                else:
                    self._save(obj)
            return obj
        changes = []
        for name, new in values.items():
            f = model._meta.get_field(name)
            if f.is_relation:
                old_obj = getattr(obj, name)
                if (old_obj.pk if old_obj else None) == (new.pk if new else None) and not (new and new.pk is None):
                    continue
                changes.append((name, old_obj, new))
            elif not _same(getattr(obj, name), new):
                changes.append((name, getattr(obj, name), new))
        if not changes:
            self.preview.unchanged[entity] += 1
            return obj
        self.preview.entries.append(Entry(entity, label, "changed", [
            FieldChange(str(model._meta.get_field(name).verbose_name), shown(old), shown(new))
            for name, old, new in changes if name not in DERIVED]))
        if self.write:
            self.written = True
            for name, _old, new in changes:
                setattr(obj, name, new)
            names = {name for name, _o, _n in changes}
            if hasattr(obj, "version"):
                obj.version += 1
                names.add("version")
            if bulk:
                objs, fields = self.bulk_changed.setdefault(model, ([], set()))
                objs.append(obj)
                fields |= names
            else:
                self._save(obj)
        return obj

    def _save(self, obj):
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            obj._history_user = self.user
        obj.save()

    def set_now(self, obj, **values):
        """Fill in a field of a row just created (a new unit's parent): not a change of its own."""
        for name, value in values.items():
            setattr(obj, name, value)
        if self.write:
            obj.save(update_fields=list(values))

    def flush(self):
        """Write the rows collected for bulk writing, parents first."""
        if not self.write:
            return
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        by_name = {m.__name__: m for m in list(self.bulk_new) + list(self.bulk_changed)}
        for name in BULK_ORDER:
            model = by_name.get(name)
            if model is None:
                continue
            history = hasattr(model, "history")
            if self.bulk_new.get(model):
                if history:
                    bulk_create_with_history(self.bulk_new[model], model, default_user=user, batch_size=2000)
                else:
                    model.objects.bulk_create(self.bulk_new[model], batch_size=2000)
            if model in self.bulk_changed:
                objs, fields = self.bulk_changed[model]
                if history:
                    bulk_update_with_history(objs, model, sorted(fields), default_user=user, batch_size=2000)
                else:
                    model.objects.bulk_update(objs, sorted(fields), batch_size=2000)
