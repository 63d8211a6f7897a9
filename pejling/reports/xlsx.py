"""The report as an Excel workbook: an overview, one sheet per focus area in the IPTT layout
(indicator · baseline · per year target / actual / % of target) and every measurement. Numbers are
numbers, with Danish-looking number formats; texts stay texts. Written in openpyxl's write-only
mode: rows stream to the file as they come, so a national strategy's thousands of measurements
cost neither memory nor the full sheet's lookups that appending to an ordinary sheet does."""

import re
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pejling.assessment.colours import Colour
from pejling.texts.cells import cell_text

from .markdown import plain

FILLS = {c.value: c.tint.lstrip("#").upper() for c in Colour}
HEAD = Font(bold=True)
HEAD_STYLE = {"font": HEAD, "alignment": Alignment(wrap_text=True, vertical="top")}
WRAP = {"alignment": Alignment(wrap_text=True, vertical="top")}


def _sheet_title(text: str, taken: set) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", cell_text(text).lstrip("'")).strip()[:28] or "Ark"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base[:25]} ({n})", n + 1
    taken.add(title.lower())
    return title


def _sheet(wb, title: str, widths, *, frozen_rows: int):
    """A streaming sheet: its column widths and frozen header must be set before the first row."""
    ws = wb.create_sheet(title)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"A{frozen_rows + 1}"  # below the header row
    return ws


def _append(ws, values, styles: dict | None = None, every: dict | None = None):
    """A row, every text kept a text: nothing a reader or the public typed can become a formula (nor an
    error code like "#N/A"). `styles`: {column (1-based): {attribute: value}}; `every`: for all cells.
    Plain values where no style is needed: a cell object per value would double the work."""
    cells = []
    for col, v in enumerate(values, start=1):
        if isinstance(v, str):
            v = cell_text(v)
        style = {**(every or {}), **((styles or {}).get(col) or {})}
        if style or (isinstance(v, str) and v in ERROR_CODES):
            cell = WriteOnlyCell(ws, value=v)
            if isinstance(v, str):
                cell.data_type = "s"
            for name, value in style.items():
                setattr(cell, name, value)
            v = cell
        cells.append(v)
    ws.append(cells)


def _fill(colour) -> dict:
    return {"fill": PatternFill("solid", fgColor=FILLS.get(colour, "FFFFFF"))}


def report_xlsx(doc: dict) -> bytes:
    wb = Workbook(write_only=True)
    taken: set = set()
    top = [([doc["title"]], {1: {"font": Font(bold=True, size=14)}}),
           ([doc["municipality"], _("Status as of %(d)s") % {"d": doc["as_of_label"]}], None),
           ([doc["summary"]["text"]], None)]
    if doc["summary"].get("goal_text"):
        top.append(([doc["summary"]["goal_text"]], None))
    top += [([plain(doc[key])], {1: WRAP}) for key in ("introduction", "consultant_summary") if doc.get(key)]
    top.append(([], None))
    ws = _sheet(wb, _sheet_title(_("Overview"), taken), [40, 40, 30, 40, 30, 14], frozen_rows=len(top) + 1)
    for values, styles in top:
        _append(ws, values, styles)
    _append(ws, [_("Project"), _("Status (baseline/latest)"), _("Measurement method"), _("Targets"),
                 _("Participating centres"), _("Colour")], every=HEAD_STYLE)
    for o in doc["overview"]:
        _append(ws, [f'{o["code"]} {o["title"]}', o["status"], o["method"], o["targets"], o["units"], o["label"]],
                {6: _fill(o["colour"])})

    goal_rows = [(scope["title"], r) for scope in doc.get("goals", []) for g in scope["goals"] for r in g["rows"]]
    if goal_rows:
        _iptt_sheet(wb, _sheet_title(_("Effect goals"), taken), goal_rows)
    for fa in doc["focus_areas"]:
        title = f'{fa["code"]} {fa["title"]}' if fa["code"] else fa["title"]
        rows = [(f'{ini["code"]} {ini["title"]}', r) for ini in fa["initiatives"]
                for group in ("short", "long", "other") for r in ini["results"][group]]
        _iptt_sheet(wb, _sheet_title(title, taken), rows)

    ws = _sheet(wb, _sheet_title(_("Measurements"), taken), [10, 50, 10, 16, 12, 9, 16, 18, 10, 14, 50],
                frozen_rows=1)
    _append(ws, [_("Initiative"), _("Indicator"), _("Unit"), _("Period"), _("Period end"), _("Baseline"),
                 _("Group"), _("Category"), _("Value"), _("Status"), _("Comment")], every=HEAD_STYLE)
    dated = {5: {"number_format": "DD-MM-YYYY"}}
    yes = _("yes")
    for m in doc["measurements"]:
        _append(ws, [m["initiative"], m["indicator"], m["unit"], m["period"],
                     date.fromisoformat(m["period_end"]) if m["period_end"] else None,
                     yes if m["baseline"] else "", m["breakdown"], m["level"],
                     m["value"] if m["value"] is not None else m["text"], m["status"], m["comment"]], dated)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def share_of_plan(actual, planned, direction: int):
    """IPTT's "% of target": how far the actual value is along what was planned. When lower is better
    (direction −1, or a ceiling), being under the plan is good, so it is planned ÷ actual."""
    if actual is None or not planned:
        return None
    if direction < 0:
        return planned / actual if actual else None
    return actual / planned


def _iptt_sheet(wb, title, rows):
    """Per year the planned value from the trajectory, the actual value and actual as a share of planned."""
    years = sorted({y for _owner, r in rows for y in r["values"]})
    head = [_("Initiative"), _("Indicator"), _("Unit"), _("Baseline"), _("Baseline year")]
    for y in years:
        head += [_("Target %(year)s") % {"year": y}, _("Actual %(year)s") % {"year": y},
                 _("%% of target %(year)s") % {"year": y}]
    head += [_("Final target"), _("Colour"), _("Note")]
    ws = _sheet(wb, title, [28, 50, 10, 10, 10] + [10] * (3 * len(years)) + [12, 12, 30], frozen_rows=1)
    _append(ws, head, every=HEAD_STYLE)
    shares = {6 + 3 * k + 2: {"number_format": "0%"} for k in range(len(years))}
    for owner, r in rows:
        row = [owner, r["name"], r["unit"], r["baseline"]["value"],
               int(r["baseline"]["year"]) if r["baseline"]["year"].isdigit() else r["baseline"]["year"]]
        for y in years:
            actual = (r["values"].get(y) or {}).get("value")
            planned = r["expected"].get(y)
            row += [planned, actual if actual is not None else (r["values"].get(y) or {}).get("text"),
                    share_of_plan(actual, planned, r.get("direction", 1))]
        row += [r["target"]["value"] if r["target"]["value"] is not None else r["target"]["text"],
                r["label"], r["retired"]]
        _append(ws, row, {**shares, len(head) - 1: _fill(r["colour"])} if r.get("colour") else shares)
