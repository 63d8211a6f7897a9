"""What every way in (web forms, strategy documents, later templates and tables) accepts: one set of
limits and one normalisation. Pure rules: they return the cleaned value and a `Problem` (a code with
its numbers); `pejling/texts/limits.py` says a problem in the reader's language.

- Texts: NUL is refused everywhere. A one-line field (titles, names, codes) refuses every other
  control character too (line breaks, tabs, vertical tabs …); a multi-line text keeps line breaks
  and tabs and silently drops the other control characters (the Excel and Word reports cannot
  hold them). Lengths are what every output format holds: a title fits a Word table cell (200),
  a long text an Excel cell (32,767) with room to spare.
- Digits: periods, codes, keys and typed numbers are normalised with NFKC and every Unicode decimal
  digit becomes its ASCII digit, so "２０１９" (full width) and "٢٠١٩" (Arabic-Indic) are 2019.
- Group names (a breakdown's "Nydanske", "Skole 3"): the digits' normalisation, no invisible format
  characters (zero-width space, soft hyphen, byte order mark), one space between words; two names are
  the same group when they differ only in case (`name_key`), so "Skole ０", "Skole\u200b 0" and
  "skole 0" are the group "Skole 0" at every door.
- Keys (indicator keys, strategy and organisation slugs, scale and level codes): one rule for the
  web, the import and the export: NFKC, lower case, æ/ø/å as ae/oe/aa, then only a–z, 0–9, - and _.
- Numbers: finite and smaller than 10^10 in size (the database column is decimal(14, 4)); a
  percentage lies within 0–100; a count on a distribution is a whole number ≥ 0; 0–6 decimals.
- Units: a unit cannot be its own parent, nor an ancestor of itself.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from .groups import COUNTS
from .values import MAX_ABS, is_percent  # noqa: F401  (MAX_ABS: every number stored is smaller)

DECIMALS_MIN, DECIMALS_MAX = 0, 6
KEY_MAX = 60
SLUG_MAX = 80
CODE_MAX = 20
TITLE_MAX = 200  # a title or name on one line: what a Word table cell and a heading hold
LINE_MAX = 300
TEXT_MAX = 20_000  # a multi-line text: an Excel cell holds 32,767 characters
KEY_PATTERN = re.compile(r"^[a-z0-9_-]+$", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """What is wrong, as a code with the numbers a message needs."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TextRule:
    max_length: int
    multiline: bool = False
    name: bool = False  # a group's name: normalised with normalise_name


LINE = TextRule(LINE_MAX)
TITLE = TextRule(TITLE_MAX)
TEXT = TextRule(TEXT_MAX, multiline=True)
GROUP = TextRule(100, name=True)

# (entity, field) -> rule; fields are named as the models name them. Anything not listed is one line.
TEXT_RULES: dict[tuple[str, str], TextRule] = {
    ("organisation", "name"): TITLE, ("organisation", "kind"): TextRule(60), ("organisation", "description"): TEXT,
    ("unit", "name"): TITLE, ("unit", "kind"): TextRule(60),
    ("strategy", "title"): TITLE, ("strategy", "kind"): TextRule(80), ("strategy", "vision"): TEXT,
    ("strategy", "background"): TEXT, ("strategy", "partners"): TEXT, ("strategy", "adopted_by"): TITLE,
    ("strategy", "adoption_note"): LINE, ("strategy", "focus_area_label"): TextRule(60),
    ("strategy", "report_introduction"): TEXT, ("strategy", "report_summary"): TEXT,
    ("role", "title"): TITLE, ("role", "note"): TEXT,
    ("scale", "name"): TITLE, ("scale", "description"): TEXT,
    ("level", "label"): TITLE, ("level", "tier"): TextRule(100), ("level", "colour"): TextRule(20),
    ("focus_area", "code"): TextRule(CODE_MAX), ("focus_area", "title"): TITLE, ("focus_area", "description"): TEXT,
    ("initiative", "code"): TextRule(CODE_MAX), ("initiative", "title"): TITLE,
    **{("initiative", name): TEXT for name in (
        "subgoal", "purpose", "challenges", "builds_on", "activities", "timeline", "economy", "target_group",
        "monitoring", "closed_reason")},
    ("indicator", "name"): TextRule(500, multiline=True), ("indicator", "unit"): TextRule(60),
    **{("indicator", name): TEXT for name in (
        "description", "method", "source", "baseline_text", "target_text", "retired_reason")},
    ("target", "breakdown"): GROUP, ("target", "text"): TEXT, ("target", "note"): TEXT,
    ("measurement", "breakdown"): GROUP, ("measurement", "text"): TEXT, ("measurement", "source"): LINE,
    ("measurement", "comment"): TEXT, ("measurement", "entered_by"): TextRule(150),
    ("reference", "name"): TITLE, ("reference", "source"): LINE, ("reference_value", "comment"): TEXT,
    ("note", "title"): TITLE, ("note", "text"): TEXT, ("note", "author_role"): TITLE,
    ("assessment", "reason"): TEXT, ("assessment", "assessed_by_role"): TITLE,
}

