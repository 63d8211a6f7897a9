"""Children counted by position (rød / gul / grøn): one distribution candidate with its scale.

"I foråret 2019 var der 33 børn (7,5 % i rød position)" is a baseline count of a level with its share;
"5 % af børnene i rød position (Svarende til 22 børn ud af 441 børn)" a target share of a level."""

from __future__ import annotations

import re

from .numbers import Sentence, as_json_number
from .reading import kind_of, period_of, unit_of

LEVELS = {  # colour word -> (level code, label, colour)
    "rød": ("roed", "Rød", "red"), "gul": ("gul", "Gul", "yellow"), "grøn": ("groen", "Grøn", "green"),
}
_COLOUR = re.compile(r"\b(rød|røde|gul|gule|grøn|grønne)\b", re.IGNORECASE)
_TOTAL = re.compile(r"ud\s+af\s+(\d+)", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\(([^()]*)\)")


_WORDS = {"rød": "rød", "røde": "rød", "gul": "gul", "gule": "gul", "grøn": "grøn", "grønne": "grøn"}


def _level(sentence: Sentence) -> str | None:
    """The one colour a sentence speaks of, or None."""
    found = {_WORDS[m.group(1).lower()] for m in _COLOUR.finditer(sentence.text)}
    return found.pop() if len(found) == 1 else None


def distribution_candidate(sents: list[Sentence], claimed: set[int]) -> dict | None:
    """The candidate (indicator item with `needs_scale` and `evidence`), or None when fewer than two
    levels are spoken of."""
    counts, shares, targets, used, periods = {}, {}, {}, [], set()
    consumed: set[int] = set()
    unit, word = "", "position" if any("position" in s.text.lower() for s in sents) else ""
    for s in sents:
        level = _level(s)
        values = [t for t in s.numbers if kind_of(s, t) == "value"]
        if level is None or not values:
            continue
        code = LEVELS[level][0]
        percent = [t for t in values if t.percent]
        plain = [t for t in values if not t.percent]
        if s.column == "status" and plain:
            counts[code] = plain[0]
            shares[code] = percent[0] if percent else None
            period = period_of(s, plain[0], consumed)
            periods.add(period)
            unit = unit or unit_of(s, plain[0])
        elif s.column == "target" and percent:
            note = next((p for p in _PARENTHESIS.findall(s.text) if re.search(r"\d", p)), "")
            targets[code] = (percent[0], note.strip())
        else:
            continue
        used.append(s)
        claimed.update(id(t) for t in values)
    if len(counts) < 2 and len(targets) < 2:
        return None
    order = [v[0] for v in LEVELS.values()]
    key_word = word or "niveau"
    levels = []
    for code, label, css in LEVELS.values():
        if code not in counts and code not in targets:
            continue
        polarity = "neutral"
        if code in targets and code in shares and shares[code] is not None:
            goal, now = targets[code][0].value, shares[code].value
            polarity = "bad" if goal < now else "good" if goal > now else "neutral"
        levels.append({"code": code, "label": f"{label} {word}".strip(), "polarity": polarity, "colour": css})
    name = f"{(unit or 'antal').capitalize()} i " + _joined([lv["label"].split()[0].lower() for lv in levels]) + (
        f" {word}" if word else "")
    candidate = {
        "name": name, "kind": "distribution", "scale": key_word, "unit": unit, "decimals": 0,
        "direction": "none",
        "baseline_text": "\n".join(s.text for s in used if s.column == "status"),
        "target_text": "\n".join(s.text for s in used if s.column == "target"),
        "targets": [{"level": code, "value": as_json_number(targets[code][0].value),
                     **({"note": targets[code][1]} if targets[code][1] else {})}
                    for code in order if code in targets],
        "measurements": [],
        "evidence": "\n".join(s.text for s in used),
        "needs_scale": {"key": key_word, "name": f"{word.capitalize() or 'Niveau'} (rød/gul/grøn)",
                        "levels": levels},
    }
    if counts:
        period = next(iter(periods)) if len(periods) == 1 else ""
        measurement = {"baseline": True, **({"period": period} if period else {}),
                       "values": {code: as_json_number(counts[code].value) for code in order if code in counts}}
        total = sum(counts[c].value for c in counts)
        stated = [int(m) for s in sents for m in _TOTAL.findall(s.text)]
        comment = ", ".join(f"{shares[c].text.strip()} {LEVELS_BY_CODE[c]}" for c in order if shares.get(c))
        if comment:
            measurement["comment"] = f"{comment} ({as_json_number(total)} {unit or ''} i alt)".replace(" )", ")")
        if stated and any(n != total for n in stated):
            measurement["comment"] = measurement.get("comment", "") + f"; teksten nævner {stated[0]} i alt"
        candidate["measurements"].append(measurement)
    return candidate


LEVELS_BY_CODE = {code: colour for colour, (code, _label, _css) in LEVELS.items()}


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]
