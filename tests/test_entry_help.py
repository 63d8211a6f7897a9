"""Entry forms that help: the unit beside the value, the last value with its period, and groups chosen
from the indicator's own list (a new one only on purpose)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pejling.tracking.models import Measurement
from pejling.web.forms import NEW_GROUP

pytestmark = pytest.mark.usefixtures("demo")

RINGSTED = "ringsted-uddannelse-til-alle-unge"
NEET = reverse("web:indicator-entry", args=[RINGSTED, "#6", "r6-neet"])
PAGE6 = reverse("web:initiative", args=[RINGSTED, "#6"])


def article(page, key):
    start = page.index(f'id="ind-{key}"')
    return page[start:page.index("</article>", start)]


def neet(**extra):
    return {"m-r6-neet-period": "2020-11", "m-r6-neet-value": "6,8", **extra}


def test_it_shows_the_unit_and_the_last_value_beside_the_field(centre_editor):
    form = article(centre_editor.get(PAGE6).content.decode(), "r6-neet")
    assert '<span class="unit" id="id_m-r6-neet-value_unit">%</span>' in form
    assert "Sidst: 7,2 % (november 2019, baseline)" in form  # only the baseline so far, and said so
    assert centre_editor.post(NEET, neet()).status_code == 302
    form = article(centre_editor.get(PAGE6).content.decode(), "r6-neet")
    assert "Sidst: 6,8 % (november 2020)" in form


def test_it_offers_the_indicators_groups_and_a_new_group_only_on_purpose(centre_editor):
    form = article(centre_editor.get(PAGE6).content.decode(), "r6-neet")
    assert '<option value="" selected>I alt (ingen gruppe)</option>' in form
    assert f'<option value="{NEW_GROUP}">Ny gruppe …</option>' in form
    # A name typed without choosing "New group …" is refused, nothing is saved
    response = centre_editor.post(NEET, neet(**{"m-r6-neet-new_breakdown": "Nydanske"}))
    assert response.status_code == 422
    assert "Vælg »Ny gruppe …« i listen" in response.content.decode()
    assert not Measurement.objects.filter(indicator__key="r6-neet", breakdown="Nydanske").exists()
    # Chosen on purpose: saved, and from then on the group is in the list
    assert centre_editor.post(NEET, neet(**{"m-r6-neet-breakdown": NEW_GROUP,
                                            "m-r6-neet-new_breakdown": " Nydanske "})).status_code == 302
    assert Measurement.objects.get(indicator__key="r6-neet", breakdown="Nydanske").value == Decimal("6.8")
    form = article(centre_editor.get(PAGE6).content.decode(), "r6-neet")
    assert '<option value="Nydanske">Nydanske</option>' in form
    # A "new" group that is the known one in other letters does not start a second series
    response = centre_editor.post(NEET, neet(**{"m-r6-neet-period": "2021-11", "m-r6-neet-breakdown": NEW_GROUP,
                                                "m-r6-neet-new_breakdown": "nydanske"}))
    assert response.status_code == 422
    assert "Gruppen »Nydanske« findes allerede: vælg den i listen." in response.content.decode()
    # The list's own words are no group's name
    for menu in ("Ny gruppe …", "ny gruppe...", "New group"):
        response = centre_editor.post(NEET, neet(**{"m-r6-neet-period": "2021-09", "m-r6-neet-breakdown": NEW_GROUP,
                                                    "m-r6-neet-new_breakdown": menu}))
        assert response.status_code == 422, menu
        assert "Giv gruppen sit eget navn, ikke listens »Ny gruppe …«." in response.content.decode()
    # The known group with a zero-width space typed into it is the known group, not a second series
    assert centre_editor.post(NEET, neet(**{"m-r6-neet-period": "2021-10", "m-r6-neet-breakdown": NEW_GROUP,
                                            "m-r6-neet-new_breakdown": "Nyd\u200banske"})).status_code == 302
    assert Measurement.objects.get(indicator__key="r6-neet", period="2021-10").breakdown == "Nydanske"
    assert not Measurement.objects.filter(indicator__key="r6-neet", breakdown="nydanske").exists()
    # The known group chosen from the list
    assert centre_editor.post(NEET, neet(**{"m-r6-neet-period": "2021-11",
                                            "m-r6-neet-breakdown": "Nydanske"})).status_code == 302
    assert Measurement.objects.filter(indicator__key="r6-neet", breakdown="Nydanske").count() == 3


def test_a_group_not_in_the_list_is_refused(centre_editor):
    response = centre_editor.post(NEET, neet(**{"m-r6-neet-breakdown": "Opfundet"}))
    assert response.status_code == 422
    assert not Measurement.objects.filter(breakdown="Opfundet").exists()


def test_a_distribution_shows_the_last_count_per_category_and_its_unit(consultant):
    page = consultant.get(reverse("web:initiative", args=[RINGSTED, "#1"])).content.decode()
    form = article(page, "r1-position")
    assert form.count('<span class="unit" id=') == 3
    assert "Sidst: 33" in form  # 33 children in the red position, the baseline (Ringsted's project overview)


def test_the_public_never_gets_a_small_count_from_the_hints(demo):
    from pejling.plans.models import Indicator
    from pejling.tracking.selectors import initiative_get
    from pejling.web.forms import indicator_form

    ini = initiative_get(strategy_slug=RINGSTED, code="#1")
    ind = next(i for i in ini.indicators.all() if i.key == "r1-position")
    red = next(m for m in ind.measurements.all() if m.level and m.level.code == "roed")
    red.value = 3
    staff = indicator_form(ind, public=False)
    public = indicator_form(ind, public=True)
    assert "Sidst: 3" in str(staff.fields["level-roed"].help_text)
    assert "Sidst: < 5" in str(public.fields["level-roed"].help_text)
    assert Indicator.objects.filter(key="r1-position").exists()


def test_no_group_can_be_named_as_the_new_group_choice():
    """The choice "Ny gruppe …" cannot be mistaken for a group: no group's name can be its value."""
    from pejling.assessment.limits import GROUP, clean_text

    assert clean_text(NEW_GROUP, GROUP) == ("ny", None)
