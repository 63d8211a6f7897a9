"""Reading a strategy document from a file, safely, and naming places inside it.

The parsers are limited before anything large happens: a file over `IMPORT_MAX_BYTES` is refused
before it is read; JSON and YAML nested deeper than MAX_DEPTH are refused before Python's recursion
could fail; YAML is loaded with the safe loader only, with at most MAX_ALIASES aliases and an
expanded size of at most MAX_NODES (a "billion laughs" file is refused in milliseconds), and a key
written twice in one object is refused instead of the last one silently winning.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SCHEMA_PATH = Path(__file__).with_name("schema") / "strategy.schema.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 100
MAX_NODES = 1_000_000


class ImportRefused(Exception):
    """The document was refused; `errors` lists every problem as 'place: why'."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = errors
        shown = "\n".join(f"  - {e}" for e in errors[:50])
        more = ("\n  " + _("… and %(count)s more") % {"count": len(errors) - 50}) if len(errors) > 50 else ""
        head = ngettext("%(source)s: refused, nothing was written (%(count)s problem):",
                        "%(source)s: refused, nothing was written (%(count)s problems):",
                        len(errors)) % {"source": source, "count": len(errors)}
        super().__init__(f"{head}\n{shown}{more}")


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_document(path: str | Path, *, limit: int | None = None) -> dict:
    """Parse a JSON or YAML file; a syntax error names the line and column."""
    path = Path(path)
    source = str(path)
    data = read_limited(path, source, limit=limit)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(source, [_("not UTF-8 text (%(reason)s at byte %(byte)s)") % {
            "reason": exc.reason, "byte": exc.start}]) from None
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    doc = parse_yaml(raw, source) if path.suffix.lower() in (".yaml", ".yml") else parse_json(raw, source)
    if not isinstance(doc, dict):
        raise ImportRefused(source, [_("the document must be an object with 'format', 'organisation' and 'strategy'")])
    return doc


def read_limited(path: str | Path, source: str | None = None, *, limit: int | None = None) -> bytes:
    """A file's bytes; one over `limit` (default: the import limit) is refused before it is read (and
    again if it grew meanwhile). `source` names the file in the refusal (default: its path)."""
    path = Path(path)
    source = str(path) if source is None else source
    limit = max_bytes() if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise ImportRefused(source, [_("the file is %(size)s MB; at most %(max)s MB can be imported") % {
                "size": mb(size), "max": mb(limit)}])
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except (FileNotFoundError, IsADirectoryError):
        raise ImportRefused(source, [_("file not found")]) from None
    if len(data) > limit:
        raise ImportRefused(source, [_("the file is larger than %(max)s MB") % {"max": mb(limit)}])
    return data


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


# -- JSON ----------------------------------------------------------------------------------------
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _json_too_deep(raw: str):
    """The line and column where nesting first exceeds MAX_DEPTH, or None; strings are skipped."""
    depth = 0
    for m in _JSON_TOKENS.finditer(raw):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = raw.count("\n", 0, m.start()) + 1
                return line, m.start() - (raw.rfind("\n", 0, m.start()) + 1) + 1
        elif tok in "]}":
            depth -= 1
    return None


def parse_json(raw: str, source: str = "document"):
    deep = _json_too_deep(raw)
    if deep:
        raise ImportRefused(source, [_("line %(line)s, column %(column)s: nested more than %(max)s levels deep") % {
            "line": deep[0], "column": deep[1], "max": MAX_DEPTH}])
    try:
        # strict=False: a control character inside a text is judged by the field's rule, not here
        return json.loads(raw, strict=False)
    except json.JSONDecodeError as exc:
        raise ImportRefused(source, [_("line %(line)s, column %(column)s: not valid JSON (%(why)s)") % {
            "line": exc.lineno, "column": exc.colno, "why": exc.msg}]) from None
    except RecursionError:  # cannot happen after the depth check; never a traceback
        raise ImportRefused(source, [_("nested more than %(max)s levels deep") % {"max": MAX_DEPTH}]) from None


