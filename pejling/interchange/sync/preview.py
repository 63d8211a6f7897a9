"""What an upload would do (or did): per entity what is new, what changed (each field old → new, in the
reader's language), how much is unchanged, what was refused, and the indicator candidates a reader
proposed. The command line prints `lines()`; the web page shows the same data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pejling.plans.models import (
    FocusArea,
    Indicator,
    Initiative,
    InitiativeUnit,
    Organisation,
    Role,
    Scale,
    ScaleLevel,
    Strategy,
    Target,
    Unit,
)
from pejling.tracking.models import Assessment, Measurement, ReferenceSeries, ReferenceValue, StatusNote

MODELS = {"organisation": Organisation, "unit": Unit, "strategy": Strategy, "scale": Scale, "level": ScaleLevel,
          "focus_area": FocusArea, "initiative": Initiative, "initiative_unit": InitiativeUnit, "role": Role,
          "indicator": Indicator, "target": Target, "measurement": Measurement, "reference": ReferenceSeries,
          "reference_value": ReferenceValue, "note": StatusNote, "assessment": Assessment}
ORDER = list(MODELS)


def entity_name(entity: str, count: int = 1) -> str:
    meta = MODELS[entity]._meta
    return str(meta.verbose_name if count == 1 else meta.verbose_name_plural)


@dataclass
class FieldChange:
    label: str  # the field's name as the app shows it
    old: str
    new: str


@dataclass
class Entry:
    entity: str
    label: str  # what the thing is called: "#6 Læsning", "ud-7 2019"
    action: str  # "new" or "changed"
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def entity_name(self) -> str:
        return entity_name(self.entity)


@dataclass
class Candidate:
    """An indicator a reader found in an initiative's text; written only when accepted."""

    initiative: str
    key: str
    name: str
    evidence: str
    item: dict
    problems: list[str] = field(default_factory=list)
    accepted: bool = False
    position: tuple = (0, 0)  # (initiative, candidate) index in the document
    needs_scale: dict | None = None  # a scale the strategy must have for it (added when accepted)

    @property
    def token(self) -> str:
        """The value of its checkbox: "code key" (a key has no spaces)."""
        return f"{self.key} {self.initiative}"


@dataclass
class Preview:
    source: str
    organisation: str = ""
    organisation_name: str = ""
    organisation_new: bool = False
    strategy: str = ""
    strategy_title: str = ""
    strategy_new: bool = False
    revision: int | None = None  # the stored strategy's revision the preview was made from
    entries: list[Entry] = field(default_factory=list)
    unchanged: Counter = field(default_factory=Counter)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (place, why): left out, not written
    candidates: list[Candidate] = field(default_factory=list)
    applied: bool = False

    @property
    def new(self) -> list[Entry]:
        return [e for e in self.entries if e.action == "new"]

    @property
    def changed(self) -> list[Entry]:
        return [e for e in self.entries if e.action == "changed"]

    @property
    def has_changes(self) -> bool:
        return bool(self.entries)

    def unchanged_summary(self) -> str:
        parts = [f"{n} {entity_name(e, n)}" for e, n in sorted(self.unchanged.items(), key=lambda x: ORDER.index(x[0]))]
        return ", ".join(parts)

    def counts(self) -> list[tuple[str, int, int, int]]:
        """(entity name in plural, new, changed, unchanged) per entity that the upload names."""
        new, changed = Counter(e.entity for e in self.new), Counter(e.entity for e in self.changed)
        names = [e for e in ORDER if new[e] or changed[e] or self.unchanged[e]]
        return [(entity_name(e, 2), new[e], changed[e], self.unchanged[e]) for e in names]

    def lines(self) -> list[str]:
        state = {True: _("new"), False: _("exists")}
        out = [f"{_('organisation')} {self.organisation} ({state[self.organisation_new]})",
               f"{_('strategy')} {self.strategy} »{self.strategy_title}« ({state[self.strategy_new]})"]
        for e in self.entries:
            if e.action == "new":
                out.append(f"+ {_('new')} {e.entity_name} {e.label}")
            else:
                fields = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in e.changes)
                out.append(f"~ {_('changed')} {e.entity_name} {e.label}: {fields}")
        if self.unchanged:
            out.append(f"= {_('unchanged')}: {self.unchanged_summary()}")
        for where, why in self.refused:
            out.append(f"! {_('refused')} {where}: {why}")
        for c in self.candidates:
            mark = "x" if c.accepted else " "
            why = f" — {'; '.join(c.problems)}" if c.problems else ""
            out.append(f"? [{mark}] {_('indicator candidate')} {c.initiative} {c.key} »{c.name}«"
                       f" ({_('from')} »{c.evidence}«){why}")
        if not self.entries:
            out.append(_("Nothing to change."))
        return out
