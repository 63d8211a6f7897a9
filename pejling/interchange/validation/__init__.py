"""Checking a strategy document completely before anything is written.

Three passes, and every problem of all three is reported at once, each with its place:
1. `prepare`: every text and number through the shared rules (assessment/limits.py): digits and
   keys normalised, control characters refused or removed, lengths, NaN/infinity, size;
2. the JSON Schema (shape and types), said in the consultant's words;
3. the rules the schema cannot say (references between parts, periods, kinds, units' parents,
   values within what the unit allows).
A place with a problem from an earlier pass is not reported again by a later one.
"""


from __future__ import annotations

from ..documents import place
from .checker import Checker
from .places import CONTAINERS, where  # noqa: F401  (the names other modules use)
from .prepare import prepare
from .schema_messages import schema_errors, schema_message  # noqa: F401

CANDIDATES = "indicator_candidates"


def strip_candidates(doc):
    """The document without the initiatives' indicator candidates: proposals (from the table reader) are
    never written unless accepted in a preview (interchange/sync), so a plain check ignores them."""
    if not isinstance(doc, dict) or not isinstance(doc.get("strategy"), dict):
        return doc
    initiatives = doc["strategy"].get("initiatives")
    if not isinstance(initiatives, list) or not any(isinstance(i, dict) and CANDIDATES in i for i in initiatives):
        return doc
    strategy = {**doc["strategy"], "initiatives": [
        {k: v for k, v in ini.items() if k != CANDIDATES} if isinstance(ini, dict) else ini for ini in initiatives]}
    return {**doc, "strategy": strategy}


def check_document_problems(doc, existing_units=frozenset(), existing_parents=None) -> tuple[dict, list]:
    """(normalised document, [(path, message)]): every problem of every pass, each place once."""
    problems: list[tuple[tuple, str]] = []
    normalised = prepare(strip_candidates(doc), problems)
    reported = {path for path, _msg in problems}
    for path, message in schema_errors(normalised):
        if path not in reported:
            reported.add(path)
            problems.append((path, message))
    if isinstance(normalised, dict):
        checker = Checker(normalised, existing_units, existing_parents, reported)
        normalised = checker.check()
        problems += checker.errors
    return normalised, problems


def check_document(doc, existing_units=frozenset(), existing_parents=None) -> tuple[dict, list[str]]:
    """Return (normalised document, errors). The document is usable only without errors.
    Every problem of every pass is listed, each once, as 'place: reason'."""
    normalised, problems = check_document_problems(doc, existing_units, existing_parents)
    return normalised, [f"{place(normalised, path)}: {message}" for path, message in problems]
