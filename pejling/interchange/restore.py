"""Restoring a dump (pejling.interchange.dump): everything or nothing, in one transaction.

Rows are rebuilt by Django's deserializer with their primary keys, checked field by field, and
written with bulk inserts (no signals, so simple-history writes no new history: the dump's history
is the history). Foreign keys are checked once at the end, when every row is in; on PostgreSQL the
id sequences are then moved past the restored ids so new rows do not collide.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.utils.translation import gettext as _

from .documents import ImportRefused
from .dump import NOT_DUMPED, dumped_models, schema_state

MAX_PROBLEMS = 50


def installation_restore(*, document: dict, replace: bool = False, source: str = "dump",
                         using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Restore a checked dump document (dump_read); returns the number of rows per model.

    A database that holds data is refused unless `replace`, which empties Pejling's tables first."""
    models = dumped_models()
    by_label = {m._meta.label: m for m in models}
    _check_schema(document, source, using)
    unknown = sorted(set(document["models"]) - set(by_label))
    if unknown:
        raise ImportRefused(source, [_("models.%(label)s: not part of a Pejling dump") % {"label": label[:80]}
                                     for label in unknown[:MAX_PROBLEMS]])
    built, problems = _build(document, models, using)
    if problems:
        raise ImportRefused(source, problems[:MAX_PROBLEMS])
    with transaction.atomic(using=using):
        held = _holding(models, using)
        if held and not replace:
            raise ImportRefused(source, [_("the database already holds data (%(what)s); nothing was changed. "
                                           "Use --replace to replace everything in it") % {"what": held}])
        if held:
            installation_empty(using=using)
        try:
            counts = _write(built, passwords=document["passwords"], using=using)
        except DatabaseError as exc:  # a duplicate the field checks cannot see, e.g. two rows with one key
            raise ImportRefused(source, [_("the database refused a row (%(why)s)") % {
                "why": str(exc).strip()[:300]}]) from None
        _check_references(models, source, using)
        _reset_sequences(models, using)
    return counts


def _check_schema(document, source, using):
    here, there = schema_state(using), document["schema"]
    problems = []
    for app in sorted(set(here) | {str(a) for a in there}):
        theirs = there.get(app) if isinstance(there.get(app), list) else []
        missing = sorted(set(map(str, theirs)) - set(here.get(app, [])))
        extra = sorted(set(here.get(app, [])) - set(map(str, theirs)))
        if missing:
            problems.append(_("schema.%(app)s: the dump was written after migration %(name)s, which this "
                              "installation does not have; restore it with the Pejling version that wrote it")
                            % {"app": app[:40], "name": missing[-1][:80]})
        elif extra:
            problems.append(_("schema.%(app)s: the dump was written before migration %(name)s; restore it with "
                              "the Pejling version that wrote it, then upgrade") % {"app": app, "name": extra[0]})
    if problems:
        raise ImportRefused(source, problems)


def _build(document, models, using):
    """Deserialized objects per model, in the dump's fixed order; every problem with its place."""
    built, problems = [], []
    for model in models:
        label = model._meta.label
        rows = document["models"].get(label, [])
        if not isinstance(rows, list):
            problems.append(_("models.%(label)s: not a list of rows") % {"label": label})
            continue
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        objects = []
        for index, row in enumerate(rows):
            place = f"models.{label}[{index}]"
            if not isinstance(row, dict) or not isinstance(row.get("fields"), dict) or row.get("pk") is None:
                problems.append(_("%(place)s: a row needs »pk« and »fields«") % {"place": place})
                continue
            try:
                obj = next(serializers.deserialize("python", [{"model": label, **row}], using=using))
                obj.object.clean_fields(exclude=relations + ["password"])
            except ValidationError as exc:
                # "blank" is a form's rule (history rows keep empty texts in fields forms require)
                found = [f"{place}.{field}: {' '.join(m for e in errors for m in e.messages)}"
                         for field, errors in exc.error_dict.items()
                         if any(e.code != "blank" for e in errors)]
                if found:
                    problems += found
                    continue
            except Exception as exc:  # the deserializer's errors name the field and value; keep them short
                problems.append(f"{place}: {str(exc)[:300]}")
                continue
            objects.append(obj)
            if len(problems) >= MAX_PROBLEMS:
                return built, problems
        built.append((model, objects))
    return built, problems


def _holding(models, using) -> str:
    """What the database already holds, e.g. '3 organisations, 14 users'; '' when empty."""
    held = []
    for model in models:
        count = model._base_manager.using(using).count()
        if count and not hasattr(model, "instance_type"):  # history tables are not named
            held.append(f"{count} {model._meta.verbose_name_plural}")
        elif count and not held:
            held.append(_("history"))
    return ", ".join(held[:6]) + (" …" if len(held) > 6 else "")


def installation_empty(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every row of the dumped tables, their link tables, what hangs on the users (sessions and
    the admin's log would otherwise point at people who are replaced) and the records of recent
    revisions (a worker must read a restored strategy whole, not add the old one's entries). Call it inside
    a transaction: foreign keys are checked when it commits."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.sessions.models import Session

    tables = [LogEntry, Session, *(apps.get_model(label) for label in NOT_DUMPED)]
    for model in dumped_models():
        tables += [f.remote_field.through for f in model._meta.many_to_many
                   if f.remote_field.through._meta.auto_created]
        tables.append(model)
    for model in tables:  # foreign keys are checked at commit, so the order does not matter
        model._base_manager.using(using).all()._raw_delete(using)


def _write(built, *, passwords: bool, using) -> dict[str, int]:
    counts = {}
    for model, objects in built:
        instances = [o.object for o in objects]
        if model._meta.label == "auth.User":
            for user in instances:  # without a hash the administrator must set a new password
                if not passwords or not user.password:
                    user.password = make_password(None)
        model._base_manager.db_manager(using).bulk_create(instances, batch_size=500)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = [through(**{f"{source}_id": o.object.pk, f"{target}_id": pk})
                     for o in objects for pk in o.m2m_data.get(field.name, [])]
            through._base_manager.db_manager(using).bulk_create(links, batch_size=500)
        counts[model._meta.label] = len(instances)
    return counts


def _check_references(models, source, using):
    connection = connections[using]
    tables = [m._meta.db_table for m in models]
    tables += [f.remote_field.through._meta.db_table for m in models for f in m._meta.many_to_many]
    try:
        connection.check_constraints(table_names=tables)
    except IntegrityError as exc:
        raise ImportRefused(source, [_("a row refers to a row that is not in the dump (%(why)s)") % {
            "why": str(exc)[:300]}]) from None


def _reset_sequences(models, using):
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
