"""Who gets a strategy's Excel template: `pejling template` and /s/<slug>/skabelon.xlsx, decided by
plans/permissions.can_download_template (the organisation's own people; never the public)."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pejling.cli import VERBS
from pejling.demo.loader import demo_accounts
from pejling.interchange.exporter import strategy_export
from pejling.interchange.template import template_read
from pejling.interchange.validation import check_document
from pejling.plans.models import Strategy

RINGSTED = "ringsted-uddannelse-til-alle-unge"
URL = f"/s/{RINGSTED}/skabelon.xlsx"


def test_the_command_writes_the_filled_and_the_empty_template(demo, tmp_path, capsys):
    assert VERBS["template"][0] == "strategy_template"
    out = tmp_path / "ringsted.xlsx"
    call_command("strategy_template", RINGSTED, "-o", str(out))
    assert "udfyldt skabelon for ringsted-uddannelse-til-alle-unge" in capsys.readouterr().out
    expected, _errors = check_document(strategy_export(strategy=Strategy.objects.get(slug=RINGSTED)))
    assert template_read(out, source=str(out)) == expected
    call_command("strategy_template", RINGSTED, "--empty", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book["Indsatser"].max_row == 1 and book["Enheder"].max_row == 5


def test_the_command_acts_for_a_person_with_their_rights(demo, tmp_path):
    demo_accounts()
    out = str(tmp_path / "t.xlsx")
    call_command("strategy_template", RINGSTED, "-o", out, "--as", "ringsted-laeser")
    call_command("strategy_template", RINGSTED, "-o", out, "--as", "ringsted-konsulent")
    with pytest.raises(CommandError, match="brugeren må ikke hente skabelonen for " + RINGSTED):
        call_command("strategy_template", RINGSTED, "-o", out, "--as", "holstebro-konsulent")
    with pytest.raises(CommandError, match="ingen strategi »nowhere«"):
        call_command("strategy_template", "nowhere", "-o", out)


def test_ringsteds_numbers_stand_in_the_filled_template_as_the_project_overview_says_them(demo, tmp_path):
    """/work/shared/seeds/ringsted-projektoversigt-2019-2021.txt: #6 from 7,2 % (november 2019) to 6,5 %
    in november 2021 via 6,9 % in November 2020; #1: 33 red, 78 yellow, 330 green of 441 children."""
    out = tmp_path / "ringsted.xlsx"
    call_command("strategy_template", RINGSTED, "-o", str(out))
    book = openpyxl.load_workbook(out)

    def rows(sheet):
        ws = book[sheet]
        headers = [str(c.value).rstrip(" *") for c in ws[1]]
        return [dict(zip(headers, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]

    neet = [r for r in rows("Målinger") if r["Indikator (nøgle)"] == "r6-neet"]
    assert [(r["Periode"], r["Værdi"], r["Baseline"]) for r in neet] == [("2019-11", 7.2, "ja")]
    targets = [(r["Type"], r["Oprindelse"], r["Periode"], r["Værdi"], r["Ændring"], r["Ændring i"])
               for r in rows("Mål") if r["Indikator (nøgle)"] == "r6-neet"]
    assert targets == [("delmål", "lokalt", "2020-11", 6.9, None, None), ("slutmål", "lokalt", "2021-11", 6.5, None, None),
                       ("slutmål", "nationalt", "2030", None, -50, "procent af baseline")]  # halved by 2030
    position = {r["Niveau (kode)"]: r["Værdi"] for r in rows("Målinger") if r["Indikator (nøgle)"] == "r1-position"}
    assert position == {"roed": 33, "gul": 78, "groen": 330} and sum(position.values()) == 441
    six = next(r for r in rows("Indsatser") if r["Kode"] == "#6")
    assert six["Titel"] == "Styrket UU-indsats" and six["Tilstand"] == "aktiv"


@pytest.mark.parametrize("persona", ["consultant", "reader", "administrator", "centre_editor"])
def test_the_organisations_own_people_download_the_template(request, demo, persona):
    # `demo` named here, not only reached through getfixturevalue: pytest-django then runs the test
    # among the database tests, before the live-server ones; run after those, its database request
    # left the session's first connection open, and PostgreSQL refused to drop the test database
    client = request.getfixturevalue(persona)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="{RINGSTED}-skabelon.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book["Indsatser"].max_row == 15  # 13 projects, #9 as 9a and 9b, and the header
    empty = client.get(URL + "?tom=1")
    assert empty["Content-Disposition"] == f'attachment; filename="{RINGSTED}-skabelon-tom.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(empty.content))["Indsatser"].max_row == 1


def test_the_reports_page_links_the_template_for_those_who_may_have_it(consultant):
    page = consultant.get(f"/s/{RINGSTED}/rapporter/").content.decode()
    assert f'<a href="{URL}">Hent Excel-skabelon (udfyldt)</a>' in page
    assert f'<a href="{URL}?tom=1">Hent Excel-skabelon (tom)</a>' in page
    assert Strategy.objects.get(slug=RINGSTED).published
    assert "Hent Excel-skabelon" not in Client().get(f"/s/{RINGSTED}/rapporter/").content.decode()


def test_no_one_outside_the_organisation_gets_the_template(holstebro_consultant):
    Strategy.objects.filter(slug=RINGSTED).update(published=True)
    assert holstebro_consultant.get(URL).status_code == 403  # published, but its raw data stay inside
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/konto/log-ind/" in anonymous["Location"]
    Strategy.objects.filter(slug=RINGSTED).update(published=False)
    assert holstebro_consultant.get(URL).status_code == 404  # unpublished: its existence does not leak
    assert Client().get(URL).status_code == 404