# -- YAML ----------------------------------------------------------------------------------------
class _Refused(Exception):
    def __init__(self, mark, message):
        self.mark, self.message = mark, message


class SafeLimitedLoader(yaml.SafeLoader):
    """yaml.SafeLoader with limits: depth, aliases, expanded size; duplicate keys are collected
    as problems; dates stay texts (the schema decides); control characters other than NUL reach
    the field rules instead of failing the whole file."""

    NON_PRINTABLE = re.compile("[^\x01-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")
    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream):
        super().__init__(stream)
        self.problems: list[str] = []
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Refused(self.peek_event().start_mark,
                               _("more than %(max)s aliases (*name); write the values out") % {"max": MAX_ALIASES})
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark,
                           _("nested more than %(max)s levels deep") % {"max": MAX_DEPTH})
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, _value in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = key_node.value
                if key in seen:
                    mark = key_node.start_mark
                    self.problems.append(_(
                        "line %(line)s, column %(column)s: the key »%(key)s« is written twice in the same object "
                        "(first in line %(first)s); keep one") % {
                        "line": mark.line + 1, "column": mark.column + 1, "key": key, "first": seen[key]})
                else:
                    seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def _expanded_size(root, limit: int) -> int:
    """How many nodes the document has with every alias written out; stops above `limit`."""
    memo: dict[int, int] = {}
    on_path: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = []
        if done:
            on_path.discard(id(node))
            memo[id(node)] = size = 1 + sum(memo[id(c)] for c in children)
            if size > limit:
                raise _Refused(node.start_mark, "")
            continue
        if id(node) in memo:
            continue
        if id(node) in on_path:
            raise _Refused(node.start_mark, _("an alias refers to the object it is part of"))
        on_path.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in memo)
    return memo[id(root)]


def parse_yaml(raw: str, source: str = "document"):
    loader = SafeLimitedLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if loader._aliases:
            try:
                _expanded_size(node, MAX_NODES)
            except _Refused as exc:
                if exc.message:
                    raise
                raise _Refused(exc.mark, _("the aliases (*name) expand to more than %(max)s values") % {
                    "max": f"{MAX_NODES:,}".replace(",", ".")}) from None
        data = loader.construct_document(node)
    except _Refused as exc:
        where = _("line %(line)s, column %(column)s: ") % {"line": exc.mark.line + 1, "column": exc.mark.column + 1}
        raise ImportRefused(source, [where + exc.message]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s, column %(column)s: ") % {
            "line": mark.line + 1, "column": mark.column + 1} if mark else ""
        problem = str(getattr(exc, "problem", None) or exc)
        if "#x0000" in problem:
            problem = _("a NUL character (\\0)")
        raise ImportRefused(source, [where + _("not valid YAML (%(why)s)") % {"why": problem}]) from None
    except RecursionError:
        raise ImportRefused(source, [_("nested more than %(max)s levels deep") % {"max": MAX_DEPTH}]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise ImportRefused(source, loader.problems)
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
                    out += f"({hint[:40]})"
        else:
            out += f".{step}" if out else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return out or _("(document)")


def csv_problem(exc: Exception) -> str:
    """Why Python's csv reader stopped, in the reader's words (its own messages are English)."""
    text = str(exc)
    if text.startswith("field larger than field limit"):
        limit = re.search(r"\((\d+)\)", text)
        return _("a cell holds more than %(max)s characters") % {
            "max": f"{int(limit.group(1)):,}".replace(",", ".") if limit else "?"}
    if "NUL" in text:
        return _("the line holds a NUL character (the file may not be text)")
    if text.startswith("new-line character seen in unquoted field"):
        return _("a line break stands in a cell without quotation marks")
    return _("the line cannot be read as a table row (%(why)s)") % {"why": text}
