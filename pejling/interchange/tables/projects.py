"""Project rows into initiatives: the code and title from the Projekt column, the texts into the
fields of an action-plan sheet, the participating centres into the organisation's units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pejling.assessment.limits import TITLE, Problem, clean_text, normalise_digits, text_rule
from pejling.texts.limits import problem_message

from .cell_text import one_line
from .grid import Row
from .header import Header, data_rows

# the column of the table -> the field of the initiative (an action-plan sheet's names)
FIELDS = {"status": "challenges", "method": "monitoring", "target": "purpose"}
_CODE = re.compile(r"^\s*(#\s*\d{1,4}\s*[a-zA-Z]?|\d{1,3}(?:\.\d{1,3})+[a-z]?|\d{1,3}[a-z]?(?=[.):]\s))[.):]?\s+(.+)$",
                   re.DOTALL)
_UNIT_SPLIT = re.compile(r"\s*[,;]\s*")


def normalise_code(raw: str) -> str:
    """'# 6' → '#6', '#9A' → '#9a', '２.３' → '2.3': the codes the rest of Pejling stores (demo data,
    addresses /i/9a/). A bare number ("6.") gets the "#" the Ringsted numbering has."""
    code = re.sub(r"\s+", "", normalise_digits(raw)).lower()
    return code if code.startswith("#") or "." in code else "#" + code


def unit_fold(name: str) -> str:
    """'Social- og sundhedscenter', 'Social og Sundhedscenter' and 'Børne center' match their unit."""
    return re.sub(r"[\s\-–.]+", "", name.casefold())


def split_units(text: str) -> list[str]:
    """Units separated by commas or semicolons; a name broken over two lines ("Social- og\\nsundhedscenter")
    is one name, while one unit per line (a Word cell with a paragraph per centre) gives several."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined: list[str] = []
    for line in lines:
        if joined and (joined[-1].endswith(("-", " og", ",")) or line[:1].islower()):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    names = [n.strip(" .") for part in joined for n in _UNIT_SPLIT.split(part)]
    return [re.sub(r"\s+", " ", n) for n in names if n]


@dataclass
class Project:
    row: Row
    code: str
    title: str
    texts: dict[str, str]  # column -> clean text
    units: list[str] = field(default_factory=list)


def place(row: Row, column: str | None) -> str:
    where = (_("Table %(table)s, row %(row)s") % {"table": row.table, "row": row.number} if row.table
             else _("Row %(row)s") % {"row": row.number})
    return _("%(where)s, column %(column)s") % {"where": where, "column": column} if column else where


def read_projects(rows: list[Row], header: Header, known_units: dict[str, str]):
    """(projects, problems, notices). `known_units` maps unit_fold(name) → the organisation's name."""
    projects: list[Project] = []
    problems: list[str] = []
    notices: list[str] = []
    codes: dict[str, int] = {}
    units = dict(known_units)
    for row in data_rows(rows, header):
        cell = {col: (row.cells[i] if i < len(row.cells) else "") for col, i in header.columns.items()}
        name = header.names
        bad = False
        for col, text in cell.items():
            if col == "project":
                probe, rule = one_line(text), TITLE
            elif col == "units":
                probe, rule = ", ".join(split_units(text)), text_rule("initiative", "purpose")
            else:
                probe, rule = text, text_rule("initiative", FIELDS[col])
            cleaned, problem = clean_text(probe, rule)
            if problem:
                problems.append(f"{place(row, name[col])}: {problem_message(problem)}")
                bad = True
            elif col not in ("project", "units"):
                cell[col] = cleaned
        if bad:
            continue
        if header.columns["project"] in row.merged and projects:
            problems += _continue(projects[-1], row, header, cell, units)  # a project cell merged downwards
            continue
        project_text = one_line(cell["project"])
        if not project_text:
            filled = [name[c] for c, v in cell.items() if v.strip()]
            notices.append(_("%(place)s: no project in column %(column)s, so the text in %(filled)s is not "
                             "imported (a row cut off from its project? add it by hand)") % {
                "place": place(row, None), "column": name["project"], "filled": ", ".join(filled)})
            continue
        m = _CODE.match(project_text)
        if not m:
            problems.append(f"{place(row, name['project'])}: " + _(
                "»%(text)s« does not start with a project number (e.g. #1, #9a or 2.3)") % {"text": project_text[:60]})
            continue
        code, title = normalise_code(m.group(1)), m.group(2).strip()
        if code in codes:
            problems.append(f"{place(row, name['project'])}: " + _("%(code)s is also in row %(row)s") % {
                "code": code, "row": codes[code]})
            continue
        codes[code] = row.number
        texts = {col: cell[col] for col in ("status", "method", "target") if col in cell and cell[col]}
        project = Project(row, code, title, texts)
        problems += _link_units(project, cell.get("units", ""), units, place(row, name.get("units")))
        projects.append(project)
    return projects, problems, notices, units


def _link_units(project: Project, text: str, units: dict[str, str], where: str) -> list[str]:
    problems = []
    for unit in split_units(text):
        if len(unit) > TITLE.max_length:
            problems.append(f"{where}: " + problem_message(
                Problem("too_long", {"length": len(unit), "max": TITLE.max_length})))
            continue
        canonical = units.setdefault(unit_fold(unit), unit)
        if canonical not in project.units:
            project.units.append(canonical)
    return problems


def _continue(project: Project, row: Row, header: Header, cell: dict[str, str], units: dict[str, str]) -> list[str]:
    """A row under a merged project cell adds its own (unmerged) texts and units to the project."""
    problems = []
    for col, text in cell.items():
        if header.columns[col] in row.merged or not text or col == "project":
            continue
        if col == "units":
            problems += _link_units(project, text, units, place(row, header.names[col]))
        else:
            project.texts[col] = f"{project.texts[col]}\n{text}" if project.texts.get(col) else text
    return problems
