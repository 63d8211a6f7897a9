"""TSV and CSV: the encoding and the delimiter found out, said plainly when it is not UTF-8."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from ..documents import ImportRefused, csv_problem
from .cell_text import MAX_DEPTH, TooDeep, fragment_text, parse_error_types
from .grid import MAX_COLUMNS, Grid, Row, check_row_count

DELIMITERS = ("\t", ";", ",")


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"), else Windows-1252 as
    Danish Excel writes CSV, said as a notice."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ImportRefused(source, [_("not UTF-16 text (%(reason)s at byte %(byte)s)") % {
                "reason": exc.reason, "byte": exc.start}]) from None
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_problem = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportRefused(source, [_("the file is neither UTF-8 nor Windows-1252 text (byte %(byte)s); "
                                       "save it as UTF-8") % {"byte": utf8_problem.start}]) from None
    return text, [_("The file is not UTF-8 (byte %(byte)s); it was read as Windows-1252 (cp1252). "
                    "Check that æ, ø and å look right.") % {"byte": utf8_problem.start}]


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first non-empty line: the one of tab, ; and , it has most of (tab first)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else "\t"


def read_text_table(data: bytes, source: str) -> Grid:
    text, notices = decode(data, source)
    delimiter = sniff_delimiter(text)
    grid = Grid(notices=notices)
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter, quotechar='"', strict=False)
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            check_row_count(len(grid.rows), source)
            if len(cells) > MAX_COLUMNS:
                raise ImportRefused(source, [_("line %(line)s: %(count)s columns; at most %(max)s") % {
                    "line": start, "count": len(cells), "max": MAX_COLUMNS}])
            grid.rows.append(Row(start, [_cell(c, source, start) for c in cells]))
    except csv.Error as exc:
        raise ImportRefused(source, [_("line %(line)s: not a readable table (%(why)s)") % {
            "line": reader.line_num, "why": csv_problem(exc)}]) from None
    return grid


def _cell(raw: str, source: str, line: int) -> str:
    try:
        return fragment_text(raw)
    except TooDeep:
        raise ImportRefused(source, [_("line %(line)s: HTML in a cell nested more than %(max)s levels deep") % {
            "line": line, "max": MAX_DEPTH}]) from None
    except parse_error_types():
        return raw.strip()  # not HTML after all: the text as it stands
