"""Historik: who changed what, when, from where, before and after; restoring; deleting keeps history."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pejling.demo.loader import demo_accounts
from pejling.plans.models import FocusArea, Initiative, InitiativeUnit, Scale, ScaleLevel, Unit
from pejling.tracking.models import Assessment, Measurement, StatusNote

pytestmark = pytest.mark.usefixtures("demo")

RINGSTED = "ringsted-uddannelse-til-alle-unge"
NEET = reverse("web:indicator-entry", args=[RINGSTED, "#6", "r6-neet"])
PAGE6 = reverse("web:initiative", args=[RINGSTED, "#6"])
HISTORY6 = reverse("web:initiative-history", args=[RINGSTED, "#6"])
NEET_HISTORY = reverse("web:indicator-history", args=[RINGSTED, "r6-neet"])


def login(username):
    demo_accounts()
    c = Client()
    assert c.login(username=username, password="demo")
    return c


@pytest.fixture
def centre():
    return login("center")


@pytest.fixture
def consultant():
    return login("konsulent")


def neet(period="2020-11", value="6,8", **extra):
    return {"m-r6-neet-period": period, "m-r6-neet-value": value, **{f"m-r6-neet-{k}": v for k, v in extra.items()}}


def correct(value, reason):
    m = Measurement.objects.get(indicator__key="r6-neet", period="2020-11", breakdown="")
    return neet(value=value, correct="on", reason=reason, version=f"{m.pk}.{m.version}")


def test_the_history_is_for_signed_in_users_and_linked_from_the_initiative(client, centre):
    assert client.get(HISTORY6).status_code == 302  # anonymous: to log in
    assert "Historik" not in client.get(PAGE6).content.decode()
    page = centre.get(PAGE6).content.decode()
    assert f'href="{HISTORY6}"' in page
    response = centre.get(HISTORY6)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Historik for #6" in page and "fra import" in page  # the demo came in through the importer


def test_a_correction_shows_who_when_from_where_before_after_and_why(centre):
    centre.post(NEET, neet(value="7,0"))
    centre.post(NEET, correct("6,8", "Tastefejl i første indberetning"))
    page = centre.get(NEET_HISTORY).content.decode()
    first = page.index("Ændret: Måling november 2020")
    entry = page[first:page.index("</li>", first)]
    assert "center" in entry and "fra web" in entry
    assert "<strong>Begrundelse:</strong> Tastefejl i første indberetning" in entry
    assert "<th scope=\"row\">Værdi</th><td>7</td><td>6,8</td>" in entry
    assert page.index("Ændret: Måling november 2020") < page.index("Oprettet: Måling november 2020")  # newest first


def test_plan_edits_are_in_the_initiative_history_in_the_uis_words(consultant):
    ini = Initiative.objects.get(strategy__slug=RINGSTED, code="#6")
    data = {"code": "#6", "title": "Styrket UU-indsats for alle", "state": ini.state, "order": "6",
            "version": ini.version, "focus_area": ini.focus_area_id or "", "purpose": ini.purpose,
            "units-TOTAL_FORMS": "0", "units-INITIAL_FORMS": "0", "units-MIN_NUM_FORMS": "0",
            "units-MAX_NUM_FORMS": "1000"}
    response = consultant.post(reverse("web:initiative-edit", args=[RINGSTED, "#6"]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = consultant.get(HISTORY6).content.decode()
    assert "Ændret: Indsats #6 Styrket UU-indsats for alle" in page
    assert "<th scope=\"row\">Titel</th><td>Styrket UU-indsats</td><td>Styrket UU-indsats for alle</td>" in page
    assert "konsulent" in page


def test_a_consultant_restores_an_earlier_version_and_the_restore_is_recorded(consultant):
    ini = Initiative.objects.get(strategy__slug=RINGSTED, code="#6")
    old_title = ini.title
    first = ini.history.latest("history_date")
    ini.title, ini.version = "Forkert titel", ini.version + 1
    ini.save()
    page = consultant.get(HISTORY6).content.decode()
    restore = reverse("web:history-restore", args=[RINGSTED, "initiative", first.history_id])
    assert f'action="{restore}"' in page
    response = consultant.post(restore, {"next": HISTORY6}, follow=True)
    ini.refresh_from_db()
    assert ini.title == old_title
    page = response.content.decode()
    assert "Den tidligere version er gendannet." in page
    assert "Gendannet: Indsats #6" in page and "Gendannet til versionen fra" in page


def test_a_centre_may_not_restore(centre):
    first = Initiative.objects.get(strategy__slug=RINGSTED, code="#6").history.earliest("history_date")
    restore = reverse("web:history-restore", args=[RINGSTED, "initiative", first.history_id])
    assert centre.post(restore).status_code == 403
    assert "Gendan denne version" not in centre.get(HISTORY6).content.decode()


def test_a_deleted_measurement_stays_in_history_and_can_be_restored(centre, consultant):
    centre.post(NEET, neet(value="9,9"))
    m = Measurement.objects.get(indicator__key="r6-neet", period="2020-11")
    url = reverse("web:entry-delete", args=[RINGSTED, "maaling", m.pk])
    assert url in centre.get(NEET_HISTORY).content.decode()
    confirm = centre.get(url).content.decode()
    assert "Slet: Måling november 2020" in confirm and "9,9 %" in confirm
    response = centre.post(url, {"reason": "Forkert indikator", "version": m.version})
    assert response.status_code == 302
    assert not Measurement.objects.filter(pk=m.pk).exists()
    page = consultant.get(NEET_HISTORY).content.decode()
    start = page.index("Slettet: Måling november 2020")
    entry = page[start:page.index("</li>", start)]
    assert "Forkert indikator" in entry and "<td>9,9</td>" in entry
    deleted = Measurement.history.filter(id=m.pk, history_type="-").get()
    consultant.post(reverse("web:history-restore", args=[RINGSTED, "measurement", deleted.history_id]))
    assert Measurement.objects.get(pk=m.pk).value == Decimal("9.9")


def test_notes_and_assessments_are_deleted_in_the_app_and_kept_in_history(centre):
    centre.post(reverse("web:status-note-entry", args=[RINGSTED, "#6"]), {"note-period": "2020", "note-text": "Gammel note"})
    centre.post(reverse("web:assessment-entry", args=[RINGSTED, "#6"]),
                {"assessment-period": "2020", "assessment-colour": "red", "assessment-reason": "Forkert farve"})
    note = StatusNote.objects.get(text="Gammel note")
    assessment = Assessment.objects.get(reason="Forkert farve")
    assert centre.post(reverse("web:entry-delete", args=[RINGSTED, "statusnote", note.pk])).status_code == 302
    assert centre.post(reverse("web:entry-delete", args=[RINGSTED, "vurdering", assessment.pk])).status_code == 302
    assert not StatusNote.objects.filter(pk=note.pk).exists() and not Assessment.objects.filter(pk=assessment.pk).exists()
    page = centre.get(HISTORY6).content.decode()
    assert "Slettet: Statusnote 2020" in page and "Gammel note" in page
    assert "Slettet: Vurdering 2020" in page and "Forkert farve" in page


def test_someone_without_the_role_may_not_delete(client):
    get_user_model().objects.create_user("gæst", password="pw")
    client.login(username="gæst", password="pw")
    m = Measurement.objects.filter(indicator__key="r6-neet").first()
    assert client.post(reverse("web:entry-delete", args=[RINGSTED, "maaling", m.pk])).status_code == 403
    assert Measurement.objects.filter(pk=m.pk).exists()


def test_every_kind_of_plan_data_has_history_with_its_source():
    from pejling.plans.audit import audit_context
    with audit_context(source="cli"):
        unit = Unit.objects.create(organisation=Initiative.objects.get(code="#6", strategy__slug=RINGSTED)
                                   .strategy.organisation, name="Ny enhed")
    ini = Initiative.objects.get(code="#6", strategy__slug=RINGSTED)
    link = InitiativeUnit.objects.create(initiative=ini, unit=unit)
    link_id = link.pk
    link.delete()
    assert unit.history.get().history_source == "cli"
    assert [h.history_type for h in InitiativeUnit.history.filter(id=link_id).order_by("history_date")] == ["+", "-"]
    for model in (FocusArea, Scale, ScaleLevel, InitiativeUnit):
        assert model.history.filter(history_source="import").exists(), model


def test_admin_changes_are_recorded_as_from_the_administration(admin_client):
    m = Measurement.objects.get(indicator__key="r6-neet", is_baseline=True)
    change = reverse("admin:tracking_measurement_change", args=[m.pk])
    response = admin_client.post(change, {"indicator": m.indicator_id, "period": "2019-11", "is_baseline": "on",
                                          "value": "7.3", "entered_at_0": "2020-01-01", "entered_at_1": "00:00:00"})
    assert response.status_code == 302
    assert m.history.latest("history_date").history_source == "admin"
    m.refresh_from_db()
    assert m.version == 1
