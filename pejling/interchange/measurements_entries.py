"""What checking a measurements file produces (measurements_check.py): an entry per measurement the file
asks for, the outcome with its problems, and the comparison of each entry with the stored rows (new,
changed or unchanged), kept apart from the row checks because it also serves the preview's counts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from pejling.assessment.limits import name_key
from pejling.plans.models import Indicator
from pejling.tracking.bulk import Stored

PROBLEMS_KEPT = 1000
KEPT = 1000  # entries kept of each kind for the preview


@dataclass(slots=True)
class Entry:
    """One measurement the file asks for. `old` is the stored row's values (None: new)."""

    rows: tuple
    indicator: Indicator
    period: str
    start: date | None
    end: date | None
    breakdown: str
    is_baseline: bool
    level: object
    value: Decimal | None = None
    status: str = ""
    text: str = ""
    comment: str | None = None  # None: the file has no such column, the stored one stays
    source: str | None = None
    old: Stored | None = None
    action: str = "new"

    def key(self) -> tuple:
        return (self.indicator.id, self.period, self.breakdown, self.is_baseline,
                self.level.id if self.level else None)


@dataclass
class Checked:
    """The outcome of checking a file, its size not held: the first PROBLEMS_KEPT problems and how many in
    all; how many entries are new, changed and unchanged and the first KEPT of each (for the preview)."""

    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    new_groups: list[tuple[Indicator, str, int, str]] = field(default_factory=list)  # (indicator, group, row, like)
    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0})
    kept: dict[str, list[Entry]] = field(default_factory=lambda: {"new": [], "changed": [], "unchanged": []})

    def problem(self, text: str) -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(text)

    def refusal(self) -> list[str]:
        """Every problem kept, and how many more there are."""
        more = self.problem_count - len(self.problems)
        return self.problems + ([_("… and %(count)s more") % {"count": more}] if more > 0 else [])

    @property
    def entries(self) -> list[Entry]:
        """The entries kept, in the file's order (every entry of a file of up to KEPT rows)."""
        return sorted((e for kept in self.kept.values() for e in kept), key=lambda e: e.rows)


def _like(group: str, known) -> str:
    """The known group a new one looks like ("NYDANSKEE" is like "Nydanske"), compared as name_key compares."""
    by_key = {name_key(g): g for g in sorted(known)}
    like = difflib.get_close_matches(name_key(group), list(by_key), n=1, cutoff=0.7)
    return by_key[like[0]] if like else ""


def marker(out: Checked, stored: dict, known_groups: dict[int, set[str]]):
    """A function marking each entry of a chunk new, changed or unchanged against `stored` (tracking.
    bulk.stored_measurements), counting them, keeping the first KEPT of each, and listing the groups
    (breakdowns) no stored value or target of the indicator has: a typo must be seen."""
    new_groups: dict[tuple, tuple] = {}
    counts, kept = out.counts, out.kept

    def mark(entries: list[Entry]) -> None:
        for entry in entries:
            level = entry.level
            old = stored.get((entry.indicator.id, level.id if level is not None else None, entry.is_baseline,
                              entry.breakdown))
            old = old.get(entry.period) if old is not None else None
            entry.old = old
            if old is None:
                action = "new"
                if entry.breakdown and entry.breakdown not in known_groups.get(entry.indicator.id, ()):
                    k = (entry.indicator.id, entry.breakdown)
                    if k not in new_groups:
                        new_groups[k] = (entry.indicator, entry.breakdown, entry.rows[0],
                                         _like(entry.breakdown, known_groups.get(entry.indicator.id, ())))
            else:
                same = (old.value == float(entry.value) if entry.value is not None else old.value is None) \
                    and old.status == entry.status and old.text == entry.text \
                    and (entry.comment is None or old.comment == entry.comment) \
                    and (entry.source is None or old.source == entry.source)
                action = "unchanged" if same else "changed"
            entry.action = action
            counts[action] += 1
            if len(kept[action]) < KEPT:
                kept[action].append(entry)
        out.new_groups = list(new_groups.values())
    return mark
