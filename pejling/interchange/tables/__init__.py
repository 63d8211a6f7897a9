"""Project tables (TSV/CSV, HTML, DOCX) shaped like Ringsted's project overview — Projekt · Status ·
Målemetode · Mål og måltal · Deltagende centre — read into a strategy document: one initiative per
project row, units created in the organisation when missing, and the numbers in the free text
proposed as `indicator_candidates` (never written unless accepted in the preview, interchange/sync).

    project_table_read(path, organisation="ringsted", strategy="uddannelse-til-alle-unge", source=…)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from pejling.assessment.limits import key_problem, normalise_key
from pejling.plans.selectors import table_import_context
from pejling.texts.limits import problem_message

from ..documents import ImportRefused, read_limited
from ..exporter import FORMAT
from .accept import CANDIDATES, candidate_problems
from .candidates import propose
from .docx_table import read_docx_table
from .grid import Grid
from .header import find_header, missing_header_message
from .html_table import read_html_table
from .projects import FIELDS, read_projects, unit_fold
from .text_table import read_text_table

READERS = {".tsv": read_text_table, ".csv": read_text_table, ".tab": read_text_table,
           ".html": read_html_table, ".htm": read_html_table, ".docx": read_docx_table}


def is_table(path) -> bool:
    return Path(path).suffix.lower() in READERS


@dataclass
class TableReading:
    document: dict
    notices: list[str] = field(default_factory=list)  # what the reader did or left, for the preview


def project_table_read(path, *, organisation: str, strategy: str, source: str) -> dict:
    """A strategy document for the organisation and strategy (slugs) with one initiative per project
    row and its `indicator_candidates`. Raises ImportRefused listing every problem with its place."""
    return project_table_reading(path, organisation=organisation, strategy=strategy, source=source).document


def project_table_reading(path, *, organisation: str, strategy: str, source: str) -> TableReading:
    """`project_table_read` with the notices the preview should show (encoding, rows without a
    project, numbers not proposed)."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ImportRefused(source, [_("»%(suffix)s« is not a table format Pejling reads (use .tsv, .csv, .html "
                                       "or .docx)") % {"suffix": path.suffix or path.name}])
    org_slug, strategy_slug = normalise_key(organisation or ""), normalise_key(strategy or "")
    problems = [f"{label}: {problem_message(p)}" for label, p in
                (("--organisation", key_problem(org_slug)), ("--strategy", key_problem(strategy_slug, 80))) if p]
    if problems:
        raise ImportRefused(source, problems)
    grid: Grid = reader(read_limited(path, source), source)
    header = find_header(grid.rows)
    if header is None:
        raise ImportRefused(source, [missing_header_message(grid.rows)])
    context = table_import_context(organisation=org_slug, strategy=strategy_slug)
    known = {unit_fold(name): name for name in context["units"]}
    projects, problems, notices, units = read_projects(grid.rows, header, known)
    if not projects and not problems:
        problems.append(_("the table has a header but no project rows"))
    if problems:
        raise ImportRefused(source, problems)
    initiatives = []
    for project in projects:
        item = {"code": project.code, "title": project.title,
                **{FIELDS[col]: text for col, text in project.texts.items()}}
        if project.units:
            item["units"] = [{"unit": u} for u in project.units]
        candidates, unread = propose(code=project.code, title=project.title, texts=project.texts)
        notices += unread
        if candidates:
            item[CANDIDATES] = candidates
        initiatives.append(item)
    used = {u["unit"] for item in initiatives for u in item.get("units", [])}
    document = {
        **FORMAT,
        "organisation": {"slug": org_slug, "name": context["organisation_name"] or _title(org_slug),
                         "units": [{"name": name} for name in units.values() if name in used]},
        "strategy": {"slug": strategy_slug, "title": context["strategy_title"] or _title(strategy_slug),
                     "initiatives": initiatives},
    }
    notices = grid.notices + _gaps(projects) + notices
    notices += candidate_problems(document)  # drops (and says) any candidate that would not pass
    return TableReading(document, notices)


def _title(slug: str) -> str:
    """A name for a new organisation or strategy until someone writes the real one."""
    text = slug.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _gaps(projects) -> list[str]:
    """Numbers missing from a run of projects (#6 followed by #11): rows cut from the table?"""
    numbers = sorted({int("".join(ch for ch in p.code if ch.isdigit()) or 0) for p in projects if p.code[:1] == "#"})
    missing = [n for a, b in zip(numbers, numbers[1:], strict=False) for n in range(a + 1, b)]
    if not missing:
        return []
    return [_("the table has no row for %(codes)s: check that no rows were cut off") % {
        "codes": ", ".join(f"#{n}" for n in missing)}]
