"""The upload pages: who may import, upload → preview → confirm, refusals, a changed strategy, the token."""

import json
from pathlib import Path

import pytest
from conftest import persona_client
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pejling.interchange.exporter import strategy_export
from pejling.plans.models import Indicator, Initiative, Strategy

RINGSTED = "ringsted-uddannelse-til-alle-unge"
URL = f"/s/{RINGSTED}/importer/"


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _file(doc, name="ringsted.json"):
    return SimpleUploadedFile(name, json.dumps(doc).encode(), content_type="application/json")


def _changed_doc():
    doc = strategy_export(strategy=Strategy.objects.get(slug=RINGSTED))
    ini = next(i for i in doc["strategy"]["initiatives"] if i["code"] == "#6")
    ini["title"] = "Styrket UU-indsats for alle unge"
    return doc


@pytest.mark.parametrize("persona, status", [
    ("administrator", 200), ("consultant", 200), ("centre_editor", 403), ("reader", 403),
    ("holstebro_consultant", 403)])
def test_who_may_open_the_upload_page(demo, persona, status):
    assert persona_client(persona).get(URL).status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(demo):
    response = Client().get(URL)
    assert response.status_code == 302 and response.url.startswith("/konto/log-ind/")
    assert Client().post(URL, {"file": _file({})}).status_code == 302


def test_the_strategy_page_links_to_the_upload_only_for_those_allowed(demo):
    assert f'href="{URL}"'.encode() in persona_client("consultant").get(f"/s/{RINGSTED}/").content
    assert f'href="{URL}"'.encode() not in persona_client("centre_editor").get(f"/s/{RINGSTED}/").content


def test_upload_preview_confirm(demo, data_dir):
    client = persona_client("consultant")
    response = client.post(URL, {"file": _file(_changed_doc())})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Forhåndsvisning af importen" in page
    assert "»Styrket UU-indsats«" in page and "»Styrket UU-indsats for alle unge«" in page
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats"
    kept = [p for p in (data_dir / "uploads").iterdir() if p.suffix == ".json"]
    assert len(kept) == 1
    token = kept[0].stem
    # another person cannot use the token; a token that is a path is nothing
    assert persona_client("administrator").post(f"{URL}{token}/").status_code == 410
    assert client.post(f"{URL}..%2F..%2Fsecret/").status_code in (404, 410)
    response = client.post(f"{URL}{token}/")
    assert response.status_code == 302 and response.url == f"/s/{RINGSTED}/"
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats for alle unge"
    assert list((data_dir / "uploads").iterdir()) == []
    assert client.post(f"{URL}{token}/").status_code == 410  # applied once only


def test_a_strategy_changed_after_the_preview_shows_the_preview_again(demo, data_dir):
    client = persona_client("consultant")
    client.post(URL, {"file": _file(_changed_doc())})
    token = next(p.stem for p in (data_dir / "uploads").iterdir() if p.suffix == ".json")
    Initiative.objects.filter(strategy__slug=RINGSTED, code="#7").update(title="Ændret af en anden")
    from pejling.plans.services import strategy_touch
    strategy_touch(Strategy.objects.get(slug=RINGSTED).id)
    response = client.post(f"{URL}{token}/")
    assert response.status_code == 409
    assert "Nogen har ændret strategien efter din forhåndsvisning" in response.content.decode()
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats"
    assert "»Ændret af en anden«" in response.content.decode()  # the upload would set #7 back: shown
    response = client.post(f"{URL}{token}/")  # confirming the new preview applies it
    assert response.status_code == 302
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats for alle unge"


def test_a_refused_file_shows_every_problem_and_changes_nothing(demo, data_dir):
    doc = _changed_doc()
    ini = next(i for i in doc["strategy"]["initiatives"] if i["code"] == "#6")
    ini["indicators"][0]["targets"] = [{"period": "2021-11", "value": 140}]
    ini["indicators"].append({"key": "r6-uden-navn"})
    response = persona_client("consultant").post(URL, {"file": _file(doc)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Filen blev afvist; intet er ændret" in page
    assert "strategy.initiatives[5](#6).indicators[0](r6-neet).targets[0].value: »140«" in page
    assert "strategy.initiatives[5](#6).indicators[1](r6-uden-navn): feltet »name« mangler" in page
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats"
    assert list((data_dir / "uploads").iterdir()) == []


def test_a_file_for_another_strategy_or_too_large_or_of_an_unknown_kind_is_refused(demo, data_dir, settings):
    client = persona_client("consultant")
    other = strategy_export(strategy=Strategy.objects.get(slug="stevns-boerne-og-ungepolitik"))
    page = client.post(URL, {"file": _file(other)}).content.decode()
    assert "filen handler om strategien »stevns-boerne-og-ungepolitik«" in page
    settings.IMPORT_MAX_BYTES = 100
    response = client.post(URL, {"file": SimpleUploadedFile("big.json", b" " * 200_000)})
    assert response.status_code == 413 and "filen er større end" in response.content.decode()
    response = client.post(URL, {"file": _file(_changed_doc())})  # within the request's margin: refused as kept
    assert response.status_code == 422 and "filen er større end" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 10_000_000
    response = client.post(URL, {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 422 and "dette filformat understøttes ikke" in response.content.decode()
    assert list((data_dir / "uploads").iterdir()) == []


def test_a_new_strategy_can_start_from_a_file(demo, data_dir):
    client = persona_client("consultant")
    page = client.get("/ny-strategi/").content.decode()
    assert 'action="/ny-strategi/fra-fil/"' in page and 'enctype="multipart/form-data"' in page
    doc = {"format": "pejling-strategy", "version": 1, "organisation": {"slug": "ringsted"},
           "strategy": {"slug": "ringsted-fra-fil", "title": "Fra en fil",
                        "initiatives": [{"code": "1", "title": "Den første", "indicator_candidates": [
                            {"key": "f-1", "name": "Andel i job", "unit": "%", "evidence": "30 % i job"}]}]}}
    response = client.post("/ny-strategi/fra-fil/", {"file": _file(doc, "ny.json")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fra en fil (ny)" in page and 'name="candidate" value="f-1 1"' in page
    token = next(p.stem for p in (data_dir / "uploads").iterdir() if p.suffix == ".json")
    response = client.post(f"/ny-strategi/fra-fil/{token}/", {"candidate": ["f-1 1"]})
    assert response.status_code == 302 and response.url == "/s/ringsted-fra-fil/"
    assert Indicator.objects.get(strategy__slug="ringsted-fra-fil", key="f-1").initiative.code == "1"
    # into another municipality: refused
    doc["organisation"], doc["strategy"]["slug"] = {"slug": "holstebro"}, "holstebro-fra-fil"
    page = client.post("/ny-strategi/fra-fil/", {"file": _file(doc, "ny.json")}).content.decode()
    assert "du må ikke ændre denne organisations planer" in page
    assert not Strategy.objects.filter(slug="holstebro-fra-fil").exists()
    assert persona_client("reader").post("/ny-strategi/fra-fil/", {"file": _file(doc)}).status_code == 403
    assert Path(data_dir / "uploads").exists()
