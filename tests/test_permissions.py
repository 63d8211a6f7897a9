"""Every role against every write address and form, in two organisations: allowed → it works;
not allowed → 403 (404 where the thing's existence must not leak) and nothing changes."""

from datetime import date

import pytest
from conftest import PERSONAS, persona_client, persona_user
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pejling.plans import permissions
from pejling.plans.models import FocusArea, Indicator, Initiative, Membership, Organisation, Strategy, Unit
from pejling.reports.models import PublishedReport
from pejling.tracking.models import Assessment, Measurement, StatusNote
from pejling.web import plan_forms

pytestmark = pytest.mark.usefixtures("demo")

RINGSTED = "ringsted-uddannelse-til-alle-unge"
HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
WRITERS = {"administrator", "consultant"}
EVERYONE = ["anonymous", *PERSONAS]


def snapshot():
    """Everything a write could change, in a comparable form."""
    return (
        Measurement.objects.count(), StatusNote.objects.count(), Assessment.objects.count(),
        PublishedReport.objects.count(), Organisation.objects.count(), Unit.objects.count(),
        sorted(Strategy.objects.values_list("slug", "title", "published", "revision", "report_introduction")),
        sorted(FocusArea.objects.values_list("id", "title")), sorted(Initiative.objects.values_list("id", "title")),
        sorted(Indicator.objects.values_list("id", "name")),
        sorted(Membership.objects.values_list("user__username", "organisation__slug", "role", "active")),
    )


