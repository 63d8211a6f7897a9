"""One validation for every door: the shared rules, and the web saying the same as the importer."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from pejling.assessment.limits import (
    DECIMALS_MAX,
    KEY_MAX,
    TextRule,
    clean_text,
    key_problem,
    name_key,
    normalise_digits,
    normalise_key,
    number_problem,
    parent_cycle,
    text_rule,
)
from pejling.assessment.periods import parse_period
from pejling.demo.loader import demo_accounts
from pejling.interchange.documents import ImportRefused, load_schema, parse_json, parse_yaml, read_document
from pejling.interchange.exporter import strategy_export
from pejling.interchange.importer import strategy_import
from pejling.plans.models import Indicator, Organisation, Strategy, Unit
from pejling.tracking.services import counts_record, measurement_record, status_note_add
from pejling.web.forms import MeasurementForm, NumberField

RINGSTED = "ringsted-uddannelse-til-alle-unge"


# -- the rules -----------------------------------------------------------------------------------
def test_digits_in_any_script_are_ascii_digits():
    assert normalise_digits("２０１９") == normalise_digits("٢٠١٩") == normalise_digits("۲۰۱۹") == "2019"
    assert parse_period("２０１９-１１").text == parse_period("٢٠١٩-١١").text == "2019-11"
    assert NumberField().clean("７,２ %") == Decimal("7.2")


def test_one_key_rule():
    assert normalise_key("UU-Afklaring") == "uu-afklaring"
    assert normalise_key(" Børn_Trivsel ") == "boern_trivsel"
    assert key_problem("uu-afklaring") is None
    assert key_problem("uu afklaring").params["suggestion"] == "uu-afklaring"
    assert key_problem("x" * (KEY_MAX + 1)).code == "too_long"


def test_texts_one_line_and_many():
    assert clean_text("Tidlig\x00indsats")[1].code == "nul"
    assert clean_text("Tidlig\x0bindsats")[1].params == {"char": "lodret tabulator"}
    assert clean_text("Tidlig\nindsats")[1].code == "control"
    many = TextRule(100, multiline=True)
    assert clean_text("Linje 1\r\nLinje 2\x0b\tslut\x07", many) == ("Linje 1\nLinje 2\tslut", None)
    assert clean_text("a\x00b", many)[1].code == "nul"
    assert clean_text("x" * 201, TextRule(200))[1].params == {"length": 201, "max": 200}


def test_a_groups_name_is_one_spelling_at_every_door():
    """Targets and measurements alike: NFKC digits, no invisible characters, one space; case kept."""
    for entity in ("target", "measurement"):
        rule = text_rule(entity, "breakdown")
        assert clean_text("Skole\u200b ９ ", rule) == ("Skole 9", None)
        assert clean_text("\ufeffNy\u00addanske  elever", rule) == ("Nydanske elever", None)
        assert clean_text("Skole\t9", rule)[1].code == "control"
    assert name_key("Skole \u0669") == name_key("skole  9") == "skole 9"
    assert clean_text("Skole\u200b 9") == ("Skole\u200b 9", None)  # other one-line texts are kept as written
    # A joiner that is part of the writing stays (an emoji sequence, a Persian word); a stray one goes
    rule = text_rule("measurement", "breakdown")
    assert clean_text("👩\u200d💻 Kodeklub", rule) == ("👩\u200d💻 Kodeklub", None)
    assert clean_text("می\u200cخواهم", rule) == ("می\u200cخواهم", None)
    assert clean_text("Nyd\u200danske", rule) == ("Nydanske", None)
    assert clean_text("\u200d👩 Skole", rule) == ("👩 Skole", None)


def test_numbers():
    assert number_problem(140, unit="%").code == "percent_range"
    assert number_problem(-3, unit="børn", count=True).code == "negative"
    assert number_problem(2.5, unit="børn", count=True).code == "not_whole"
    assert number_problem(2.5, unit="%", count=True) is None  # shares need not be whole
    assert number_problem(1e20).code == "too_large"
    assert number_problem(float("nan")).code == "not_finite"
    assert number_problem(-12.5, unit="kr.") is None


def test_units_cannot_be_their_own_ancestors():
    assert parent_cycle({"A": "A"}) == {"A": ["A", "A"]}
    assert set(parent_cycle({"A": "B", "B": "C", "C": "A", "D": "A"})) == {"A", "B", "C"}
    assert parent_cycle({"A": None, "B": "A"}) == {}


def test_the_schema_states_the_same_limits():
    defs = load_schema()["$defs"]
    assert defs["indicator"]["properties"]["decimals"]["maximum"] == DECIMALS_MAX
    assert defs["slug"]["maxLength"] == KEY_MAX


def test_parsers_refuse_duplicate_keys_and_aliases_and_depth_but_keep_dates_as_texts():
    assert parse_yaml("a: 2019-11-30\nb: [1, 2]\n") == {"a": "2019-11-30", "b": [1, 2]}
    assert parse_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(ImportRefused) as refused:
        parse_yaml("a: 1\nb: 2\na: 3\nb: 4\n")
    assert len(refused.value.errors) == 2
    with pytest.raises(ImportRefused, match="indlejret i mere end 64 niveauer"):
        parse_yaml("a: " + "[" * 70 + "]" * 70)
    with pytest.raises(ImportRefused, match="et alias henviser til det objekt"):
        parse_yaml("a: &x [1, *x]\n")
    assert parse_json('{"a": "[[[[", "b": [[1]]}') == {"a": "[[[[", "b": [[1]]}


# -- imports -------------------------------------------------------------------------------------
def test_a_vertical_tab_in_a_comment_is_removed_and_the_rest_imports(db):
    doc = read_document(Path(__file__).with_name("fixtures") / "valid-strategy.yaml")
    measurement = doc["strategy"]["initiatives"][0]["indicators"][0]["measurements"][0]
    measurement["comment"] = "Fra UU\x0b(opgjort i november)"
    measurement["period"] = "٢٠١٩"
    strategy_import(document=doc)
    stored = Indicator.objects.get(strategy__slug="proeve-politik", key="r1-neet").measurements.get()
    assert (stored.comment, stored.period) == ("Fra UU(opgjort i november)", "2019")


# -- the web -------------------------------------------------------------------------------------
def consultant():
    demo_accounts()
    c = Client()
    assert c.login(username="konsulent", password="demo")
    return c


def management(prefix, total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def indicator_data(**changes):
    data = {"key": "r6-nyt", "name": "Andel i job", "kind": "numeric", "unit": "%", "decimals": "1",
            "direction": "up", "order": "5", **management("targets")}
    return {**data, **changes}


def test_the_web_refuses_decimals_99999(demo):
    response = consultant().post(reverse("web:indicator-create", args=[RINGSTED, "#6"]),
                                 indicator_data(decimals="99999"))
    assert response.status_code == 422
    assert "»99999« decimaler: vælg mellem 0 og 6." in response.content.decode()
    assert not Indicator.objects.filter(key="r6-nyt").exists()


def test_the_web_refuses_a_change_of_1e20_and_a_target_of_140_percent(demo):
    url = reverse("web:indicator-create", args=[RINGSTED, "#6"])
    targets = {**management("targets", total=2), "targets-0-kind": "final", "targets-0-origin": "local",
               "targets-0-period": "2021", "targets-0-change": "1e20", "targets-0-change_unit": "points",
               "targets-1-kind": "final", "targets-1-origin": "local", "targets-1-period": "2022",
               "targets-1-value": "140"}
    page = consultant().post(url, indicator_data(**targets))
    assert page.status_code == 422
    text = page.content.decode()
    assert "»1E+20« er for stort: et tal skal være mindre end 10.000.000.000 (numerisk)." in text
    assert "»140« ligger ikke mellem 0 og 100, som en procentsats skal." in text
    assert not Indicator.objects.filter(key="r6-nyt").exists()


def test_the_web_refuses_a_290_character_strategy_title(demo):
    strategy = Strategy.objects.get(slug=RINGSTED)
    before = strategy.title
    data = {"organisation": strategy.organisation_id, "title": "Ung " * 72 + "ab", "slug": RINGSTED,
            "focus_area_label": "Pejlemærke", "starts_on": "2019-01-01", "ends_on": "2021-12-31"}
    assert len(data["title"]) == 290
    response = consultant().post(reverse("web:strategy-edit", args=[RINGSTED]), data)
    assert response.status_code == 422
    assert "Er 290 tegn lang; højst 200 tegn kan stå i alle rapporter." in response.content.decode()
    assert Strategy.objects.get(slug=RINGSTED).title == before


def test_a_key_typed_as_UU_Afklaring_survives_web_export_import(demo):
    response = consultant().post(reverse("web:indicator-create", args=[RINGSTED, "#6"]),
                                 indicator_data(key="UU-Afklaring"))
    assert response.status_code == 302
    assert Indicator.objects.filter(strategy__slug=RINGSTED, key="uu-afklaring").exists()
    # and a key stored before the rule (upper case) is exported by the same rule
    Indicator.objects.filter(key="r6-neet").update(key="R6-NEET")
    doc = strategy_export(strategy=Strategy.objects.get(slug=RINGSTED))
    keys = {i["key"] for ini in doc["strategy"]["initiatives"] for i in ini.get("indicators", [])}
    assert {"uu-afklaring", "r6-neet"} <= keys
    strategy_import(document=json.loads(json.dumps(doc)), replace=True)
    assert strategy_export(strategy=Strategy.objects.get(slug=RINGSTED)) == doc


def test_the_web_refuses_a_unit_that_would_be_its_own_ancestor(administrator):
    org = Organisation.objects.get(strategies__slug=RINGSTED)
    a, b = Unit.objects.create(organisation=org, name="Afdeling A"), Unit.objects.create(organisation=org,
                                                                                        name="Afdeling B")
    b.parent = a
    b.save()
    response = administrator.post(reverse("web:unit", args=[org.slug, a.pk]),  # units are the administrator's
                                  {"name": "Afdeling A", "parent": b.pk, "version": a.version})
    assert response.status_code == 422
    assert "En enhed kan ikke være en del af sig selv (Afdeling A → Afdeling B → Afdeling A)." in \
        response.content.decode()
    assert Unit.objects.get(pk=a.pk).parent_id is None


def test_the_web_refuses_2_5_children_and_removes_a_vertical_tab_from_a_comment(demo):
    position = Indicator.objects.get(strategy__slug=RINGSTED, key="r1-position")
    with pytest.raises(ValidationError) as refused:
        counts_record(indicator=position, period="2020", counts={"roed": Decimal("2.5"), "gul": Decimal("3")})
    assert refused.value.message_dict["__all__"] == ["Et antal er et helt tal: man kan ikke tælle 2,5 børn."]
    assert not position.measurements.filter(period="2020").exists()
    form = MeasurementForm({"period": "２０２２", "value": "٧,٢", "comment": "Fra UU\x0b i år"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["period"], form.cleaned_data["value"], form.cleaned_data["comment"]) == (
        "2022", Decimal("7.2"), "Fra UU i år")
    neet = Indicator.objects.get(strategy__slug=RINGSTED, key="r6-neet")
    assert measurement_record(indicator=neet, period="٢٠٢٢", value=Decimal("7.2")).period == "2022"
    note = status_note_add(initiative=neet.initiative, period="２０２２", text="Status")
    assert note.period == "2022"
    title = MeasurementForm({"period": "2022", "value": "1e20"})
    assert not title.is_valid() and "er for stort" in title.errors["value"][0]
