"""What a number in a sentence says: a baseline, a target, a change, a reference value — or nothing
this reader dares to say (then it is listed for the consultant, never dropped in silence)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import Sentence, Token

# a number right after these describes who is counted ("unge under 25", "mindst 20 dage"), not a value
DEFINING = {"under", "over", "mindst", "end", "op", "alder", "nr", "punkt", "trin"}
# a number right before these is a duration, an age or a class, not a value
NOT_VALUES = {"år", "årige", "dage", "dag", "døgn", "uger", "uge", "måneder", "måned", "timer", "time", "gange",
              "genstande", "klasse", "kl", "minutter", "procentdel"}
RATE = re.compile(r"^\s*(?:om\s+året|årligt|pr\.?\s+år|om\s+måneden)", re.IGNORECASE)
TARGET_CUES = {"til": "", "max": "ceiling", "maks": "ceiling", "maksimalt": "ceiling", "højst": "ceiling",
               "min": "floor", "minimum": "floor", "minimalt": "floor"}
FUTURE = re.compile(r"\b(skal|reduceres|nedbringes|øges|øgning|stige|falde|delmål|mål|halveres|forbedres|"
                    r"nedbringelse|reduktion)\b", re.IGNORECASE)
DOWN_WORDS = re.compile(r"\b(falde|faldet|fald|reduceres|reduceret|reduktion|nedbringes|nedbragt|nedbringelse|"
                        r"færre|mindre|halveres|halveret)\b", re.IGNORECASE)
UP_WORDS = re.compile(r"\b(stige|steget|stigning|øges|øget|øgning|flere|forbedres|mere)\b", re.IGNORECASE)
CHANGE = re.compile(r"\b(reduceres|reduceret|nedbringes|nedbragt|falde|faldet|stige|steget|øges|øget|forbedres)"
                    r"\s+(?:\w+\s+){0,2}med\s*$", re.IGNORECASE)
REFERENCE = {"landsgennemsnit", "landsgennemsnittet", "landsplan", "landsplan:", "nationalt", "landet"}
COUNT_NOUNS = ("børn", "børnene", "elever", "eleverne", "unge", "personer", "fuldtidspersoner", "borgere",
               "familier", "sager", "deltagere", "teams", "tilbud", "skoler", "forløb", "pladser", "medarbejdere")
STOP = {"i", "af", "til", "på", "om", "fra", "med", "og", "eller", "ved", "for", "som", "der", "det", "en", "et",
        "er", "var", "mens", "at", "pr", "per", "ud", "d", "den", "de"}
FILLER = re.compile(r"^[\s*()=:,]*(?:(?:i|pr\.?|per|d\.|den|ved|med|v\.|udgangen|af|ultimo|primo|medio|"
                    r"[\wæøå]+)\s*[*]?\s*){0,4}$", re.IGNORECASE)


@dataclass
class Said:
    token: Token
    sentence: Sentence
    role: str  # baseline | target | interim | change | reference | range | unread
    period: str = ""
    bound: str = ""
    sign: int = 1
    phrase: str = ""  # the words that say it: "reduceres med 0,6 %"


def kind_of(sentence: Sentence, token: Token) -> str:
    """'skip' (a defining number, an ordinal, a list marker), 'rate', 'refused', or 'value'."""
    text = sentence.text
    if token.problem:
        return "refused"
    before = sentence.before(token, 1)
    if before and before[-1] in DEFINING:
        return "skip"
    rest = text[token.end:]
    if re.match(r"\.\s+[a-zæøå]|\s*:", rest) or (not text[:token.start].strip() and re.match(r"[).]", rest)):
        return "skip"  # "10. klasse", "Delmål 1:", "1) Antallet …"
    after = sentence.after(token, 2)
    if after and (after[0] in NOT_VALUES or (after[0] == "+" and len(after) > 1 and after[1] in NOT_VALUES)):
        return "skip"
    if RATE.match(rest):
        return "rate"
    return "value"


def unit_of(sentence: Sentence, token: Token) -> str:
    if token.percent:
        return "%"
    after = [w for w in sentence.after(token, 3) if w not in "*()"]
    for word in after[:2]:
        if word in COUNT_NOUNS:
            return _plain_noun(word)
    if after and after[0].isalpha() and after[0] not in STOP and len(after[0]) > 2:
        return after[0]
    for word in re.findall(r"[\wæøå]+", sentence.text.lower()):
        if word in COUNT_NOUNS:
            return _plain_noun(word)
    return ""


def _plain_noun(word: str) -> str:
    return {"børnene": "børn", "eleverne": "elever"}.get(word, word)


def period_of(sentence: Sentence, token: Token, consumed: set[int]) -> str:
    """The period a number is for: the period right after it ("7,2 % november 2019", "230
    fuldtidspersoner* i 2019"), else the nearest free one before it ("I foråret 2019 var der 33 børn")."""
    following = [p for p in sentence.periods if p.start >= token.end]
    numbers_after = [n for n in sentence.numbers if n.start >= token.end]
    if following:
        p = following[0]
        between = sentence.between(token, p)
        if (not numbers_after or numbers_after[0].start > p.start) and len(between) <= 30 and FILLER.match(between):
            consumed.add(id(p))
            return p.period
    preceding = [p for p in sentence.periods if p.end <= token.start and id(p) not in consumed]
    return preceding[-1].period if preceding else ""


def target_cue(sentence: Sentence, token: Token) -> tuple[bool, str]:
    """(cued as a target, bound): "til 6,5 %", "max 40", "minimum 75 %"."""
    words = sentence.before(token, 2)
    for word in reversed(words):
        if word in TARGET_CUES:
            if word == "til" and not (FUTURE.search(sentence.text) or sentence.column == "target"):
                return False, ""
            return True, TARGET_CUES[word]
    return False, ""


def is_range(sentence: Sentence, token: Token) -> bool:
    """"max 8.51% til min 5.37%": the spread across schools, not a target."""
    before, after = sentence.text[:token.start].lower(), sentence.text[token.end:].lower()
    return bool((re.search(r"\bmax\.?\s*$", before) and re.match(r"\s*%?\s*til\s+min\b", after))
                or re.search(r"\bmax\.?\s*[\d.,]+\s*%?\s*til\s+min\.?\s*$", before))


def direction_words(text: str) -> str:
    down, up = bool(DOWN_WORDS.search(text)), bool(UP_WORDS.search(text))
    return "down" if down and not up else "up" if up and not down else "none"
