"""The report as an Excel workbook: an overview, one sheet per focus area in the IPTT layout
(indicator · baseline · per year target / actual / % of target) and every measurement. Numbers are
numbers, with Danish-looking number formats; texts stay texts."""

import re
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pejling.assessment.colours import Colour
from pejling.texts.cells import cell_text

from .markdown import plain

FILLS = {c.value: c.tint.lstrip("#").upper() for c in Colour}
HEAD = Font(bold=True)


def _sheet_title(text: str, taken: set) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", cell_text(text).lstrip("'")).strip()[:28] or "Ark"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base[:25]} ({n})", n + 1
    taken.add(title.lower())
    return title


def _append(ws, values):
    """A row, every text kept a text: nothing a reader or the public typed can become a formula."""
    ws.append([cell_text(v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _header(ws, names):
    _append(ws, names)
    for cell in ws[ws.max_row]:
        cell.font = HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"A{ws.max_row + 1}"  # a coordinate, not ws.cell(): that would create an empty row


def _widths(ws, widths):
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _colour_cell(cell, colour):
    cell.fill = PatternFill("solid", fgColor=FILLS.get(colour, "FFFFFF"))


def report_xlsx(doc: dict) -> bytes:
    wb = Workbook()
    taken: set = set()
    ws = wb.active
    ws.title = _sheet_title(_("Overview"), taken)
    _append(ws, [doc["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    _append(ws, [doc["municipality"], _("Status as of %(d)s") % {"d": doc["as_of_label"]}])
    _append(ws, [doc["summary"]["text"]])
    if doc["summary"].get("goal_text"):
        _append(ws, [doc["summary"]["goal_text"]])
    for key in ("introduction", "consultant_summary"):
        if doc.get(key):
            _append(ws, [plain(doc[key])])
            ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    _append(ws, [])
    _header(ws, [_("Project"), _("Status (baseline/latest)"), _("Measurement method"), _("Targets"),
                 _("Participating centres"), _("Colour")])
    for o in doc["overview"]:
        _append(ws, [f'{o["code"]} {o["title"]}', o["status"], o["method"], o["targets"], o["units"], o["label"]])
        _colour_cell(ws.cell(row=ws.max_row, column=6), o["colour"])
    _widths(ws, [40, 40, 30, 40, 30, 14])

    goal_rows = [(scope["title"], r) for scope in doc.get("goals", []) for g in scope["goals"] for r in g["rows"]]
    if goal_rows:
        _iptt_sheet(wb, _sheet_title(_("Effect goals"), taken), goal_rows)
    for fa in doc["focus_areas"]:
        title = f'{fa["code"]} {fa["title"]}' if fa["code"] else fa["title"]
        rows = [(f'{ini["code"]} {ini["title"]}', r) for ini in fa["initiatives"]
                for group in ("short", "long", "other") for r in ini["results"][group]]
        _iptt_sheet(wb, _sheet_title(title, taken), rows)

    ws = wb.create_sheet(_sheet_title(_("Measurements"), taken))
    _header(ws, [_("Initiative"), _("Indicator"), _("Unit"), _("Period"), _("Period end"), _("Baseline"),
                 _("Group"), _("Category"), _("Value"), _("Status"), _("Comment")])
    for m in doc["measurements"]:
        _append(ws, [m["initiative"], m["indicator"], m["unit"], m["period"],
                   date.fromisoformat(m["period_end"]) if m["period_end"] else None,
                   _("yes") if m["baseline"] else "", m["breakdown"], m["level"],
                   m["value"] if m["value"] is not None else m["text"], m["status"], m["comment"]])
        ws.cell(row=ws.max_row, column=5).number_format = "DD-MM-YYYY"
    _widths(ws, [10, 50, 10, 16, 12, 9, 16, 18, 10, 14, 50])
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
    ws = wb.create_sheet(title)
    years = sorted({y for _owner, r in rows for y in r["values"]})
    head = [_("Initiative"), _("Indicator"), _("Unit"), _("Baseline"), _("Baseline year")]
    for y in years:
        head += [_("Target %(year)s") % {"year": y}, _("Actual %(year)s") % {"year": y},
                 _("%% of target %(year)s") % {"year": y}]
    head += [_("Final target"), _("Colour"), _("Note")]
    _header(ws, head)
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
        _append(ws, row)
        for k in range(len(years)):
            ws.cell(row=ws.max_row, column=6 + 3 * k + 2).number_format = "0%"
        if r.get("colour"):
            _colour_cell(ws.cell(row=ws.max_row, column=len(head) - 1), r["colour"])
    _widths(ws, [28, 50, 10, 10, 10] + [10] * (3 * len(years)) + [12, 12, 30])