# (entity, field) of keys: normalised with normalise_key and checked with key_problem
KEY_FIELDS: dict[tuple[str, str], int] = {
    ("organisation", "slug"): KEY_MAX, ("strategy", "slug"): SLUG_MAX, ("indicator", "key"): KEY_MAX,
    ("indicator", "scale"): KEY_MAX, ("indicator", "retired_replaced_by"): KEY_MAX, ("scale", "key"): KEY_MAX,
    ("level", "code"): 40, ("target", "level"): 40,
}


def text_rule(entity: str, name: str) -> TextRule:
    return TEXT_RULES.get((entity, name), LINE)


# -- digits and texts ----------------------------------------------------------------------------
def normalise_digits(text: str) -> str:
    """NFKC, then every Unicode decimal digit as its ASCII digit: '２０１９' and '٢٠١٩' are '2019'."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch
                   for ch in text)


def _joins(text: str, i: int) -> bool:
    """Whether the joiner at i stands between two visible non-ASCII characters, where it is part of the
    writing (an emoji sequence "👩‍💻", a Persian word) and not an invisible slip in "Nyd‍anske"."""
    if not 0 < i < len(text) - 1:
        return False
    return all(not ch.isascii() and not ch.isspace() and unicodedata.category(ch) != "Cf"
               for ch in (text[i - 1], text[i + 1]))


def normalise_name(text: str) -> str:
    """A group's name as one spelling: NFKC with ASCII digits, no invisible format characters (Unicode's
    Cf: zero-width space, soft hyphen, byte order mark, direction marks; the joiners ZWJ and ZWNJ only
    where they join nothing of a script that uses them), one space between words. Case is kept:
    "Nydanske" is written as its author wrote it."""
    text = normalise_digits(text)
    if not text.isascii():
        text = "".join(ch for i, ch in enumerate(text)
                       if unicodedata.category(ch) != "Cf" or (ch in "\u200c\u200d" and _joins(text, i)))
    return " ".join(text.split())


def name_key(text: str) -> str:
    """What makes two names the same (a group, a scale level's label): "Skole 0" and "skole  0"."""
    return normalise_name(text).casefold()


def target_slot(kind: str, period, level, breakdown: str) -> tuple:
    """What makes two targets of an indicator the same goal: kind, period, scale level and group (as
    name_key compares groups). Two in one slot would each claim to be the goal."""
    return kind or "final", period, level or "", name_key(breakdown or "")


def group_order(name: str) -> tuple:
    """How groups are listed everywhere (series, tables, charts, the entry form's list): by name as people
    read it, case aside and numbers by their value, so "Skole 2" comes before "Skole 10"."""
    parts = re.split(r"(\d+)", name_key(name))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p) + ((1, 0, name),)


def _char_name(ch: str) -> str:
    return {"\n": "linjeskift", "\r": "vognretur", "\t": "tabulator", "\x0b": "lodret tabulator",
            "\x0c": "sideskift"}.get(ch, f"U+{ord(ch):04X}")


def _is_control(ch: str) -> bool:
    """A control character, a line or paragraph separator, a lone surrogate or U+FFFE/U+FFFF: nothing a
    person meant to type, and the last three no XML file (Word, Excel, a tagged PDF) can hold."""
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u2028\u2029\ufffe\uffff"


