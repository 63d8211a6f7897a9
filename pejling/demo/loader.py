"""The seed municipalities as demo data, loaded through the ordinary import path."""

from pathlib import Path

from pejling.interchange.documents import read_document
from pejling.interchange.importer import strategy_import
from pejling.plans.models import Strategy

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
        strategy_import(document=doc, source=str(path), replace=reset)
        yield slug, True


DEMO_ACCOUNTS = {"center": "Centermedarbejder", "konsulent": "Strategikonsulent"}
DEMO_PASSWORD = "demo"


def demo_accounts():
    """Demo log-ins (password "demo") for trying data entry and plan editing. Never for production data."""
    from django.contrib.auth import get_user_model

    from pejling.plans.permissions import roles_ensure

    groups = roles_ensure()
    User = get_user_model()
    made = []
    for username, role in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            made.append(username)
        user.groups.add(groups[role])
    return made
