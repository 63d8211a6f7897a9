"""The merging upload (interchange/sync): a preview first, exactly what changes, nothing else."""

import copy
from decimal import Decimal

import pytest

from pejling.interchange.documents import ImportRefused
from pejling.interchange.exporter import strategy_export
from pejling.interchange.sync import plan_sync_apply, plan_sync_preview
from pejling.plans.models import Indicator, Initiative, Strategy, Unit
from pejling.tracking.models import Measurement


def _history_rows() -> int:
    from django.apps import apps
    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


def _doc(slug):
    return strategy_export(strategy=Strategy.objects.get(slug=slug))


@pytest.mark.django_db
def test_reuploading_an_export_changes_nothing_in_any_demo_strategy(demo):
    from conftest import persona_user
    user = persona_user("consultant")
    assert len(demo) == 3
    for slug in demo:
        doc = _doc(slug)
        before, revision = _history_rows(), Strategy.objects.get(slug=slug).revision
        preview = plan_sync_preview(document=doc, source="x.json", user=user)
        assert [e for e in preview.entries] == [], (slug, preview.lines()[:5])
        assert preview.unchanged["initiative"] == Initiative.objects.filter(strategy__slug=slug).count()
        applied = plan_sync_apply(document=doc, source="x.json", user=user)
        assert applied.entries == []
        assert _history_rows() == before
        assert Strategy.objects.get(slug=slug).revision == revision
RINGSTED = "ringsted-uddannelse-til-alle-unge"


def _initiative(doc, code):
    return next(i for i in doc["strategy"]["initiatives"] if i["code"] == code)


@pytest.mark.django_db
def test_the_preview_lists_exactly_what_changes_and_the_apply_does_it(demo):
    doc = _doc(RINGSTED)
    ini = _initiative(doc, "#6")
    ini["title"] = "Styrket UU-indsats for alle"
    ini["indicators"][0]["measurements"].append({"period": "2020-11", "value": 6.9})
    ini["indicators"].append({"key": "r6-ny", "name": "Unge i fritidsjob", "unit": "%"})
    before = Measurement.objects.count()
    preview = plan_sync_preview(document=doc, source="r.json")
    got = [(e.action, e.entity, e.label) for e in preview.entries]
    assert got == [("changed", "initiative", "#6 »Styrket UU-indsats for alle«"),
                   ("new", "indicator", "r6-ny »Unge i fritidsjob«"),
                   ("new", "measurement", "r6-neet 2020-11")]
    change = preview.entries[0].changes
    assert [(c.label, c.old, c.new) for c in change] == [("titel", "»Styrket UU-indsats«",
                                                           "»Styrket UU-indsats for alle«")]
    assert Measurement.objects.count() == before  # a preview writes nothing
    lines = preview.lines()
    assert any(line.startswith("~ ændret indsats #6") and "titel: »Styrket UU-indsats« → »Styrket UU-indsats for alle«"
               in line for line in lines)
    assert preview.unchanged["initiative"] == 13

    revision = Strategy.objects.get(slug=RINGSTED).revision
    applied = plan_sync_apply(document=doc, source="r.json")
    assert [(e.action, e.entity) for e in applied.entries] == [(a, e) for a, e, _l in got]
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats for alle"
    assert Measurement.objects.get(indicator__key="r6-neet", period="2020-11").value == Decimal("6.9")
    new = Indicator.objects.get(strategy__slug=RINGSTED, key="r6-ny")
    assert new.initiative.code == "#6"
    assert Strategy.objects.get(slug=RINGSTED).revision > revision
    history = Initiative.history.filter(code="#6", strategy__slug=RINGSTED).order_by("-history_date").first()
    assert history.history_source == "import" and history.history_type == "~"
    # and now the same document again is all unchanged
    assert plan_sync_preview(document=doc, source="r.json").entries == []


@pytest.mark.django_db
def test_a_partial_document_changes_only_what_it_names(demo):
    doc = {"format": "pejling-strategy", "version": 1, "organisation": {"slug": "ringsted"},
           "strategy": {"slug": RINGSTED, "indicators": [
               {"key": "r6-neet", "measurements": [{"period": "2020-11", "value": 7.0, "comment": "Fra UU"}]}]}}
    preview = plan_sync_preview(document=doc, source="m.json")
    assert [(e.action, e.label) for e in preview.entries] == [("new", "r6-neet 2020-11")]
    plan_sync_apply(document=doc, source="m.json")
    ind = Indicator.objects.get(strategy__slug=RINGSTED, key="r6-neet")
    assert ind.initiative.code == "#6"  # found where it stands; not moved
    assert ind.name.startswith(_initiative(_doc(RINGSTED), "#6")["indicators"][0]["name"][:20])
    doc["strategy"]["indicators"][0]["measurements"][0]["value"] = 7.1
    changed = plan_sync_preview(document=doc, source="m.json").entries
    assert [(c.label, c.old, c.new) for c in changed[0].changes] == [("værdi", "7", "7,1")]