def clean_text(text: str, rule: TextRule = LINE) -> tuple[str, Problem | None]:
    """(cleaned text, problem or None). NUL is refused; a one-line field refuses control characters;
    a multi-line text keeps line breaks and tabs and drops the other control characters."""
    if "\x00" in text:
        return text, Problem("nul")
    if rule.multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if any(_is_control(ch) and ch not in "\n\t" for ch in text):
            text = "".join(ch for ch in text if ch in "\n\t" or not _is_control(ch))
    else:
        bad = next((ch for ch in text if _is_control(ch)), None)
        if bad is not None:
            return text, Problem("control", {"char": _char_name(bad)})
        if rule.name:
            text = normalise_name(text)
    if len(text) > rule.max_length:
        return text, Problem("too_long", {"length": len(text), "max": rule.max_length})
    return text, None


# -- keys ----------------------------------------------------------------------------------------
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def normalise_key(text: str) -> str:
    """The one key rule: 'UU-Afklaring' is 'uu-afklaring' in the web, the import and the export."""
    return normalise_digits(text).strip().lower().translate(_DANISH)


def suggest_key(text: str) -> str:
    """A key made from any text: 'Børn i trivsel' → 'boern-i-trivsel'."""
    key = re.sub(r"[^a-z0-9_]+", "-", normalise_key(text), flags=re.ASCII).strip("-")
    return key[:KEY_MAX].rstrip("-") or "x"


def suggest_unique_key(text: str, taken, max_length: int = KEY_MAX) -> str:
    """suggest_key made unique among `taken` by a number: 'boern-i-trivsel', then 'boern-i-trivsel-2' …"""
    base = suggest_key(text)[:max_length].rstrip("-") or "x"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base[:max_length - len(str(n)) - 1].rstrip('-')}-{n}"
    return key


def key_problem(key: str, max_length: int = KEY_MAX) -> Problem | None:
    """For a key already normalised with normalise_key."""
    if not key:
        return Problem("key_empty")
    if "\x00" in key:
        return Problem("nul")
    if not KEY_PATTERN.match(key):
        return Problem("key", {"raw": key, "suggestion": suggest_key(key)})
    if len(key) > max_length:
        return Problem("too_long", {"length": len(key), "max": max_length})
    return None


# -- numbers -------------------------------------------------------------------------------------
def number_problem(value, *, unit: str = "", count: bool = False, share: bool = False) -> Problem | None:
    """Any number stored: finite and smaller than MAX_ABS in size. A share (or a value of a
    percentage unit) lies within 0–100; a count (a distribution in a unit that is not %) is a
    whole number ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "is_finite"):
        return Problem("not_number", {"value": value})
    number = float(value)
    if not math.isfinite(number):
        return Problem("not_finite", {"value": value})
    if abs(number) >= MAX_ABS:
        return Problem("too_large", {"value": value, "max": MAX_ABS})
    percent = share or is_percent(unit)
    if percent and not 0 <= number <= 100:
        return Problem("percent_range", {"value": value})
    if count and not percent:
        if number < 0:
            return Problem("negative", {"value": value})
        if number != int(number):
            return Problem("not_whole", {"value": value})
    return None


def group_values_problem(group_values: str, unit: str) -> Problem | None:
    """A share in % is never a count whose groups add up to the total (groups.COUNTS)."""
    if group_values == COUNTS and is_percent(unit):
        return Problem("group_counts_share", {"unit": unit.strip()})
    return None


def decimals_problem(value) -> Problem | None:
    if isinstance(value, bool) or not isinstance(value, int) or not DECIMALS_MIN <= value <= DECIMALS_MAX:
        return Problem("decimals", {"value": value, "min": DECIMALS_MIN, "max": DECIMALS_MAX})
    return None


# -- units ---------------------------------------------------------------------------------------
def parent_cycle(parents: dict[str, str | None]) -> dict[str, list[str]]:
    """Units that would be part of themselves: {name: [name, parent, …, name]} for every unit on a
    cycle of `parents` (unit -> the unit it is part of)."""
    found = {}
    for start in parents:
        chain, node = [start], parents.get(start)
        while node is not None and node not in chain and len(chain) <= len(parents):
            chain.append(node)
            node = parents.get(node)
        if node == start:
            found[start] = chain + [start]
    return found
