"""`template_read`: a filled Excel template back as the strategy document, checked like any other.

Reading happens in three steps, and every problem of all of them is reported at once, at its cell:
opening the file safely (template_open), reading each cell by its column (template_cells) and putting
the rows together (template_build); then check_document's rules, whose JSON paths are said again as
sheet, row and column ("Ark Målinger, række 14, kolonne F: …").
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .documents import ImportRefused, place
from .template_build import Builder
from .template_cells import CellProblem, cell_read
from .template_columns import DOC_FIELDS, DOC_SHEET, GUIDE_SHEET, LISTS_SHEET, SHEETS
from .template_open import MAX_ROWS, clean_header, sheet_iter, sheet_rows, workbook_bytes, workbook_open
from .validation import check_document_problems

ORDER = [DOC_SHEET] + [s.title for s in SHEETS]


def _doc_fields(ws, errors, source) -> dict:
    """The Strategi sheet: {document path: (value, row)} from label (column A) and value (column B)."""
    by_label = {c.header.casefold(): c for c in DOC_FIELDS}
    out, rows = {}, {}
    for r, cells in enumerate(sheet_iter(ws, source, max_col=2), start=1):
        if r == 1:
            continue
        if r > MAX_ROWS:
            break
        label = clean_header(cells[0].value) if cells else ""
        cell = cells[1] if len(cells) > 1 else None
        value = getattr(cell, "value", None)
        if not label:
            if value not in (None, ""):
                errors.append((DOC_SHEET, r, "A", _("the field has no name in column A")))
            continue
        column = by_label.get(label.casefold())
        if column is None:
            errors.append((DOC_SHEET, r, "A", _("»%(label)s« is not a field of this sheet") % {"label": label[:40]}))
            continue
        if column.field in rows:
            errors.append((DOC_SHEET, r, "A", _("the field »%(label)s« is there twice") % {"label": label}))
            continue
        rows[column.field] = r
        try:
            read = cell_read(column, value, getattr(cell, "data_type", ""), getattr(cell, "number_format", ""))
        except CellProblem as exc:
            errors.append((DOC_SHEET, r, "B", exc.message))
            continue
        if read is not None:
            out[column.field] = (read, r)
        elif column.required:
            errors.append((DOC_SHEET, r, "B", _("must be filled in (%(column)s)") % {"column": column.header}))
    for column in DOC_FIELDS:
        if column.required and column.field not in rows:
            errors.append((DOC_SHEET, None, None, _("the field »%(label)s« is missing in column A") % {
                "label": column.header}))
    return out


def place_text(sheet: str, row: int | None, letter: str | None, message: str) -> str:
    if row is None:
        return _("Sheet %(sheet)s: %(why)s") % {"sheet": sheet, "why": message}
    if letter is None:
        return _("Sheet %(sheet)s, row %(row)s: %(why)s") % {"sheet": sheet, "row": row, "why": message}
    return _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(why)s") % {
        "sheet": sheet, "row": row, "column": letter, "why": message}


def _sort_key(error):
    sheet, row, letter, _msg = error
    return (ORDER.index(sheet) if sheet in ORDER else len(ORDER), row or 0, (len(letter), letter) if letter else (0, ""))


def _cell_of(builder: Builder, path: tuple):
    """The (sheet, row, column) a JSON path came from: the nearest part of it that was read from a cell."""
    for n in range(len(path), 0, -1):
        found = builder.places.get(tuple(path[:n]))
        if found:
            return found if n == len(path) else (found[0], found[1], None)
    return None


def template_read(path_or_bytes, *, source: str) -> dict:
    """The strategy document a filled template holds, checked by check_document and normalised as it
    normalises. Raises ImportRefused listing every problem at its sheet, row and column."""
    wb = workbook_open(workbook_bytes(path_or_bytes, source), source)
    errors: list[tuple] = []
    try:
        names = wb.sheetnames
        known = set(ORDER) | {GUIDE_SHEET, LISTS_SHEET}
        for name in names:
            if name not in known:
                errors.append((name, None, None, _("is not a sheet of the template (the sheets: %(known)s)") % {
                    "known": ", ".join(ORDER)}))
        if DOC_SHEET not in names:
            raise ImportRefused(source, [place_text(DOC_SHEET, None, None, _("the sheet is missing; it says which "
                                                                             "organisation and strategy the file is for"))])
        fields = _doc_fields(wb[DOC_SHEET], errors, source)
        rows = {s.title: sheet_rows(wb[s.title], s.columns, s.title, errors, source) for s in SHEETS if s.title in names}
    finally:
        wb.close()
    builder = Builder(errors)
    builder.bad |= {(), ("organisation",), ("strategy",)}  # their required fields were checked on the Strategi sheet
    document = builder.build(fields, rows)
    normalised, problems = check_document_problems(document)
    unplaced = []
    for path, message in problems:
        if path in builder.bad:
            continue  # its cell could not be read; that was said
        cell = _cell_of(builder, path)
        if cell is None:
            unplaced.append(f"{place(normalised, path)}: {message}")
        else:
            errors.append((*cell, message))
    if errors or unplaced:
        raise ImportRefused(source, [place_text(*e) for e in sorted(errors, key=_sort_key)] + unplaced)
    return normalised
