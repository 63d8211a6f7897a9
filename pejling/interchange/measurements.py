"""Bulk measurements: preview a file (new, changed old → new, unchanged, refused) and apply it.

`measurements_preview` writes nothing. `measurements_apply` checks again inside one transaction,
with the stored rows locked, chunk by chunk as the file is read (measurements_check.CHUNK_ROWS),
writing each chunk while every row so far is valid (tracking/bulk.py: bulk inserts and updates,
history for each row, the strategy's revision touched once); a refused row anywhere refuses the
file and rolls everything back. Memory stays bounded: the file is never held whole, only what the
check must know of all of it (tracking.bulk.stored_measurements, the identities seen).
Two people importing the same file at once: the second waits for the first (PostgreSQL's unique
index, SQLite's immediate transactions) and then finds its rows stored; a unique-constraint
conflict is checked once more from the start, and then reported, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, OperationalError
from django.utils.translation import gettext as _

from pejling.texts import formatting
from pejling.tracking.bulk import known_breakdowns, measurements_bulk_writer, stored_measurements

from .documents import ImportRefused
from .measurements_check import measurements_check
from .measurements_entries import Checked, Entry
from .measurements_file import Table, read_table

STATUS_LABELS = {"done": "Ja", "on_the_way": "På vej", "not_done": "Nej"}


@dataclass
class Preview:
    """What a file would do (or did, when `applied`): how many measurements are new, changed and
    unchanged, and how many problems (`counts`); `entries`: the first rows' measurements with their
    action (measurements_entries.KEPT of each); `problems`: the first refused rows' reasons with their
    places (PROBLEMS_KEPT)."""

    source: str
    strategy: object
    checked: Checked = field(default_factory=Checked)
    applied: bool = False

    @property
    def problems(self) -> list[str]:
        return self.checked.problems

    @property
    def new_groups(self) -> list[tuple]:
        return self.checked.new_groups

    @property
    def entries(self) -> list[Entry]:
        return self.checked.entries

    def count(self, action: str) -> int:
        return self.checked.counts[action]

    @property
    def counts(self) -> dict[str, int]:
        return {**self.checked.counts, "refused": self.checked.problem_count}

    @property
    def valid(self) -> bool:
        return not self.checked.problem_count

    def changes(self, limit: int | None = None) -> list[dict]:
        """The new and changed rows as a person reads them (old → new), the changed first."""
        kept = self.checked.kept
        rows = sorted(kept["changed"], key=lambda e: e.rows) + sorted(kept["new"], key=lambda e: e.rows)
        return [describe(e) for e in rows[:limit]]


def shown(indicator, *, value=None, status="", text="") -> str:
    if status:
        return STATUS_LABELS.get(status, status)
    if text:
        return text if len(text) <= 60 else text[:57] + "…"
    if isinstance(value, float):
        value = Decimal(repr(value))  # stored values are compared as floats; shown as the decimal they are
    return formatting.with_unit(value, indicator.unit) if value is not None else ""


def describe(e: Entry) -> dict:
    old = e.old
    return {
        "action": e.action, "row": e.rows[0], "indicator": e.indicator.key, "name": e.indicator.name,
        "period": formatting.period(e.period) if e.period else "", "breakdown": e.breakdown,
        "level": e.level.label if e.level else "", "baseline": e.is_baseline,
        "old": shown(e.indicator, value=old.value, status=old.status, text=old.text) if old else "",
        "new": shown(e.indicator, value=e.value, status=e.status, text=e.text),
    }


def _checked(*, strategy, table: Table, user, lock: bool, on_chunk=None) -> Checked:
    return measurements_check(strategy=strategy, table=table, user=user,
                              stored=stored_measurements(strategy_id=strategy.id, lock=lock),
                              known_groups=known_breakdowns(strategy_id=strategy.id), on_chunk=on_chunk)


def measurements_preview(*, strategy, rows: Table | None = None, path: str | Path | None = None, source: str = "",
                         user=None) -> Preview:
    """What importing the file (or an already read `rows` table) would do; writes nothing. A file that
    cannot be read at all raises ImportRefused."""
    table = rows if rows is not None else read_table(path, source=source or None)
    return Preview(source=source or table.source, strategy=strategy,
                   checked=_checked(strategy=strategy, table=table, user=user, lock=False))


def _values(e: Entry) -> dict:
    values = {"value": e.value, "status": e.status, "text": e.text}
    if e.comment is not None:
        values["comment"] = e.comment
    if e.source is not None:
        values["source"] = e.source
    return values


def _writing(writer):
    """Hand each checked chunk to the bulk writer: new rows as tuples, corrections with their stored row."""
    def write(entries: list[Entry]) -> None:
        new, changed = [], []
        for e in entries:
            if e.action == "new":
                level = e.level
                new.append((e.indicator.id, e.period, e.start, e.end, e.is_baseline, e.breakdown,
                            level.id if level is not None else None, e.value, e.status, e.text, e.source or "",
                            e.comment or ""))  # tracking.bulk.NEW_FIELDS
            elif e.action == "changed":
                changed.append((e.old, _values(e)))
        writer.write(new=new, changed=changed)
    return write


def _lost_a_race(exc: OperationalError) -> bool:
    """PostgreSQL ended this transaction for another's sake: a deadlock (two imports writing the same new
    rows in different orders) or a serialization failure. Like a unique violation: start again."""
    return getattr(exc.__cause__, "sqlstate", None) in ("40P01", "40001")


def measurements_apply(*, strategy, path: str | Path, source: str = "", user=None) -> Preview:
    """Check the file again and write it, all or nothing. Raises ImportRefused with every problem (and
    writes nothing) when a row is refused. History keeps every corrected value, reason "import FILE"."""
    table = read_table(path, source=source or None)
    source = source or table.source
    for attempt in (1, 2):  # a second attempt reads the file again
        try:
            with measurements_bulk_writer(strategy_id=strategy.id, user=user,
                                          reason=_("import %(file)s") % {"file": Path(source).name}) as writer:
                checked = _checked(strategy=strategy, table=table, user=user, lock=True, on_chunk=_writing(writer))
                if checked.problem_count:
                    raise ImportRefused(source, checked.refusal())
        except (IntegrityError, OperationalError) as exc:
            if isinstance(exc, OperationalError) and not _lost_a_race(exc):
                raise
            if attempt == 2:
                raise ImportRefused(source, [_("someone else stored measurements for the same periods while this "
                                               "file was imported; nothing was written, try again")]) from None
            continue
        return Preview(source=source, strategy=strategy, checked=checked, applied=True)
    raise AssertionError("unreachable")


# -- the command line ---------------------------------------------------------------------------
def preview_lines(preview: Preview, *, limit: int = 200) -> list[str]:
    """The preview as lines of text, for `pejling import --dry-run` and the import's report."""
    c = preview.counts
    lines = [_("%(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(refused)s refused") % c]
    for indicator, group, row, like in preview.new_groups[:limit]:
        hint = (" " + _("(like »%(like)s«)") % {"like": like}) if like else ""
        lines.append(_("new group »%(group)s« for %(indicator)s (row %(row)s)") % {
            "group": group, "indicator": indicator.key, "row": row} + hint)
    if len(preview.new_groups) > limit:
        lines.append(_("… and %(count)s more") % {"count": len(preview.new_groups) - limit})
    for d in preview.changes(limit):
        what = " · ".join(p for p in (d["indicator"], d["period"] or _("baseline"), d["breakdown"], d["level"]) if p)
        arrow = f"{d['old']} → {d['new']}" if d["action"] == "changed" else d["new"]
        label = _("changed") if d["action"] == "changed" else _("new")
        lines.append(f"  {_('row %(row)s') % {'row': d['row']}}: {label}: {what}: {arrow}")
    more = c["new"] + c["changed"] - limit
    if more > 0:
        lines.append("  " + _("… and %(count)s more") % {"count": more})
    return lines


