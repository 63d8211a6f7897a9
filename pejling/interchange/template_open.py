"""Opening an uploaded workbook safely, and reading its sheets into rows with their places.

Before openpyxl sees the file: its size (documents.max_bytes), that it is a zip holding an Excel
workbook, the zip entries' total uncompressed size (a zip bomb is refused from its directory, before
anything is inflated), and no DTD/entity declarations in its XML. openpyxl then reads in read-only
mode (streaming) and only up to MAX_ROWS rows and the spec's columns per sheet.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .documents import ImportRefused, max_bytes, mb, read_limited
from .template_cells import CellProblem, cell_read
from .template_columns import Column

MAX_ROWS = 50_000  # per sheet
MAX_EXTRA_COLUMNS = 10  # read beyond the spec's columns, to say that a column is unknown
UNCOMPRESSED_FACTOR = 10  # the workbook's XML may be this many times the upload limit
MAX_ENTRIES = 2_000


@dataclass
class Row:
    number: int
    values: dict = field(default_factory=dict)  # field -> value
    letters: dict = field(default_factory=dict)  # field -> column letter
    bad: set = field(default_factory=set)  # fields whose cell was refused


def workbook_bytes(path_or_bytes, source: str) -> bytes:
    limit = max_bytes()
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
    elif hasattr(path_or_bytes, "read"):
        data = path_or_bytes.read(limit + 1)
    else:
        data = read_limited(Path(path_or_bytes), source, limit=limit)
    if len(data) > limit:
        raise ImportRefused(source, [_("the file is larger than %(max)s MB") % {"max": mb(limit)}])
    return data


def _not_xlsx(source: str, why: str):
    return ImportRefused(source, [_("not an Excel workbook (.xlsx): %(why)s") % {"why": why}])


ENTITIES = "entities"


class _Doctype(Exception):
    """Raised from expat's handler: parsing stops at the declaration, before any entity is expanded."""


def _doctype(*_args):
    raise _Doctype


def _xml_problem(archive, entry) -> str | None:
    """What is wrong with an XML part, read once in chunks before openpyxl sees it: ENTITIES for a DTD (an
    Excel file never has one: entity expansion stays out of reach), XML that breaks off or holds a byte
    XML forbids, or a worksheet part whose root is no worksheet (openpyxl would read it as an empty
    sheet, and an import with --replace would then delete every measurement). None when it is sound."""
    parser = expat.ParserCreate(namespace_separator=" ")
    roots: list[str] = []

    def root(name, _attrs):  # the first element only: a handler called for every cell would cost seconds
        roots.append(name)
        parser.StartElementHandler = None
    parser.StartElementHandler = root
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _doctype
    try:
        with archive.open(entry) as fh:
            while chunk := fh.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Doctype:
        return ENTITIES
    except expat.ExpatError as exc:
        return _xml_broken(exc.lineno, exc.offset)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        return _("it cannot be unpacked (the zip archive is damaged)")
    if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml") and \
            (not roots or roots[0].rpartition(" ")[2] != "worksheet"):
        return _("it is not a worksheet")
    return None


_TAG_ATTRS = re.compile(rb'([\w:]+)="([^"]*)"')


def _tags(xml: bytes, name: bytes) -> list[dict[bytes, bytes]]:
    """The attributes of every <name …> tag (with or without a namespace prefix), in any order."""
    return [dict(_TAG_ATTRS.findall(m.group(1)))
            for m in re.finditer(rb"<(?:\w+:)?" + name + rb"\b([^>]*)>", xml)]


def _sheet_titles(archive, names: set[str]) -> dict[str, str]:
    """{zip part: sheet title} from the workbook and its relations, so a damaged part is named as the
    person sees it ("Målinger"); {} when they cannot be read (then the part's own name is said)."""
    try:
        rels = {t.get(b"Id"): t.get(b"Target", b"") for t in _tags(archive.read("xl/_rels/workbook.xml.rels"),
                                                                   b"Relationship")}
        out = {}
        for sheet in _tags(archive.read("xl/workbook.xml"), b"sheet"):
            target = rels.get(sheet.get(b"r:id"), b"").decode("utf-8", "replace").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            if part in names:
                out[part] = html.unescape(sheet.get(b"name", b"").decode("utf-8", "replace"))
        return out
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError):
        return {}


def workbook_check(file, source: str, *, factor: int = UNCOMPRESSED_FACTOR, limit: int | None = None) -> None:
    """Everything to know before openpyxl sees a workbook (a path or a binary file object), read from
    the zip's directory and without unpacking it: an .xlsx, not an .xls or .ods, at most MAX_ENTRIES
    parts unpacking to at most `factor` times the upload limit, and no XML entity declarations."""
    if hasattr(file, "seek"):
        file.seek(0)
        head = file.read(8)
        file.seek(0)
    else:
        with open(file, "rb") as fh:
            head = fh.read(8)
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _not_xlsx(source, _("an old Excel file (.xls); save it as .xlsx"))
    if not zipfile.is_zipfile(file):
        raise _not_xlsx(source, _("the file is not a zip archive as an .xlsx file is"))
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
                raise _not_xlsx(source, _("an OpenDocument spreadsheet (.ods); save it as .xlsx"))
            if "xl/workbook.xml" not in names:
                raise _not_xlsx(source, _("the archive holds no workbook"))
            if len(entries) > MAX_ENTRIES:
                raise _not_xlsx(source, _("the archive holds more than %(max)s files") % {"max": MAX_ENTRIES})
            total, limit = sum(e.file_size for e in entries), factor * (limit or max_bytes())
            if total > limit:
                raise ImportRefused(source, [_("the workbook unpacks to %(size)s MB; at most %(max)s MB can be "
                                               "read") % {"size": mb(total), "max": mb(limit)}])
            titles = None
            for entry in entries:
                if not entry.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                problem = _xml_problem(archive, entry)
                if problem == ENTITIES:
                    raise _not_xlsx(source, _("%(name)s declares XML entities") % {"name": entry.filename})
                if problem is not None:
                    titles = _sheet_titles(archive, names) if titles is None else titles
                    if entry.filename in titles:
                        raise _sheet_damaged(source, titles[entry.filename], problem)
                    raise _not_xlsx(source, _("the file is damaged: the part %(part)s: %(why)s") % {
                        "part": entry.filename, "why": problem})
    except zipfile.BadZipFile:
        raise _not_xlsx(source, _("the zip archive is damaged")) from None
    finally:
        if hasattr(file, "seek"):
            file.seek(0)


