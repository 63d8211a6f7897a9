"""Organisations and people: administrators invite and manage, `pejling user add`, set-password links,
single sign-on's claim mapping, and the demo's log-ins."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from pejling.plans.models import Membership, Organisation, Strategy
from pejling.plans.permissions import can_enter_data, can_read_reports
from pejling.plans.sso import roles_from_claims

pytestmark = pytest.mark.usefixtures("demo")
RINGSTED = "ringsted-uddannelse-til-alle-unge"


def link_in(text):
    return re.search(r"https?://[^\s<]+?/konto/adgangskode/[^/\s<]+/[^/\s<]+/", text).group(0)


def test_an_administrator_invites_a_centre_editor_who_chooses_a_password_once(administrator):
    url = reverse("web:members", args=["ringsted"])
    response = administrator.post(url, {"username": "lærer", "role": "centre-editor"})
    assert response.status_code == 422
    assert "Vælg mindst én enhed til en centermedarbejder." in response.content.decode()
    school = Organisation.objects.get(slug="ringsted").units.get(name="Skolecenter")
    response = administrator.post(url, {"username": "lærer", "email": "l@example.dk", "role": "centre-editor",
                                        "units": [school.pk]}, follow=True)
    page = response.content.decode()
    assert "lærer er inviteret som centermedarbejder" in page
    link = link_in(page)
    person = Client()
    form = person.get(link, follow=True)
    assert "Vælg din adgangskode" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    weak = person.post(set_url, {"new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 200 and "Denne adgangskode er for kort" in weak.content.decode()
    done = person.post(set_url, {"new_password1": "Skolevej-17-blå", "new_password2": "Skolevej-17-blå"})
    assert done.status_code == 302
    assert "allerede brugt" in Client().get(link, follow=True).content.decode()  # the link works once
    user = get_user_model().objects.get(username="lærer")
    initiative = Strategy.objects.get(slug=RINGSTED).initiatives.get(code="#6")
    assert user.check_password("Skolevej-17-blå") and can_enter_data(user, initiative)


def test_an_administrator_changes_a_role_and_deactivates(administrator, reader):
    membership = Membership.objects.get(user__username="reader")
    url = reverse("web:member", args=["ringsted", membership.pk])
    assert administrator.post(url, {"role": "consultant"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "consultant"
    own = Membership.objects.get(user__username="administrator")
    response = administrator.post(reverse("web:member", args=["ringsted", own.pk]), {"role": "reader"})
    assert response.status_code == 422 and "Du kan ikke ændre din egen rolle" in response.content.decode()
    administrator.post(reverse("web:member-active", args=["ringsted", membership.pk]), {"active": "0"})
    membership.refresh_from_db()
    assert not membership.active and not membership.user.is_active
    assert reader.get(reverse("web:report", args=[RINGSTED])).status_code == 302  # logged out: inactive


def test_a_superuser_creates_an_organisation(client):
    boss = get_user_model().objects.create_superuser("drift", "drift@example.dk", "x")
    client.force_login(boss)
    url = reverse("web:organisation-create")
    response = client.post(url, {"name": "Odsherred Kommune", "slug": "ringsted"})
    assert response.status_code == 422 and "findes allerede" in response.content.decode()
    response = client.post(url, {"name": "Odsherred Kommune", "slug": "odsherred", "kind": "Kommune"})
    assert response.status_code == 302 and response.url == reverse("web:members", args=["odsherred"])
    assert Organisation.objects.get(slug="odsherred").name == "Odsherred Kommune"


def test_user_add_on_the_command_line(capsys):
    call_command("user", "add", "skole-1", "--organisation", "Ringsted", "--role", "centre-editor",
                 "--unit", "skolecenter", "--unit", "Børnecenter", "--email", "s@example.dk")
    out = capsys.readouterr().out
    assert "skole-1: centre-editor in Ringsted Kommune (Skolecenter, Børnecenter)" in out
    assert "/konto/adgangskode/" in link_in(out)
    membership = Membership.objects.get(user__username="skole-1")
    assert sorted(u.name for u in membership.units.all()) == ["Børnecenter", "Skolecenter"]
    call_command("user", "add", "skole-1", "--organisation", "holstebro", "--role", "reader",
                 "--password", "Et-godt-kodeord-42")
    assert "one-time link" not in capsys.readouterr().out
    user = get_user_model().objects.get(username="skole-1")
    assert user.memberships.count() == 2 and user.check_password("Et-godt-kodeord-42")
    assert can_read_reports(user, Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier"))
    with pytest.raises(CommandError, match="ingen enhed »Kulturcenter« i Ringsted Kommune"):
        call_command("user", "add", "x", "--organisation", "ringsted", "--role", "centre-editor",
                     "--unit", "Kulturcenter")
    with pytest.raises(CommandError, match="ingen organisation »Odense«"):
        call_command("user", "add", "x", "--organisation", "Odense", "--role", "reader")
    with pytest.raises(CommandError, match="for kort"):
        call_command("user", "add", "x", "--organisation", "ringsted", "--role", "reader", "--password", "1")
    assert not get_user_model().objects.filter(username="x").exists()


def test_the_demo_has_one_log_in_per_role_and_municipality_and_keeps_the_old_two():
    from pejling.demo.loader import demo_accounts
    demo_accounts()
    roles = set(Membership.objects.values_list("user__username", "organisation__slug", "role"))
    for org in ("ringsted", "holstebro", "stevns"):
        assert {(f"{org}-administrator", org, "administrator"), (f"{org}-konsulent", org, "consultant"),
                (f"{org}-center", org, "centre-editor"), (f"{org}-laeser", org, "reader")} <= roles
    assert {("center", "ringsted", "centre-editor"), ("konsulent", "ringsted", "consultant")} <= roles
    assert Client().login(username="center", password="demo")
    assert demo_accounts() == []  # again: nothing new


def test_single_sign_on_maps_a_claim_to_organisations_and_roles():
    claims = {"sub": "1", "email": "a@ringsted.dk", "pejling_roles": [
        "ringsted:centre-editor:Skolecenter,Børnecenter", "holstebro:READER", "stevns:chef", "odense:reader",
        "ringsted:reader", "holstebro"]}
    found = roles_from_claims(claims)
    assert [(o.slug, r, sorted(u.name for u in units)) for o, r, units in found.roles] == [
        ("ringsted", "centre-editor", ["Børnecenter", "Skolecenter"]), ("holstebro", "reader", [])]
    assert len(found.problems) == 4
    assert roles_from_claims({"pejling_roles": "stevns:consultant"}).roles[0][1] == "consultant"
    assert roles_from_claims({}).roles == []


def test_single_sign_on_stores_the_roles_the_identity_provider_gives(settings):
    pytest.importorskip("mozilla_django_oidc")
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "pejling", "hemmelig"
    settings.OIDC_OP_TOKEN_ENDPOINT = settings.OIDC_OP_USER_ENDPOINT = "https://idp.invalid/x"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    from pejling.web.oidc import PejlingOIDCBackend
    backend = PejlingOIDCBackend()
    claims = {"email": "k@ringsted.dk", "preferred_username": "k.ringsted", "pejling_roles": ["ringsted:consultant"]}
    assert backend.verify_claims(claims)
    assert not backend.verify_claims(dict(claims, pejling_roles=["odense:consultant"]))
    user = backend.create_user(claims)
    assert user.username == "k.ringsted"
    assert list(user.memberships.values_list("organisation__slug", "role", "active")) == [
        ("ringsted", "consultant", True)]
    backend.update_user(user, dict(claims, pejling_roles=["holstebro:reader"]))
    assert sorted(user.memberships.values_list("organisation__slug", "role", "active")) == [
        ("holstebro", "reader", True), ("ringsted", "consultant", False)]
