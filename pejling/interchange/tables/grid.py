"""A table as read from any format: rows of cell texts, each row with the place a person finds it by."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from ..documents import ImportRefused

DEFAULT_MAX_ROWS = 1_000  # a project overview has tens of rows; a file with more is no overview
MAX_COLUMNS = 50
DEFAULT_MAX_EXPANDED = 50 * 1024 * 1024  # what a .docx may unpack to


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_TABLE_ROWS", DEFAULT_MAX_ROWS))


def max_expanded() -> int:
    return int(getattr(settings, "IMPORT_MAX_EXPANDED_BYTES", DEFAULT_MAX_EXPANDED))


@dataclass
class Row:
    number: int  # the row as a person counts it: a line of the file, or a row of the table (header = 1)
    cells: list[str]
    table: int = 0  # the table of a document with several (0: the only one)
    merged: set[int] = field(default_factory=set)  # columns whose cell is the one above, merged down


@dataclass
class Grid:
    rows: list[Row] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the reader did that the user should know


def check_row_count(count: int, source: str) -> None:
    """Refuse before a table with more rows than `max_rows` is read any further."""
    limit = max_rows()
    if count >= limit:
        raise ImportRefused(source, [_("more than %(max)s rows; a project table has far fewer "
                                       "(is this the right file?)") % {"max": f"{limit:,}".replace(",", ".")}])
