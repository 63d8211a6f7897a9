"""The upload page: /s/<strategy>/importer/maalinger/ — upload, preview, confirm; who may; the file kept on
the server under a token bound to the person and the strategy's revision."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pejling.plans.memberships import member_add, organisation_find
from pejling.plans.models import Organisation
from pejling.plans.services import strategy_touch
from pejling.tracking.models import Measurement
from tests.measurements_fixtures import ORG, SLUG, centre_editor_of, make_strategy

URL = reverse("web:measurement-upload", args=[SLUG])
CSV = "Indikator;Periode;Gruppe;Værdi\nbt-neet;2019;Nydanske;6,9\nbt-neet;2020;Nydanske;6,5\n".encode()


@pytest.fixture
def strategy(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return make_strategy()


def person(role="consultant", name="bulk-konsulent"):
    client = Client()
    client.force_login(member_add(organisation=organisation_find(text=ORG), username=name, role=role).user)
    return client


def upload(client, content=CSV, name="maalinger.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def token_of(response):
    page = response.content.decode()
    start = page.index('name="token" value="') + len('name="token" value="')
    return page[start:page.index('"', start)]


def stored():
    return {(m.period, m.breakdown): float(m.value) for m in Measurement.objects.filter(indicator__key="bt-neet",
                                                                               indicator__strategy__slug=SLUG)}


def test_a_consultant_uploads_sees_the_preview_and_confirms(strategy, tmp_path):
    client = person()
    response = upload(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Forhåndsvisning: maalinger.csv" in page and "<td>7,2 %</td><td>6,9 %</td>" in page
    assert "Gennemfør import" in page and stored() == {("2019", "Nydanske"): 7.2}
    token = token_of(response)
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == [f"{token}.csv", f"{token}.json"]
    done = client.post(URL, {"token": token})
    assert done.status_code == 302 and done.url == reverse("web:strategy", args=[SLUG])
    assert stored() == {("2019", "Nydanske"): 6.9, ("2020", "Nydanske"): 6.5}
    assert list((tmp_path / "uploads").iterdir()) == []
    follow = client.get(done.url)
    assert "maalinger.csv er importeret: 1 nye, 1 ændrede, 0 uændrede." in follow.content.decode()


def test_a_file_with_problems_shows_them_all_and_offers_no_import(strategy):
    response = upload(person(), "Indikator;Periode;Værdi\nbt-neet;7,2%;7\nbt-neet;2021;140\n".encode())
    page = response.content.decode()
    assert response.status_code == 422
    assert "Række 2, kolonne Periode: »7,2%« er ikke en periode" in page
    assert "Række 3, kolonne Værdi: »140«: Værdien skal være et tal mellem 0 og 100" in page
    assert "Gennemfør import" not in page


def test_who_may_upload(strategy, client):
    assert client.get(URL).status_code == 404  # anonymous: an unpublished strategy does not exist
    assert person("reader", "bulk-laeser").get(URL).status_code == 403
    editor = Client()
    editor.force_login(centre_editor_of("Børnecenter"))
    assert editor.get(URL).status_code == 200
    response = editor.post(URL, {"file": SimpleUploadedFile("m.csv", CSV)})
    assert "du må ikke registrere data for »bt-neet«" in response.content.decode()
    other = Client()
    elsewhere = Organisation.objects.create(slug="bulk-anden-kommune", name="Anden Kommune")
    other.force_login(member_add(organisation=elsewhere, username="bulk-fremmed", role="consultant").user)
    assert other.get(URL).status_code == 404  # an unpublished strategy of another organisation does not exist


def test_a_token_works_only_for_its_person_and_never_names_a_path(strategy):
    client = person()
    token = token_of(upload(client))
    intruder = person(name="bulk-konsulent-2")
    response = intruder.post(URL, {"token": token})
    assert response.status_code == 302 and stored() == {("2019", "Nydanske"): 7.2}
    for hostile in ("../../etc/passwd", "/tmp/pejling-bulk/x.csv", token + "/.."):
        assert client.post(URL, {"token": hostile}).status_code == 302
    assert stored() == {("2019", "Nydanske"): 7.2}


def test_a_change_since_the_preview_shows_the_new_preview_first(strategy):
    client = person()
    token = token_of(upload(client))
    strategy_touch(strategy.id)  # someone saved something meanwhile
    response = client.post(URL, {"token": token})
    assert response.status_code == 409 and "Strategien er ændret siden forhåndsvisningen" in response.content.decode()
    assert stored() == {("2019", "Nydanske"): 7.2}
    assert client.post(URL, {"token": token_of(response)}).status_code == 302
    assert stored()[("2020", "Nydanske")] == 6.5


def test_only_csv_and_excel_files_are_taken(strategy):
    response = upload(person(), b"<html>", name="m.html")
    assert response.status_code == 422 and "Vælg en .csv- eller .xlsx-fil." in response.content.decode()


def test_a_file_over_the_limit_is_refused_before_it_is_read(strategy, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(person(), b"Indikator;Periode;V\xc3\xa6rdi\n" + b"bt-antal;2020;1\n" * 20_000)
    assert response.status_code == 413 and "højst 0,0 MB kan importeres" in response.content.decode()
    assert not Measurement.objects.filter(indicator__strategy__slug=SLUG, indicator__key="bt-antal").exists()