def measurements_import_command(path: str | Path, *, strategy_slug: str, dry_run: bool = False, user=None,
                                stdout=None, stderr=None) -> int:
    """`pejling import FILE --strategy SLUG [--dry-run] [--as USER]` for a measurements file: prints the
    preview to `stdout`, every problem to `stderr` (one line each, with its place). Returns the exit
    status: 0 when everything was applied (or, with `dry_run`, when the file is valid), else 1."""
    import sys

    from pejling.plans.models import Strategy
    from pejling.plans.permissions import can_import_measurements
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    strategy = Strategy.objects.select_related("organisation").filter(slug=strategy_slug).first()
    if strategy is None or (user is not None and not can_import_measurements(user, strategy)):
        stderr.write((_("no strategy »%(slug)s«") if strategy is None else
                      _("--as: the user may not import measurements into %(slug)s")) % {"slug": strategy_slug} + "\n")
        return 1
    try:
        if dry_run:
            preview = measurements_preview(strategy=strategy, path=path, source=str(path), user=user)
        else:
            preview = measurements_apply(strategy=strategy, path=path, source=str(path), user=user)
    except ImportRefused as exc:
        for problem in exc.errors:
            stderr.write(f"{exc.source}: {problem}\n")
        return 1
    for problem in preview.checked.refusal():
        stderr.write(f"{preview.source}: {problem}\n")
    head = _("dry run, nothing was written:") if dry_run else _("imported:")
    stdout.write(f"{head} {preview.source} → {strategy.slug}\n")
    for line in preview_lines(preview):
        stdout.write(line + "\n")
    return 0 if preview.valid else 1
