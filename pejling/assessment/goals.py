"""Targets as stated and as resolved: "+25 %" from a baseline of 75 is 93,75, and it is shown as
both. Local targets win over national ones for the trajectory; national ones are kept for display."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .trajectory import Point, resolve_change


@dataclass(frozen=True)
class Goal:
    when: date | None
    value: float | None = None
    change: float | None = None
    change_unit: str = ""
    kind: str = "final"
    level: str | None = None
    breakdown: str = ""
    origin: str = "local"
    bound: str = ""               # "ceiling" / "floor": a limit to stay within
    text: str = ""                # the words as stated ("stigning på 25 pct.")
    period: str = ""
    level_label: str = ""         # the scale level's name ("Rød position") for display


@dataclass(frozen=True)
class ResolvedGoal:
    goal: Goal
    value: float | None           # the absolute value: as stated, or the change resolved against the baseline
    when: date | None             # the due date (the strategy's end when the target has none)
    baseline: float | None        # what a change was resolved against

    @property
    def relative(self) -> bool:
        return self.goal.change is not None and self.goal.value is None


@dataclass
class GoalPath:
    points: list[Point] = field(default_factory=list)   # dated targets with values, for a trajectory
    final: Point | None = None
    bound: str = ""
    has_interim: bool = False
    all: list[ResolvedGoal] = field(default_factory=list)


def resolve(goal: Goal, baseline: float | None, default_due: date | None) -> ResolvedGoal:
    value = goal.value
    if value is None and goal.change is not None:
        value = resolve_change(baseline, goal.change, goal.change_unit)
    return ResolvedGoal(goal, value, goal.when or default_due, baseline)


def resolve_goals(goals: list[Goal], baseline: float | None, default_due: date | None,
                  keep_all: bool = False) -> GoalPath:
    """The trajectory's points and final target from the local goals (national ones if none)."""
    every = [resolve(g, baseline, default_due) for g in goals]
    local = [r for r in every if r.goal.origin == "local"]
    chosen = [r for r in (local or every) if r.value is not None and r.when is not None]
    path = GoalPath(all=every if keep_all else [])
    if not chosen:
        return path
    finals = [r for r in chosen if r.goal.kind == "final"] or chosen
    last = max(finals, key=lambda r: r.when)
    path.points = [Point(r.when, r.value) for r in chosen]
    path.final = Point(last.when, last.value)
    path.bound = last.goal.bound
    path.has_interim = any(r.goal.kind == "interim" for r in chosen)
    return path
