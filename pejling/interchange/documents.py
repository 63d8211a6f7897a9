"""Reading a strategy document from a file and naming places inside it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).with_name("schema") / "strategy.schema.json"


class ImportRefused(Exception):
    """The document was refused; `errors` lists every problem as 'place: why'."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = errors
        shown = "\n".join(f"  - {e}" for e in errors[:50])
        more = f"\n  … and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{source}: refused, nothing was written ({len(errors)} problem(s)):\n{shown}{more}")


def read_document(path: str | Path) -> dict:
    """Parse a JSON or YAML file; a syntax error names the line and column."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportRefused(source, ["file not found"]) from None
    except UnicodeDecodeError as exc:
        raise ImportRefused(source, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            raise ImportRefused(source, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    else:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ImportRefused(source, [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]) from None
    if not isinstance(data, dict):
        raise ImportRefused(source, ["the document must be an object with 'format', 'organisation' and 'strategy'"])
    return data


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def place(doc: dict, path) -> str:
    """Turn a path like ('strategy','initiatives',5,'code') into a readable place
    that names codes and keys: strategy.initiatives[5](#6).code"""
    out, node = "", doc
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict):
                hint = node.get("code") or node.get("key")
                if isinstance(hint, str):
                    out += f"({hint})"
        else:
            out += f".{step}" if out else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return out or "(document)"
