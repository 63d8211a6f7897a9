import copy

import pytest

from pejling.demo.loader import demo_load
from pejling.interchange.exporter import strategy_export
from pejling.interchange.importer import strategy_import
from pejling.plans.models import Strategy


@pytest.fixture(autouse=True)
def fresh_caches():
    """Test databases reuse ids and revisions, so page and status caches must not outlive a test."""
    from django.core.cache import cache, caches

    from pejling.tracking import status_cache
    cache.clear()
    caches["reports"].clear()
    status_cache.clear()


@pytest.fixture(autouse=True)
def danish():
    """Every test starts in Danish, the product's first language, whatever a previous request activated."""
    from django.utils import translation
    with translation.override("da"):
        yield


@pytest.fixture
def demo(db):
    """The three seed municipalities, loaded through the ordinary import path."""
    return [slug for slug, _ in demo_load()]


@pytest.fixture
def grow_strategy(demo):
    """Re-import a strategy with extra copies of its initiative 4.2 (Holstebro's richest)."""
    def grow(slug, copies):
        doc = strategy_export(strategy=Strategy.objects.get(slug=slug))
        source = next(i for i in doc["strategy"]["initiatives"] if i["code"] == "4.2")
        for n in range(copies):
            extra = copy.deepcopy(source)
            extra["code"] = f"4.2.{n}"
            for ind in extra["indicators"]:
                ind["key"] = f"{ind['key']}-{n}"
            doc["strategy"]["initiatives"].append(extra)
        strategy_import(document=doc, replace=True)
    return grow


@pytest.fixture(scope="session")
def holstebro_files(django_db_setup, django_db_blocker):
    """The four formats of Holstebro's report as of 2013-12-31 (the partnership's last day), made once."""
    from datetime import date

    from django.db import transaction
    from django.utils import translation

    from pejling.reports.content import report_build
    from pejling.reports.render import report_render
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("da"):
        list(demo_load())
        strategy = Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier")
        doc = report_build(strategy=strategy, as_of=date(2013, 12, 31))
        files = {fmt: report_render(doc, fmt) for fmt in ("docx", "pdf", "xlsx", "html")}
        files["doc"] = doc
        transaction.set_rollback(True)
    return files


# --- Personas: one per role in Ringsted, and a consultant in Holstebro --------------------------------

PERSONAS = {  # name: (organisation, role, units)
    "administrator": ("ringsted", "administrator", []),
    "consultant": ("ringsted", "consultant", []),
    "centre_editor": ("ringsted", "centre-editor", ["Skolecenter"]),
    "reader": ("ringsted", "reader", []),
    "holstebro_consultant": ("holstebro", "consultant", []),
}


def persona_user(name):
    """The persona's user (made on first use), a member of its organisation with its role."""
    from django.contrib.auth import get_user_model

    from pejling.plans.memberships import member_add, organisation_find, unit_find

    existing = get_user_model().objects.filter(username=name).first()
    if existing is not None:
        return existing
    org_slug, role, units = PERSONAS[name]
    organisation = organisation_find(text=org_slug)
    membership = member_add(organisation=organisation, username=name, role=role,
                            units=[unit_find(organisation=organisation, text=u) for u in units])
    return membership.user


def persona_client(name):
    from django.test import Client
    client = Client()
    client.force_login(persona_user(name))
    return client


@pytest.fixture
def administrator(demo):
    return persona_client("administrator")


@pytest.fixture
def consultant(demo):
    return persona_client("consultant")


@pytest.fixture
def centre_editor(demo):
    return persona_client("centre_editor")


@pytest.fixture
def reader(demo):
    return persona_client("reader")


@pytest.fixture
def holstebro_consultant(demo):
    return persona_client("holstebro_consultant")
