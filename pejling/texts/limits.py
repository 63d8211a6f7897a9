"""The shared input limits (assessment/limits.py) said in the reader's language: the one place
the web forms and the importers get these sentences from."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pejling.assessment.limits import MAX_ABS, Problem

from .formatting import quoted_input as _shown  # what was typed, its control characters as "�"


def problem_message(problem: Problem) -> str:
    p = dict(problem.params)
    if "value" in p:
        p["value"] = _shown(p["value"])
    if "raw" in p:
        p["raw"] = _shown(p["raw"])
    messages = {
        "nul": _("contains a NUL character (\\0), which no report or export can hold"),
        "control": _("contains a control character (%(char)s), which a one-line field cannot hold"),
        "too_long": _("is %(length)s characters long; at most %(max)s fit in every report"),
        "key_empty": _("a key cannot be empty"),
        "key": _("»%(raw)s« is not a key: use lower-case letters a–z, digits, - and _, e.g. »%(suggestion)s«"),
        "not_number": _("»%(value)s« is not a number"),
        "not_finite": _("»%(value)s« is not a number (NaN or infinity)"),
        "too_large": _("»%(value)s« is too large: a number must be smaller than %(max)s in size"),
        "percent_range": _("»%(value)s« is not between 0 and 100, as a percentage must be"),
        "negative": _("»%(value)s« is negative; a count cannot be"),
        "not_whole": _("»%(value)s« is not a whole number; a count (children, pupils, persons) is"),
        "decimals": _("»%(value)s« decimals: choose between %(min)s and %(max)s"),
        "group_counts_share": _("the unit »%(unit)s« is a share, so the groups' numbers are shares, not counts that "
                                "add up to the total"),
        "cycle": _("a unit cannot be part of itself (%(chain)s)"),
    }
    if problem.code == "too_large":
        p["max"] = f"{MAX_ABS:,}".replace(",", ".")
    return messages[problem.code] % p


def capitalised(problem: Problem) -> str:
    """The message as a sentence of its own (for a form field)."""
    text = problem_message(problem)
    return (text[:1].upper() + text[1:] + ".") if text[:1] != "»" else text + "."


def number_writing_message(code: str, raw: str) -> str:
    """A number as written that cannot be read for certain (assessment/writing.py's NumberWritingError)."""
    if code == "ambiguous":
        return _("»%(raw)s« can be read two ways: write 1234 for one thousand two hundred and thirty-four, "
                 "or 1,234 for a little more than one.") % {"raw": _shown(raw)}
    return problem_message(Problem("not_number", {"value": raw}))
