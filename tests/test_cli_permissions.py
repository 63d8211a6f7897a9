"""Scripts that act for a person (`--as USER`) get exactly what that person's role allows, from the one
permission module; nothing is written when it is refused."""

import json

import pytest
from django.core.management import CommandError, call_command

from pejling.demo.loader import demo_accounts
from pejling.interchange.exporter import strategy_export
from pejling.plans.models import Strategy

RINGSTED = "ringsted-uddannelse-til-alle-unge"


@pytest.fixture
def ringsted_file(demo, tmp_path):
    demo_accounts()
    doc = strategy_export(strategy=Strategy.objects.get(slug=RINGSTED))
    doc["strategy"]["title"] = "Uddannelse til alle unge – revideret"
    path = tmp_path / "ringsted.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_an_import_for_another_municipalitys_consultant_is_refused_and_changes_nothing(ringsted_file):
    with pytest.raises(CommandError, match="brugeren må ikke ændre strategien"):
        call_command("import_strategy", str(ringsted_file), "--replace", "--as", "holstebro-konsulent")
    assert Strategy.objects.get(slug=RINGSTED).title == "Uddannelse til alle unge"
    with pytest.raises(CommandError, match="brugeren må ikke"):
        call_command("import_strategy", str(ringsted_file), "--replace", "--as", "ringsted-laeser")
    call_command("import_strategy", str(ringsted_file), "--replace", "--as", "ringsted-konsulent")
    assert Strategy.objects.get(slug=RINGSTED).title == "Uddannelse til alle unge – revideret"
    with pytest.raises(CommandError, match="ingen aktiv bruger »nobody«"):
        call_command("import_strategy", str(ringsted_file), "--replace", "--as", "nobody")


def test_a_committee_report_needs_a_role_in_the_municipality(demo, tmp_path):
    demo_accounts()
    out = str(tmp_path / "r.html")
    with pytest.raises(CommandError, match="må ikke læse udvalgsrapporten"):
        call_command("report", RINGSTED, "--format", "html", "-o", out, "--as", "holstebro-laeser")
    call_command("report", RINGSTED, "--format", "html", "-o", out, "--as", "holstebro-laeser", "--public")
    call_command("report", RINGSTED, "--format", "html", "-o", out, "--as", "ringsted-laeser")
