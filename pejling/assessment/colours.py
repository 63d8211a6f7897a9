"""The traffic-light colour and the milestone status: one vocabulary with label and colour.

Labels are English message ids; `pejling.texts.reasons` says them in the reader's language. The
hex colours are the only ones Pejling uses: the CSS, Word, Excel and charts take them from here
(a test checks the style sheets against them). Each strong colour carries white text at WCAG AA.
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
        """English message id ("Green"); translated by texts.reasons.colour_label."""
        return _COLOURS[self][0]

    @property
    def hex(self) -> str:
        """The strong colour: badges, markers, chart marks (white text on it passes AA)."""
        return _COLOURS[self][1]

    @property
    def tint(self) -> str:
        """A light fill for cells that keep dark text (Excel)."""
        return _COLOURS[self][2]

    @property
    def severity(self) -> int:
        """Higher is worse; NONE ranks below green so it never hides a real colour."""
        return _SEVERITY[self.value]


_SEVERITY = {"none": 0, "green": 1, "yellow": 2, "red": 3}
_COLOURS = {
    Colour.GREEN: ("Green", "#1a7f37", "#c6efce"),
    Colour.YELLOW: ("Yellow", "#8a5a00", "#ffeb9c"),
    Colour.RED: ("Red", "#b3121f", "#ffc7ce"),
    Colour.NONE: ("Not assessed", "#57606a", "#e7e6e6"),
}


class MilestoneState(StrEnum):
    """A milestone's status as the evaluator writes it: Ja / På vej / Nej."""
    DONE = "done"
    ON_THE_WAY = "on_the_way"
    NOT_DONE = "not_done"

    @property
    def label(self) -> str:
        return {"done": "Done", "on_the_way": "On the way", "not_done": "Not done"}[self.value]
