"""Facts from the seed documents, read back through the model after `load-demo`."""

from decimal import Decimal

import pytest

from pejling.plans.models import FocusArea, Indicator, Initiative, Strategy, Target
from pejling.tracking.models import Measurement, StatusNote

RINGSTED = "ringsted-uddannelse-til-alle-unge"
HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
STEVNS = "stevns-boerne-og-ungepolitik"

pytestmark = pytest.mark.usefixtures("demo")


def values(indicator, **filters):
    rows = Measurement.objects.filter(indicator=indicator, **filters).order_by("period_end", "breakdown")
    return [(m.period, m.breakdown, m.value) for m in rows]


def test_it_holds_every_initiative_of_the_three_documents():
    codes = {s: list(Initiative.objects.filter(strategy__slug=s).order_by("order").values_list("code", flat=True))
             for s in (RINGSTED, HOLSTEBRO, STEVNS)}
    assert codes[RINGSTED] == ["#1", "#2", "#3", "#4", "#5", "#6", "#7", "#8", "#9a", "#9b", "#10", "#11", "#12", "#13"]
    assert codes[HOLSTEBRO] == ["2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3",
                                "4.1", "4.2", "4.3", "4.4", "4.5", "5.1"]
    assert len(codes[STEVNS]) == 17


def test_it_reads_ringsted_6_baseline_interim_and_final_target():
    neet = Indicator.objects.get(strategy__slug=RINGSTED, initiative__code="#6")
    baseline = Measurement.objects.get(indicator=neet, is_baseline=True)
    assert (baseline.value, baseline.period) == (Decimal("7.2"), "2019-11")
    assert "Baseline-tallet er fra 2018" in baseline.comment
    targets = [(t.kind, t.period, t.value) for t in neet.targets.filter(origin="local").order_by("due_date")]
    assert targets == [("interim", "2020-11", Decimal("6.9")), ("final", "2021-11", Decimal("6.5"))]
    assert (neet.direction, neet.glide_kind, neet.glide_rate) == ("down", "relative", Decimal("-5"))
    assert [u.name for u in neet.initiative.units.order_by("initiative_links__order")] == \
        ["Arbejdsmarkedscenter", "Skolecenter"]


def test_it_reads_ringsted_1_distribution_of_441_children_and_target_shares():
    position = Indicator.objects.get(strategy__slug=RINGSTED, initiative__code="#1")
    counts = {m.level.code: m.value for m in Measurement.objects.filter(indicator=position, is_baseline=True)}
    assert counts == {"roed": 33, "gul": 78, "groen": 330}
    assert sum(counts.values()) == 441
    assert {t.level.code: t.value for t in position.targets.all()} == {"roed": 5, "gul": 15, "groen": 80}
    assert [lv.label for lv in position.scale.levels.all()] == ["Rød position", "Gul position", "Grøn position"]


def test_it_reads_ringsted_national_average_comparisons():
    grades = Indicator.objects.get(key="r10-karakterer")
    assert values(grades) == [("2016/17", "", Decimal("5.2")), ("2017/18", "", Decimal("5.5")),
                              ("2018/19", "", Decimal("4.3"))]
    national = grades.references.get(name="Landsgennemsnit")
    assert [(v.period, v.value) for v in national.values.all()] == \
        [("2016/17", Decimal("4.5")), ("2017/18", Decimal("5.9")), ("2018/19", Decimal("4.4"))]


def test_it_reads_ringsted_six_principles_and_the_national_goal():
    strategy = Strategy.objects.get(slug=RINGSTED)
    assert strategy.focus_area_label == "Bærende princip"
    assert strategy.focus_areas.count() == 6
    assert strategy.focus_areas.get(code="4").title == "Opfølgning på indsatser"
    national = Indicator.objects.get(key="national-95").targets.get()
    assert (national.origin, national.value, national.period) == ("national", Decimal("95"), "2025")


