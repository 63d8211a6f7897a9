"""Consultants build and edit the plan in the app; everyone else cannot, and a bad save changes nothing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pejling.plans.models import FocusArea, Indicator, Initiative, Strategy, Unit
from tests.test_no_lost_edits import form_data

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


# -- §4 of issue 13: the plan in the consultant's words ------------------------------------------------
EDIT_NEET = reverse("web:indicator-edit", args=[RINGSTED, "#6", "r6-neet"])


def _blocks(page, start):
    """The text of the form from `start` on, without the <template> of a new block."""
    return page[page.index(start):page.index("<template")]


def test_the_indicator_form_opens_with_the_name_and_keeps_key_and_order_out_of_the_way(consultant):
    page = consultant.get(EDIT_NEET).content.decode()
    form = page[page.index('<form method="post" class="plan-form"'):]
    assert form.index(">Navn<") < form.index(">Type<")
    assert "Rækkefølge" not in page and 'name="order"' not in page
    advanced = form[form.index("<summary>Avanceret</summary>") - 40:]
    assert advanced.startswith('<details class="plan-section"><summary>') or "<details" in advanced[:40]
    assert form.index(">Nøgle") > form.index("<summary>Avanceret</summary>")  # the key is folded away
    assert "Står feltet tomt, dannes nøglen ud fra navnet." in page


def test_one_word_for_the_glide_path(consultant):
    page = consultant.get(EDIT_NEET).content.decode()
    assert "Glidesti" not in page
    assert "Glidebane: delmål beregnet år for år" in page and "Ændring pr. år" in page


def test_a_new_indicator_gets_a_key_made_from_its_name_unique_in_the_strategy(consultant):
    url = reverse("web:indicator-create", args=[RINGSTED, "#6"])
    data = {"name": "Unge i fritidsjob", "kind": "numeric", "unit": "%", "decimals": "1", "direction": "up",
            **management("targets")}
    assert consultant.post(url, data).status_code == 302
    assert consultant.post(url, data).status_code == 302
    keys = list(Indicator.objects.filter(strategy__slug=RINGSTED, name="Unge i fritidsjob")
                .order_by("id").values_list("key", flat=True))
    assert keys == ["unge-i-fritidsjob", "unge-i-fritidsjob-2"]
    initiative = Initiative.objects.get(strategy__slug=RINGSTED, code="#6")
    assert [i.key for i in initiative.indicators.all()][-2:] == keys  # new ones go last
    response = consultant.post(url, dict(data, key="Unge i fritidsjob"))
    assert response.status_code == 422  # a key typed by hand is checked, not silently changed


def test_the_change_unit_shows_only_for_a_target_that_is_a_change(consultant):
    page = consultant.get(EDIT_NEET).content.decode()
    form = _blocks(page, 'id="targets"')
    units = re.findall(r'<div class="field"([^>]*)>\s*<label for="id_targets-(\d)-change_unit"', form)
    shown = {n: "hidden" not in attrs for attrs, n in units}
    assert shown == {"0": False, "1": False, "2": True}  # only "fald på 50 % (2030)" is a change
    assert "Ændringens enhed" not in page and ">ingen</option>" not in form and "Ændringen er i" in form


def test_no_empty_target_blocks_until_the_consultant_adds_one(consultant):
    page = consultant.get(EDIT_NEET).content.decode()
    form = _blocks(page, 'id="targets"')
    assert "Nyt mål" not in form and "(ny)" not in page
    data = form_data(page)
    data["add"] = "targets"
    response = consultant.post(EDIT_NEET, data)  # the "Tilføj mål" button without the page's script
    assert response.status_code == 200
    page = response.content.decode()
    assert _blocks(page, 'id="targets"').count("<legend>Nyt mål</legend>") == 1
    assert 'id="targets-new"' in page and "Intet er gemt endnu" not in page and 'class="error"' not in page
    assert Indicator.objects.get(key="r6-neet").targets.count() == 3  # nothing saved by adding a block

    data = form_data(page)
    data.update({"targets-3-kind": "interim", "targets-3-origin": "local", "targets-3-period": "2025",
                 "targets-3-value": "5,5"})
    response = consultant.post(EDIT_NEET, data)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.content.decode())
    assert Indicator.objects.get(key="r6-neet").targets.filter(period="2025", kind="interim").count() == 1


def test_a_targets_group_written_otherwise_is_the_indicators_group(consultant):
    """A target for "nydanske" (or with a zero-width space) follows the series "Nydanske", not a new one."""
    from pejling.tracking.services import measurement_record

    neet = Indicator.objects.get(key="r6-neet")
    measurement_record(indicator=neet, period="2021", value=Decimal("6.1"), breakdown="Nydanske")
    data = form_data(consultant.get(EDIT_NEET).content.decode())
    data["add"] = "targets"
    data = form_data(consultant.post(EDIT_NEET, data).content.decode())
    data.update({"targets-3-kind": "final", "targets-3-origin": "local", "targets-3-period": "2025",
                 "targets-3-value": "4", "targets-3-breakdown": " nyd\u200banske "})
    response = consultant.post(EDIT_NEET, data)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.content.decode())
    assert neet.targets.get(period="2025").breakdown == "Nydanske"


def _two_new_targets(consultant, first: tuple, second: tuple) -> dict:
    """The indicator form with two target blocks added, filled with (kind, period, value, group) each."""
    data = form_data(consultant.get(EDIT_NEET).content.decode())
    for _n in range(2):
        data["add"] = "targets"
        data = form_data(consultant.post(EDIT_NEET, data).content.decode())
    for n, (kind, period, value, group) in ((3, first), (4, second)):
        data.update({f"targets-{n}-kind": kind, f"targets-{n}-origin": "local", f"targets-{n}-period": period,
                     f"targets-{n}-value": value, f"targets-{n}-breakdown": group})
    return data


def test_two_new_targets_for_one_group_written_otherwise_are_one_group(consultant):
    """"Drenge" and "DRENGE", both new in one save, are one group spelled as the first target says it."""
    data = _two_new_targets(consultant, ("interim", "2024", "5", "Drenge"), ("final", "2026", "4", "DRENGE"))
    response = consultant.post(EDIT_NEET, data)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.content.decode())
    neet = Indicator.objects.get(key="r6-neet")
    assert sorted(neet.targets.filter(period__in=["2024", "2026"]).values_list("period", "breakdown")) == [
        ("2024", "Drenge"), ("2026", "Drenge")]


def test_two_targets_of_one_kind_period_and_group_are_refused(consultant):
    """Two final targets for 2028 and "Drenge" (3 % and 4 %) would each claim to be the goal."""
    data = _two_new_targets(consultant, ("final", "2028", "3", "Drenge"), ("final", "2028", "4", "drenge"))
    response = consultant.post(EDIT_NEET, data)
    assert response.status_code == 422
    assert "Et andet mål af samme slags har denne periode, dette niveau og denne gruppe" in response.content.decode()
    assert not Indicator.objects.get(key="r6-neet").targets.filter(period="2028").exists()
    data["targets-4-kind"] = "interim"  # an interim target beside the final one is fine
    assert consultant.post(EDIT_NEET, data).status_code == 302
    assert Indicator.objects.get(key="r6-neet").targets.filter(period="2028").count() == 2


def test_a_change_without_its_unit_asks_for_it_in_place(consultant):
    page = consultant.get(EDIT_NEET).content.decode()
    data = form_data(page)
    data.update({"targets-1-value": "", "targets-1-change": "-10"})
    response = consultant.post(EDIT_NEET, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Angiv, om ændringen er i procent eller i indikatorens enhed." in page
    unit = re.search(r'<div class="field has-error"([^>]*)>\s*<label for="id_targets-1-change_unit"', page)
    assert unit and "hidden" not in unit.group(1)


def test_text_areas_are_as_tall_as_their_text(consultant):
    page = consultant.get(EDIT_NEET).content.decode()
    baseline = re.search(r'<textarea name="baseline_text"[^>]*rows="(\d+)"', page)
    assert int(baseline.group(1)) >= 4  # four lines of text, four rows at least
    empty = re.search(r'<textarea name="targets-1-text"[^>]*rows="(\d+)"', page)
    assert int(empty.group(1)) == 1


def _move_form(page, what, pk, direction, past=False):
    """The button's address and version (and with `past`, the neighbour it moves past, as the page shows it)."""
    form = re.search(rf'<form method="post" action="(/[^"]*/flyt/{what}/{pk}/)" class="inline">(?:(?!</form>).)*?'
                     rf'name="version" value="(\d+)"><input type="hidden" name="past" value="(\d+)"><button '
                     rf'type="submit" name="direction" value="{direction}"', page, re.S)
    return form and (form.groups() if past else (form.group(1), form.group(2)))


