"""Text written to a spreadsheet cell: always text, never a formula, never a character the file
format cannot hold. Every workbook Pejling writes (reports, templates, exports) goes through here."""

from __future__ import annotations

import re

# Cells starting with these are taken as formulas (or DDE) by Excel and LibreOffice (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 cannot hold (a vertical tab in a comment broke the Excel report)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(text: str) -> str:
    """A text as it may safely stand in a cell: illegal control characters removed, and a leading
    formula character neutralised with an apostrophe, as OWASP recommends."""
    text = _ILLEGAL.sub("", text)
    return "'" + text if text.startswith(FORMULA_START) else text
