"""Sub-goals with a date and no number — "Delmål 2: Udviklingsmodellen bruges … ultimo 2021." —
proposed as milestone candidates: done or not by then, as the Holstebro and Ringsted plans follow them."""

from __future__ import annotations

import re

from .numbers import Sentence
from .reading import kind_of

_DELMAAL = re.compile(r"^\s*delmål\s*\d*\s*:\s*", re.IGNORECASE)
_WHEN = r"(?:[,]?\s*(?:v\.|ved|med|inden|senest|i\s+løbet\s+af)?\s*(?:udgangen\s+af|ultimo|primo|medio)?\s*)"


def milestone_candidates(sents: list[Sentence], claimed: set[int]) -> list[dict]:
    out = []
    for s in sents:
        if not _DELMAAL.match(s.text) or not s.periods:
            continue
        if any(id(t) not in claimed and kind_of(s, t) == "value" for t in s.numbers):
            continue  # a sub-goal with a number belongs to that number's candidate
        period = s.periods[-1]
        what = _DELMAAL.sub("", s.text)
        what = re.sub(_WHEN + re.escape(period.text) + r"\s*\.?\s*$", "", what, flags=re.IGNORECASE).strip(" ,.")
        if len(what.split()) < 2:
            continue
        out.append({"name": what[:200], "kind": "milestone", "target_text": s.text,
                    "targets": [{"kind": "interim", "period": period.period, "text": what}],
                    "evidence": s.text})
    return out
