"""The audit trail's plumbing: every historical record says where the change came from (web, import,
admin, command line) and, for a restore, which earlier version it brought back.

Writes set the source with `audit_context(source=...)`; a request's source is found by itself (the
admin's addresses are "admin", every other page "web"); the `pejling` command marks its process "cli".
The values reach the history rows through their fields' defaults, so bulk writes get them too."""

from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SOURCES = {"web": _("web"), "import": _("import"), "admin": _("administration"), "cli": _("command line")}

_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("pejling_audit", default=None)


@contextmanager
def audit_context(*, source: str | None = None, restored_from=None):
    """Within the block, history rows record `source` and (for a restore) the moment restored from."""
    outer = _context.get() or {}
    token = _context.set({**outer, **{k: v for k, v in
                                       {"source": source, "restored_from": restored_from}.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def current_source() -> str:
    """Where the change being recorded comes from: the block's source, else the request's, else the process's."""
    source = (_context.get() or {}).get("source")
    if source:
        return source
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        return "admin" if request.path.startswith("/admin/") else "web"
    return os.environ.get("PEJLING_AUDIT_SOURCE", "")


def current_restored_from():
    return (_context.get() or {}).get("restored_from")


class AuditFields(models.Model):
    """Extra columns of every historical table."""

    history_source = models.CharField(_("changed from"), max_length=10, blank=True, default=current_source)
    history_restored_from = models.DateTimeField(_("restored from the version of"), null=True, blank=True,
                                                 default=current_restored_from)

    class Meta:
        abstract = True


def audited(**options) -> HistoricalRecords:
    """simple-history's records with Pejling's audit columns."""
    return HistoricalRecords(bases=[AuditFields], **options)
