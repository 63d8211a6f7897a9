"""The traffic-light colour, with its label and its meaning, in one place.

The wording follows the evaluator's legend in the Holstebro status report.
"""

from __future__ import annotations

from enum import StrEnum


class Colour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def meaning(self) -> str:
        return _LABELS[self][1]

    @property
    def hex(self) -> str:
        return _LABELS[self][2]

    @property
    def severity(self) -> int:
        """Higher is worse; NONE ranks below green so it never hides a real colour."""
        return {"none": 0, "green": 1, "yellow": 2, "red": 3}[self.value]


_LABELS = {
    Colour.GREEN: ("Grøn", "Implementeret efter planen", "#1a7f37"),
    Colour.YELLOW: ("Gul", "Risiko for, at det ikke bliver implementeret efter planen", "#9a6700"),
    Colour.RED: ("Rød", "Ikke implementeret efter planen", "#cf222e"),
    Colour.NONE: ("Ikke vurderet", "Endnu ikke forventet realiseret", "#6e7781"),
}