def test_a_page_showing_an_old_order_moves_nothing_past_another_neighbour(consultant):
    """The page shows A, B, C. Someone else moves C up (A, C, B). "Move A down" on the old page meant
    "below B": it moves nothing, and says so, instead of putting A below C."""
    initiative_url = reverse("web:initiative", args=[RINGSTED, "#7"])
    keys = lambda: [i.key for i in Initiative.objects.get(strategy__slug=RINGSTED, code="#7").indicators.all()]  # noqa: E731
    a, b, c = keys()[:3]
    ids = {i.key: i.pk for i in Indicator.objects.filter(strategy__slug=RINGSTED, key__in=[a, b, c])}
    old_page = consultant.get(initiative_url).content.decode()
    url, version, past = _move_form(old_page, "indikator", ids[a], "down", past=True)
    assert int(past) == ids[b]
    other_url, other_version = _move_form(old_page, "indikator", ids[c], "up")
    assert consultant.post(other_url, {"direction": "up", "version": other_version}).status_code == 302
    assert keys()[:3] == [a, c, b]
    response = consultant.post(url, {"direction": "down", "version": version, "past": past})
    assert response.status_code == 409 and "Intet er flyttet" in response.content.decode()
    assert keys()[:3] == [a, c, b]
    url, version, past = _move_form(consultant.get(initiative_url).content.decode(), "indikator", ids[a], "down",
                                    past=True)
    assert int(past) == ids[c]
    for tampered in ("abc", "-1", "١٩", str(ids[b]), "9" * 30):  # none is the neighbour below now
        response = consultant.post(url, {"direction": "down", "version": version, "past": tampered})
        assert response.status_code == 409, tampered
    assert keys()[:3] == [a, c, b]
    assert consultant.post(url, {"direction": "down", "version": version, "past": past}).status_code == 302
    assert keys()[:3] == [c, a, b]


