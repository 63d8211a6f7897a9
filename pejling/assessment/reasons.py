"""Why the engine gave a colour, as data: a code and the numbers behind it.

The engine never writes sentences; `pejling.texts.reasons` says a Reason in Danish or English.
Params hold plain values (floats, ISO dates, period texts) so a Reason survives JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Code(StrEnum):
    # Numeric goals on a trajectory
    NO_TARGET = "no_target"                       # nothing with a value to aim for
    GROUP_NO_BASELINE = "group_no_baseline"       # a group's goals are changes from a baseline it lacks
    GROUP_PART_OF_TOTAL = "group_part_of_total"   # the total's target is a count; the group's count is a part
    GROUP_VALUES_UNSTATED = "group_values_unstated"  # the total's target; unsaid whether groups are counts
    NO_MEASUREMENT = "no_measurement"             # no measurement after the baseline yet
    NO_DATED_BASELINE = "no_dated_baseline"       # no trajectory before the deadline
    UNKNOWN_DIRECTION = "unknown_direction"
    ON_TRACK = "on_track"                         # on or ahead of the expected course
    BEHIND = "behind"                             # {gap}: share of |target - baseline| behind
    BEHIND_NO_SPAN = "behind_no_span"             # target equals baseline and the value is worse
    # Limits (ceilings and floors)
    LIMIT_KEPT = "limit_kept"                     # {bound, value, limit}
    LIMIT_BROKEN = "limit_broken"                 # {bound, value, limit, due}: before the deadline
    LIMIT_BROKEN_AT_DUE = "limit_broken_at_due"   # {bound, value, limit, due}: at or after it
    # Milestones
    MILESTONE_DONE = "milestone_done"
    MILESTONE_NUMBER_REACHED = "milestone_number_reached"    # {value, target}
    MILESTONE_NUMBER_AHEAD = "milestone_number_ahead"        # {value, target, expected, due}
    MILESTONE_NUMBER_BEHIND = "milestone_number_behind"      # {value, target, expected, due}
    MILESTONE_NUMBER_SHORT = "milestone_number_short"        # {value, target, due}: at the deadline
    MILESTONE_ON_THE_WAY = "milestone_on_the_way"            # {due}
    MILESTONE_NOT_STARTED = "milestone_not_started"          # {due}: "Nej", early: no colour yet
    MILESTONE_NOT_DONE_LATE = "milestone_not_done_late"      # {due}: "Nej" after half the time
    MILESTONE_NOT_DUE = "milestone_not_due"                  # {due}: no status yet, deadline ahead
    MILESTONE_NOT_DONE_AT_DUE = "milestone_not_done_at_due"  # {due, status}
    MILESTONE_NO_STATUS_AT_DUE = "milestone_no_status_at_due"  # {due}
    # Other kinds
    QUALITATIVE = "qualitative"                   # assessed by a person
    NOTHING = "nothing"                           # nothing to assess
    # Alerts and remarks
    NO_EFFECT = "no_effect"                       # {n, shown: [[period, value]], base_period, base_value}
    STALE = "stale"                               # {period, frequency}
    FORECAST_NEEDS_TWO = "forecast_needs_two"     # fewer than two measurements after the baseline
    FORECAST_CLAMPED = "forecast_clamped"         # {limit}: the straight line leaves the possible range


class Rule(StrEnum):
    """Which rule produced a colour: shown beside the result and explained in the report's legend."""
    TRAJECTORY = "trajectory"     # numeric: gap behind the expected course
    LIMIT = "limit"               # ceiling or floor
    MILESTONE = "milestone"       # status and number against the deadline
    DISTRIBUTION = "distribution"  # shares per level, each on its trajectory or limit
    QUALITATIVE = "qualitative"   # a person's judgement
    MANUAL = "manual"             # a person's colour overrides the computed one
    NONE = "none"


@dataclass(frozen=True)
class Reason:
    code: Code
    params: dict = field(default_factory=dict, compare=True, hash=False)

    def as_dict(self) -> dict:
        return {"code": self.code.value, **({"params": self.params} if self.params else {})}


def reason(code: Code, **params) -> Reason:
    return Reason(code, params)
