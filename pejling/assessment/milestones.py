"""Milestones (Aktivitet og milepæle), judged by Holstebro's colour code:
green = implemented as planned, yellow = at risk, red = not implemented as planned,
no colour = not yet expected.

- Done (or its number reached) → green.
- At or after the deadline and not done → red ("as of" includes the deadline day); with no status
  reported at all → no colour, and the milestone is listed as missing an update.
- Before the deadline: a number behind the straight line from the start to its target → yellow,
  on or ahead of it → green; "Nej" once more than half the time from start to deadline has
  passed → yellow, earlier → no colour yet; "På vej" without a number → green.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .colours import Colour, MilestoneState
from .reasons import Code, Rule, reason
from .rules import Rules
from .series import SeriesResult
from .trajectory import Point

DONE, ON_THE_WAY, NOT_DONE = MilestoneState.DONE, MilestoneState.ON_THE_WAY, MilestoneState.NOT_DONE


@dataclass(frozen=True)
class MilestoneInput:
    start: date | None             # the milestone's own start, else the strategy's
    due: date | None
    target: float | None           # a number to reach (50 volunteers), if any
    start_value: float             # where the count starts (0 unless a baseline says otherwise)
    direction: int                 # +1 more is better (the usual), -1 fewer is better
    # (period end, status, value) up to any date, oldest first; status "" when only a number was given
    reports: list[tuple[date, str, float | None]]


def _elapsed(start: date | None, due: date, as_of: date) -> float | None:
    if start is None or due <= start:
        return None
    return min(1.0, max(0.0, (as_of - start).days / (due - start).days))


def assess_milestone(m: MilestoneInput, as_of: date, rules: Rules | None = None) -> SeriesResult:
    seen = [r for r in m.reports if r[0] <= as_of and (r[1] or r[2] is not None)]
    # The newest report speaks: a later "Nej" (the corps was dissolved) outweighs an earlier number.
    newest = seen[-1] if seen else None
    status = newest[1] if newest else ""
    latest = Point(newest[0], newest[2]) if newest and newest[2] is not None else None
    label = ""  # a milestone has one series; its name is the indicator's
    due_iso = m.due.isoformat() if m.due else None
    at_due = m.due is not None and as_of >= m.due

    final = Point(m.due, m.target) if m.due and m.target is not None else None
    points = [Point(when, v) for when, _st, v in seen if v is not None]

    def result(colour, why, expected=None):
        return SeriesResult(label, colour, why, latest, expected, rule=Rule.MILESTONE, final=final, points=points)

    if m.target is not None and latest is not None:
        value = latest.value
        reached = (value - m.target) * m.direction >= 0
        if reached or status == DONE:
            return result(Colour.GREEN, reason(Code.MILESTONE_NUMBER_REACHED, value=value, target=m.target)
                          if reached else reason(Code.MILESTONE_DONE))
        if at_due:
            return result(Colour.RED, reason(Code.MILESTONE_NUMBER_SHORT, value=value, target=m.target, due=due_iso))
        share = _elapsed(m.start, m.due, latest.when) if m.due else None
        if share is None:  # no start or no deadline: no straight line to compare with
            return result(Colour.GREEN if status == ON_THE_WAY else Colour.NONE,
                          reason(Code.MILESTONE_ON_THE_WAY, due=due_iso) if status == ON_THE_WAY else
                          reason(Code.MILESTONE_NOT_DUE, due=due_iso))
        expected = m.start_value + share * (m.target - m.start_value)
        params = {"value": value, "target": m.target, "expected": expected, "due": due_iso}
        if (value - expected) * m.direction >= -1e-9:
            return result(Colour.GREEN, reason(Code.MILESTONE_NUMBER_AHEAD, **params), expected)
        return result(Colour.YELLOW, reason(Code.MILESTONE_NUMBER_BEHIND, **params), expected)

    if status == DONE:
        return result(Colour.GREEN, reason(Code.MILESTONE_DONE))
    if at_due:
        if status:
            return result(Colour.RED, reason(Code.MILESTONE_NOT_DONE_AT_DUE, due=due_iso, status=status))
        # No one has reported: unknown, not "not done". It is listed as missing an update instead.
        return result(Colour.NONE, reason(Code.MILESTONE_NO_STATUS_AT_DUE, due=due_iso))
    if status == ON_THE_WAY:
        return result(Colour.GREEN, reason(Code.MILESTONE_ON_THE_WAY, due=due_iso))
    if status == NOT_DONE:
        share = _elapsed(m.start, m.due, as_of) if m.due else None
        if share is not None and share > 0.5:
            return result(Colour.YELLOW, reason(Code.MILESTONE_NOT_DONE_LATE, due=due_iso))
        return result(Colour.NONE, reason(Code.MILESTONE_NOT_STARTED, due=due_iso))
    return result(Colour.NONE, reason(Code.MILESTONE_NOT_DUE, due=due_iso))
