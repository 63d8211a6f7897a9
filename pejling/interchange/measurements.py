"""Bulk measurements: preview a file (new, changed old → new, unchanged, refused) and apply it.

`measurements_preview` writes nothing. `measurements_apply` checks again inside one transaction,
with the stored rows locked, and writes only when every row is valid (tracking/bulk.py: bulk
inserts and updates in batches, history for each row, the strategy's revision touched once).
Two people importing the same file at once: the second waits for the first (PostgreSQL's unique
index, SQLite's immediate transactions) and then finds its rows stored; a unique-constraint
conflict is checked once more from the start, and then reported, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pejling.texts import formatting
from pejling.tracking.bulk import known_breakdowns, measurements_bulk_save, stored_measurements

from .documents import ImportRefused
from .measurements_check import Checked, Entry, compare, measurements_check
from .measurements_file import Table, read_table

STATUS_LABELS = {"done": "Ja", "on_the_way": "På vej", "not_done": "Nej"}


@dataclass
class Preview:
    """What a file would do (or did, when `applied`). `entries` holds every valid row's measurement
    with its action; `problems` every refused row's reason with its place."""

    source: str
    strategy: object
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    new_groups: list[tuple] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for e in self.entries if e.action == action)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for e in self.entries:
            counts[e.action] += 1
        counts["refused"] = len(self.problems)
        return counts

    @property
    def valid(self) -> bool:
        return not self.problems

    def changes(self, limit: int | None = None) -> list[dict]:
        """The new and changed rows as a person reads them (old → new), the changed first."""
        rows = sorted((e for e in self.entries if e.action != "unchanged"), key=lambda e: (e.action != "changed",
                                                                                            e.rows))
        return [describe(e) for e in rows[:limit]]


def shown(indicator, *, value=None, status="", text="") -> str:
    if status:
        return STATUS_LABELS.get(status, status)
    if text:
        return text if len(text) <= 60 else text[:57] + "…"
    return formatting.with_unit(value, indicator.unit) if value is not None else ""


def describe(e: Entry) -> dict:
    old = e.old
    return {
        "action": e.action, "row": e.rows[0], "indicator": e.indicator.key, "name": e.indicator.name,
        "period": formatting.period(e.period) if e.period else "", "breakdown": e.breakdown,
        "level": e.level.label if e.level else "", "baseline": e.is_baseline,
        "old": shown(e.indicator, value=old["value"], status=old["status"], text=old["text"]) if old else "",
        "new": shown(e.indicator, value=e.value, status=e.status, text=e.text),
    }


def _checked(*, strategy, table: Table, user, lock: bool) -> Checked:
    checked = measurements_check(strategy=strategy, table=table, user=user)
    if not checked.problems:
        compare(checked=checked, existing=stored_measurements(strategy_id=strategy.id, lock=lock),
                known_groups=known_breakdowns(strategy_id=strategy.id))
    return checked


def _preview(source, strategy, checked: Checked) -> Preview:
    return Preview(source=source, strategy=strategy, entries=checked.entries, problems=checked.problems,
                   new_groups=checked.new_groups)


def measurements_preview(*, strategy, rows: Table | None = None, path: str | Path | None = None, source: str = "",
                         user=None) -> Preview:
    """What importing the file (or an already read `rows` table) would do; writes nothing. A file that
    cannot be read at all raises ImportRefused."""
    table = rows if rows is not None else read_table(path, source=source or None)
    return _preview(source or table.source, strategy,
                    _checked(strategy=strategy, table=table, user=user, lock=False))


def _values(e: Entry) -> dict:
    values = {"value": e.value, "status": e.status, "text": e.text}
    if e.comment is not None:
        values["comment"] = e.comment
    if e.source is not None:
        values["source"] = e.source
    return values


def measurements_apply(*, strategy, path: str | Path, source: str = "", user=None) -> Preview:
    """Check the file again and write it, all or nothing. Raises ImportRefused with every problem (and
    writes nothing) when a row is refused. History keeps every corrected value, reason "import FILE"."""
    table = read_table(path, source=source or None)
    source = source or table.source
    rows = [*table.rows]  # read once: a second attempt checks the same rows again
    for attempt in (1, 2):
        table.rows = rows
        try:
            with transaction.atomic():
                checked = _checked(strategy=strategy, table=table, user=user, lock=True)
                if checked.problems:
                    raise ImportRefused(source, checked.problems)
                new = [(e.indicator.id, e.period, e.start, e.end, e.is_baseline, e.breakdown,
                        e.level.id if e.level else None, e.value, e.status, e.text, e.source or "", e.comment or "")
                       for e in checked.entries if e.action == "new"]  # tracking.bulk.NEW_FIELDS
                changed = [(e.old, _values(e)) for e in checked.entries if e.action == "changed"]
                measurements_bulk_save(strategy_id=strategy.id, new=new, changed=changed, user=user,
                                       reason=_("import %(file)s") % {"file": Path(source).name})
        except IntegrityError:
            if attempt == 2:
                raise ImportRefused(source, [_("someone else stored measurements for the same periods while this "
                                               "file was imported; nothing was written, try again")]) from None
            continue
        preview = _preview(source, strategy, checked)
        preview.applied = True
        return preview
    raise AssertionError("unreachable")


# -- the command line ---------------------------------------------------------------------------
def preview_lines(preview: Preview, *, limit: int = 200) -> list[str]:
    """The preview as lines of text, for `pejling import --dry-run` and the import's report."""
    c = preview.counts
    lines = [_("%(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(refused)s refused") % c]
    for indicator, group, row, like in preview.new_groups:
        hint = (" " + _("(like »%(like)s«)") % {"like": like}) if like else ""
        lines.append(_("new group »%(group)s« for %(indicator)s (row %(row)s)") % {
            "group": group, "indicator": indicator.key, "row": row} + hint)
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
    for problem in preview.problems:
        stderr.write(f"{preview.source}: {problem}\n")
    head = _("dry run, nothing was written:") if dry_run else _("imported:")
    stdout.write(f"{head} {preview.source} → {strategy.slug}\n")
    for line in preview_lines(preview):
        stdout.write(line + "\n")
    return 0 if preview.valid else 1
