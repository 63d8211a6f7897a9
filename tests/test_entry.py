"""Data entry in the initiative page: who may write, what is accepted, and that a failed save changes nothing."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from pejling.tracking.models import Assessment, Measurement, StatusNote

pytestmark = pytest.mark.usefixtures("demo")

RINGSTED = "ringsted-uddannelse-til-alle-unge"
NEET = reverse("web:indicator-entry", args=[RINGSTED, "#6", "r6-neet"])
PAGE6 = reverse("web:initiative", args=[RINGSTED, "#6"])


@pytest.fixture
def centre(centre_editor):
    """A centre editor of Ringsted's Skolecenter, which takes part in #6 (not in #1)."""
    return centre_editor


def neet(period="2020-11", value="6,8", **extra):
    return {"m-r6-neet-period": period, "m-r6-neet-value": value, **extra}


def article(page, key):
    """The part of an initiative page that shows one indicator."""
    start = page.index(f'id="ind-{key}"')
    return page[start:page.index("</article>", start)]


def saved_neet():
    return Measurement.objects.filter(indicator__key="r6-neet", is_baseline=False).count()


def test_anonymous_users_are_sent_to_log_in_and_nothing_is_saved(client):
    response = client.post(NEET, neet())
    assert response.status_code == 302 and response.url.startswith(reverse("web:login"))
    assert saved_neet() == 0
    assert "Tilføj måling" not in client.get(PAGE6).content.decode()


def test_a_user_without_a_role_may_not_write(client):
    client.force_login(get_user_model().objects.create_user("gæst", password="pw"))
    assert client.post(NEET, neet()).status_code == 403
    assert saved_neet() == 0


def test_readers_and_other_organisations_may_not_write(reader, holstebro_consultant):
    assert reader.post(NEET, neet()).status_code == 403
    assert holstebro_consultant.post(NEET, neet()).status_code == 403
    assert saved_neet() == 0
    assert "Tilføj måling" not in reader.get(PAGE6).content.decode()


def test_a_centre_editor_writes_only_for_initiatives_of_their_unit(centre):
    url = reverse("web:indicator-entry", args=[RINGSTED, "#1", "r1-position"])  # Børnecenter's, not Skolecenter's
    data = {"m-r1-position-period": "2020-H1", "m-r1-position-level-roed": "3", "m-r1-position-level-gul": "7",
            "m-r1-position-level-groen": "40"}
    assert centre.post(url, data).status_code == 403
    assert not Measurement.objects.filter(indicator__key="r1-position", period="2020-H1").exists()
    assert "Tilføj måling" not in centre.get(reverse("web:initiative", args=[RINGSTED, "#1"])).content.decode()
    assert "Tilføj måling" in centre.get(PAGE6).content.decode()


def test_a_centre_adds_a_measurement_and_the_colour_and_chart_change(centre):
    before = centre.get(PAGE6).content.decode()
    assert "Ingen måling efter baseline endnu" in before
    response = centre.post(NEET, neet())
    assert response.status_code == 302 and response.url.endswith("#ind-r6-neet")
    m = Measurement.objects.get(indicator__key="r6-neet", period="2020-11")
    assert m.value == Decimal("6.8") and m.entered_by.username == "centre_editor"
    page = centre.get(PAGE6).content.decode()
    assert "Gemt for november 2020" in page
    assert "På eller foran det forventede forløb" in page and 'c-green">Grøn' in page
    assert "<td>Målt</td><td>november 2020</td><td>6,8</td>" in page  # the chart's table alternative


