"""The Django admin, in Danish, for consultants correcting data."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def consultant(client):
    user = get_user_model().objects.create_superuser("konsulent", "k@example.dk", "hemmeligt-1")
    from pejling.plans.memberships import member_add, organisation_find
    member_add(organisation=organisation_find(text="ringsted"), username="konsulent", role="consultant")
    client.force_login(user)
    return client


def make_assessment():
    from pejling.plans.models import Initiative
    from pejling.tracking.models import Assessment
    ini = Initiative.objects.get(strategy__slug="holstebro-partnerskab-ungestrategier", code="4.5")
    return Assessment.objects.create(strategy=ini.strategy, initiative=ini, period="2013", colour="yellow",
                                     reason="Kun 20 af 50 frivillige har gennemført kurset.")


def test_it_speaks_danish(consultant):
    page = consultant.get("/admin/").content.decode()
    for word in ["Planer", "Opfølgning", "Indikatorer", "Milepæle", "Indsatser", "Målinger", "Statusnoter", "Kommuner"]:
        assert word in page


@pytest.mark.parametrize("model", [m for m in admin.site._registry if m._meta.app_label in ("plans", "tracking")],
                         ids=lambda m: m.__name__)
def test_it_opens_every_list_and_edit_page(consultant, model):
    meta = model._meta
    assert consultant.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model._default_manager.first() or make_assessment()
    assert consultant.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])).status_code == 200


def test_it_lists_only_milestones_as_milestones(consultant):
    page = consultant.get(reverse("admin:plans_milestone_changelist") + "?strategy__id__exact="
                          + str(__import__("pejling.plans.models", fromlist=["Strategy"]).Strategy.objects
                                .get(slug="holstebro-partnerskab-ungestrategier").pk)).content.decode()
    assert "40 milepæle" in page


def test_it_refuses_an_invalid_period_in_the_admin_and_saves_nothing(consultant):
    from pejling.tracking.models import Measurement
    m = Measurement.objects.filter(indicator__key="r6-neet").first()
    url = reverse("admin:tracking_measurement_change", args=[m.pk])
    response = consultant.post(url, {"indicator": m.indicator_id, "period": "2019-13", "is_baseline": "on",
                                     "value": "7.2", "entered_at_0": "2020-01-01", "entered_at_1": "00:00:00"})
    assert "»2019-13«: den måned findes ikke" in response.content.decode()
    m.refresh_from_db()
    assert m.period == "2019-11"
