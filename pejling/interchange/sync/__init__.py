"""Data in: one write path that MERGES a strategy document into the database, with a preview first.

    plan_sync_preview(document=..., source=..., user=None, accepted_candidates=()) -> Preview
    plan_sync_apply(document=..., source=..., user=None, accepted_candidates=()) -> Preview

Every reader (strategy documents, the Excel template, project tables, bulk measurements) turns its file
into the strategy document format (interchange/schema) and hands it here.

- The organisation and the strategy are found by slug (made when new). Inside, each item is found by
  its natural key (keys.py); found: the fields that differ are updated; not found: created. A field
  an item leaves out keeps its stored value. An upload NEVER deletes anything: deleting is done in the
  app, where it is kept in history.
- The stored strategy with the upload laid over it (merge.py) goes through the one document check
  (interchange/validation: limits, schema, references, unit cycles, values within the unit's range),
  so every problem is found at once and said at its place in the upload. Refused: ImportRefused, and
  nothing is written.
- An initiative may carry `indicator_candidates` (proposed by the table reader, each an indicator item
  with an `evidence` text). They are listed in the preview and written only when accepted:
  `accepted_candidates` holds (initiative code, candidate key).
- The apply re-checks everything inside one transaction, locks the strategy, writes history rows with
  the source "import", and marks the strategy changed only when something was written. Uploading
  exactly what `strategy_export` wrote changes nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pejling.assessment.limits import normalise_digits, normalise_key, suggest_key
from pejling.plans.audit import audit_context
from pejling.plans.models import Organisation, Strategy
from pejling.plans.services import strategies_touch_all, strategy_touch

from ..documents import ImportRefused, place
from ..exporter import FORMAT, organisation_export, strategy_export
from ..validation import CANDIDATES, Checker, prepare, schema_errors, strip_candidates
from .groups import groups_spelled
from .merge import Merge
from .preview import Candidate, Preview
from .rows import Rows
from .walk import Walk

CANDIDATE_ANNOTATIONS = ("evidence", "needs_scale")  # what a candidate carries that an indicator item does not

__all__ = ["Preview", "PreviewOutdated", "candidates_accept", "plan_sync_apply", "plan_sync_preview"]


@dataclass
class _Plan:
    doc: dict
    merge: Merge
    upload: dict
    organisation: Organisation | None
    strategy: Strategy | None


def plan_sync_preview(*, document: dict, source: str, user=None, accepted_candidates=frozenset()) -> Preview:
    """What applying `document` would do; writes nothing. Raises ImportRefused with every problem."""
    candidates = _candidates(document)
    plan = _plan(document, source, _accepted(candidates, accepted_candidates, source))
    preview = Preview(source=source)
    Walk(plan.doc, plan.merge, Rows(preview, user=user, write=False),
         organisation=plan.organisation, strategy=plan.strategy, user=user).run()
    preview.candidates = _judge_candidates(document, source, candidates, accepted_candidates)
    return preview


class PreviewOutdated(Exception):
    """The strategy changed after the preview the person confirmed: nothing was written."""


UNCHECKED = object()


def plan_sync_apply(*, document: dict, source: str, user=None, accepted_candidates=frozenset(),
                    revision_seen=UNCHECKED) -> Preview:
    """Apply `document` (all or nothing) and return what was done. Raises ImportRefused with every
    problem; then nothing is written. Two applies at the same moment are serialised by the strategy's
    lock; one that loses a race to create the same row is re-planned once against the winner's rows.
    With `revision_seen` (the Preview.revision a person confirmed; None for a strategy that did not exist)
    a strategy changed since then raises PreviewOutdated instead."""
    candidates = _candidates(document)
    accepted = _accepted(candidates, accepted_candidates, source)
    for attempt in range(2):
        try:
            with transaction.atomic(), audit_context(source="import"):
                _lock(document)
                plan = _plan(document, source, accepted)
                if revision_seen is not UNCHECKED and \
                        (plan.strategy.revision if plan.strategy else None) != revision_seen:
                    raise PreviewOutdated(source)
                preview = Preview(source=source)
                rows = Rows(preview, user=user, write=True)
                strategy = Walk(plan.doc, plan.merge, rows, organisation=plan.organisation,
                                strategy=plan.strategy, user=user).run()
                if rows.written:
                    if any(e.entity in ("organisation", "unit") for e in preview.entries):
                        strategies_touch_all()  # units are shared by the organisation's strategies
                    else:
                        strategy_touch(strategy.id)
                preview.applied = True
                preview.candidates = [c for c in candidates if (c.initiative, c.key) in accepted]
                for c in preview.candidates:
                    c.accepted = True
                return preview
        except IntegrityError:
            if attempt:
                raise ImportRefused(source, [_("someone else changed the same strategy at the same moment; "
                                               "nothing was written, try again")]) from None
    raise AssertionError("unreachable")


def _lock(document) -> None:
    """Hold the organisation and the strategy until the transaction ends (PostgreSQL; SQLite's
    immediate transactions already write one at a time)."""
    org, slug = _slugs(document)
    if org:
        list(Organisation.objects.select_for_update().filter(slug=org).values_list("id"))
    if slug:
        list(Strategy.objects.select_for_update().filter(slug=slug).values_list("id"))


def _slugs(document) -> tuple[str, str]:
    def slug(part):
        value = document.get(part) if isinstance(document, dict) else None
        value = value.get("slug") if isinstance(value, dict) else None
        return normalise_key(value) if isinstance(value, str) else ""
    return slug("organisation"), slug("strategy")


# -- checking the merged document -----------------------------------------------------------------
def _plan(document, source: str, accepted: dict) -> _Plan:
    raw, moved = _with_accepted(document, accepted)
    problems: list[tuple[tuple, str]] = []
    upload = prepare(strip_candidates(raw), problems)
    if not isinstance(upload, dict):
        raise ImportRefused(source, [_("the document must be an object with 'format', 'organisation' and 'strategy'")])
    org_slug, slug = _slugs(upload)
    organisation = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
    strategy = Strategy.objects.filter(slug=slug).select_related("organisation").first() if slug else None
    errors = []
    if strategy is not None and strategy.organisation.slug != org_slug:
        errors.append(_("strategy.slug: »%(slug)s« belongs to the organisation »%(org)s«") % {
            "slug": slug, "org": strategy.organisation.slug})
        strategy = None
    if strategy is not None:
        current = strategy_export(strategy=strategy)
    elif organisation is not None:
        current = {**FORMAT, "organisation": organisation_export(organisation=organisation)}
    else:
        current = {}
    groups_spelled(upload, current)  # "DRENGE" continues the stored group "Drenge"
    merge = Merge(current, upload)
    reported = {merge.merged_path(path) for path, _m in problems}
    found = [(merge.merged_path(path), message) for path, message in problems]
    for path, message in schema_errors(merge.merged):
        if path not in reported:
            reported.add(path)
            found.append((path, message))
    checker = Checker(merge.merged, (), {}, reported)
    doc = checker.check()
    found += checker.errors
    for path, message in found:
        errors.append(f"{_place(merge, upload, doc, path, moved)}: {message}")
    if errors:
        raise ImportRefused(source, errors)
    return _Plan(doc=doc, merge=merge, upload=upload, organisation=organisation, strategy=strategy)


def _place(merge: Merge, upload: dict, doc: dict, path, moved: dict) -> str:
    """The place of a problem in the upload (an accepted candidate's own place), or in stored data."""
    upath, in_upload = merge.upload_path(tuple(path))
    if not in_upload:
        return f"{place(doc, path)} {_('(stored)')}"
    for n in range(len(upath), 0, -1):
        if upath[:n] in moved:
            return _candidate_place(moved, upath, n)
    return place(upload, upath)


def _candidate_place(moved, upath, n) -> str:
    origin, code, key = moved[upath[:n]]
    rest = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in upath[n:])
    return f"{origin}({code} {key}){rest}"


