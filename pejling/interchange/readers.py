"""Which reader a file needs, and reading it into a strategy document (the one format every upload
becomes before interchange/sync merges it).

    detect_kind(path) -> "document" | "template" | "table" | "measurements" | "unknown"
    read_upload(path, *, kind, organisation="", strategy="", source) -> document

Readers other modules provide (each returns a strategy document as interchange/schema describes, and
raises ImportRefused listing every problem with its place):
- pejling.interchange.template.template_read(path, *, source)
- pejling.interchange.tables.project_table_read(path, *, organisation, strategy, source)
- pejling.interchange.measurements_file.measurements_read(path, *, strategy, source); its
  is_measurements_header(cells) decides whether a header row is one of its files.
A reader that is not installed gives a clear refusal, never a traceback.
"""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

from django.utils.translation import gettext as _

from pejling.assessment.limits import normalise_key

from .documents import ImportRefused, max_bytes, read_document

DOCUMENTS = {".json", ".yaml", ".yml"}
TABLES = {".tsv", ".csv", ".html", ".htm", ".docx"}
SPREADSHEETS = {".xlsx"}
SUFFIXES = DOCUMENTS | TABLES | SPREADSHEETS

# Until the measurements reader says otherwise: a header with an indicator, a period and a value column.
_INDICATOR = {"indikator", "indicator", "noegle", "key", "indikatornoegle", "indikator-noegle"}
_PERIOD = {"periode", "period", "aar", "year"}
_VALUE = {"vaerdi", "value", "antal", "count"}


def _header_cells_text(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = fh.readline(10_000)
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in first else (";" if first.count(";") > first.count(",")
                                                                              else ",")
    return next(csv.reader([first], delimiter=delimiter), [])


def _header_cells_xlsx(path: Path) -> list[str]:
    """The first sheet's first row, through the same safe opening as every workbook (size, zip bomb,
    entities): a file that cannot be opened safely has no header here, and its reader says why."""
    from .template_open import workbook_bytes, workbook_open
    try:
        book = workbook_open(workbook_bytes(path, path.name), path.name)
    except ImportRefused:
        return []
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        row = next(sheet.iter_rows(max_row=1, values_only=True), ()) if sheet is not None else ()
        return ["" if cell is None else str(cell) for cell in row]
    finally:
        book.close()


def is_measurements_header(cells) -> bool:
    try:
        module = importlib.import_module("pejling.interchange.measurements_file")
    except ImportError:
        module = None
    if module is not None and hasattr(module, "is_measurements_header"):
        return bool(module.is_measurements_header(cells))
    names = {normalise_key(str(c)).replace(" ", "") for c in cells if c}
    return bool(names & _INDICATOR and names & _PERIOD and names & _VALUE)


def detect_kind(path) -> str:
    """What the file is, from its name and (for spreadsheets and text tables) its first row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in DOCUMENTS:
        return "document"
    if suffix in SPREADSHEETS:
        return "measurements" if path.is_file() and is_measurements_header(_header_cells_xlsx(path)) else "template"
    if suffix in (".tsv", ".csv"):
        return "measurements" if path.is_file() and is_measurements_header(_header_cells_text(path)) else "table"
    if suffix in TABLES:
        return "table"
    return "unknown"


READERS = {  # kind: (module, function, the options it needs)
    "template": ("pejling.interchange.template", "template_read", ()),
    "table": ("pejling.interchange.tables", "project_table_read", ("organisation", "strategy")),
    "measurements": ("pejling.interchange.measurements_file", "measurements_read", ("strategy",)),
}


def unsupported(source: str, *, known: bool = True) -> ImportRefused:
    if known:  # a reader that is not installed (yet)
        return ImportRefused(source, [_("this file format is not supported yet")])
    return ImportRefused(source, [_("this file format is not supported (use .json, .yaml, .xlsx, .tsv, .csv, .html "
                                    "or .docx)")])


def read_upload(path, *, kind: str, organisation: str = "", strategy: str = "", source: str) -> dict:
    """The strategy document a file holds. Raises ImportRefused (with the reader's every problem)."""
    path = Path(path)
    if kind == "document":
        return read_document(path)
    if kind not in READERS:
        raise unsupported(source, known=False)
    if path.is_file() and path.stat().st_size > max_bytes():
        read_document(path)  # says the size limit in the one sentence every door uses
    module_name, function, needs = READERS[kind]
    given = {"organisation": organisation, "strategy": strategy}
    missing = [name for name in needs if not given[name]]
    if missing:
        raise ImportRefused(source, [_("this kind of file needs %(options)s") % {
            "options": _(" and ").join(f"--{name}" for name in missing)}])
    try:
        reader = getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError):
        raise unsupported(source) from None
    return reader(path, source=source, **{name: given[name] for name in needs})
