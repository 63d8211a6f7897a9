"""Consultants build and edit the plan in the app; everyone else cannot, and a bad save changes nothing."""

import pytest
from django.urls import reverse

from pejling.plans.models import FocusArea, Indicator, Initiative, Strategy, Unit

pytestmark = pytest.mark.usefixtures("demo")
RINGSTED = "ringsted-uddannelse-til-alle-unge"


def management(prefix, total=0, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_only_consultants_may_edit_the_plan(client, centre_editor, consultant, holstebro_consultant):
    url = reverse("web:initiative-edit", args=[RINGSTED, "#6"])
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    assert centre_editor.get(url).status_code == 403
    assert holstebro_consultant.get(url).status_code == 403
    assert consultant.get(url).status_code == 200
    assert "Redigér indsatsen" not in centre_editor.get(reverse("web:initiative", args=[RINGSTED, "#6"])).content.decode()


def test_a_consultant_creates_a_strategy_and_a_wrong_period_saves_nothing(consultant):
    org = Strategy.objects.get(slug=RINGSTED).organisation_id
    data = {"organisation": org, "title": "Sammenhængende børne- og ungepolitik", "slug": "ringsted-boernepolitik",
            "focus_area_label": "Pejlemærke", "starts_on": "2024-01-01", "ends_on": "2023-12-31"}
    response = consultant.post(reverse("web:strategy-create"), data)
    assert response.status_code == 422
    assert "Strategien kan ikke slutte, før den begynder." in response.content.decode()
    assert not Strategy.objects.filter(slug="ringsted-boernepolitik").exists()
    response = consultant.post(reverse("web:strategy-create"), dict(data, ends_on="2027-12-31"))
    assert response.status_code == 302 and response.url == reverse("web:strategy", args=["ringsted-boernepolitik"])
    assert "Sammenhængende børne- og ungepolitik" in consultant.get(response.url).content.decode()


def test_a_focus_area_code_is_unique_within_the_strategy(consultant):
    url = reverse("web:focus-area-create", args=[RINGSTED])
    response = consultant.post(url, {"code": "1", "title": "Dublet", "order": "9"})
    assert response.status_code == 422 and "Koden bruges allerede i strategien." in response.content.decode()
    response = consultant.post(url, {"code": "7", "title": "Trivsel i fritiden", "order": "7"}, follow=True)
    assert FocusArea.objects.get(strategy__slug=RINGSTED, code="7").title == "Trivsel i fritiden"
    assert "Gemt: Trivsel i fritiden." in response.content.decode()


def test_a_consultant_adds_an_initiative_with_its_centres(consultant):
    school = Unit.objects.get(organisation__strategies__slug=RINGSTED, name="Skolecenter")
    data = {"code": "#14", "title": "Læsevejledere i udskolingen", "state": "active", "order": "20",
            "purpose": "Flere elever læser sikkert.", **management("units", total=1),
            "units-0-unit": school.pk, "units-0-role": "lead"}
    response = consultant.post(reverse("web:initiative-create", args=[RINGSTED]), data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(strategy__slug=RINGSTED, code="#14")
    assert [(link.unit.name, link.role) for link in initiative.unit_links.all()] == [("Skolecenter", "lead")]
    page = consultant.get(reverse("web:strategy", args=[RINGSTED]) + "?unit=Skolecenter").content.decode()
    assert "Læsevejledere i udskolingen" in page


def test_an_indicator_with_targets_is_saved_whole_or_not_at_all(consultant):
    url = reverse("web:indicator-create", args=[RINGSTED, "#6"])
    data = {"key": "r6-nyt", "name": "Andel i job eller uddannelse efter 6 måneder", "kind": "numeric", "unit": "%",
            "decimals": "1", "direction": "up", "order": "5", **management("targets", total=2),
            "targets-0-kind": "interim", "targets-0-origin": "local", "targets-0-period": "2021",
            "targets-0-value": "60", "targets-0-change": "5",
            "targets-1-kind": "final", "targets-1-origin": "local", "targets-1-period": "2022", "targets-1-value": "70"}
    response = consultant.post(url, data)
    assert response.status_code == 422
    assert "Angiv enten en værdi eller en ændring, ikke begge." in response.content.decode()
    assert not Indicator.objects.filter(key="r6-nyt").exists()

    data["targets-0-change"] = ""
    response = consultant.post(url, data)
    assert response.status_code == 302 and response.url.endswith("#ind-r6-nyt")
    indicator = Indicator.objects.get(key="r6-nyt")
    assert [(t.kind, t.period, t.value, t.due_date.isoformat()) for t in indicator.targets.order_by("due_date")] == [
        ("interim", "2021", 60, "2021-12-31"), ("final", "2022", 70, "2022-12-31")]
    page = consultant.get(reverse("web:initiative", args=[RINGSTED, "#6"])).content.decode()
    assert "Andel i job eller uddannelse efter 6 måneder" in page and "70 %" in page


def test_an_indicator_key_must_be_new_in_the_strategy(consultant):
    url = reverse("web:indicator-create", args=[RINGSTED, "#6"])
    data = {"key": "r6-neet", "name": "Dublet", "kind": "numeric", "decimals": "1", "direction": "none",
            "order": "5", **management("targets")}
    response = consultant.post(url, data)
    assert response.status_code == 422 and "Nøglen bruges allerede i strategien." in response.content.decode()


def test_units_are_edited_per_organisation_by_its_administrators(administrator, consultant, holstebro_consultant):
    org = Strategy.objects.get(slug=RINGSTED).organisation
    url = reverse("web:units", args=[org.slug])
    assert consultant.post(url, {"name": "Kultur- og fritidscenter", "kind": "center"}).status_code == 403
    assert holstebro_consultant.get(url).status_code == 403
    assert not org.units.filter(name="Kultur- og fritidscenter").exists()
    consultant = administrator
    assert "Skolecenter" in consultant.get(url).content.decode()
    response = consultant.post(url, {"name": "Skolecenter", "kind": "center"})
    assert response.status_code == 422 and "Organisationen har allerede en enhed med dette navn." in \
        response.content.decode()
    assert consultant.post(url, {"name": "Kultur- og fritidscenter", "kind": "center"}).status_code == 302
    assert org.units.filter(name="Kultur- og fritidscenter").exists()


def test_every_edit_address_reaches_its_own_page(consultant):
    pages = {
        reverse("web:indicator-edit", args=[RINGSTED, "#6", "r6-neet"]): "Redigér indikator eller milepæl",
        reverse("web:initiative-edit", args=[RINGSTED, "#6"]): "Redigér indsatsen",
        reverse("web:indicator-create", args=[RINGSTED, "#6"]): "Ny indikator eller milepæl",
        reverse("web:initiative", args=[RINGSTED, "#6"]): "Styrket UU-indsats",
    }
    for url, heading in pages.items():
        assert heading in consultant.get(url).content.decode(), url
