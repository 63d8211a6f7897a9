"""No lost edits: a save based on an old version is refused with what the other person changed, the
person's input stays on screen, and a second value for a period needs a confirmed correction."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pejling.demo.loader import demo_accounts
from pejling.plans.models import Initiative, Unit
from pejling.tracking.models import Measurement

pytestmark = pytest.mark.usefixtures("demo")

RINGSTED = "ringsted-uddannelse-til-alle-unge"
EDIT6 = reverse("web:initiative-edit", args=[RINGSTED, "#6"])
POSITION = reverse("web:indicator-entry", args=[RINGSTED, "#1", "r1-position"])
NEET = reverse("web:indicator-entry", args=[RINGSTED, "#6", "r6-neet"])


def login(username):
    demo_accounts()
    c = Client()
    assert c.login(username=username, password="demo")
    return c


def form_data(page: str) -> dict:
    """The values a browser would post back from the first plan form on the page."""
    form = page[page.index('<form method="post" class="', page.index("<main")):]
    form = form[:form.index("</form>")]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="checkbox"' not in tag and "csrfmiddlewaretoken" not in tag:
            value = re.search(r'value="([^"]*)"', tag)
            data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = body.strip("\n").replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_two_consultants_edit_the_same_initiative_and_neither_change_is_lost():
    first, second = login("konsulent"), login("konsulent")
    mine, theirs = form_data(first.get(EDIT6).content.decode()), form_data(second.get(EDIT6).content.decode())
    assert mine["version"] == theirs["version"]
    old_title = mine["title"]
    assert first.post(EDIT6, dict(mine, title="Ny titel fra den første")).status_code == 302

    response = second.post(EDIT6, dict(theirs, purpose="Nyt formål fra den anden"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "En anden har gemt dette, mens du redigerede, så intet er gemt endnu." in page
    assert "Titel: »Ny titel fra den første« (nu i formularen)" in page
    assert "Nyt formål fra den anden" in page  # the person's input is still on screen
    initiative = Initiative.objects.get(strategy__slug=RINGSTED, code="#6")
    assert initiative.title == "Ny titel fra den første" and initiative.purpose != "Nyt formål fra den anden"

    again = form_data(page)  # saving the form as shown keeps both changes
    assert again["title"] == "Ny titel fra den første" and again["title"] != old_title
    assert second.post(EDIT6, again).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.purpose) == ("Ny titel fra den første", "Nyt formål fra den anden")


def test_when_both_change_the_same_field_both_values_are_shown_next_to_it():
    first, second = login("konsulent"), login("konsulent")
    mine, theirs = form_data(first.get(EDIT6).content.decode()), form_data(second.get(EDIT6).content.decode())
    first.post(EDIT6, dict(mine, title="Titel A"))
    response = second.post(EDIT6, dict(theirs, title="Titel B"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Titel: »Titel A« → »Titel B«" in page
    assert "Ændret af en anden til »Titel A«." in page and 'value="Titel B"' in page
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Titel A"


def test_a_unit_edit_based_on_an_old_version_is_refused():
    unit = Unit.objects.get(organisation__slug="ringsted", name="Skolecenter")
    url = reverse("web:unit", args=["ringsted", unit.pk])
    consultant = login("ringsted-administrator")  # units are the administrator's
    stale = form_data(consultant.get(url).content.decode())
    assert consultant.post(url, dict(stale, kind="Center for skoler")).status_code == 302
    response = consultant.post(url, dict(stale, kind="Afdeling"))
    assert response.status_code == 409 and "Center for skoler" in response.content.decode()
    unit.refresh_from_db()
    assert unit.kind == "Center for skoler" and unit.version == 1


def test_a_form_without_a_version_cannot_overwrite():
    consultant = login("konsulent")
    data = form_data(consultant.get(EDIT6).content.decode())
    del data["version"]
    assert consultant.post(EDIT6, dict(data, title="Uden version")).status_code == 409
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title != "Uden version"


def test_two_centre_users_enter_the_same_period_and_the_second_sees_the_first_value():
    one, two = login("center"), login("center")
    assert one.post(NEET, {"m-r6-neet-period": "2021", "m-r6-neet-value": "6,5"}).status_code == 302
    response = two.post(NEET, {"m-r6-neet-period": "2021", "m-r6-neet-value": "6,1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "2021 har allerede en værdi: 6,5 % (indtastet af center" in page
    assert "Ret den eksisterende værdi" in page and "Begrundelse for rettelsen" in page
    assert 'value="6,1"' in page  # the second person's value is still in the form
    assert Measurement.objects.get(indicator__key="r6-neet", period="2021").value == Decimal("6.5")


def test_a_confirmed_correction_based_on_a_value_that_changed_again_is_refused():
    one, two = login("center"), login("center")
    one.post(NEET, {"m-r6-neet-period": "2021", "m-r6-neet-value": "6,5"})
    m = Measurement.objects.get(indicator__key="r6-neet", period="2021")
    token = f"{m.pk}.{m.version}"
    correction = {"m-r6-neet-period": "2021", "m-r6-neet-correct": "on", "m-r6-neet-version": token}
    assert one.post(NEET, dict(correction, **{"m-r6-neet-value": "6,6"})).status_code == 302
    response = two.post(NEET, dict(correction, **{"m-r6-neet-value": "6,1", "m-r6-neet-reason": "Ny opgørelse"}))
    assert response.status_code == 422 and "2021 har allerede en værdi: 6,6 %" in response.content.decode()
    assert Measurement.objects.get(pk=m.pk).value == Decimal("6.6")


def test_counts_for_a_period_are_corrected_together_with_a_reason():
    centre = login("konsulent")  # #1 is Børnecenter's, not the Skolecenter editor's; a consultant may enter it
    counts = {"m-r1-position-period": "2021", "m-r1-position-level-roed": "3", "m-r1-position-level-gul": "7",
              "m-r1-position-level-groen": "40"}
    assert centre.post(POSITION, counts).status_code == 302
    refused = centre.post(POSITION, dict(counts, **{"m-r1-position-level-roed": "4"}))
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "2021 har allerede en værdi: Rød position 3, Gul position 7, Grøn position 40" in page
    token = re.search(r'name="m-r1-position-version" value="([^"]+)"', page).group(1)
    confirmed = dict(counts, **{"m-r1-position-level-roed": "4", "m-r1-position-correct": "on",
                                "m-r1-position-reason": "Et barn manglede", "m-r1-position-version": token})
    assert centre.post(POSITION, confirmed).status_code == 302
    red = Measurement.objects.get(indicator__key="r1-position", period="2021", level__code="roed")
    assert red.value == 4
    assert red.history.latest("history_date").history_change_reason == "Et barn manglede"


def test_deleting_a_measurement_that_was_corrected_meanwhile_is_refused():
    centre = login("center")
    centre.post(NEET, {"m-r6-neet-period": "2021", "m-r6-neet-value": "6,5"})
    m = Measurement.objects.get(indicator__key="r6-neet", period="2021")
    url = reverse("web:entry-delete", args=[RINGSTED, "maaling", m.pk])
    stale_version = m.version
    centre.post(NEET, {"m-r6-neet-period": "2021", "m-r6-neet-value": "6,6", "m-r6-neet-correct": "on",
                       "m-r6-neet-version": f"{m.pk}.{m.version}"})
    response = centre.post(url, {"version": stale_version})
    assert response.status_code == 409 and "En anden har rettet det" in response.content.decode()
    assert Measurement.objects.filter(pk=m.pk).exists()
