"""The text of one table cell, as a consultant would retype it: HTML fragments (the Ringsted TSV has
`<p>` and `<ul>` inside cells) become lines, spaces are tidied, nothing is evaluated.

HTML is parsed with lxml's HTML parser configured to touch nothing outside the text: no network, no
DTD, no entities beyond HTML's own, comments and processing instructions dropped, script and style
content ignored. Nesting is walked without recursion, so a cell nested 100,000 deep cannot overflow.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree
from lxml import html as lxml_html

BLOCKS = {"p", "div", "li", "ul", "ol", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "section", "article", "dd", "dt", "pre", "hr", "tbody", "thead", "tfoot"}
CELLS = {"td", "th"}
SKIPPED = {"script", "style", "head", "title", "template", "noscript", "iframe", "object"}
MAX_DEPTH = 64  # tables within tables, lists within lists: deeper than this is no project overview
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009]+")
# a new sentence inside a list written without <li>: after ")" or "." comes a capital or a number
_SENTENCE_GAP = re.compile(r"(?<=[).!?])\s+(?=[A-ZÆØÅ0-9])")


class TooDeep(ValueError):
    pass


def safe_parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, remove_blank_text=False,
                                huge_tree=False, default_doctype=False)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def fragment_text(text: str) -> str:
    """A cell that may hold an HTML fragment, as clean text with line breaks."""
    if not looks_like_html(text):
        return tidy(text)
    root = lxml_html.fragment_fromstring(text, create_parent="div", parser=safe_parser())
    return element_text(root)


def element_text(root) -> str:
    """The text of an element (a cell of an HTML table, or a fragment), with a line per block; a table
    inside it gives a line per row with its cells side by side. Raises TooDeep past MAX_DEPTH."""
    lines: list[str] = [""]

    def brk():
        if lines[-1].strip():
            lines.append("")

    # (element, depth, closing?) — an explicit stack instead of recursion
    stack = [(root, 0, False)]
    while stack:
        el, depth, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:
            if tag in BLOCKS or tag == "li":
                brk()
            elif tag in CELLS:
                lines[-1] += "  "
            if el.tail and depth:  # the cell's own tail is outside the cell
                lines[-1] += el.tail
            continue
        if depth > MAX_DEPTH:
            raise TooDeep(depth)
        if not isinstance(el.tag, str) or tag in SKIPPED:  # comments, entities, scripts: only the tail counts
            if el.tail and depth:
                lines[-1] += el.tail
            continue
        if tag in BLOCKS:
            brk()
        if tag == "br":
            brk()
        if el.text:
            lines[-1] += el.text
        stack.append((el, depth, True))
        children = [c for c in el]
        stack.extend((c, depth + 1, False) for c in reversed(children))
        if tag in ("ul", "ol") and not any(isinstance(c.tag, str) and c.tag.lower() == "li" for c in children):
            # a list written without <li> (the Ringsted TSV): its items are its sentences
            lines[-1] = _SENTENCE_GAP.sub("\n", lines[-1])
    return tidy("\n".join(lines))


def tidy(text: str) -> str:
    """NFC, one space between words, no empty lines at the ends, at most one empty line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def one_line(text: str) -> str:
    """A title or a unit written over several lines in the cell, on one line ("under-\nvisning" joined)."""
    text = re.sub(r"(?<=[a-zæøå])-\n(?=[a-zæøå])", "", text)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def parse_error_types():
    return (etree.ParserError, etree.XMLSyntaxError, ValueError)