def test_indicators_are_reordered_by_moving_them_up_and_down(consultant):
    initiative_url = reverse("web:initiative", args=[RINGSTED, "#7"])
    keys = lambda: [i.key for i in Initiative.objects.get(strategy__slug=RINGSTED, code="#7").indicators.all()]  # noqa: E731
    first, second, third = keys()
    page = consultant.get(initiative_url).content.decode()
    ids = {i.key: i.pk for i in Indicator.objects.filter(key__in=[first, second, third])}
    assert _move_form(page, "indikator", ids[first], "up") is None  # the first cannot go up
    url, version = _move_form(page, "indikator", ids[second], "up")
    response = consultant.post(url, {"direction": "up", "version": version})
    assert response.status_code == 302 and response.url.endswith(f"#ind-{second}")
    assert keys() == [second, first, third]
    page = consultant.get(initiative_url).content.decode()
    assert page.index(f'id="ind-{second}"') < page.index(f'id="ind-{first}"')

    # the same button pressed again from the old page moves nothing: the version has changed
    response = consultant.post(url, {"direction": "up", "version": version})
    assert response.status_code == 409 and "Intet er flyttet" in response.content.decode()
    assert keys() == [second, first, third]
    # the indicators of other initiatives keep their places in the strategy
    orders = sorted(Indicator.objects.filter(key__in=ids).values_list("order", flat=True))
    assert orders == [11, 12, 13] or len(set(orders)) == 3


def test_only_consultants_move_and_only_by_post(client, centre_editor, holstebro_consultant, consultant):
    indicator = Indicator.objects.get(key="r7-gennemfoert")
    url = reverse("web:plan-move", args=[RINGSTED, "indikator", indicator.pk])
    data = {"direction": "down", "version": str(indicator.version)}
    assert consultant.get(url).status_code == 405
    assert client.post(url, data).status_code == 302 and "log-ind" in client.post(url, data).url
    assert centre_editor.post(url, data).status_code == 403
    assert holstebro_consultant.post(url, data).status_code == 403
    other = reverse("web:plan-move", args=["stevns-boerne-og-ungepolitik", "indikator", indicator.pk])
    assert consultant.post(other, data).status_code in (403, 404)
    assert consultant.post(url, {"direction": "sideways", "version": "0"}).status_code == 400
    indicator.refresh_from_db()
    assert indicator.order == Indicator.objects.get(key="r7-gennemfoert").order
    assert [i.key for i in indicator.initiative.indicators.all()][0] == "r7-gennemfoert"