@pytest.mark.django_db
def test_a_group_written_otherwise_continues_the_stored_group(demo):
    """"NYDANSKE" in a document is the stored group "Nydanske": its measurement of a stored period
    changes that row, a new one joins that series and a target follows it; a group new to the indicator
    is written as the document first writes it, and "drenge" beside "Drenge" of one period is a duplicate."""
    from pejling.tracking.services import measurement_record
    neet = Indicator.objects.get(strategy__slug=RINGSTED, key="r6-neet")
    measurement_record(indicator=neet, period="2021", value=Decimal("6.1"), breakdown="Nydanske")

    def upload(measurements, targets=()):
        return {"format": "pejling-strategy", "version": 1, "organisation": {"slug": "ringsted"},
                "strategy": {"slug": RINGSTED, "indicators": [
                    {"key": "r6-neet", "measurements": measurements, "targets": list(targets)}]}}
    doc = upload([{"period": "2021", "value": 6.0, "breakdown": "NYDANSKE"},
                  {"period": "2022", "value": 5.8, "breakdown": "nydanske"},
                  {"period": "2022", "value": 7.5, "breakdown": "Drenge"},
                  {"period": "2023", "value": 7.2, "breakdown": "DRENGE"}],
                 [{"kind": "final", "period": "2025", "value": 4, "breakdown": "NyDanske"}])
    preview = plan_sync_preview(document=doc, source="m.json")
    assert sorted((e.action, e.label) for e in preview.entries if e.entity == "measurement") == [
        ("changed", "r6-neet 2021 Nydanske"), ("new", "r6-neet 2022 Drenge"), ("new", "r6-neet 2022 Nydanske"),
        ("new", "r6-neet 2023 Drenge")]
    plan_sync_apply(document=doc, source="m.json")
    groups = sorted(set(neet.measurements.exclude(breakdown="").values_list("breakdown", flat=True)))
    assert groups == ["Drenge", "Nydanske"]
    assert neet.measurements.get(period="2021", breakdown="Nydanske").value == Decimal("6.0")
    assert neet.targets.get(period="2025").breakdown == "Nydanske"
    twice = upload([{"period": "2024", "value": 7.0, "breakdown": "Drenge"},
                    {"period": "2024", "value": 7.1, "breakdown": "drenge"}])
    with pytest.raises(ImportRefused) as refused:
        plan_sync_apply(document=twice, source="m.json")
    assert "measurements[1]: en måling mere for perioden »2024« og gruppen »Drenge«" in str(refused.value)
    targets = upload([], [{"kind": "final", "period": "2028", "value": 3, "breakdown": "Drenge"},
                          {"kind": "final", "period": "2028", "value": 4, "breakdown": "DRENGE"}])
    with pytest.raises(ImportRefused) as refused:
        plan_sync_apply(document=targets, source="m.json")
    assert "targets[1]: et mål mere af samme slags for perioden »2028«, samme niveau og gruppen »Drenge«" in \
        str(refused.value)


@pytest.mark.django_db
def test_a_refused_upload_names_every_problem_in_place_and_writes_nothing(demo):
    doc = _doc(RINGSTED)
    ini = _initiative(doc, "#6")
    ini["title"] = "Ny titel"  # a valid change that must not be written either
    ini["indicators"][0]["targets"] = [{"period": "2021-11", "value": 140}]  # a share over 100 %
    ini["indicators"].append({"key": "r6-x"})  # a new indicator needs a name
    next(u for u in doc["organisation"]["units"] if u["name"] == "Skolecenter")["parent"] = "Skolecenter"
    before, history = Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title, _history_rows()
    with pytest.raises(ImportRefused) as refused:
        plan_sync_apply(document=doc, source="r.json")
    errors = refused.value.errors
    text = "\n".join(errors)
    assert len(errors) == 3, text
    assert "strategy.initiatives[5](#6).indicators[0](r6-neet).targets" in text and "140" in text
    assert "strategy.initiatives[5](#6).indicators[1](r6-x): feltet »name« mangler" in text
    assert "organisation.units" in text and "Skolecenter → Skolecenter" in text
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == before
    assert _history_rows() == history
    with pytest.raises(ImportRefused):
        plan_sync_preview(document=doc, source="r.json")


