"""The whole installation as one file: `pejling dump` writes it, `pejling restore` reads it back.

A dump is a JSON document {"format": "pejling-dump", "version": 1, "created", "passwords", "schema",
"models": {label: [{"pk", "fields"}, …]}} made with Django's serializers, primary keys kept as they
are (history rows, published reports and links between rows refer to them) and permissions by their
natural keys (their ids differ between installations). Rows are ordered by primary key, many-to-many
lists sorted and object keys sorted, so dumping a restored installation gives the same bytes; gzip
(a name ending .gz) is written without a time stamp for the same reason. "created" is the time of
the dump, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention).

What is in it: every model of Pejling's own apps (organisations, units, memberships, strategies and
everything under them, tracking data, report texts, published reports) with their django-simple-
history tables, and the users and groups. Password hashes only when asked for. Not in it: sessions,
log-in throttling records, the admin's action log, content types and permissions (made by migrate).
"""

from __future__ import annotations

import datetime
import decimal
import gzip
import io
import json
import os
import zlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from .documents import ImportRefused, mb, parse_json, read_limited

FORMAT = "pejling-dump"
VERSION = 1
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
AUTH_MODELS = ("auth.Group", "auth.User")
GZIP_MAGIC = b"\x1f\x8b"


# What running workers read to bring their memo of a strategy up to date (plans.StrategyRevision):
# true only of this database's own recent writes, so never carried into another one
NOT_DUMPED = ("plans.StrategyRevision",)


def dumped_models() -> list:
    """The models a dump holds, in a fixed order: groups and users, then Pejling's apps as installed."""
    found = [apps.get_model(label) for label in AUTH_MODELS]
    for config in apps.get_app_configs():
        if config.name.startswith("pejling."):
            found += [m for m in config.get_models() if not m._meta.proxy and m._meta.label not in NOT_DUMPED]
    return found


def schema_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The applied migrations of the dumped apps: a dump is restored only into the same schema."""
    labels = {m._meta.app_label for m in dumped_models()}
    applied = MigrationLoader(connections[using], ignore_no_migrations=True).applied_migrations
    return {app: sorted(name for a, name in applied if a == app) for app in sorted(labels)}


class _Serializer(PythonSerializer):
    """Django's serializer; permissions by natural key, many-to-many lists sorted."""

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model._meta.label == "auth.Permission"
        super().handle_m2m_field(obj, field)
        if field.name in self._current:
            self._current[field.name].sort()


def installation_dump(*, with_passwords: bool = False, created: datetime.datetime | None = None,
                      using: str = DEFAULT_DB_ALIAS) -> dict:
    """The whole installation as a dump document (plain Python values)."""
    models = {}
    for model in dumped_models():
        rows = _Serializer().serialize(model._base_manager.using(using).order_by("pk"))
        if model._meta.label == "auth.User" and not with_passwords:
            for row in rows:
                row["fields"].pop("password", None)
        models[model._meta.label] = [{"pk": r["pk"], "fields": r["fields"]} for r in rows]
    return {"format": FORMAT, "version": VERSION, "created": _created(created).isoformat(),
            "passwords": with_passwords, "schema": schema_state(using), "models": models}


def _created(when):
    if when is not None:
        return when
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return timezone.now().replace(microsecond=0)


def _encode(value):
    """Dates and times in full (Django's JSON encoder would cut microseconds), decimals as written."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in a dump")


def dump_bytes(document: dict, *, compress: bool = False) -> bytes:
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1, default=_encode) + "\n"
    data = text.encode("utf-8")
    return gzip.compress(data, mtime=0) if compress else data


def dump_write(path: str | Path, *, with_passwords: bool = False) -> dict:
    """Write the installation to `path` (gzip when it ends .gz); returns the document written."""
    path = Path(path)
    document = installation_dump(with_passwords=with_passwords)
    data = dump_bytes(document, compress=path.suffix.lower() == ".gz")
    partial = path.with_name(path.name + ".part")  # never a half-written dump under the real name
    partial.write_bytes(data)
    if with_passwords:
        partial.chmod(0o600)
    partial.replace(path)
    return document


# -- Reading a dump, with the same safety as strategy documents -----------------------------------

def max_bytes() -> int:
    return int(getattr(settings, "RESTORE_MAX_BYTES", DEFAULT_MAX_BYTES))


def dump_read(path: str | Path, *, limit: int | None = None) -> dict:
    """Read and check a dump file: size (packed and unpacked), UTF-8, JSON depth, format and version."""
    source = str(path)
    limit = max_bytes() if limit is None else limit
    data = read_limited(path, limit=limit)
    if data[:2] == GZIP_MAGIC:
        data = _gunzip(data, source, limit)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(source, [_("not UTF-8 text (%(reason)s at byte %(byte)s)") % {
            "reason": exc.reason, "byte": exc.start}]) from None
    return check_header(parse_json(raw.removeprefix("\ufeff"), source), source)


def _gunzip(data: bytes, source: str, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(limit + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise ImportRefused(source, [_("the gzip file is cut off or damaged (%(why)s)") % {"why": exc}]) from None
    if len(out) > limit:
        raise ImportRefused(source, [_("the file unpacks to more than %(max)s MB") % {"max": mb(limit)}])
    return out


def check_header(doc, source: str) -> dict:
    """The document must be a Pejling dump of a version this Pejling reads."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else None
        raise ImportRefused(source, [_("not a Pejling dump (the format is »%(found)s«, a dump has »%(format)s«)") % {
            "found": str(found)[:60], "format": FORMAT}])
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            why = _("the dump is version %(found)s, written by a newer Pejling; this Pejling reads version "
                    "%(version)s: upgrade Pejling before restoring it")
        else:
            why = _("the dump is version »%(found)s«; this Pejling reads version %(version)s")
        raise ImportRefused(source, [why % {"found": str(version)[:20], "version": VERSION}])
    problems = []
    if not isinstance(doc.get("models"), dict):
        problems.append(_("models: missing or not an object"))
    if not isinstance(doc.get("passwords"), bool):
        problems.append(_("passwords: missing or not true/false"))
    if not isinstance(doc.get("schema"), dict):
        problems.append(_("schema: missing or not an object"))
    if problems:
        raise ImportRefused(source, problems)
    return doc