def test_it_reads_holstebro_fritidsjob_retention_by_group():
    retention = Indicator.objects.get(strategy__slug=HOLSTEBRO, key="h3-3-fastholdelse")
    assert values(retention, period="2013") == [("2013", "Etnisk danske", Decimal("79")),
                                                ("2013", "Nydanske", Decimal("88"))]
    assert retention.targets.get().value == Decimal("60")


def test_it_reads_holstebro_results_over_four_years():
    reading = Indicator.objects.get(key="h2-4-laesning")
    assert [v for _, _, v in values(reading)] == [Decimal("32"), Decimal("67.33"), Decimal("25"), Decimal("71.7")]
    ssp = Indicator.objects.get(key="h4-5-ssp")
    assert [v for _, _, v in values(ssp)] == [45, 20, 28, 9]
    target = ssp.targets.get()
    assert (target.change, target.change_unit) == (Decimal("-25"), "percent")
    gap = Indicator.objects.get(key="h4-2-fravaersforskel")
    assert [v for _, _, v in values(gap)] == [Decimal("1.3"), Decimal("0.8"), Decimal("1.7"), Decimal("0.3")]


def test_it_keeps_retired_indicators_with_reason_replacement_and_history():
    retired = Indicator.objects.filter(strategy__slug=HOLSTEBRO).exclude(retired_reason="")
    assert set(retired.values_list("key", flat=True)) == {
        "h2-5-uddannelsesparate", "h3-2-omvalg", "h4-4-fritidstilbud", "h4-5-sigtede"}
    omvalg = retired.get(key="h3-2-omvalg")
    assert omvalg.replaced_by.key == "h3-frafald"
    assert "ufuldstændig" in omvalg.retired_reason
    assert values(omvalg) == [("2010", "", Decimal("7")), ("2011", "", Decimal("40"))]
    assert retired.get(key="h4-5-sigtede").replaced_by.key == "h4-5-ssp"


def test_it_keeps_closed_activities_and_milestone_status_history():
    closed = Initiative.objects.filter(strategy__slug=HOLSTEBRO, state="closed")
    assert set(closed.values_list("code", flat=True)) == {"2.4", "4.3"}
    assert closed.get(code="4.3").closed_period == "2013-08"
    volunteers = Indicator.objects.get(key="h4-5-50-frivillige")
    assert Measurement.objects.get(indicator=volunteers, period="2013").status == "on_the_way"
    per_activity = [ini.indicators.filter(kind="milestone").count()
                    for ini in Initiative.objects.filter(strategy__slug=HOLSTEBRO).order_by("order")]
    assert per_activity == [2, 2, 1, 4, 2, 1, 3, 3, 3, 4, 3, 2, 4, 6]
    notes = StatusNote.objects.filter(indicator__key="h2-2-besoeg").order_by("period_end")
    assert [n.period for n in notes] == ["2010", "2011"]
    assert notes[0].text.startswith("Nej. Aktiviteten er flyttet til 1. kvartal i 2011")


def test_it_reads_stevns_vision_five_pejlemaerker_and_trivselslinealen():
    stevns = Strategy.objects.get(slug=STEVNS)
    assert stevns.vision.startswith("I Stevns Kommune gennemfører vores unge en uddannelse")
    assert stevns.adopted_on.isoformat() == "2021-11-25"
    assert list(FocusArea.objects.filter(strategy=stevns).values_list("title", flat=True)) == [
        "Rettidig og forebyggende indsats", "Stærk tværfaglighed",
        "Mødes af ambitiøse voksne, der ser potentialet hos alle børn og unge", "Et liv i fællesskab",
        "Høj mental trivsel"]
    levels = stevns.scales.get(key="trivselslinealen").levels.all()
    assert [(lv.label, lv.tier) for lv in levels] == [
        ("I trivsel", ""), ("Moderat trivsel", "Forebyggelse"), ("Sårbar trivsel", "Tidlig indsats"),
        ("Udsat trivsel", "Indgribende indsats"), ("Truet trivsel", "Indgribende indsats")]
    per_area = [fa.initiatives.count() for fa in stevns.focus_areas.all()]
    assert per_area == [3, 3, 2, 5, 4]


