"""The seed municipalities as demo data, loaded through the ordinary import path."""

from pathlib import Path

from pejling.interchange.documents import read_document
from pejling.interchange.importer import strategy_import
from pejling.plans.models import Strategy
from pejling.plans.services import strategy_publish

DATA_DIR = Path(__file__).with_name("data")


def demo_files():
    return sorted(DATA_DIR.glob("*.yaml"))


def demo_load(*, reset: bool = False):
    """Import every demo document; skip those already present unless `reset`.

    Yields (slug, loaded) per document."""
    for path in demo_files():
        doc = read_document(path)
        slug = doc.get("strategy", {}).get("slug")
        if not reset and Strategy.objects.filter(slug=slug).exists():
            yield slug, False
            continue
        strategy_publish(strategy=strategy_import(document=doc, source=str(path), replace=reset), published=True)
        yield slug, True


DEMO_PASSWORD = "demo"
# One log-in per role and municipality (password "demo"), plus the first demo's two log-ins, kept:
# `center` is a centre editor of Ringsted's Skolecenter, `konsulent` a consultant of Ringsted.
DEMO_CENTRES = {"ringsted": "Skolecenter", "holstebro": "UU Holstebro", "stevns": "Børn & Læring"}
DEMO_ROLES = {"administrator": "administrator", "konsulent": "consultant", "center": "centre-editor",
              "laeser": "reader"}
DEMO_ACCOUNTS = {f"{org}-{name}": (org, role) for org in DEMO_CENTRES for name, role in DEMO_ROLES.items()}
DEMO_ACCOUNTS.update({"center": ("ringsted", "centre-editor"), "konsulent": ("ringsted", "consultant")})


def demo_accounts():
    """Demo log-ins for trying every role. Never for production data. Returns the user names it made."""
    from django.contrib.auth import get_user_model

    from pejling.plans.memberships import member_add, organisation_find, unit_find
    from pejling.plans.models import Membership

    made = []
    User = get_user_model()
    for username, (org_slug, role) in DEMO_ACCOUNTS.items():
        organisation = organisation_find(text=org_slug)
        if organisation is None or Membership.objects.filter(user__username=username,
                                                             organisation=organisation).exists():
            continue
        units = [unit_find(organisation=organisation, text=DEMO_CENTRES[org_slug])] if role == "centre-editor" else []
        fresh = not User.objects.filter(username=username).exists()
        member_add(organisation=organisation, username=username, role=role, units=units)
        if fresh:
            user = User.objects.get(username=username)
            user.set_password(DEMO_PASSWORD)  # not through the validators: "demo" is for the demo only
            user.save(update_fields=["password"])
            made.append(username)
    return made
