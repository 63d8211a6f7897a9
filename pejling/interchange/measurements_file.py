"""Reading a file of measurements (CSV or Excel) into rows of cells with their places.

Only the shape is read here: which column is which (Danish headers, English accepted), and every
cell as text (or, from an Excel number cell, as a Decimal: a typed number is never re-read as
writing, so 1.234 stays one point two three four). What a cell means is checked by
measurements_check.py against the strategy, through the same rules as the entry forms.

Safe reading: a file over IMPORT_MAX_BYTES is refused before it is read; an .xlsx whose unpacked
size is more than XLSX_MAX_RATIO times that is refused before openpyxl opens it (a "zip bomb");
at most MAX_ROWS rows and MAX_COLUMNS columns.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from pejling.assessment.limits import normalise_digits

from .documents import ImportRefused, csv_problem, max_bytes, mb, read_limited

MAX_ROWS = 2_000_000
MAX_COLUMNS = 200
BLOCK = 1024 * 1024  # bytes read at a time when a file's encoding is checked
XLSX_MAX_RATIO = 20
SHEET_NAMES = ("målinger", "maalinger", "measurements")

# field -> the headers that name it (compared lower-cased, without spaces at the ends)
HEADERS = {
    "indicator": ("indikator", "indicator", "nøgle", "indikatornøgle", "key"),
    "period": ("periode", "period"),
    "breakdown": ("gruppe", "group", "opdeling", "breakdown"),
    "level": ("niveau", "level", "kategori", "category"),
    "value": ("værdi", "vaerdi", "value", "status"),
    "comment": ("kommentar", "comment", "bemærkning"),
    "source": ("kilde", "source", "datakilde"),
    "baseline": ("baseline", "basislinje"),
}
_FIELD_OF = {name: f for f, names in HEADERS.items() for name in names}


def header_key(text) -> str:
    return normalise_digits(str(text or "")).strip().strip(":").strip().lower()


@dataclass
class Table:
    """The file's columns and rows. `columns`: field -> (index, header as written); `extra`: the other
    columns (index, header), which may name the levels of a scale; `rows`: (row number, cells)."""

    source: str
    sheet: str = ""
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)
    extra: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[int, list]] = field(default_factory=list)

    def place(self, row: int | str | None = None, column: str | None = None) -> str:
        """'Ark Målinger, række 14, kolonne Periode' (the sheet only for a workbook)."""
        parts = [_("Sheet %(sheet)s") % {"sheet": self.sheet}] if self.sheet else []
        if row is not None:
            parts.append(_("row %(row)s") % {"row": row})
        if column is not None:
            parts.append(_("column %(column)s") % {"column": column})
        text = ", ".join(parts) or self.source
        return text[:1].upper() + text[1:]


def header_fields(header: list) -> tuple[dict[str, tuple[int, str]], list[tuple[int, str]], list[str]]:
    """(columns by field, extra columns, problems) of a header row."""
    columns, extra, problems = {}, [], []
    for i, cell in enumerate(header):
        written = str(cell if cell is not None else "").strip()
        if not written:
            continue
        f = _FIELD_OF.get(header_key(written))
        if f is None:
            extra.append((i, written))
        elif f in columns:
            problems.append(_("the column »%(header)s« is there twice (also as »%(other)s«)") % {
                "header": written, "other": columns[f][1]})
        else:
            columns[f] = (i, written)
    return columns, extra, problems


def is_measurements_header(header: list) -> bool:
    columns, _extra, _problems = header_fields(header)
    return "indicator" in columns and "period" in columns


# -- reading --------------------------------------------------------------------------------------
class Rows:
    """The data rows (row number, cells) of a file, read from the file anew each time they are iterated
    (so a second attempt reads the same rows, and no more than one row is held); blank rows are left
    out, more than MAX_ROWS refused."""

    def __init__(self, open_rows, source: str):
        self._open, self.source = open_rows, source

    def __iter__(self):
        for number, cells in self._open():
            if number > MAX_ROWS + 1:
                raise ImportRefused(self.source, [_("more than %(max)s rows; split the file") % {
                    "max": f"{MAX_ROWS:,}".replace(",", ".")}])
            for c in cells:
                if c != "" and c is not None:
                    yield number, cells
                    break


def read_table(path: str | Path, *, source: str | None = None, limit: int | None = None) -> Table:
    """The table of a .csv/.tsv/.txt or .xlsx file; raises ImportRefused for what makes the whole file
    unreadable (size, encoding, no header), listing every such problem. The header is read here, the
    rows as `table.rows` is iterated."""
    path = Path(path)
    source = source or path.name
    limit = max_bytes() if limit is None else limit
    if not path.is_file() or path.stat().st_size > limit:
        read_limited(path, source, limit=limit)  # refused: not found, or too large, said as every door says it
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows, sheet = _xlsx_rows(path, source, limit)
    else:
        header, rows, sheet = _csv_rows(path, source, limit)
    table = Table(source=source, sheet=sheet)
    table.columns, table.extra, problems = header_fields(header)
    for f, label in (("indicator", "Indikator"), ("period", "Periode")):
        if f not in table.columns:
            problems.append(_("the header has no column »%(header)s«") % {"header": label})
    if "value" not in table.columns and not table.extra:
        problems.append(_("the header has no column »%(header)s«") % {"header": "Værdi"})
    if problems:
        raise ImportRefused(source, [f"{table.place(1)}: {p}" for p in problems])
    table.rows = Rows(rows, source)
    return table


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without a byte order mark); else Windows-1252, which Danish Excel writes for
    »CSV (semikolonsepareret)«."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportRefused(source, [_("not UTF-8 text (%(reason)s at byte %(byte)s)") % {
                "reason": exc.reason, "byte": exc.start}]) from None
    return text[1:] if text.startswith("\ufeff") else text


def _encoding(path: Path, source: str, limit: int) -> str:
    """What decode() would choose, found by reading the file in blocks (never whole): 'utf-8-sig' or
    'cp1252'. Refuses a file that grew over `limit`, is neither, or holds a NUL."""
    failed = None
    for encoding in ("utf-8", "cp1252"):
        decoder, offset = codecs.getincrementaldecoder(encoding)(), 0
        try:
            with path.open("rb") as fh:
                while block := fh.read(BLOCK):
                    if b"\x00" in block:
                        raise ImportRefused(source, [_("contains a NUL character (\\0), which no report or export "
                                                       "can hold")])
                    offset += len(block)
                    if offset > limit:
                        raise ImportRefused(source, [_("the file is larger than %(max)s MB") % {"max": mb(limit)}])
                    start = offset - len(block) - len(decoder.getstate()[0])
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError as exc:
                        raise UnicodeDecodeError(exc.encoding, exc.object, start + exc.start, start + exc.end,
                                                 exc.reason) from None
                decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            failed = failed or exc
            continue
        return "utf-8-sig" if encoding == "utf-8" else encoding
    raise ImportRefused(source, [_("not UTF-8 text (%(reason)s at byte %(byte)s)") % {
        "reason": failed.reason, "byte": failed.start}])


def sniff_delimiter(first_line: str) -> str:
    """The header's separator: the most frequent of semicolon, tab and comma."""
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv_open(path: Path, encoding: str):
    fh = path.open(encoding=encoding, newline="")
    first = fh.readline()
    return fh, csv.reader(itertools.chain([first], fh), delimiter=sniff_delimiter(first.split("\n", 1)[0]))


