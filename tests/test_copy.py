"""The Danish copy pass (issue 13, §8): each example the issue gives, checked where a reader meets it."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document

import pejling
from pejling.plans.models import Strategy
from pejling.reports.content import report_build
from pejling.reports.render import report_render

pytestmark = pytest.mark.usefixtures("demo")
PO = Path(pejling.__file__).parent / "locale" / "da" / "LC_MESSAGES" / "django.po"
HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
STEVNS = "stevns-boerne-og-ungepolitik"


def test_a_milestone_on_the_way_is_called_paa_vej_everywhere(client):
    catalogue = PO.read_text(encoding="utf-8")
    assert "ndervejs" not in catalogue
    with translation.override("da"):
        from pejling.tracking.models import MilestoneStatus
        assert MilestoneStatus("on_the_way").label == "På vej"


def test_the_challenges_heading_has_its_comma(client):
    page = client.get(reverse("web:initiative", args=[STEVNS, "1.1"])).content.decode()
    assert "<dt>Udfordringer, som indsatsen adresserer</dt>" in page
    assert "Udfordringer indsatsen" not in page


def test_roles_are_listed_one_per_line_so_a_note_keeps_its_own_full_stop(client):
    page = client.get(reverse("web:initiative", args=[HOLSTEBRO, "4.2"])).content.decode()
    assert "<li>Relationsmedarbejdere (frontmedarbejdere): Tre relationsmedarbejdere.</li>" in page
    assert ".;" not in page


@pytest.mark.parametrize("slug", [STEVNS, HOLSTEBRO, "ringsted-uddannelse-til-alle-unge"])
def test_every_target_in_the_status_text_carries_its_unit(capsys, slug):
    call_command("status", slug)
    text = capsys.readouterr().out
    if slug.startswith("ringsted"):
        assert "mål 95 % (2025)" in text  # the example: the national goal of 95 % by 2025
    assert re.findall(r"mål [^·\n]*", text)
    assert not re.search(r"mål \d+(,\d+)? \(", text)  # no bare number before the year


def test_pejling_list_says_a_period_once(capsys):
    call_command("list_strategies")
    out = capsys.readouterr().out
    assert "Sammenhængende børne- og ungepolitik 2021-2024\n" in out and "2021-2024 2021-2024" not in out
    assert "Uddannelse til alle unge 2019-2021" in out  # a title without its period still gets it


def test_a_title_line_without_a_period_does_not_end_in_a_separator():
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    strategy.ends_on = None  # no period to show
    strategy.save()
    doc = report_build(strategy=strategy, as_of=date(2013, 12, 31))
    document = Document(io.BytesIO(report_render(doc, "docx")))
    lines = [p.text for p in document.paragraphs if " · " in p.text]
    assert lines and not any(line.rstrip().endswith("·") for line in lines), lines


def test_the_indicator_direction_reads_as_a_sentence():
    with translation.override("da"):
        from pejling.plans.models.indicator import Direction
        assert Direction.UP.label == "godt, når den stiger" and Direction.DOWN.label == "godt, når den falder"


def test_a_charts_text_alternative_gives_every_number_its_unit():
    from tests.test_charts import chart

    c = chart("ringsted-uddannelse-til-alle-unge", "r6-neet", date(2021, 12, 31))
    assert "Baseline 7,2 %." in c.description
    assert re.search(r"Mål \d+(,\d+)? % i \d{4}\.", c.description), c.description


def test_an_initiative_is_an_indsats_also_when_it_is_closed():
    with translation.override("da"):
        assert translation.gettext("The initiative is closed") == "Indsatsen er lukket"
    assert "ktivitet skal have state" not in PO.read_text(encoding="utf-8")


def test_a_charts_text_alternative_shows_the_numbers_as_the_reports_table_does():
    """An indicator shown without decimals: the screen reader hears "7 %" where the table prints "7 %"
    (the alt text once had two decimals of its own)."""
    from pejling.plans.models import Indicator, Strategy
    from pejling.reports.tables import result_rows
    from pejling.tracking.status import strategy_status
    from tests.test_charts import chart

    slug, key, as_of = "ringsted-uddannelse-til-alle-unge", "r6-neet", date(2021, 12, 31)
    Indicator.objects.filter(strategy__slug=slug, key=key).update(decimals=0)
    c = chart(slug, key, as_of)
    status = strategy_status(strategy=Strategy.objects.get(slug=slug), as_of=as_of)
    result = next(r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators if r.key == key)
    indicator = Indicator.objects.prefetch_related("measurements", "references__values").get(
        strategy__slug=slug, key=key)
    with translation.override("da"):
        total = result_rows(indicator, result, as_of, public=False)[0]
    assert total["baseline"]["text"] == "7 %" and "Baseline 7 %." in c.description, c.description
    assert f"Mål {total['target']['text'].split(' (')[0]} i 2021." in c.description, (total, c.description)
    assert "Mål 6,5 % i 2021." in c.description  # a target as stated, not rounded to the measurements' decimals
