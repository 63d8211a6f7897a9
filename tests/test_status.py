"""`strategy_status` and `pejling status` on the demo data: one answer for every consumer."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pejling.assessment.colours import Colour
from pejling.plans.models import Initiative, Strategy
from pejling.texts.reasons import say
from pejling.tracking.models import Assessment, Measurement
from pejling.tracking.status import strategy_status
from pejling.tracking.status_document import status_document

pytestmark = pytest.mark.usefixtures("demo")
HOLSTEBRO = "holstebro-partnerskab-ungestrategier"


def status(slug, as_of):
    return strategy_status(strategy=Strategy.objects.get(slug=slug), as_of=as_of)


def initiative(st, code):
    return next(s for fa in st.focus_areas for s in fa.initiatives if s.initiative.code == code)


def indicator(st, key):
    found = [r for fa in st.focus_areas for s in fa.initiatives for r in s.indicators if r.key == key]
    found += [r for fa in st.focus_areas for r in fa.indicators if r.key == key] + \
        [r for r in st.goals if r.key == key]
    return found[0]


def test_it_assesses_holstebro_as_the_2013_report_saw_it():
    st = status(HOLSTEBRO, date(2013, 12, 31))
    reading = indicator(st, "h2-4-laesning")
    assert (reading.colour, round(reading.series[0].progress, 3)) == (Colour.GREEN, round(39.7 / 43, 3))
    gap = indicator(st, "h4-2-fravaersforskel")
    assert gap.colour == Colour.YELLOW and gap.series[0].latest.value == 0.3
    retention = indicator(st, "h3-3-fastholdelse")
    assert [(s.label, s.latest.value) for s in retention.series] == [("", 85), ("Etnisk danske", 79), ("Nydanske", 88)]
    ssp = indicator(st, "h4-5-ssp")
    assert (ssp.final.value, ssp.colour) == (33.75, Colour.GREEN)
    assert initiative(st, "4.2").colour == Colour.YELLOW


def test_it_shows_retired_indicators_and_closed_initiatives_without_counting_them():
    st = status(HOLSTEBRO, date(2013, 12, 31))
    omvalg = indicator(st, "h3-2-omvalg")
    assert omvalg.retired and omvalg.colour == Colour.YELLOW  # as it stood when retired in 2011, over its limit
    assert initiative(st, "3.2").colour == Colour.GREEN  # the retired red does not count
    closed = [s.initiative.code for fa in st.focus_areas for s in fa.initiatives if not s.counted]
    assert closed == ["2.4", "4.3"]
    assert sum(st.summary.counts.values()) == 12


def test_it_recomputes_for_a_past_date():
    then = status(HOLSTEBRO, date(2012, 12, 31))
    assert indicator(then, "h2-4-laesning").colour == Colour.RED  # 25 % in 2012
    assert indicator(then, "h2-4-laesning").series[0].latest.value == 25


def test_it_lets_an_evaluator_override_an_initiative_with_a_reason():
    ini = Initiative.objects.get(strategy__slug=HOLSTEBRO, code="4.5")
    Assessment.objects.create(strategy=ini.strategy, initiative=ini, period="2013", colour="yellow",
                              reason="Kun 20 af 50 frivillige har gennemført kurset.", assessed_by_role="Ekstern evaluator")
    st = status(HOLSTEBRO, date(2013, 12, 31))
    s = initiative(st, "4.5")
    assert (s.colour, s.computed, s.manual.reason) == (Colour.YELLOW, Colour.RED,  # 20 of 50 at the deadline
                                                       "Kun 20 af 50 frivillige har gennemført kurset.")


def test_it_raises_the_no_effect_alert_on_the_initiative():
    ssp = Measurement.objects.filter(indicator__key="h4-5-ssp")
    ssp.filter(period="2012").update(value=50)
    ssp.filter(period="2013").update(value=46)
    st = status(HOLSTEBRO, date(2013, 12, 31))
    assert [say(a) for a in initiative(st, "4.5").alerts] == [
        "Ingen effekt: de 2 seneste målinger (2012: 50 personer, 2013: 46 personer) er ikke bedre end baseline "
        "(2010: 45 personer). Indsatsen skal ændres (princip 4)."]


def test_it_uses_the_same_number_of_queries_however_much_data(grow_strategy):
    counts = []
    for copies in (0, 4):
        if copies:
            grow_strategy(HOLSTEBRO, copies)
        with CaptureQueriesContext(connection) as ctx:
            st = status(HOLSTEBRO, date(2013, 12, 31))
        counts.append(len(ctx.captured_queries))
    assert sum(len(fa.initiatives) for fa in st.focus_areas) == 18
    assert counts[0] == counts[1]


def test_it_prints_status_as_text_and_stable_json(capsys):
    call_command("status", HOLSTEBRO, "--as-of", "2013-12-31")
    text = capsys.readouterr().out
    assert "Partnerskab om ungestrategier (Holstebro Kommune) pr. 2013-12-31" in text
    assert "  4.2    GUL           Ansættelse og oplæring af 3 relationsmedarbejdere" in text
    call_command("status", HOLSTEBRO, "--as-of", "2013-12-31", "--json")
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "pejling-status" and doc["as_of"] == "2013-12-31"
    fa4 = next(fa for fa in doc["focus_areas"] if fa["code"] == "4")
    ssp = next(i for ini in fa4["initiatives"] for i in ini["indicators"] if i["key"] == "h4-5-ssp")
    assert ssp["target"] == {"date": "2013-12-31", "value": 33.75}
    assert ssp["latest"] == {"date": "2013-12-31", "value": 9.0}
    assert ssp["colour"] == "green"


def test_it_matches_the_documented_status_schema():
    from jsonschema import Draft202012Validator

    from pejling.tracking.status_document import SCHEMA_PATH
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for slug in ["ringsted-uddannelse-til-alle-unge", HOLSTEBRO, "stevns-boerne-og-ungepolitik"]:
        doc = json.loads(json.dumps(status_document(status(slug, date(2021, 6, 30)))))
        assert list(Draft202012Validator(schema).iter_errors(doc)) == []


def test_it_refuses_a_bad_date_or_strategy():
    with pytest.raises(CommandError, match="»2013-13-01« er ingen dag i kalenderen"):
        call_command("status", HOLSTEBRO, "--as-of", "2013-13-01")
    with pytest.raises(CommandError, match="ingen strategi »x«"):
        call_command("status", "x")