# -- indicator candidates -------------------------------------------------------------------------
def _candidates(document) -> list[Candidate]:
    out = []
    strategy = document.get("strategy") if isinstance(document, dict) else None
    initiatives = strategy.get("initiatives") if isinstance(strategy, dict) else None
    for i, ini in enumerate(initiatives if isinstance(initiatives, list) else []):
        if not isinstance(ini, dict) or not isinstance(ini.get(CANDIDATES), list):
            continue
        code = normalise_digits(str(ini.get("code", ""))).strip()
        for j, cand in enumerate(ini[CANDIDATES]):
            if not isinstance(cand, dict):
                continue
            item = {k: copy.deepcopy(v) for k, v in cand.items() if k not in CANDIDATE_ANNOTATIONS}
            key = normalise_key(str(item.get("key") or "")) or _candidate_key(code, item, j)
            item["key"] = key
            out.append(Candidate(initiative=code, key=key, name=str(item.get("name", "")),
                                 evidence=str(cand.get("evidence", "")), item=item, position=(i, j),
                                 needs_scale=cand.get("needs_scale") if isinstance(cand.get("needs_scale"), dict)
                                 else None))
    return out


def _candidate_key(code: str, item: dict, j: int) -> str:
    return f"{suggest_key(code)}-{suggest_key(str(item.get('name', '')) or str(j + 1))}"[:60].rstrip("-")