def test_it_reads_a_stevns_action_plan_sheet():
    sheet = Initiative.objects.get(strategy__slug=STEVNS, title="Etablering af kontaktpersonskorps der er lokalt forankret")
    assert sheet.timeline == "Et halvt år til analyse med efterfølgende beslutningssag til Kommunalbestyrelsen."
    assert "Munkegården" in sheet.activities
    assert [link.unit.name for link in sheet.unit_links.all()] == ["Børn & Læring"]
    goal = Indicator.objects.get(key="s1-1-omsorgssvigt")
    assert (goal.name, goal.target_text) == ("Færre børn oplever omsorgssvigt", "Mål: Færre børn oplever omsorgssvigt.")


def test_it_keeps_no_personal_names_from_the_holstebro_appendix():
    names = ["Jonna", "Arvid Lisbjerg", "Lene Rasmussen", "Maria Braae", "Kirtha", "Jørgensen", "Bødker",
             "Kurt Christian", "Karina Viborg", "Camilla Nielsen", "Torben Bach", "Hanne Stoll", "Rikke Bang",
             "Zahra", "Ivan Frederiksen"]
    texts = " ".join(StatusNote.objects.values_list("text", flat=True)) + " ".join(
        Initiative.objects.values_list("activities", flat=True)) + " ".join(
        f"{s.report_introduction} {s.report_summary}" for s in Strategy.objects.all())
    assert not [n for n in names if n in texts]


def test_it_keeps_one_total_series_for_holstebro_3_3_and_no_baseline_before_the_start():
    retention = Indicator.objects.get(strategy__slug=HOLSTEBRO, key="h3-3-fastholdelse")
    assert values(retention, breakdown="") == [("2011", "", Decimal("66")), ("2012", "", Decimal("85"))]
    assert values(retention) == [
        ("2011", "", Decimal("66")), ("2012", "", Decimal("85")), ("2012", "Nydanske", Decimal("70")),
        ("2013", "Etnisk danske", Decimal("79")), ("2013", "Nydanske", Decimal("88"))]
    # "0 (som forventet)" in 2010 measured an activity that started in 2011: not a baseline.
    assert not Measurement.objects.filter(indicator=retention, is_baseline=True).exists()
    assert (retention.baseline_text, retention.start_period) == ("0 (som forventet)", "2011")
    plans = Indicator.objects.get(key="h2-3-anvender-handleplaner")
    assert not Measurement.objects.filter(indicator=plans, is_baseline=True).exists()
    assert Indicator.objects.get(key="h2-3-handleplan").start_period == "2011"
    assert set(Indicator.objects.filter(strategy__slug=HOLSTEBRO, initiative__code="3.3")
               .values_list("start_period", flat=True)) == {"2011"}


def test_it_gives_holstebro_milestones_their_numbers_as_targets_and_counts():
    expected = {
        # key: (target, {period: (value, status)})
        "h2-1-24-laerere": (24, {"2012": (24, ""), "2013": (24, "done")}),
        "h2-3-handleplan": (95, {"2010": (0, ""), "2011": (100, ""), "2012": (100, ""), "2013": (100, "")}),
        "h2-4-30-foraeldre": (30, {"2010": (0, ""), "2013": (0, "")}),
        "h3-2-75-foraeldre": (75, {"2010": (0, ""), "2013": (125, "")}),
        "h3-3-40-fritidsjob": (40, {"2012": (30, ""), "2013": (66, "done")}),
        "h3-3-50-virksomheder": (50, {"2011": (7, ""), "2012": (125, ""), "2013": (149, "done")}),
        "h4-2-ansat": (3, {"2010": (3, "done"), "2013": (None, "done")}),
        "h4-3-10-rollemodeller": (10, {"2010": (0, ""), "2011": (12, ""), "2013": (None, "not_done")}),
        "h4-5-50-frivillige": (50, {"2010": (0, ""), "2012": (20, ""), "2013": (20, "on_the_way")}),
    }
    numbered = Indicator.objects.filter(strategy__slug=HOLSTEBRO, kind="milestone", targets__value__isnull=False)
    assert set(numbered.values_list("key", flat=True)) == set(expected)
    for key, (target, rows) in expected.items():
        milestone = Indicator.objects.get(key=key)
        assert [(t.value, t.period) for t in milestone.targets.all()] == [(target, "2013")], key
        got = {m.period: (m.value, m.status) for m in Measurement.objects.filter(indicator=milestone)}
        assert got == rows, key


