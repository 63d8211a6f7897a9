"""Text written to a spreadsheet cell: always text, never a formula, never a character the file
format cannot hold. Every workbook Pejling writes (reports, templates, exports) goes through here."""

from __future__ import annotations

import re

# Cells starting with these are taken as formulas (or DDE) by Excel and LibreOffice (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 cannot hold: control characters (a vertical tab in a comment broke the Excel report),
# lone surrogates and U+FFFE/U+FFFF (one in a status note broke the Word and Excel reports)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _quoted(text: str) -> bool:
    """Whether `cell_text` puts an apostrophe before the text: it starts with a formula character, or
    with apostrophes before one (so that the apostrophe added can always be told from the text's own)."""
    return text.lstrip("'").startswith(FORMULA_START)


def cell_text(text: str) -> str:
    """A text as it may safely stand in a cell: illegal control characters removed, and a leading
    formula character neutralised with an apostrophe, as OWASP recommends. `cell_text_read` undoes it."""
    text = xml_text(text)
    return "'" + text if _quoted(text) else text


def cell_text_read(text: str) -> str:
    """The text a cell written by `cell_text` stood for: the neutralising apostrophe taken off again,
    so "=1+1" or "- a bullet" written to a template reads back exactly (and stays text, never a formula)."""
    return text[1:] if text.startswith("'") and _quoted(text[1:]) else text


def xml_text(text: str) -> str:
    """A text without the characters XML (Word, Excel, PDF tags) cannot hold."""
    return _ILLEGAL.sub("", text)


def xml_safe(tree):
    """A JSON-like document (dicts, lists, strings) with every string made `xml_text`: a vertical tab
    pasted from Word into a comment must not break a report (nor a published one, stored long ago)."""
    if isinstance(tree, str):
        return xml_text(tree)
    if isinstance(tree, dict):
        return {k: xml_safe(v) for k, v in tree.items()}
    if isinstance(tree, list | tuple):
        return [xml_safe(v) for v in tree]
    return tree
