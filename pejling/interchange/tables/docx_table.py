"""Word tables (.docx, read with python-docx): the zip is measured before anything is unpacked, so a
zip bomb is refused by its declared sizes; merged cells are read once; a table inside a cell becomes
lines of text in that cell."""

from __future__ import annotations

import io
import zipfile

import docx
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from ..documents import ImportRefused, mb
from .cell_text import MAX_DEPTH, tidy
from .grid import MAX_COLUMNS, Grid, Row, check_row_count, max_expanded

MAX_ENTRIES = 2_000


def _check_zip(data: bytes, source: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRefused(source, [_("not a Word file (.docx): it is not a zip archive")]) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ImportRefused(source, [_("the Word file holds %(count)s parts; at most %(max)s") % {
                "count": len(entries), "max": MAX_ENTRIES}])
        expanded = sum(e.file_size for e in entries)
        limit = max_expanded()
        if expanded > limit:
            raise ImportRefused(source, [_("the Word file unpacks to %(size)s MB; at most %(max)s MB "
                                           "(a zip bomb?)") % {"size": mb(expanded), "max": mb(limit)}])
        if "word/document.xml" not in archive.namelist():
            raise ImportRefused(source, [_("not a Word file (.docx): word/document.xml is missing")])


def _cell_text(cell, depth: int, source: str, where: str) -> str:
    """Paragraphs as lines; a nested table as a line per row, its cells side by side."""
    if depth > MAX_DEPTH:
        raise ImportRefused(source, [_("%(where)s: tables inside the cell are nested more than %(max)s levels deep")
                                     % {"where": where, "max": MAX_DEPTH}])
    lines = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append("  ".join(_cell_text(c, depth + 1, source, where).replace("\n", " ")
                                       for c in _unique_cells(row)))
        elif block.text.strip():  # Word pads a cell with empty paragraphs (one follows every table)
            lines.append(block.text)
    return tidy("\n".join(lines))


def _unique_cells(row):
    """A cell merged across columns is listed once per grid column by python-docx: keep the first."""
    out = []
    for cell in row.cells:
        if not out or cell._tc is not out[-1]._tc:
            out.append(cell)
    return out


def read_docx_table(data: bytes, source: str) -> Grid:
    _check_zip(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportRefused(source, [_("not a readable Word file (%(why)s)") % {"why": exc}]) from None
    except Exception as exc:  # lxml's XMLSyntaxError from a broken part, and the like
        raise ImportRefused(source, [_("not a readable Word file (%(why)s)") % {"why": type(exc).__name__}]) from None
    tables = document.tables
    if not tables:
        raise ImportRefused(source, [_("no table found in the Word file")])
    grid = Grid()
    for t_index, table in enumerate(tables):
        number = t_index + 1 if len(tables) > 1 else 0
        above: list = []
        for r_index, row in enumerate(table.rows, start=1):
            check_row_count(len(grid.rows), source)
            where = _("table %(table)s, row %(row)s") % {"table": t_index + 1, "row": r_index}
            cells, tcs, merged, previous = [], [], set(), None
            for cell in row.cells:  # one per grid column: a merged cell's later columns are empty
                if len(cells) >= MAX_COLUMNS:
                    raise ImportRefused(source, [_("%(where)s: more than %(max)s columns") % {
                        "where": where, "max": MAX_COLUMNS}])
                if len(tcs) < len(above) and cell._tc is above[len(tcs)]:
                    merged.add(len(cells))  # merged down from the row above (vMerge)
                same = previous is not None and cell._tc is previous
                cells.append("" if same else _cell_text(cell, 0, source, where))
                tcs.append(cell._tc)
                previous = cell._tc
            above = tcs
            if any(c.strip() for c in cells):
                grid.rows.append(Row(r_index, cells, table=number, merged=merged))
    return grid