def test_a_move_makes_an_open_edit_form_of_the_moved_rows_refuse_to_write_back(consultant):
    first = Indicator.objects.get(key="r7-gennemfoert")
    edit = reverse("web:indicator-edit", args=[RINGSTED, "#7", "r7-uddannelseskontaktperson"])
    stale = form_data(consultant.get(edit).content.decode())
    url = reverse("web:plan-move", args=[RINGSTED, "indikator", first.pk])
    assert consultant.post(url, {"direction": "down", "version": str(first.version)}).status_code == 302
    response = consultant.post(edit, dict(stale, name="Ny tekst"))
    assert response.status_code == 409  # its place changed: it gets saved again on purpose, not by accident
    keys = [i.key for i in first.initiative.indicators.all()]
    assert keys[:2] == ["r7-uddannelseskontaktperson", "r7-gennemfoert"]


def test_initiatives_and_focus_areas_move_too(consultant):
    eight = Initiative.objects.get(strategy__slug=RINGSTED, code="#8")
    page = consultant.get(reverse("web:initiative", args=[RINGSTED, "#8"])).content.decode()
    assert "Nr. 8 af 14 i oversigten" in page
    url, version = _move_form(page, "indsats", eight.pk, "up")
    assert consultant.post(url, {"direction": "up", "version": version}).status_code == 302
    codes = list(Initiative.objects.filter(strategy__slug=RINGSTED).values_list("code", flat=True))
    assert codes.index("#8") == codes.index("#7") - 1
    overview = consultant.get(reverse("web:strategy", args=[RINGSTED])).content.decode()
    assert overview.index(">Styrket UU-indsats<") > 0
    stevns = Strategy.objects.get(slug="stevns-boerne-og-ungepolitik")
    areas = list(stevns.focus_areas.all())
    assert len(areas) > 1
    url = reverse("web:plan-move", args=[stevns.slug, "omraade", areas[1].pk])
    stevns_consultant = _login("stevns-konsulent")
    assert stevns_consultant.post(url, {"direction": "up", "version": str(areas[1].version)}).status_code == 302
    assert list(stevns.focus_areas.all())[:2] == [areas[1], areas[0]]