def form_data(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def formset_data(formset):
    data = {formset.management_form.add_prefix(k): str(v) for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        data.update(form_data(form))
    return data


def writes(slug, code, key):
    """(name, url, data, who may) for every write address of one strategy and its organisation."""
    strategy = Strategy.objects.get(slug=slug)
    org = strategy.organisation
    initiative = Initiative.objects.get(strategy=strategy, code=code)
    indicator = Indicator.objects.get(strategy=strategy, key=key)
    goal = Indicator.objects.filter(strategy=strategy, initiative__isnull=True, kind="numeric").first()
    area = FocusArea.objects.filter(strategy=strategy).first()
    unit = org.units.order_by("name").first()
    editors = WRITERS | {"centre_editor"} if slug == RINGSTED and initiative.unit_links.filter(
        unit__name="Skolecenter").exists() else WRITERS
    ini_form = plan_forms.InitiativeForm(instance=initiative)
    ind_form = plan_forms.IndicatorForm(instance=indicator)
    member = Membership.objects.get(organisation=org, user=persona_user(
        "reader" if slug == RINGSTED else "holstebro_consultant"))
    cases = [
        ("measurement", reverse("web:indicator-entry", args=[slug, code, key]),
         {f"m-{key}-period": "2021-11", f"m-{key}-value": "5", f"m-{key}-status": "done"}, editors),
        ("indicator assessment", reverse("web:indicator-assessment", args=[slug, code, key]),
         {f"a-{key}-period": "2021", f"a-{key}-colour": "yellow", f"a-{key}-reason": "Forsinket."}, editors),
        ("status note", reverse("web:status-note-entry", args=[slug, code]),
         {"note-period": "2021", "note-text": "I gang."}, editors),
        ("assessment", reverse("web:assessment-entry", args=[slug, code]),
         {"assessment-period": "2021", "assessment-colour": "red", "assessment-reason": "Ikke startet."}, editors),
        ("report texts", reverse("web:report-texts", args=[slug]),
         lambda: dict(form_data(plan_forms.ReportTextsForm(instance=Strategy.objects.get(slug=slug))),
                      report_introduction="Indledning."), WRITERS),  # made when posted: it carries the version
        ("strategy edit", reverse("web:strategy-edit", args=[slug]),
         lambda: dict(form_data(plan_forms.StrategyForm(instance=Strategy.objects.get(slug=slug))), title="Ny titel"),
         WRITERS),
        ("focus area create", reverse("web:focus-area-create", args=[slug]),
         {"code": "99", "title": "Nyt område", "order": "99"}, WRITERS),
        ("focus area edit", reverse("web:focus-area-edit", args=[slug, area.pk]),
         {"code": area.code, "title": "Omdøbt", "order": str(area.order), "version": str(area.version)}, WRITERS),
        ("initiative create", reverse("web:initiative-create", args=[slug]),
         {"code": "#99", "title": "Ny indsats", "state": "active", "order": "99", "units-TOTAL_FORMS": "0",
          "units-INITIAL_FORMS": "0", "units-MIN_NUM_FORMS": "0", "units-MAX_NUM_FORMS": "1000"}, WRITERS),
        ("initiative edit", reverse("web:initiative-edit", args=[slug, code]),
         {**form_data(ini_form), "title": "Omdøbt indsats",
          **formset_data(plan_forms.initiative_unit_formset(initiative))}, WRITERS),
        ("indicator create", reverse("web:indicator-create", args=[slug, code]),
         {"key": "ny-99", "name": "Ny indikator", "kind": "numeric", "decimals": "1", "direction": "up",
          "order": "99", "targets-TOTAL_FORMS": "0", "targets-INITIAL_FORMS": "0", "targets-MIN_NUM_FORMS": "0",
          "targets-MAX_NUM_FORMS": "1000"}, WRITERS),
        ("indicator edit", reverse("web:indicator-edit", args=[slug, code, key]),
         {**form_data(ind_form), "name": "Omdøbt indikator",
          **formset_data(plan_forms.target_formset(indicator))}, WRITERS),
        ("publish report", reverse("web:publish", args=[slug]), {"audience": "committee", "as_of": "2020-12-31"},
         WRITERS),
        ("make strategy private", reverse("web:strategy-published", args=[slug]), {"published": "0"}, WRITERS),
        ("unit create", reverse("web:units", args=[org.slug]), {"name": "Nyt center", "kind": "center"},
         {"administrator"}),
        ("unit edit", reverse("web:unit", args=[org.slug, unit.pk]),
         {"name": unit.name + " x", "kind": "center", "version": str(unit.version)}, {"administrator"}),
        ("invite", reverse("web:members", args=[org.slug]), {"username": "ny-bruger", "role": "reader"},
         {"administrator"}),
        ("change role", reverse("web:member", args=[org.slug, member.pk]), {"role": "consultant"}, {"administrator"}),
        ("deactivate", reverse("web:member-active", args=[org.slug, member.pk]), {"active": "0"}, {"administrator"}),
        ("organisation create", reverse("web:organisation-create"), {"name": "Ny Kommune", "slug": "ny"}, set()),
    ]
    if goal is not None:
        cases += [
            ("goal measurement", reverse("web:goal-entry", args=[slug, goal.key]),
             {f"m-{goal.key}-period": "2021", f"m-{goal.key}-value": "5"}, WRITERS),
            ("goal assessment", reverse("web:goal-assessment", args=[slug, goal.key]),
             {f"a-{goal.key}-period": "2021", f"a-{goal.key}-colour": "red", f"a-{goal.key}-reason": "Nej."},
             WRITERS),
        ]
    return cases


def client_for(who):
    return Client() if who == "anonymous" else persona_client(who)


def allowed_in(slug, who, may):
    """Ringsted's personas hold their roles in Ringsted; the Holstebro consultant in Holstebro."""
    if slug == HOLSTEBRO:
        return who == "holstebro_consultant" and "consultant" in may
    return who in may


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("slug, code", [(RINGSTED, "#6"), (HOLSTEBRO, "4.5")])
def test_every_write_address_lets_in_exactly_the_roles_that_may(slug, code, who):
    key = Indicator.objects.filter(strategy__slug=slug, initiative__code=code, kind__in=["numeric", "milestone"]) \
        .order_by("order").first().key
    for name, url, data, may in writes(slug, code, key):
        client = client_for(who)
        before = snapshot()
        response = client.post(url, data() if callable(data) else data)
        if allowed_in(slug, who, may):
            assert response.status_code == 302, (name, who, response.status_code,
                                                 response.content.decode()[-3000:])
            assert snapshot() != before, (name, who)
        else:
            expected = {302} if who == "anonymous" else {403, 404}
            if who == "anonymous" and name == "organisation create":
                expected = {302}
            assert response.status_code in expected, (name, who, response.status_code)
            if who == "anonymous":
                assert response.url.startswith(reverse("web:login")), (name, response.url)
            assert snapshot() == before, (name, who)


def test_a_strategy_of_another_organisation_that_is_not_public_does_not_exist_for_them(holstebro_consultant,
                                                                                      consultant, client):
    strategy = Strategy.objects.get(slug=RINGSTED)
    assert consultant.post(reverse("web:strategy-published", args=[RINGSTED]), {"published": "0"}).status_code == 302
    before = snapshot()
    for url in [reverse("web:strategy", args=[RINGSTED]), reverse("web:initiative", args=[RINGSTED, "#6"]),
                reverse("web:reports", args=[RINGSTED])]:
        assert client.get(url).status_code == 404, url
        assert holstebro_consultant.get(url).status_code == 404, url
        assert consultant.get(url).status_code == 200, url
    for url, data in [(reverse("web:indicator-entry", args=[RINGSTED, "#6", "r6-neet"]),
                       {"m-r6-neet-period": "2021", "m-r6-neet-value": "5"}),
                      (reverse("web:strategy-edit", args=[RINGSTED]), {"title": "x"}),
                      (reverse("web:strategy-published", args=[RINGSTED]), {"published": "1"})]:
        assert holstebro_consultant.post(url, data).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert snapshot() == before
    assert strategy.title not in client.get(reverse("web:front")).content.decode()
    assert strategy.title in consultant.get(reverse("web:front")).content.decode()


def test_a_consultant_creates_strategies_only_in_their_own_organisation(holstebro_consultant):
    ringsted = Organisation.objects.get(slug="ringsted")
    data = {"organisation": ringsted.pk, "title": "Fremmed", "slug": "fremmed", "focus_area_label": "Pejlemærke"}
    response = holstebro_consultant.post(reverse("web:strategy-create"), data)
    assert response.status_code == 422 and not Strategy.objects.filter(slug="fremmed").exists()
    holstebro = Organisation.objects.get(slug="holstebro")
    response = holstebro_consultant.post(reverse("web:strategy-create"), dict(data, organisation=holstebro.pk))
    assert response.status_code == 302 and Strategy.objects.get(slug="fremmed").organisation == holstebro


def test_committee_reports_are_for_the_organisations_readers_and_above(reader, holstebro_consultant, client):
    live = reverse("web:report-file", args=[RINGSTED, "xlsx"]) + "?as_of=2020-12-31"
    assert reader.get(live).status_code == 200
    assert holstebro_consultant.get(live).status_code == 403
    assert client.get(live).status_code == 302
    from pejling.reports.services import report_publish
    report = report_publish(strategy=Strategy.objects.get(slug=RINGSTED), as_of=date(2020, 12, 31),
                            audience="committee")
    assert reader.get(reverse("web:published", args=[report.pk])).status_code == 200
    assert holstebro_consultant.get(reverse("web:published", args=[report.pk])).status_code == 404
    assert client.get(reverse("web:published", args=[report.pk])).status_code == 404


def test_the_front_page_shows_a_person_their_own_organisations(reader, holstebro_consultant, administrator, client):
    def names(c):
        page = c.get(reverse("web:front")).content.decode()
        return {n for n in ("Ringsted Kommune", "Holstebro Kommune", "Stevns Kommune") if f">{n}</a></h2>" in page}
    assert names(client) == {"Ringsted Kommune", "Holstebro Kommune", "Stevns Kommune"}  # all have public strategies
    assert names(reader) == {"Ringsted Kommune"}
    assert names(holstebro_consultant) == {"Holstebro Kommune"}
    page = administrator.get(reverse("web:front")).content.decode()
    assert reverse("web:members", args=["ringsted"]) in page
    assert reverse("web:members", args=["ringsted"]) not in reader.get(reverse("web:front")).content.decode()


def test_a_person_can_hold_roles_in_two_organisations():
    from pejling.plans.memberships import member_add
    user = persona_user("holstebro_consultant")
    member_add(organisation=Organisation.objects.get(slug="ringsted"), username=user.username, role="reader")
    permissions.roles_forget(user)
    ringsted, holstebro = Strategy.objects.get(slug=RINGSTED), Strategy.objects.get(slug=HOLSTEBRO)
    assert permissions.can_edit_plan(user, holstebro) and not permissions.can_edit_plan(user, ringsted)
    assert permissions.can_read_reports(user, ringsted)
    assert user.has_perm("pejling.edit_plan", holstebro) and not user.has_perm("pejling.edit_plan", ringsted)


def test_a_superuser_may_do_everything_and_the_admin_is_theirs_alone(consultant):
    boss = get_user_model().objects.create_superuser("drift", "drift@example.dk", "x")
    ringsted = Strategy.objects.get(slug=RINGSTED)
    assert permissions.can_manage_users(boss, ringsted.organisation) and permissions.can_create_organisation(boss)
    assert consultant.get("/admin/").status_code == 302  # to the admin's log-in: not theirs
    c = Client()
    c.force_login(boss)
    assert c.get("/admin/").status_code == 200


def test_a_deactivated_person_loses_their_rights():
    from pejling.plans.memberships import member_set_active
    user = persona_user("consultant")
    member_set_active(membership=user.memberships.get(), active=False)
    user.refresh_from_db()
    assert not user.is_active
    assert not permissions.can_edit_plan(user, Strategy.objects.get(slug=RINGSTED))
