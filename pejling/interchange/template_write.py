"""`template_write`: a strategy as an Excel workbook a consultant fills in and uploads again.

Every text goes through texts/cells.py (a leading = + - @ neutralised, control characters dropped);
numbers stay numbers, dates dates, periods texts. Columns that take codes, keys and periods are
formatted as text so that Excel does not turn "2.10" into 2.1 or "nov. 2020" into a date.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pejling.texts.cells import cell_text

from .template_columns import (
    CHOICES,
    CODE_LISTS,
    DOC_FIELDS,
    DOC_SHEET,
    LIST_TITLES,
    LISTS_SHEET,
    SHEETS,
    UNIT_LIST,
    Column,
)
from .template_guide import guide_write
from .template_layout import print_setup, row_height
from .template_rows import document_rows

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
HEADER_FONT = Font(bold=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="5A6B82"))
TOP = Alignment(vertical="top")
TOP_LEFT = Alignment(vertical="top", horizontal="left")
WRAP = Alignment(vertical="top", wrap_text=True)
WRAP_LEFT = Alignment(vertical="top", horizontal="left", wrap_text=True)
TEXT_KINDS = {"text", "long", "code", "key", "period", "moment", "choice", "bool", "units"}
VALIDATED_ROWS = 3000  # drop-downs reach this far below the header


def header(column: Column) -> str:
    return f"{column.header} *" if column.required else column.header


def cell_value(column: Column, value):
    """The document's value as the cell holds it."""
    if value is None or value == "" or value == []:
        return None
    kind = column.kind
    if kind == "choice" or kind == "bool":
        labels = CHOICES[column.choices]
        key = str(value).lower() if isinstance(value, bool) else value
        return cell_text(labels.get(key, str(value)))
    if kind == "units":
        return cell_text(("\n" if any(";" in u for u in value) else "; ").join(value))
    if kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return cell_text(value)
    if kind in ("number", "integer") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return cell_text(value if isinstance(value, str) else str(value))


def _style_cell(cell, column: Column):
    cell.alignment = WRAP if column.wrapped else TOP_LEFT if column.kind == "date" else TOP
    if column.kind in TEXT_KINDS:
        cell.number_format = "@"
    elif column.kind == "date":
        cell.number_format = "DD-MM-YYYY"


def _header_row(ws, headers, widths):
    print_setup(ws, one_page_wide=sum(widths) < 160)
    ws.append([cell_text(h) for h in headers])
    for i, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, WRAP
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 32


def _list_ranges(wb) -> dict[str, str]:
    """The Lister sheet: one column per choice list; {list name: its range}."""
    ws = wb.create_sheet(LISTS_SHEET)
    ranges = {}
    for i, (name, labels) in enumerate(CHOICES.items(), start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i, value=cell_text(LIST_TITLES[name])).font = HEADER_FONT
        for j, label in enumerate(labels.values(), start=2):
            ws.cell(row=j, column=i, value=cell_text(label))
        ws.column_dimensions[letter].width = max(14, *(len(v) + 2 for v in labels.values()))
        ranges[name] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
    ws.freeze_panes = "A2"
    return ranges


def _validations(ws, columns, ranges):
    for i, column in enumerate(columns, start=1):
        formula = ranges.get(column.choices) if column.kind in ("choice", "bool") else (
            UNIT_LIST if column.kind == "units" else CODE_LISTS.get(column.field))
        if not formula:
            continue
        sheet, _, cells = formula.rpartition("!")
        formula = f"'{sheet.strip(chr(39))}'!{cells}"
        # a choice must be one of the list; a reference may be new (or several units): warn only
        strict = column.kind in ("choice", "bool") and column.choices not in ("colour",)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                            errorStyle="stop" if strict else "warning", showErrorMessage=True,
                            errorTitle=column.header, error="Vælg en værdi fra listen (arket Lister)."
                            if strict else "Værdien står ikke i listen. Tjek stavningen.")
        letter = get_column_letter(i)
        dv.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        ws.add_data_validation(dv)


def _doc_sheet(wb, fields: dict):
    ws = wb.create_sheet(DOC_SHEET)
    _header_row(ws, ["Felt", "Værdi", "Forklaring"], [30, 80, 40])
    for row, column in enumerate(DOC_FIELDS, start=2):
        value = cell_value(column, fields.get(column.field))
        label = ws.cell(row=row, column=1, value=cell_text(header(column)))
        label.font, label.alignment = HEADER_FONT, TOP
        cell = ws.cell(row=row, column=2, value=value)
        _style_cell(cell, column)
        cell.alignment = WRAP_LEFT
        ws.cell(row=row, column=3, value=cell_text(column.help) if column.help else None).alignment = WRAP
        row_height(ws, row, [(value, 80)], most=300)
    ws.freeze_panes = "B2"


def _data_sheet(wb, sheet, rows, ranges):
    ws = wb.create_sheet(sheet.title)
    _header_row(ws, [header(c) for c in sheet.columns], [c.width for c in sheet.columns])
    for i, column in enumerate(sheet.columns, start=1):
        if column.kind in TEXT_KINDS:  # new rows typed by hand stay text as well
            ws.column_dimensions[get_column_letter(i)].number_format = "@"
    for r, item in enumerate(rows, start=2):
        values = []
        for i, column in enumerate(sheet.columns, start=1):
            value = cell_value(column, item.get(column.field))
            cell = ws.cell(row=r, column=i, value=value)
            _style_cell(cell, column)
            if column.wrapped:
                values.append((value, column.width))
        row_height(ws, r, values)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(len(rows) + 1, 2)}"
    _validations(ws, sheet.columns, ranges)


def template_write(*, document: dict | None, empty: bool = False) -> bytes:
    """The .xlsx template for a strategy document (strategy_export's), filled with everything it holds,
    or with `empty`: headers, lists and instructions only (the strategy's name and the organisation's
    units are kept, so the drop-downs and the upload know where they belong)."""
    fields, rows = document_rows(document or {"organisation": {}, "strategy": {}})
    if empty:
        keep = {"organisation.slug", "organisation.name", "strategy.slug", "strategy.title"}
        fields = {k: v for k, v in fields.items() if k in keep}
        rows = {"Enheder": rows["Enheder"]}
    wb = Workbook()
    guide_write(wb.active, filled=bool(document) and not empty)
    _doc_sheet(wb, fields)
    ranges = _list_ranges(wb)  # the lists come last, but the drop-downs need their ranges first
    for sheet in SHEETS:
        _data_sheet(wb, sheet, rows.get(sheet.title, []), ranges)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
