"""How the template's sheets print and how tall a row with a long text is (writer and instructions)."""

from __future__ import annotations

MAX_ROW_HEIGHT = 150  # points: a long text shows its start; the cell holds all of it


def print_setup(ws, *, one_page_wide: bool = False):
    """Printed (or made a PDF), a sheet is landscape A4 with its header and first column on every page;
    a sheet of a few columns is fitted to the page's width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:A"
    if one_page_wide:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def row_height(ws, row: int, texts, most: int = MAX_ROW_HEIGHT):
    """Room for the first lines of the row's wrapped texts, given as (text, column width); the rest shows
    when the cell is opened (it holds it all)."""
    lines = max((sum(len(p) // max(int(width), 1) + 1 for p in text.split("\n"))
                 for text, width in texts if isinstance(text, str)), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(13 * lines + 4, most)