def test_htmx_gets_the_page_back_at_once(centre):
    response = centre.post(NEET, neet(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Gemt for november 2020" in response.content.decode()


@pytest.mark.parametrize("data, message", [
    (neet(value="150"), "Værdien skal være et tal mellem 0 og 100 for en procentindikator."),
    (neet(value="seks"), "Skriv et tal, fx 6,8."),
    (neet(period="2020-13"), "»2020-13«: den måned findes ikke."),
    (neet(period=""), "Dette felt er påkrævet."),
])
def test_a_wrong_value_shows_a_specific_error_and_saves_nothing(centre, data, message):
    response = centre.post(NEET, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page and "<details class=\"entry\" open>" in page
    assert saved_neet() == 0


def test_errors_are_in_english_for_an_english_user(centre):
    centre.cookies["django_language"] = "en"
    page = centre.post(NEET, neet(value="150")).content.decode()
    assert "The value must be a number between 0 and 100 for a percentage indicator." in page


def test_a_second_value_for_the_same_period_corrects_the_first_only_when_confirmed_and_history_keeps_both(centre):
    centre.post(NEET, neet(value="7,0"))
    refused = centre.post(NEET, neet(value="6,8"))
    assert refused.status_code == 422 and "november 2020 har allerede en værdi: 7 %" in refused.content.decode()
    m = Measurement.objects.get(indicator__key="r6-neet", period="2020-11")
    assert m.value == Decimal("7.0")
    confirmed = neet(value="6,8", **{"m-r6-neet-correct": "on", "m-r6-neet-reason": "Tastefejl",
                                     "m-r6-neet-version": f"{m.pk}.{m.version}"})
    assert centre.post(NEET, confirmed).status_code == 302
    m.refresh_from_db()
    assert m.value == Decimal("6.8")
    history = list(m.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal("7.0"), Decimal("6.8")]
    assert history[-1].history_change_reason == "Tastefejl"


def test_counts_per_category_are_saved_together_or_not_at_all(consultant):
    centre = consultant  # #1 is Børnecenter's: the consultant enters for every centre
    url = reverse("web:indicator-entry", args=[RINGSTED, "#1", "r1-position"])
    bad = {"m-r1-position-period": "2020-H1", "m-r1-position-level-roed": "3", "m-r1-position-level-gul": "-1",
           "m-r1-position-level-groen": "40"}
    response = centre.post(url, bad)
    assert response.status_code == 422 and "Et antal kan ikke være negativt." in response.content.decode()
    assert not Measurement.objects.filter(indicator__key="r1-position", period="2020-H1").exists()
    good = dict(bad, **{"m-r1-position-level-gul": "7"})
    assert centre.post(url, good).status_code == 302
    counts = {m.level.code: m.value for m in Measurement.objects.filter(indicator__key="r1-position", period="2020-H1")}
    assert counts == {"roed": 3, "gul": 7, "groen": 40}
    page = centre.get(reverse("web:initiative", args=[RINGSTED, "#1"])).content.decode()
    assert "<td>Grøn position</td><td>1. halvår 2020</td><td>80</td>" in page  # 40 of 50 shown as a share


def test_a_milestone_status_turns_an_overdue_milestone_green(centre):
    url = reverse("web:indicator-entry", args=[RINGSTED, "#7", "r7-uddannelseskontaktperson"])
    page_url = reverse("web:initiative", args=[RINGSTED, "#7"]) + "?as_of=2020-12-31"
    before = article(centre.get(page_url).content.decode(), "r7-uddannelseskontaktperson")
    assert 'c-none">Ikke vurderet' in before and "Ingen status ved fristen" in before
    data = {"m-r7-uddannelseskontaktperson-period": "2020-06", "m-r7-uddannelseskontaktperson-status": "done"}
    assert centre.post(url, data).status_code == 302
    after = article(centre.get(page_url).content.decode(), "r7-uddannelseskontaktperson")
    assert 'c-green">Grøn' in after and "Gennemført" in after


def test_a_status_note_and_a_manual_colour_with_its_reason(centre):
    note_url = reverse("web:status-note-entry", args=[RINGSTED, "#6"])
    assert centre.post(note_url, {"note-period": "2020", "note-text": ""}).status_code == 422
    assert centre.post(note_url, {"note-period": "2020", "note-text": "Forløbet er i gang.",
                                  "note-role": "Skolecenter"}).status_code == 302
    assert StatusNote.objects.get(initiative__code="#6").author_role == "Skolecenter"

    url = reverse("web:assessment-entry", args=[RINGSTED, "#6"])
    response = centre.post(url, {"assessment-period": "2020", "assessment-colour": "yellow", "assessment-reason": ""})
    assert response.status_code == 422 and "Skriv begrundelsen for farven" in response.content.decode()
    assert not Assessment.objects.filter(initiative__code="#6").exists()
    centre.post(url, {"assessment-period": "2020", "assessment-colour": "yellow",
                      "assessment-reason": "Data for 2020 er forsinkede."})
    page = centre.get(PAGE6 + "?as_of=2020-12-31").content.decode()
    assert 'c-yellow">Gul (manuel)' in page and "Data for 2020 er forsinkede." in page


def test_the_page_with_entry_forms_keeps_its_query_count_as_measurements_grow(centre):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pejling.tracking import status_cache

    def count():  # the page as a worker that has not read the strategy yet sees it: every read made
        status_cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert centre.get(PAGE6).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for month in range(1, 7):
        centre.post(NEET, neet(period=f"2021-{month:02d}", value=f"6,{month}"))
    assert saved_neet() == 6
    assert count() == before


def test_the_public_never_sees_a_count_below_5_but_centre_staff_do(consultant):
    centre = consultant
    from django.test import Client
    url = reverse("web:indicator-entry", args=[RINGSTED, "#1", "r1-position"])
    centre.post(url, {"m-r1-position-period": "2020-H1", "m-r1-position-level-roed": "3",
                      "m-r1-position-level-gul": "7", "m-r1-position-level-groen": "40"})
    page_url = reverse("web:initiative", args=[RINGSTED, "#1"])
    public = article(Client().get(page_url).content.decode(), "r1-position")
    assert "<td>Rød position</td>\n      <td>&lt; 5</td>" in public and "<td>3 børn</td>" not in public
    assert "<td>Gul position</td>\n      <td>7 børn</td>" in public
    staff = article(centre.get(page_url).content.decode(), "r1-position")
    assert "<td>Rød position</td>\n      <td>3 børn</td>" in staff
