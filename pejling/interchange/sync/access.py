"""Who may upload a document: the one permission module (plans/permissions.py) asked about what the
document would touch — the strategy it names if it exists, else the organisation (or creating one)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pejling.assessment.limits import normalise_key
from pejling.plans.models import Organisation, Strategy
from pejling.plans.permissions import can_create_organisation, can_edit_plan


def upload_refusals(user, document) -> list[tuple[bool, str]]:
    """(allowed, what the user would do) for each thing the upload touches."""
    org_doc = document.get("organisation") if isinstance(document, dict) else None
    strategy_doc = document.get("strategy") if isinstance(document, dict) else None
    org_slug = normalise_key(str(org_doc.get("slug", ""))) if isinstance(org_doc, dict) else ""
    slug = normalise_key(str(strategy_doc.get("slug", ""))) if isinstance(strategy_doc, dict) else ""
    existing = Strategy.objects.filter(slug=slug).select_related("organisation").first() if slug else None
    organisation = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
    checks = []
    if existing is not None:
        checks.append((can_edit_plan(user, existing), _("change the strategy %(slug)s") % {"slug": slug}))
    if organisation is not None:
        checks.append((can_edit_plan(user, organisation), _("add plans to %(organisation)s") % {"organisation": organisation.name}))
    else:
        checks.append((can_create_organisation(user), _("create a new organisation")))
    return checks


def upload_allowed(user, document) -> bool:
    return all(allowed for allowed, _what in upload_refusals(user, document))
