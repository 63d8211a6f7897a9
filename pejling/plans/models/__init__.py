"""The plan: who (organisations, units), what (strategies, focus areas, initiatives)
and how it is measured (indicators, milestones, targets, scales)."""

from .indicator import (
    Bound,
    ChangeUnit,
    Direction,
    Frequency,
    GlideKind,
    Horizon,
    Indicator,
    IndicatorKind,
    Milestone,
    Target,
    TargetKind,
    TargetOrigin,
)
from .initiative import Initiative, InitiativeState, InitiativeUnit
from .membership import AccessRole, Membership
from .organisation import Organisation, Unit
from .revision import StrategyRevision
from .strategy import FocusArea, Polarity, Role, Scale, ScaleLevel, Strategy

__all__ = [
    "AccessRole", "Membership",
    "Bound", "ChangeUnit", "Frequency", "Direction", "FocusArea", "GlideKind", "Polarity", "TargetKind", "TargetOrigin", "Horizon", "Indicator", "IndicatorKind", "Initiative",
    "InitiativeState", "InitiativeUnit", "Milestone", "Organisation", "Role", "Scale",
    "ScaleLevel", "Strategy", "StrategyRevision", "Target", "Unit",
]
