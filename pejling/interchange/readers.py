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
"""

from __future__ import annotations

import importlib
from pathlib import Path

from django.utils.translation import gettext as _

from .documents import ImportRefused, max_bytes, read_document

DOCUMENTS = {".json", ".yaml", ".yml"}
TABLES = {".tsv", ".csv", ".html", ".htm", ".docx"}
SPREADSHEETS = {".xlsx"}
SUFFIXES = DOCUMENTS | TABLES | SPREADSHEETS


def detect_kind(path) -> str:
    """What the file is, from its name and (for spreadsheets and text tables) its first row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in DOCUMENTS:
        return "document"
    if suffix in SPREADSHEETS | {".tsv", ".csv"}:
        from .measurements_file import detect
        if path.is_file() and detect(path):
            return "measurements"
        return "template" if suffix in SPREADSHEETS else "table"
    if suffix in TABLES:
        return "table"
    return "unknown"


READERS = {  # kind: (module, function, the options it needs)
    "template": ("pejling.interchange.template", "template_read", ()),
    "table": ("pejling.interchange.tables", "project_table_read", ("organisation", "strategy")),
    "measurements": ("pejling.interchange.measurements_file", "measurements_read", ("strategy",)),
}


def unsupported(source: str) -> ImportRefused:
    return ImportRefused(source, [_("this file format is not supported (use .json, .yaml, .xlsx, .tsv, .csv, .html "
                                    "or .docx)")])


def read_upload(path, *, kind: str, organisation: str = "", strategy: str = "", source: str) -> dict:
    """The strategy document a file holds. Raises ImportRefused (with the reader's every problem)."""
    path = Path(path)
    if kind == "document":
        return read_document(path)
    if kind not in READERS:
        raise unsupported(source)
    if path.is_file() and path.stat().st_size > max_bytes():
        read_document(path)  # says the size limit in the one sentence every door uses
    module_name, function, needs = READERS[kind]
    given = {"organisation": organisation, "strategy": strategy}
    missing = [name for name in needs if not given[name]]
    if missing:
        raise ImportRefused(source, [_("this kind of file needs %(options)s") % {
            "options": _(" and ").join(f"--{name}" for name in missing)}])
    reader = getattr(importlib.import_module(module_name), function)  # imported when needed: heavy modules
    return reader(path, source=source, **{name: given[name] for name in needs})
