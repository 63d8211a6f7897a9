"""Which of an indicator's targets a group (a breakdown: a school, "Nydanske") is measured against.

A group is measured against its own targets when it has any, else against the total's. The total's
target means something for a group only when the group's number is of the same kind as the total's:
a share, a rate or an average ("80 % in education", "grade average 7") is; a count is not, because the
groups' counts are parts of the total ("at most 34 young people" for the municipality says nothing of
a school of 3, nor of one of 40). And a change ("fall by 25 %") runs from the group's own baseline.
"""

from __future__ import annotations

from .goals import Goal
from .reasons import Code
from .values import is_percent

# Indicator.group_values: what a group's number is
RATES = "rates"    # shares, rates or averages: comparable with the total's
COUNTS = "counts"  # counts: the groups are parts of the total
UNSTATED = ""      # not said: a share (%) is a rate; anything else is not assessed against the total's target
GROUP_VALUES = (UNSTATED, RATES, COUNTS)


def comparable_with_total(group_values: str, unit: str) -> bool | None:
    """Whether a group's number is of the same kind as the total's: True for rates (and any share in %),
    False for counts, None when the indicator does not say and its unit does not tell."""
    if group_values == RATES or is_percent(unit):
        return True
    if group_values == COUNTS:
        return False
    return None


def group_goals(goals: list[Goal], breakdown: str, *, own_baseline: bool,
                comparable: bool | None) -> tuple[list[Goal], Code | None]:
    """The goals `breakdown`'s series is measured against ("" is the total), and when every goal that
    would apply was left out, the code that says why (the group gets no colour, not "no target")."""
    own = [g for g in goals if g.breakdown == breakdown and g.level is None]
    if not breakdown:
        return own, None
    inherited = not own
    kept = own or [g for g in goals if g.breakdown == "" and g.level is None]
    if not kept:
        return [], None
    why = None
    if inherited and not comparable:  # of a count only a relative change carries over to its parts
        parts = [g for g in kept if g.change is not None and g.change_unit == "percent"]
        if not parts:
            why = Code.GROUP_PART_OF_TOTAL if comparable is False else Code.GROUP_VALUES_UNSTATED
        kept = parts
    if kept and not own_baseline:
        kept = [g for g in kept if g.change is None]
        why = why or (None if kept else Code.GROUP_NO_BASELINE)
    return kept, (why if not kept else None)
