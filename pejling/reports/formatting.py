"""Danish display of numbers, shared by the web pages and every report format: 7,2 · 1.250 · 7,2 %."""

from decimal import Decimal


def number(value, decimals=None) -> str:
    """Comma decimal separator, dot thousands separator, trailing zeros dropped; "" for None."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if decimals not in (None, ""):
        value = round(value, int(decimals))
    text = f"{value.normalize():f}"
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def with_unit(value, unit: str, decimals=None) -> str:
    shown = number(value, decimals)
    if shown == "" or not unit:
        return shown
    return f"{shown} {unit}"