def _accepted(candidates, accepted_candidates, source) -> dict:
    """{(code, key): candidate} for the accepted ones; accepting one that is not there is refused."""
    by_id = {(c.initiative, c.key): c for c in candidates}
    wanted = {(normalise_digits(str(code)).strip(), normalise_key(str(key))) for code, key in accepted_candidates}
    missing = sorted(wanted - set(by_id))
    if missing:
        raise ImportRefused(source, [_("%(code)s: there is no indicator candidate »%(key)s«") % {
            "code": code, "key": key} for code, key in missing])
    return {k: by_id[k] for k in sorted(wanted)}


def _with_accepted(document, accepted: dict):
    """The document with the accepted candidates moved into their initiatives' indicators (a scale one
    needs added to the strategy when missing), and where each moved one came from (so a problem is said
    at the candidate's place). The one rule of what accepting a candidate means."""
    if not accepted:
        return document, {}
    doc = copy.deepcopy(document)
    moved = {}
    initiatives = doc["strategy"]["initiatives"]
    for cand in accepted.values():
        if cand.needs_scale and isinstance(scales := doc["strategy"].setdefault("scales", []), list) and not any(
                isinstance(s, dict) and s.get("key") == cand.needs_scale.get("key") for s in scales):
            scales.append(copy.deepcopy(cand.needs_scale))
        i, j = cand.position
        indicators = initiatives[i].setdefault("indicators", [])
        if not isinstance(indicators, list):
            continue
        indicators.append(copy.deepcopy(cand.item))
        moved[("strategy", "initiatives", i, "indicators", len(indicators) - 1)] = (
            f"strategy.initiatives[{i}].{CANDIDATES}[{j}]", cand.initiative, cand.key)
    return doc, moved


def candidates_accept(document: dict, *, accepted="all") -> dict:
    """A copy of `document` with the accepted candidates as indicators and no candidates left (for
    readers' checks and scripts). `accepted`: "all", or the candidates' keys (an empty set accepts none)."""
    candidates = _candidates(document)
    chosen = {(c.initiative, c.key): c for c in candidates if accepted == "all" or c.key in accepted}
    doc, _moved = _with_accepted(document, chosen)
    return strip_candidates(doc)


def _judge_candidates(document, source, candidates, accepted_candidates) -> list[Candidate]:
    """Each candidate with the problems it would bring if accepted (one trial check with all of them)."""
    if not candidates:
        return []
    wanted = {(normalise_digits(str(c)).strip(), normalise_key(str(k))) for c, k in accepted_candidates}
    for c in candidates:
        c.accepted = (c.initiative, c.key) in wanted
    try:
        _plan(document, source, {(c.initiative, c.key): c for c in candidates})
    except ImportRefused as exc:
        for c in candidates:
            prefix = f"strategy.initiatives[{c.position[0]}].{CANDIDATES}[{c.position[1]}]({c.initiative} {c.key})"
            c.problems = [e[len(prefix):].lstrip(".: ") or e for e in exc.errors if e.startswith(prefix)]
    return candidates
