"""Numbers and periods inside free text, found and then read by Pejling's one reader of Danish writing
(assessment/writing.py `read_number`, assessment/periods.py `parse_period`). The patterns here only
*locate* what may be a number or a period; the readers decide what it is, so "1.234" stays refused as
ambiguous and "31. februar 2019" is no period."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from pejling.assessment.periods import PeriodError, parse_period
from pejling.assessment.writing import MONTHS, NumberWritingError, read_number

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PERIODS = re.compile("|".join(f"(?:{p})" for p in (
    rf"\b\d{{1,2}}\.?\s*(?:{_MONTH})\.?\s+\d{{4}}\b",              # 30. november 2019
    r"\b\d{1,2}\s*[./-]\s*\d{1,2}\s*[./ -]\s*\d{4}\b",             # 1/1 2020, 30.11.2019
    r"\b[1-4]\.?\s*(?:kvt|kvartal)\.?\s+\d{4}\b",                  # 3. kvt. 2020
    r"\b[12]\.?\s*halvår\s+\d{4}\b",                               # 1. halvår 2021
    r"\b(?:forår|efterår)(?:et)?\s+\d{4}\b",                       # foråret 2019
    r"\bskoleår(?:et)?\s+\d{4}\s*[/-]\s*\d{2,4}\b",                # skoleåret 2018/19
    rf"\b(?:{_MONTH})\.?\s+\d{{4}}\b",                             # november 2021, nov. 2020
    r"\b\d{4}/\d{2}(?:\d{2})?\b",                                  # 2018/19
    r"\b\d{4}\s*[KQ][1-4]\b",                                      # 2013K3
    r"\b(?:19|20)\d{2}\b",                                         # 2019
)), re.IGNORECASE)
_SHORT_SCHOOL_YEAR = re.compile(r"\b\d{2}/\d{2}\b")  # "16/17": a school year, but of which century?
_NUMBER = re.compile(r"(?<![\w.,#])[-−–]?\d+(?:[.,]\d+)*(?:\s*(?:%|pct\.?(?!\w)|procent(?!point)))?", re.IGNORECASE)
_POINTS = re.compile(r"^\s*(?:-\s*)?(?:point|procentpoint|%-point)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ(])|(?<=\))\s+(?=[A-ZÆØÅ\d])")


@dataclass
class Token:
    kind: str  # "number" or "period"
    start: int
    end: int
    text: str
    value: Decimal | None = None
    percent: bool = False
    points: bool = False
    period: str = ""  # canonical period text
    problem: str = ""  # a number the reader refused ("1.234": ambiguous)


@dataclass
class Sentence:
    text: str
    column: str
    tokens: list[Token] = field(default_factory=list)

    @property
    def numbers(self) -> list[Token]:
        return [t for t in self.tokens if t.kind == "number"]

    @property
    def periods(self) -> list[Token]:
        return [t for t in self.tokens if t.kind == "period"]

    def before(self, token: Token, words: int = 3) -> list[str]:
        return re.findall(r"[\wæøå+]+", self.text[:token.start].lower())[-words:]

    def after(self, token: Token, words: int = 3) -> list[str]:
        return re.findall(r"[\wæøå]+|[+()*/=:]", self.text[token.end:].lower())[:words]

    def between(self, a: Token, b: Token) -> str:
        return self.text[a.end:b.start]


def sentences(text: str, column: str) -> list[Sentence]:
    """The sentences of a cell (each line, split again where a new sentence starts), tokenised."""
    out = []
    for line in text.split("\n"):
        for part in _SENTENCE.split(line):
            part = part.strip()
            if part:
                out.append(Sentence(part, column, tokenise(part)))
    return out


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as its ASCII digit, one character for one, so that the places
    found in the result are places in `text` ("٢٠١٩" and "２０１９" are 2019 to the patterns too)."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def tokenise(original: str) -> list[Token]:
    text = ascii_digits(original)
    tokens: list[Token] = []
    taken = [False] * len(text)
    for m in _PERIODS.finditer(text):
        raw = m.group()
        try:
            period = parse_period(re.sub(r"\s+", " ", raw))
        except PeriodError:
            continue
        tokens.append(Token("period", m.start(), m.end(), original[m.start():m.end()], period=period.text))
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _SHORT_SCHOOL_YEAR.finditer(text):
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _NUMBER.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        raw = m.group()
        token = Token("number", m.start(), m.end(), original[m.start():m.end()])
        try:
            number = read_number(raw)
        except NumberWritingError as exc:
            token.problem = exc.code
        else:
            if number is None:
                continue
            token.value, token.percent = number.value, number.percent
        rest = text[m.end():]
        if _POINTS.match(rest):
            token.points = True
            token.end += _POINTS.match(rest).end()
            if re.match(r"\s*procentpoint", rest, re.IGNORECASE):
                token.percent = True
        tokens.append(token)
    return sorted(tokens, key=lambda t: t.start)


def decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def as_json_number(value: Decimal):
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)
