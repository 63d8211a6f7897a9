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


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests hash passwords by the dozen (demo log-ins, personas), and the production hasher takes a
    second each by design; the tests use a fast one. Production settings are not changed."""
    from django.test import override_settings
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def danish():
    """Every test starts in Danish, the product's first language, whatever a previous request activated."""
    from django.utils import translation
    with translation.override("da"):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the seed municipalities loaded once, committed: every `db` test runs in
    its rolled-back transaction on top of them. Transactional tests (live servers) flush the database
    when they end; the `demo` fixture loads it again for whoever needs it after that."""
    with django_db_blocker.unblock():
        demo_present_or_load()


_DEMO_SLUGS: list[str] = []  # the demo strategies' slugs in demo_load's order, known after the first load


def demo_present_or_load() -> list[str]:
    """The demo's slugs; loads whatever of it is missing (all of it, the first time and after a flush)."""
    if not _DEMO_SLUGS or Strategy.objects.filter(slug__in=_DEMO_SLUGS).count() < len(_DEMO_SLUGS):
        _DEMO_SLUGS[:] = [slug for slug, _ in demo_load()]
    return list(_DEMO_SLUGS)


@pytest.fixture
def demo(db):
    """The three seed municipalities (loaded through the ordinary import path once per session, and
    again after a transactional test emptied the database); the list of their strategies' slugs."""
    return demo_present_or_load()


@pytest.fixture
def empty_db(db):
    """A database without the demo (or anything else of Pejling's): it is deleted inside the test's
    transaction, so the next test finds it again. For tests of what happens in an empty installation."""
    from pejling.interchange.restore import installation_empty
    installation_empty()


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
        demo_present_or_load()
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
