"""`strategy_import`: a whole new strategy from a document (files, demo data, tests), or with
`replace` a strategy deleted and written anew.

Validate everything first; then write in one transaction through interchange/sync (the one write
path for documents), so a refused or failing import changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from pejling.assessment.limits import normalise_key
from pejling.plans.audit import audit_context
from pejling.plans.models import (
    Organisation,
    Strategy,
    Unit,
)

from .documents import ImportRefused
from .validation import check_document


def strategy_import(*, document: dict, source: str = "document", replace: bool = False) -> Strategy:
    """Create the strategy a document describes. Raises ImportRefused listing every problem.

    An existing strategy with the same slug is refused unless `replace` is set, in which
    case it is deleted and written anew within the same transaction.
    """
    doc = strategy_import_check(document=document, source=source, replace=replace)
    from .sync import plan_sync_apply  # the one write path: a new strategy is a merge into nothing
    with transaction.atomic(), audit_context(source="import"):
        published = False
        if replace:
            published = Strategy.objects.filter(slug=doc["strategy"]["slug"], published=True).exists()
            Strategy.objects.filter(slug=doc["strategy"]["slug"]).delete()
        plan_sync_apply(document=document, source=source)
        strategy = Strategy.objects.get(slug=doc["strategy"]["slug"])
        if published:  # a replaced strategy stays as public as it was
            Strategy.objects.filter(id=strategy.id).update(published=True)
            strategy.published = True
        return strategy


def strategy_import_check(*, document: dict, source: str = "document", replace: bool = False) -> dict:
    """Everything `strategy_import` checks, without writing: the normalised document, or
    ImportRefused listing every problem with its place."""
    org_doc = document.get("organisation") if isinstance(document, dict) else None
    slug = org_doc.get("slug") if isinstance(org_doc, dict) else None
    parents = {}
    if isinstance(slug, str) and slug:
        parents = {name: parent for name, parent in Unit.objects.filter(organisation__slug=normalise_key(slug))
                   .values_list("name", "parent__name")}
    doc, errors = check_document(document, set(parents), parents)
    if not errors:
        slug = doc["strategy"]["slug"]
        other = Strategy.objects.filter(slug=slug).select_related("organisation").first()
        if other and not replace:
            errors.append(gettext("strategy.slug: a strategy »%(slug)s« already exists (use --replace to overwrite it)")
                          % {"slug": slug})
        elif other and other.organisation.slug != doc["organisation"]["slug"]:
            errors.append(gettext("strategy.slug: »%(slug)s« belongs to the organisation »%(org)s«") % {
                "slug": slug, "org": other.organisation.slug})
    if errors:
        raise ImportRefused(source, errors)
    return doc


def import_summary(doc: dict) -> dict:
    """What importing a checked document would write, counted: for `pejling import --dry-run`."""
    s = doc["strategy"]
    indicators = [ind for ind in s.get("indicators", [])]
    indicators += [ind for fa in s.get("focus_areas", []) for ind in fa.get("indicators", [])]
    indicators += [ind for ini in s.get("initiatives", []) for ind in ini.get("indicators", [])]
    return {
        "organisation": doc["organisation"]["slug"],
        "organisation_exists": Organisation.objects.filter(slug=doc["organisation"]["slug"]).exists(),
        "strategy": s["slug"],
        "strategy_exists": Strategy.objects.filter(slug=s["slug"]).exists(),
        "units": len(doc["organisation"].get("units", [])),
        "focus_areas": len(s.get("focus_areas", [])),
        "initiatives": len(s.get("initiatives", [])),
        "indicators": len(indicators),
        "targets": sum(len(ind.get("targets", [])) for ind in indicators),
        "measurements": sum(len(ind.get("measurements", [])) for ind in indicators),
        "references": sum(len(ind.get("references", [])) for ind in indicators),
    }
