"""Pass 1: every text and number of a document through the shared rules (assessment/limits.py)."""

from __future__ import annotations

import math

from pejling.assessment.limits import (
    CODE_MAX,
    KEY_FIELDS,
    Problem,
    clean_text,
    key_problem,
    normalise_digits,
    normalise_key,
    text_rule,
)
from pejling.texts.limits import problem_message

from .places import CODE_FIELDS, PERIOD_FIELDS, _key_path, where


def prepare(doc, problems: list) -> object:
    """A normalised copy of `doc`; problems are appended as (path, message)."""

    def walk(node, path):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if not isinstance(key, str):
                    key = str(key)
                if _key_path(path + (key,)):
                    key = normalise_key(key)
                out[key] = walk(value, path + (key,))
            return out
        if isinstance(node, list):
            return [walk(value, path + (i,)) for i, value in enumerate(node)]
        if isinstance(node, float) and not math.isfinite(node):
            problems.append((path, problem_message(Problem("not_finite", {"value": _spelling(node)}))))
            return 0
        if isinstance(node, int) and not isinstance(node, bool) and path and path[-1] in PERIOD_FIELDS:
            return str(node)  # YAML reads an unquoted 2019 as a number
        if isinstance(node, str):
            return text(node, path)
        return node

    def text(value, path):
        entity, name = where(path) if path else ("document", "")
        if path and path[-1] in PERIOD_FIELDS or (entity, name) in CODE_FIELDS:
            value = normalise_digits(value).strip()
        if (entity, name) in KEY_FIELDS and value:
            value = normalise_key(value)
            problem = key_problem(value, KEY_FIELDS[(entity, name)])
            if problem:
                problems.append((path, problem_message(problem)))
            return value
        rule = text_rule(entity, name)
        if (entity, name) in CODE_FIELDS:
            rule = type(rule)(CODE_MAX)
        cleaned, problem = clean_text(value, rule)
        if problem:
            problems.append((path, problem_message(problem)))
        return cleaned

    return walk(doc, ())


def _spelling(value: float) -> str:
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")

