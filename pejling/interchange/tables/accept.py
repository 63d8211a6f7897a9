"""Accepting indicator candidates: each becomes an indicator of its initiative, exactly as proposed
(without its `evidence`), and a scale it needs is added to the strategy when missing. The preview
(interchange/sync) decides which; this is the one rule of what accepting means."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..validation import check_document

CANDIDATES = "indicator_candidates"
ANNOTATIONS = ("evidence", "needs_scale")  # what a candidate carries that an indicator item does not


def with_candidates(document: dict, *, accepted="all") -> dict:
    """A copy of `document` with the accepted candidates as indicators and no candidates left.
    `accepted`: "all", or the keys of the candidates to accept (an empty set accepts none). The rule
    itself is interchange/sync's, the one the preview applies."""
    from ..sync import candidates_accept
    return candidates_accept(document, accepted=accepted)


def candidate_problems(document: dict) -> list[str]:
    """Check the candidates as if accepted; one that would not pass check_document is removed from
    `document` (in place) and said as a notice — a proposal must be acceptable as it is. All at once
    first (the usual case: one check), then project by project, then one by one where needed."""
    strategy = document["strategy"]
    with_any = [item for item in strategy["initiatives"] if item.get(CANDIDATES)]
    if not with_any or not _errors(document, strategy["initiatives"]):
        return []
    notices = []
    for item in with_any:
        if not _errors(document, [item]):
            continue
        kept = []
        for candidate in item[CANDIDATES]:
            errors = _errors(document, [{**item, CANDIDATES: [candidate]}])
            if errors:
                notices.append(_("%(code)s: the proposal »%(name)s« is left out: %(errors)s") % {
                    "code": item["code"], "name": candidate.get("name", "")[:80], "errors": "; ".join(errors[:3])})
            else:
                kept.append(candidate)
        if kept:
            item[CANDIDATES] = kept
        else:
            item.pop(CANDIDATES)
    return notices


def _errors(document: dict, initiatives: list[dict]) -> list[str]:
    alone = {**document, "strategy": {**document["strategy"], "initiatives": initiatives}}
    return check_document(with_candidates(alone))[1]
