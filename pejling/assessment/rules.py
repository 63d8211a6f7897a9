"""The thresholds of the assessment, configurable per strategy; `texts.reasons.rules_text` says them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Rules:
    green_max_gap: float = 0.10    # behind the trajectory by at most 10 % of |target - baseline|
    yellow_max_gap: float = 0.25   # … at most 25 %; more is red
    no_effect_window: int = 2      # the last N measurements show no improvement over baseline

    @classmethod
    def from_dict(cls, data: dict | None) -> Rules:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def as_dict(self) -> dict:
        return asdict(self)
