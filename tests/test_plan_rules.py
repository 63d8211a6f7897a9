"""The plan's write service checks the limits itself: a form without them (or a future API) cannot
store what an import refuses. Each case is refused with its Danish sentence and changes nothing."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from pejling.plans.models import Indicator, Strategy, Target, Unit
from pejling.plans.services import plan_save

pytestmark = pytest.mark.usefixtures("demo")
RINGSTED = "ringsted-uddannelse-til-alle-unge"


def bare_form(model, fields, instance, data):
    """A form with none of the web's limits: only the service stands between it and the database."""
    form_class = forms.modelform_factory(model, fields=fields)
    form = form_class(data, instance=instance)
    assert form.is_valid(), form.errors
    return form


def percent_indicator():
    return Indicator.objects.filter(strategy__slug=RINGSTED, unit="%").exclude(targets=None).first()


def test_a_share_target_over_100_percent_is_refused_by_the_service():
    target = percent_indicator().targets.first()
    before = target.value
    form = bare_form(Target, ["value"], target, {"value": "140"})
    with pytest.raises(ValidationError) as refused:
        plan_save(form=form, strategy_id=target.indicator.strategy_id)
    assert refused.value.messages == ["Værdi: »140« ligger ikke mellem 0 og 100, som en procentsats skal."]
    target.refresh_from_db()
    assert target.value == before


def test_99999_decimals_and_a_control_character_are_refused_together():
    indicator = percent_indicator()
    form = bare_form(Indicator, ["decimals", "unit", "description"], indicator,
                     {"decimals": "9999", "unit": "procent\x0bpoint", "description": "Linje 1\x0bLinje 2"})
    with pytest.raises(ValidationError) as refused:
        plan_save(form=form, strategy_id=indicator.strategy_id)
    messages = refused.value.messages
    assert any(m.startswith("Enhed: indeholder et kontroltegn (lodret tabulator)") for m in messages), messages
    assert any(m.startswith("Decimaler: »9999« decimaler") for m in messages), messages
    indicator.refresh_from_db()
    assert indicator.decimals != 9999 and indicator.unit == "%"

    form = bare_form(Indicator, ["description"], indicator, {"description": "Linje 1\x0bLinje 2\r\nLinje 3"})
    plan_save(form=form, strategy_id=indicator.strategy_id)  # a multi-line text is cleaned, as on import
    indicator.refresh_from_db()
    assert indicator.description == "Linje 1Linje 2\nLinje 3"



def test_a_unit_cannot_be_made_part_of_itself_through_the_service():
    organisation = Strategy.objects.get(slug=RINGSTED).organisation
    top = Unit.objects.create(organisation=organisation, name="Børne- og Ungeforvaltningen")
    child = Unit.objects.create(organisation=organisation, name="Skoleafdelingen", parent=top)
    form = bare_form(Unit, ["parent"], top, {"parent": child.pk})
    with pytest.raises(ValidationError) as refused:
        plan_save(form=form)
    assert refused.value.messages == [
        "Del af: en enhed kan ikke være en del af sig selv "
        "(Børne- og Ungeforvaltningen → Skoleafdelingen → Børne- og Ungeforvaltningen)."]
    top.refresh_from_db()
    assert top.parent_id is None


def test_a_target_block_is_checked_against_its_new_indicator_unit():
    """An inline block is checked once it belongs to the saved row: a 140 % target of a % indicator."""
    indicator = percent_indicator()
    formset_class = forms.inlineformset_factory(Indicator, Target, fields=["value", "period"], extra=1)
    targets = list(indicator.targets.all())
    data = {"targets-TOTAL_FORMS": str(len(targets) + 1), "targets-INITIAL_FORMS": str(len(targets)),
            "targets-MIN_NUM_FORMS": "0", "targets-MAX_NUM_FORMS": "1000"}
    for i, t in enumerate(targets):
        data.update({f"targets-{i}-id": t.pk, f"targets-{i}-value": str(t.value or ""),
                     f"targets-{i}-period": t.period})
    data.update({f"targets-{len(targets)}-value": "140", f"targets-{len(targets)}-period": "2030"})
    formset = formset_class(data, instance=indicator, prefix="targets")
    assert formset.is_valid(), formset.errors
    form = bare_form(Indicator, ["decimals"], indicator, {"decimals": "1"})
    count = Target.objects.count()
    with pytest.raises(ValidationError, match="ligger ikke mellem 0 og 100"):
        plan_save(form=form, formsets=[formset], strategy_id=indicator.strategy_id)
    assert Target.objects.count() == count
    assert Target.objects.filter(value=Decimal("140")).count() == 0
