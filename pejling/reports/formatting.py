"""Showing Pejling's values in the reader's language: numbers (7,2 in Danish, 7.2 in English),
periods ("november 2021" / "November 2021") and the assessment engine's reasons and alerts.

The engine (assessment/) is pure Python and speaks Danish, the product's first language; this
module is the one place that puts its sentences into English for English readers."""

import re
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pejling.assessment.periods import PeriodError, parse_period, period_label

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def danish() -> bool:
    return (get_language() or "da").startswith("da")


def number(value, decimals=None) -> str:
    """Dot thousands and comma decimals in Danish (1.250,5), the other way round in English; trailing
    zeros dropped; "" for None."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if decimals not in (None, ""):
        value = round(value, int(decimals))
    text = f"{value.normalize():f}"
    whole, _sep, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, point = (".", ",") if danish() else (",", ".")
    return sign + thousands.join(groups) + (point + frac if frac else "")


def with_unit(value, unit: str, decimals=None) -> str:
    shown = number(value, decimals)
    if shown == "" or not unit:
        return shown
    return f"{shown} {unit}"


def period(text: str) -> str:
    """A stored period for display: "3. kvartal 2020" in Danish, "Q3 2020" in English."""
    if danish():
        return period_label(text)
    try:
        p = parse_period(text)
    except PeriodError:
        return text
    y = p.start.year
    return {
        "year": str(y),
        "half": f"{'first' if p.start.month == 1 else 'second'} half of {y}",
        "quarter": f"Q{(p.start.month + 2) // 3} {y}",
        "month": f"{MONTHS_EN[p.start.month - 1]} {y}",
        "school_year": f"school year {p.text}",
    }.get(p.kind, f"{p.start.day} {MONTHS_EN[p.start.month - 1]} {y}")


def _fixed() -> dict[str, str]:
    return {
        "Gennemført": _("Completed"),
        "Ingen status, og fristen er overskredet": _("No status, and the deadline has passed"),
        "Endnu ikke forventet realiseret": _("Not yet expected to be achieved"),
        "Undervejs; fristen er ikke nået": _("Under way; the deadline has not been reached"),
        "På vej, men fristen er overskredet": _("On the way, but the deadline has passed"),
        "Ikke gennemført ved fristen": _("Not completed by the deadline"),
        "Kvalitativt mål: vurderes af en person": _("Qualitative goal: assessed by a person"),
        "Intet at vurdere": _("Nothing to assess"),
        "Intet mål med en værdi": _("No target with a value"),
        "Ingen måling efter baseline endnu": _("No measurement after the baseline yet"),
        "Ingen dateret baseline: vurderes først ved fristen":
            _("No dated baseline: assessed at the deadline only"),
        "Ukendt retning: angiv om stigning eller fald er godt":
            _("Unknown direction: say whether a rise or a fall is good"),
        "På eller foran det forventede forløb": _("On or ahead of the expected course"),
        "Bagud i forhold til målet": _("Behind the target"),
        "I alt": _("Total"),
        "Milepæl": _("Milestone"),
    }


_BEHIND = re.compile(r"^(\d+) % bagud i forhold til det forventede forløb$")
_NO_EFFECT = re.compile(r"^Ingen effekt: de (\d+) seneste målinger \((.*)\) er ikke bedre end baseline "
                        r"\((.*)\)\. Indsatsen skal ændres \(princip 4\)\.$")
_RULES = re.compile(r"^Grøn: højst (\d+) % bagud i forhold til det forventede forløb; gul: højst (\d+) %; "
                    r"rød: mere\. Procenten regnes af afstanden fra baseline til mål\.$")


def reason(text: str) -> str:
    """An engine sentence (reason, alert, rule) in the reader's language; unknown ones as they are."""
    if danish() or not text:
        return text
    fixed = _fixed()
    if text in fixed:
        return fixed[text]
    if m := _BEHIND.match(text):
        return _("%(gap)s %% behind the expected course") % {"gap": m[1]}
    if m := _NO_EFFECT.match(text):
        return _("No effect: the %(n)s latest measurements (%(shown)s) are no better than the baseline "
                 "(%(base)s). The initiative must change (principle 4).") % {"n": m[1], "shown": m[2], "base": m[3]}
    if m := _RULES.match(text):
        return _("Green: at most %(green)s %% behind the expected course; yellow: at most %(yellow)s %%; red: "
                 "more. The percentage is of the distance from baseline to target.") % {"green": m[1], "yellow": m[2]}
    return text
