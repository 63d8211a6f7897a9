"""Which column is which: the Danish headers of a project overview, however they are written
("Mål og måltal", "Mål/måltal", "MÅL OG MÅLTAL:", "Deltagende centre")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .grid import Row

# column -> the headers it is known by, folded (see `fold`)
COLUMNS = {
    "project": ("projekt", "projekter", "projektnavn", "projekttitel", "indsats", "indsatser"),
    "status": ("status", "statusbaseline", "baseline", "udgangspunkt", "nuværendestatus"),
    "method": ("målemetode", "målemetoder", "metode", "målingsmetode", "monitorering"),
    "target": ("målmåltal", "måltal", "mål", "målsætning", "målogindikatorer"),
    "units": ("deltagendecentre", "deltagendecentrer", "centre", "centrer", "deltagere", "ansvarligecentre",
              "deltagendeenheder", "enheder"),
}
DANISH_NAMES = {"project": "Projekt", "status": "Status", "method": "Målemetode", "target": "Mål og måltal",
                "units": "Deltagende centre"}
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common


def fold(text: str) -> str:
    """'Mål og måltal', 'Mål/måltal' and 'MÅL & MÅLTAL:' fold to 'målmåltal'."""
    text = text.casefold().replace("&", " og ").replace("/", " og ").replace("+", " og ")
    words = [w for w in re.split(r"[^a-zæøåéü0-9]+", text) if w and w != "og"]
    return "".join(words)


@dataclass
class Header:
    row: Row
    columns: dict[str, int]  # column -> index
    names: dict[str, str]  # column -> the header as the file writes it

    def recognise_again(self, row: Row) -> bool:
        """The header repeated further down (a table continued on a new page)."""
        again = recognise(row)
        return again is not None and again.columns == self.columns


def recognise(row: Row) -> Header | None:
    columns, names = {}, {}
    for i, cell in enumerate(row.cells):
        key = fold(cell)
        for column, known in COLUMNS.items():
            if key in known and column not in columns:
                columns[column], names[column] = i, cell.strip()
                break
    if "project" in columns and len(columns) >= 2:
        return Header(row, columns, names)
    return None


def find_header(rows: list[Row]) -> Header | None:
    """The header among the first rows of the first table that has one (a Word file may open with
    a layout table)."""
    seen: dict[int, int] = {}
    for row in rows:
        seen[row.table] = seen.get(row.table, 0) + 1
        if seen[row.table] > HEADER_SEARCH_ROWS:
            continue
        header = recognise(row)
        if header:
            return header
    return None


def data_rows(rows: list[Row], header: Header) -> list[Row]:
    """The rows under the header: the rest of its table, and tables after it with as many columns
    (a table Word split over two pages), each without a repeated header."""
    width = len(header.row.cells)
    return [r for r in rows
            if (r.table == header.row.table and r.number > header.row.number)
            or (r.table > header.row.table and len(r.cells) == width)
            if not header.recognise_again(r)]


def missing_header_message(rows: list[Row]) -> str:
    found = [c.strip() for c in (rows[0].cells if rows else []) if c.strip()]
    shown = ", ".join(f"»{c[:40]}«" for c in found[:12]) or _("none")
    return _("no project table header found. Expected the columns %(expected)s (at least Projekt and one more) "
             "in one of the first %(rows)s rows; the first row has the columns %(found)s") % {
        "expected": ", ".join(DANISH_NAMES.values()), "rows": HEADER_SEARCH_ROWS, "found": shown}