def test_it_marks_limits_as_ceilings_and_floors():
    bounds = {(t.indicator.key, t.bound, t.value) for t in Target.objects.exclude(bound="")}
    assert bounds == {
        ("h3-2-omvalg", "ceiling", Decimal("15")),  # "max. 15 pct. over andelen af samtlige unge"
        ("h3-3-fastholdelse", "floor", Decimal("60")),  # "60 pct. af fritidsjobbene fastholdes"
        ("r2-fravaer", "ceiling", Decimal("5.9")),  # "Fravær er på landsgennemsnit" (5,9 % in 2018/19)
        ("r10-karakterer", "floor", Decimal("4.4")),  # "Karakterer skal minimum være på landsgennemsnit"
        ("s2-3-eud-valg", "floor", Decimal("30")),  # national goal: 30 % choose a vocational education
    }


def test_it_keeps_relative_targets_with_their_words():
    parents = Indicator.objects.get(key="h2-4-foraeldredeltagelse")
    target = parents.targets.get()
    assert (target.value, target.change, target.change_unit, target.period) == (None, Decimal("25"), "percent", "2013")
    assert target.text == "Der er en stigning på 25 pct. i forældredeltagelsen"
    assert parents.target_text.startswith("Der er en stigning på 25 pct. i forældredeltagelsen (på forældremøder)")
    relative = Indicator.objects.filter(strategy__slug=HOLSTEBRO, targets__change__isnull=False)
    assert all(t.text for ind in relative for t in ind.targets.all()), "a relative target keeps its words"
    assert all(ind.target_text for ind in relative)


def test_it_holds_frequencies_and_report_texts():
    once = Indicator.objects.filter(strategy__slug=HOLSTEBRO, frequency="once").values_list("key", flat=True)
    assert set(once) == {"h4-2-fravaersdage", "h4-2-fritidsaktiviteter", "h4-2-fritidsjob", "h4-2-ssp",
                         "h4-2-foraeldre-job"}
    assert set(Indicator.objects.filter(frequency="half_yearly").values_list("key", flat=True)) == {
        "s1-1-omsorgssvigt", "s1-1-anbringelser", "s1-1-forebyggende", "s1-1-tidligt"}
    holstebro = Strategy.objects.get(slug=HOLSTEBRO)
    assert holstebro.report_introduction.startswith("## Status 2013\n\n")
    for fact in ("Opstart: Idé og begejstring (2009)", "Forankring (2013)", "**101** unge", "**88 pct.**",
                 "fra 31 fraværsdage i 2010", "fra 45 unge i 2010 til 9 unge i 2013", "71,7 pct."):
        assert fact in holstebro.report_introduction, fact
    assert holstebro.report_summary.startswith("Styregruppen og tovholder ser tilbage på det 4-årige partnerskab")
    stevns = Strategy.objects.get(slug=STEVNS)
    assert "Der er årlig opfølgning på den samlede politik" in stevns.report_introduction
    assert stevns.report_summary == ""
    ringsted = Strategy.objects.get(slug=RINGSTED)
    assert (ringsted.report_introduction, ringsted.report_summary) == ("", "")