def _xml_broken(line, column) -> str:
    return _("its XML is broken at line %(line)s, column %(column)s") % {"line": line, "column": column}


def _sheet_damaged(source: str, sheet: str, why: str) -> ImportRefused:
    return ImportRefused(source, [_("Sheet %(sheet)s: the file is damaged: %(why)s; open the file in Excel and "
                                    "save it again") % {"sheet": sheet, "why": why}])


def _damage(exc: Exception) -> str:
    """Why openpyxl could not read a part, in the user's words: where its XML breaks off."""
    position = getattr(exc, "position", None)  # xml.etree's ParseError: (line, column)
    if position:
        return _xml_broken(*position[:2])
    return _("it cannot be read (%(kind)s)") % {"kind": type(exc).__name__}


def workbook_load(file, source: str, *, data_only: bool = False):
    """openpyxl's read-only workbook of a file that passed workbook_check; a damaged one is refused."""
    try:
        return load_workbook(file, read_only=True, data_only=data_only, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; none may become a traceback
        raise _not_xlsx(source, _("the file is damaged: %(why)s") % {"why": _damage(exc)}) from None


def sheet_iter(ws, source: str, **bounds):
    """ws.iter_rows(**bounds). A read-only sheet is parsed as its rows are asked for, so a sheet whose
    XML is cut off or holds a byte XML forbids fails here, halfway: refused, naming the sheet."""
    rows = ws.iter_rows(**bounds)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - expat, zlib and openpyxl each raise their own kind
            raise _sheet_damaged(source, ws.title, _damage(exc)) from None
        yield row


def workbook_open(data: bytes, source: str):
    """The openpyxl workbook (read-only), or ImportRefused saying why the file cannot be one."""
    file = io.BytesIO(data)
    workbook_check(file, source)
    return workbook_load(file, source)


def clean_header(text) -> str:
    return str(text).strip().rstrip("*").strip() if text is not None else ""


def _layout(ws, columns, title, errors, source):
    """{column index: Column} from the header row (all of it: a column moved far out is still found)."""
    by_header = {c.header.casefold(): c for c in columns}
    layout, unknown = {}, set()
    for i, cell in enumerate(next(sheet_iter(ws, source, min_row=1, max_row=1), ())):
        name = clean_header(getattr(cell, "value", None))
        if not name:
            continue
        column = by_header.get(name.casefold())
        if column is None:
            unknown.add(i)
            errors.append((title, 1, get_column_letter(i + 1), _("»%(header)s« is not a column of this "
                           "sheet (the columns: %(known)s)") % {
                "header": name, "known": ", ".join(c.header for c in columns)}))
        elif column in layout.values():
            errors.append((title, 1, get_column_letter(i + 1), _("the column »%(header)s« is there twice")
                           % {"header": name}))
        else:
            layout[i] = column
    missing = [c.header for c in columns if c.required and c not in layout.values()]
    if missing and (layout or unknown):  # a sheet without any header is an empty sheet
        errors.append((title, 1, None, _("the column(s) %(names)s are missing") % {
            "names": ", ".join(f"»{m}«" for m in missing)}))
    return layout, unknown


def sheet_rows(ws, columns: tuple[Column, ...], title: str, errors: list, source: str) -> list[Row]:
    """The sheet's rows below the header, read by the header names (a column may be moved)."""
    layout, unknown = _layout(ws, columns, title, errors, source)
    width = max([len(columns) + MAX_EXTRA_COLUMNS, *(i + 1 for i in layout)])
    letters = {i: get_column_letter(i + 1) for i in range(width)}
    rows, headless = [], {}
    for r, cells in enumerate(sheet_iter(ws, source, min_row=2, max_col=width), start=2):
        r = next((c.row for c in cells if getattr(c, "row", None)), r)  # the sheet's own row number
        if r > MAX_ROWS + 1:
            errors.append((title, r, None, _("the sheet has more than %(max)s rows; split the file") % {
                "max": f"{MAX_ROWS:,}".replace(",", ".")}))
            break
        row = Row(r, letters={c.field: letters[i] for i, c in layout.items()})
        for i, cell in enumerate(cells):
            column, value = layout.get(i), getattr(cell, "value", None)
            if column is None:
                if value not in (None, "") and i not in headless:
                    headless[i] = r
                continue
            try:
                read = cell_read(column, value, getattr(cell, "data_type", ""), getattr(cell, "number_format", ""))
            except CellProblem as exc:
                errors.append((title, r, letters[i], exc.message))
                row.bad.add(column.field)
                continue
            if read is not None:
                row.values[column.field] = read
        if row.values or row.bad:
            rows.append(row)
    for i, r in sorted(headless.items()):
        if i not in unknown:  # an unknown header was reported already
            errors.append((title, r, get_column_letter(i + 1), _("this column has no header, so nothing in it is "
                                                                 "read; give it one of the sheet's headers")))
    return rows