def _csv_rows(path: Path, source: str, limit: int):
    encoding = _encoding(path, source, limit)
    fh, reader = _csv_open(path, encoding)
    with fh:
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise ImportRefused(source, [f"{_('row %(row)s') % {'row': 1}}: {csv_problem(exc)}"]) from None
    if len(header) > MAX_COLUMNS:
        raise ImportRefused(source, [_("more than %(max)s columns") % {"max": MAX_COLUMNS}])

    def rows():
        fh, reader = _csv_open(path, encoding)
        number = 1
        with fh:
            try:
                next(reader, None)
                for number, cells in enumerate(reader, start=2):
                    yield number, cells[:MAX_COLUMNS] if len(cells) > MAX_COLUMNS else cells
            except csv.Error as exc:
                raise ImportRefused(source, [f"{_('row %(row)s') % {'row': number + 1}}: {csv_problem(exc)}"]) from None
    return header, rows, ""


def _xlsx_cell(cell):
    """An Excel cell as text, or a Decimal for a number (a percentage cell as its per cent)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
        if "%" in (getattr(cell, "number_format", "") or ""):
            number = (number * 100).normalize()
        return number
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_open(path: Path, source: str):
    from .template_open import workbook_load
    book = workbook_load(path, source, data_only=True)  # read-only: rows are parsed as asked for
    sheet = next((ws for ws in book.worksheets if ws.title.strip().lower() in SHEET_NAMES), book.worksheets[0])
    return book, sheet


def _xlsx_rows(path: Path, source: str, limit: int):
    from .template_open import sheet_iter, workbook_check
    workbook_check(path, source, factor=XLSX_MAX_RATIO, limit=max(limit, 1024 * 1024))  # a zip bomb or XML entities: refused unopened
    book, sheet = _xlsx_open(path, source)
    try:
        header = [str(_xlsx_cell(c)) for c in next(sheet_iter(sheet, source, max_row=1, max_col=MAX_COLUMNS), ())]
        title = sheet.title
    finally:
        book.close()

    def rows():
        book, sheet = _xlsx_open(path, source)
        try:
            for number, row in enumerate(sheet_iter(sheet, source, min_row=2, max_col=MAX_COLUMNS), start=2):
                yield number, [_xlsx_cell(c) for c in row]
        finally:
            book.close()
    return header, rows, title


def detect(path: str | Path) -> bool:
    """Whether the file's first row (of the sheet »Målinger«, or the first sheet) is a measurements
    header: a column Indikator and a column Periode. For `pejling import` to choose the reader. A
    workbook is opened only after the checks every workbook gets (size, zip bomb, entities)."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            header, _rows, _title = _xlsx_rows(path, path.name, max_bytes())
        elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
            with path.open("rb") as fh:
                head = fh.read(64 * 1024)
            first = decode(head, str(path)).splitlines()[0] if head else ""
            header = next(csv.reader([first], delimiter=sniff_delimiter(first)), [])
        else:
            return False
    except Exception:  # noqa: BLE001 - an unreadable or refused file is simply not a measurements file here
        return False
    return is_measurements_header(header)


def measurements_read(path: str | Path, *, strategy: str, source: str) -> dict:
    """The file as a strategy document for `pejling import` (interchange/readers.py, then sync's merge)."""
    from .measurements_document import measurements_document
    return measurements_document(path, strategy=strategy, source=source)
