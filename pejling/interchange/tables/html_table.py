"""HTML tables (a page saved from the intranet, a table copied out of a browser): every top-level
<table> whose rows are read as a grid, spans resolved; tables inside a cell become text in that cell."""

from __future__ import annotations

from django.utils.translation import gettext as _
from lxml import html as lxml_html

from ..documents import ImportRefused
from .cell_text import MAX_DEPTH, TooDeep, element_text, safe_parser
from .grid import MAX_COLUMNS, Grid, Row, check_row_count
from .header import HEADER_SEARCH_ROWS, recognise
from .text_table import decode

MAX_SPAN = 50


def _rows(table):
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _span(cell, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(cell.get(name, "1"))))
    except ValueError:
        return 1


def _depth_ok(root) -> bool:
    """No element deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_DEPTH * 2:  # the page around the table counts a few levels too
            return False
        stack.extend((c, depth + 1) for c in el)
    return True


def read_html_table(data: bytes, source: str) -> Grid:
    text, notices = decode(data, source)
    if "\x00" in text:
        raise ImportRefused(source, [_("a NUL character (\\0); this is not an HTML page")])
    try:
        root = lxml_html.document_fromstring(text, parser=safe_parser())
    except Exception:  # lxml says "Document is empty" and the like
        raise ImportRefused(source, [_("no table found in the HTML file")]) from None
    if not _depth_ok(root):
        raise ImportRefused(source, [_("the HTML is nested more than %(max)s levels deep") % {"max": MAX_DEPTH * 2}])
    every = list(root.iter("table"))
    if not every:
        raise ImportRefused(source, [_("no table found in the HTML file")])
    # the project table may sit inside a layout table: read the tables that have the header in their
    # own rows; without one, the outermost tables (so that the refusal names their columns)
    tables = [t for t in every if any(recognise(Row(0, [c.text_content() for c in tr.xpath("./td|./th")]))
                                      for tr in _rows(t)[:HEADER_SEARCH_ROWS])]
    tables = tables or [t for t in every if not any(a.tag == "table" for a in t.iterancestors())]
    grid = Grid(notices=notices)
    for t_index, table in enumerate(tables):
        carried: dict[int, tuple[int, str]] = {}  # column -> (rows left, text) of a rowspan
        for r_index, tr in enumerate(_rows(table), start=1):
            check_row_count(len(grid.rows), source)
            cells: list[str] = []
            merged: set[int] = set()
            for td in tr.xpath("./td|./th"):
                while len(cells) in carried:
                    merged.add(len(cells))
                    cells.append(_take(carried, len(cells)))
                try:
                    value = element_text(td)
                except TooDeep:
                    raise ImportRefused(source, [_("table %(table)s, row %(row)s: tables or lists inside the cell "
                                                   "are nested more than %(max)s levels deep") % {
                        "table": t_index + 1, "row": r_index, "max": MAX_DEPTH}]) from None
                rowspan = _span(td, "rowspan")
                for k in range(_span(td, "colspan")):
                    if rowspan > 1:
                        carried[len(cells)] = (rowspan - 1, value if k == 0 else "")
                    cells.append(value if k == 0 else "")
                if len(cells) > MAX_COLUMNS:
                    raise ImportRefused(source, [_("table %(table)s, row %(row)s: more than %(max)s columns") % {
                        "table": t_index + 1, "row": r_index, "max": MAX_COLUMNS}])
            while len(cells) in carried:
                merged.add(len(cells))
                cells.append(_take(carried, len(cells)))
            if any(c.strip() for c in cells):
                grid.rows.append(Row(r_index, cells, table=t_index + 1 if len(tables) > 1 else 0, merged=merged))
    return grid


def _take(carried: dict, column: int) -> str:
    left, value = carried[column]
    if left <= 1:
        del carried[column]
    else:
        carried[column] = (left - 1, value)
    return value