def test_the_move_buttons_read_each_list_of_siblings_once_per_page(consultant):
    """Ten indicators' or three focus areas' buttons are one query, not one each: a consultant's pages
    cost what they show, however long the lists."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sibling_queries(url):
        with CaptureQueriesContext(connection) as q:
            page = consultant.get(url).content.decode()
        return page, sum(1 for x in q.captured_queries if re.match(r'SELECT "plans_\w+"\."id" AS "pk", "plans_\w+"\."version"',
                                                                   x["sql"]))

    initiative = Initiative.objects.get(strategy__slug=RINGSTED, code="#7")
    page, before = sibling_queries(reverse("web:initiative", args=[RINGSTED, "#7"]))
    shown = page.count('name="direction" value="down"')
    for n in range(4):
        Indicator.objects.create(strategy=initiative.strategy, initiative=initiative, key=f"r7-ekstra-{n}",
                                 name=f"Ekstra {n}", order=900 + n)
    page, after = sibling_queries(reverse("web:initiative", args=[RINGSTED, "#7"]))
    assert page.count('name="direction" value="down"') == shown + 4  # every indicator has its buttons
    assert after == before == 2  # the initiative among its siblings, and its indicators
    stevns = _login("stevns-konsulent")
    with CaptureQueriesContext(connection) as q:
        overview = stevns.get(reverse("web:strategy", args=["stevns-boerne-og-ungepolitik"])).content.decode()
    areas = list(FocusArea.objects.filter(strategy__slug="stevns-boerne-og-ungepolitik"))
    assert all(f'id="flyt-omraade-{a.pk}"' in overview for a in areas)
    assert f'value="{areas[1].version}"' in overview
    assert sum(1 for x in q.captured_queries if x["sql"].startswith(
        'SELECT "plans_focusarea"."id" AS "pk", "plans_focusarea"."version"')) == 1


def _login(username):
    from django.test import Client

    from pejling.demo.loader import demo_accounts
    demo_accounts()
    c = Client()
    assert c.login(username=username, password="demo")
    return c


def test_a_consultant_gives_the_baseline_with_the_targets_and_the_course_starts_there(consultant):
    url = reverse("web:indicator-create", args=[RINGSTED, "#6"])
    data = {"name": "Unge i fritidsjob", "kind": "numeric", "unit": "%", "decimals": "0", "direction": "up",
            "baseline_value": "40", "baseline_period": "2019", **management("targets", total=2),
            "targets-0-kind": "interim", "targets-0-origin": "local", "targets-0-period": "2020",
            "targets-0-value": "45",
            "targets-1-kind": "final", "targets-1-origin": "local", "targets-1-period": "2021",
            "targets-1-change": "25", "targets-1-change_unit": "percent"}
    response = consultant.post(url, dict(data, baseline_value="140"))
    assert response.status_code == 422 and "mellem 0 og 100" in response.content.decode()
    assert not Indicator.objects.filter(name="Unge i fritidsjob").exists()  # nothing saved, not even the indicator
    assert consultant.post(url, data).status_code == 302
    indicator = Indicator.objects.get(name="Unge i fritidsjob")
    [baseline] = indicator.measurements.filter(is_baseline=True)
    assert (baseline.period, baseline.value) == ("2019", 40)
    page = consultant.get(reverse("web:initiative", args=[RINGSTED, "#6"])).content.decode()
    sheet = page[page.index(">Unge i fritidsjob<"):]
    final = re.search(r"<td>Slutmål</td>\s*<td>([^<]*)</td>", sheet).group(1)
    assert final.startswith("50 %") and "25" in final, final  # +25 % of 40, resolved and said with its words

    edit = reverse("web:indicator-edit", args=[RINGSTED, "#6", indicator.key])
    shown = form_data(consultant.get(edit).content.decode())
    assert (shown["baseline_value"], shown["baseline_period"]) == ("40", "2019")
    assert consultant.post(edit, dict(shown, baseline_value="38,5")).status_code == 302
    baseline.refresh_from_db()
    assert baseline.value == Decimal("38.5") and baseline.history.count() == 2  # the old baseline is kept


def test_a_distribution_indicator_is_saved_again_unchanged(consultant):
    """Its scale is chosen from a list (an object, not a key written as text): saving the edit form as it
    opens changes nothing and answers with the page, never a server error."""
    edit = reverse("web:indicator-edit", args=[RINGSTED, "#1", "r1-position"])
    shown = form_data(consultant.get(edit).content.decode())
    assert shown.get("scale")
    response = consultant.post(edit, shown)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Indicator.objects.get(strategy__slug=RINGSTED, key="r1-position").scale.key == "position"


def test_a_count_s_groups_are_not_judged_by_the_total_s_ceiling_once_the_consultant_says_so(consultant):
    """Young people outside education, at most 34 in the municipality, measured per school too: the
    form asks what the groups' numbers are; until it is said a school gets no colour and the page says
    what to say, and a share in % cannot be a count."""
    from pejling.tracking.services import measurement_record

    url = reverse("web:indicator-create", args=[RINGSTED, "#6"])
    data = {"name": "Unge uden uddannelse", "kind": "numeric", "unit": "%", "decimals": "0", "direction": "down",
            "group_values": "counts", "baseline_value": "45", "baseline_period": "2019",
            **management("targets", total=1), "targets-0-kind": "final", "targets-0-origin": "local",
            "targets-0-period": "2021", "targets-0-value": "34", "targets-0-bound": "ceiling"}
    response = consultant.post(url, data)
    assert response.status_code == 422
    assert "Enheden »%« er en andel, så gruppernes tal er andele" in response.content.decode()
    assert consultant.post(url, dict(data, unit="unge", group_values="")).status_code == 302
    indicator = Indicator.objects.get(name="Unge uden uddannelse")
    for school, value in (("", 30), ("Skole A", 3), ("Skole B", 40)):
        measurement_record(indicator=indicator, period="2020", value=Decimal(value), breakdown=school)

    page = consultant.get(reverse("web:initiative", args=[RINGSTED, "#6"])).content.decode()
    assert "angiv på indikatoren, om gruppernes tal er antal" in page
    edit = reverse("web:indicator-edit", args=[RINGSTED, "#6", indicator.key])
    shown = form_data(consultant.get(edit).content.decode())
    assert consultant.post(edit, dict(shown, group_values="counts")).status_code == 302
    page = consultant.get(reverse("web:initiative", args=[RINGSTED, "#6"])).content.decode()
    assert "gruppens antal er en del af den" in page and "angiv på indikatoren" not in page
    indicator.refresh_from_db()
    assert indicator.group_values == "counts"