@pytest.mark.django_db
def test_a_unit_cycle_through_stored_units_is_refused(demo):
    Unit.objects.filter(organisation__slug="ringsted", name="Skolecenter").update(
        parent=Unit.objects.get(organisation__slug="ringsted", name="Børnecenter"))
    doc = {"organisation": {"slug": "ringsted", "units": [{"name": "Børnecenter", "parent": "Skolecenter"}]},
           "strategy": {"slug": RINGSTED}, "format": "pejling-strategy", "version": 1}
    with pytest.raises(ImportRefused) as refused:
        plan_sync_preview(document=doc, source="u.json")
    assert "organisation.units[0].parent" in refused.value.errors[0]
    assert "Børnecenter → Skolecenter → Børnecenter" in refused.value.errors[0]


CANDIDATE = {"key": "r6-ledighed", "name": "Ledige unge", "unit": "%",
             "measurements": [{"period": "2019-11", "value": 7.2, "baseline": True}],
             "evidence": "7,2 % november 2019"}


@pytest.mark.django_db
def test_candidates_are_written_only_when_accepted(demo):
    doc = _doc(RINGSTED)
    _initiative(doc, "#6")["indicator_candidates"] = [copy.deepcopy(CANDIDATE),
                                                      {"key": "r6-bad", "name": "Over", "unit": "%",
                                                       "targets": [{"value": 130}], "evidence": "130 %"}]
    preview = plan_sync_preview(document=doc, source="t.tsv")
    assert preview.entries == []
    assert [(c.initiative, c.key, c.evidence, bool(c.problems)) for c in preview.candidates] == [
        ("#6", "r6-ledighed", "7,2 % november 2019", False), ("#6", "r6-bad", "130 %", True)]
    assert "130" in preview.candidates[1].problems[0]
    plan_sync_apply(document=doc, source="t.tsv")
    assert not Indicator.objects.filter(key__in=["r6-ledighed", "r6-bad"]).exists()
    applied = plan_sync_apply(document=doc, source="t.tsv", accepted_candidates={("#6", "r6-ledighed")})
    assert [(e.action, e.entity) for e in applied.entries] == [("new", "indicator"), ("new", "measurement")]
    ind = Indicator.objects.get(strategy__slug=RINGSTED, key="r6-ledighed")
    assert ind.initiative.code == "#6" and ind.measurements.get().is_baseline
    with pytest.raises(ImportRefused) as refused:
        plan_sync_apply(document=doc, source="t.tsv", accepted_candidates={("#6", "r6-bad")})
    assert "indicator_candidates[1](#6 r6-bad)" in refused.value.errors[0]


@pytest.mark.django_db
def test_a_new_organisation_and_strategy_are_created(db):
    doc = {"format": "pejling-strategy", "version": 1,
           "organisation": {"slug": "sync-kommune", "name": "Sync Kommune", "units": [
               {"name": "Sync Center"}, {"name": "Sync Skole", "parent": "Sync Center"}]},
           "strategy": {"slug": "sync-plan", "title": "Sync-planen", "initiatives": [
               {"code": "1", "title": "Første", "units": [{"unit": "Sync Skole", "role": "lead"}]}]}}
    preview = plan_sync_preview(document=doc, source="n.json")
    assert preview.organisation_new and preview.strategy_new
    assert [e.entity for e in preview.entries] == ["organisation", "unit", "unit", "strategy", "initiative",
                                                   "initiative_unit"]
    plan_sync_apply(document=doc, source="n.json")
    assert Unit.objects.get(name="Sync Skole").parent.name == "Sync Center"
    assert Strategy.objects.get(slug="sync-plan").initiatives.get().unit_links.get().role == "lead"
    assert plan_sync_preview(document=doc, source="n.json").entries == []


@pytest.mark.django_db
def test_a_strategy_of_another_organisation_is_refused(demo):
    doc = _doc(RINGSTED)
    doc["organisation"] = {"slug": "holstebro"}
    with pytest.raises(ImportRefused) as refused:
        plan_sync_preview(document=doc, source="r.json")
    assert "tilhører organisationen »ringsted«" in refused.value.errors[0]
