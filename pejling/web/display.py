"""What a page shows of a result, decided once for templates and views."""

from __future__ import annotations

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pejling.texts.reasons import colour_label


def visible_progress(result, public: bool) -> float | None:
    """The deciding series' progress, or None: a limit has none, and the public does not see one
    computed from shares that a count below 5 makes private."""
    head = result.decisive if result else None
    if head is None or head.limit or (public and result.withheld_now):
        return None
    return head.progress


def badge(colour, manual=None) -> str:
    """A colour badge: colour *and* text label, never colour alone (WCAG 1.4.1)."""
    extra = " (" + str(_("manual")) + ")" if manual else ""
    return format_html('<span class="badge-colour c-{}">{}{}</span>', colour.value, colour_label(colour), extra)


def percent(value) -> str:
    return "" if value is None else f"{round(value * 100)} %"


def bar_width(value) -> int:
    """Progress bar width in %, clamped to 0-100."""
    return 0 if value is None else max(0, min(100, round(value * 100)))


COUNTS = (("green", "%(n)s green"), ("yellow", "%(n)s yellow"), ("red", "%(n)s red"), ("none", "%(n)s not assessed"))


def counts(summary) -> str:
    """A roll-up's colour counts in words: "3 grønne · 1 gul · 0 røde · 2 ikke vurderet" (a status's
    summary, or a precomputed one of the front page: its keys are the colours' values)."""
    shown = getattr(summary, "counts", None) if not isinstance(summary, dict) else summary.get("counts")
    shown = shown or {}
    parts = (f'<span class="count c-{key}">{conditional_escape(_(message) % {"n": shown.get(key, "")})}</span>'
             for key, message in COUNTS)
    return mark_safe('<span class="counts">' + " · ".join(parts) + "</span>\n")  # noqa: S308 - escaped
