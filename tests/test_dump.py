"""`pejling dump` and `pejling restore`: the whole installation, lossless, all or nothing."""

import gzip
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from pejling.cli import VERBS
from pejling.interchange.documents import ImportRefused
from pejling.interchange.dump import dump_bytes, dump_read, dumped_models, installation_dump
from pejling.interchange.restore import installation_empty, installation_restore
from pejling.plans.models import Indicator, Strategy, StrategyRevision
from pejling.tracking.models import Measurement
from pejling.tracking.services import measurement_record

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def dumped(**options) -> bytes:
    return dump_bytes(installation_dump(created=WHEN, **options))


def write(tmp_path, data: bytes, name="dump.json"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path, **options) -> str:
    with pytest.raises(ImportRefused) as exc:
        installation_restore(document=dump_read(path), source=str(path), **options)
    return str(exc.value)


@pytest.fixture
def installation(demo):
    """The demo with what the seeds lack: a person with a password, a role, an entered value, history."""
    from tests.conftest import persona_user
    user = persona_user("centre_editor")
    user.set_password("a long secret phrase")
    user.save()
    indicator = Indicator.objects.filter(kind="numeric", strategy__slug=demo[0]).order_by("pk").first()
    measurement_record(indicator=indicator, period="2031", value=Decimal("12.5"), user=user, comment="dump test")
    return user


def test_it_restores_the_demo_byte_for_byte_with_its_history(installation, tmp_path):
    first = dumped()
    document = json.loads(first)
    assert document["format"] == "pejling-dump" and document["version"] == 1
    assert len(document["models"]["tracking.HistoricalMeasurement"]) > 100
    assert len(document["models"]["plans.HistoricalIndicator"]) == Indicator.history.count()
    strategies = Strategy.objects.count()
    assert StrategyRevision.objects.exists()  # the entry below the fixture made one
    installation_restore(document=dump_read(write(tmp_path, first)), replace=True)
    assert Strategy.objects.count() == strategies
    assert not StrategyRevision.objects.exists()  # a worker reads a restored strategy whole
    assert Measurement.objects.get(period="2031", comment="dump test").value == Decimal("12.5")
    assert dumped() == first


def test_it_restores_into_an_empty_database_from_the_command_line(installation, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    path = tmp_path / "pejling.json.gz"
    call_command("dump", str(path))
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    installation_empty()
    assert not Strategy.objects.exists()
    call_command("restore", str(path))
    out = capsys.readouterr().out
    assert "restored" in out and "new password" in out
    again = tmp_path / "again.json.gz"
    call_command("dump", str(again))
    assert again.read_bytes() == path.read_bytes()


def test_it_never_writes_a_password_hash_unless_asked(installation, tmp_path):
    hashed = installation.password.encode()
    without = dumped()
    algorithm = hashed.split(b"$")[0] + b"$"
    assert hashed not in without and algorithm not in without and b'"password"' not in without
    installation_restore(document=dump_read(write(tmp_path, without)), replace=True)
    restored = apps.get_model("auth.User").objects.get(username=installation.username)
    assert not restored.has_usable_password()
    assert dumped() == without  # the unusable password made on restore is not written either

    with_hashes = dumped(with_passwords=True)
    assert hashed not in with_hashes  # that user was restored without it
    restored.set_password("another long phrase")
    restored.save()
    with_hashes = dumped(with_passwords=True)
    assert restored.password.encode() in with_hashes
    installation_restore(document=dump_read(write(tmp_path, with_hashes)), replace=True)
    assert apps.get_model("auth.User").objects.get(username=installation.username).check_password(
        "another long phrase")


def test_it_refuses_a_database_with_data_and_changes_nothing(installation, tmp_path):
    path = write(tmp_path, dumped())
    Measurement.objects.filter(period="2031").update(comment="changed after the dump")
    message = refusal(path)
    assert "databasen indeholder allerede data" in message and "--replace" in message
    assert Measurement.objects.get(period="2031").comment == "changed after the dump"


def test_a_new_measurement_after_a_restore_gets_a_new_id(installation, tmp_path):
    """On PostgreSQL the id sequences are moved past the restored ids."""
    path = write(tmp_path, dumped())
    installation_empty()
    installation_restore(document=dump_read(path))
    highest = Measurement.objects.order_by("-pk").values_list("pk", flat=True).first()
    indicator = Indicator.objects.filter(kind="numeric").order_by("pk").first()
    made = measurement_record(indicator=indicator, period="2032", value=Decimal("3"))
    assert made.pk > highest
    assert made.history.count() == 1


@pytest.mark.parametrize("name", ["dump.json", "dump.json.gz"])
def test_it_refuses_a_truncated_file(installation, tmp_path, name):
    data = dumped()
    if name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    path = write(tmp_path, data[: len(data) // 2], name)
    with pytest.raises(ImportRefused) as exc:
        dump_read(path)
    message = str(exc.value)
    assert "afvist, intet er skrevet" in message
    assert ("gzip-filen er afkortet" in message) if name.endswith(".gz") else ("ikke gyldig JSON" in message)


@pytest.mark.parametrize("change, expected", [
    ({"version": 2}, "skrevet af en nyere Pejling"),
    ({"version": "1"}, "sikkerhedskopien er version »1«"),
    ({"format": "pejling-strategy"}, "ikke en Pejling-sikkerhedskopi (formatet er »pejling-strategy«"),
    ({"models": []}, "models: mangler eller er ikke et objekt"),
])
def test_it_refuses_another_format_or_version(tmp_path, db, change, expected):
    document = {"format": "pejling-dump", "version": 1, "passwords": False, "schema": {}, "models": {}, **change}
    with pytest.raises(ImportRefused) as exc:
        dump_read(write(tmp_path, json.dumps(document).encode()))
    assert expected in str(exc.value)


def test_it_refuses_a_dump_of_another_schema(installation, tmp_path):
    document = json.loads(dumped())
    document["schema"]["plans"].append("9999_from_the_future")
    message = refusal(write(tmp_path, json.dumps(document).encode()), replace=True)
    assert "schema.plans: sikkerhedskopien er skrevet efter migreringen 9999_from_the_future" in message


def test_it_refuses_bad_rows_naming_their_place_and_changes_nothing(installation, tmp_path):
    document = json.loads(dumped())
    document["models"]["tracking.Measurement"][3]["fields"]["value"] = "7,2 %"
    document["models"]["plans.Strategy"][0]["fields"]["title"] = "x" * 301
    document["models"]["sessions.Session"] = []
    path = write(tmp_path, json.dumps(document).encode())
    message = refusal(path, replace=True)
    assert "models.sessions.Session: hører ikke til en Pejling-sikkerhedskopi" in message
    document["models"].pop("sessions.Session")
    message = refusal(write(tmp_path, json.dumps(document).encode()), replace=True)
    assert "models.tracking.Measurement[3]" in message and "7,2 %" in message
    assert "models.plans.Strategy[0].title" in message
    assert Measurement.objects.filter(period="2031").exists()


def test_it_refuses_a_row_that_refers_to_nothing(installation, tmp_path):
    document = json.loads(dumped())
    document["models"]["tracking.Measurement"][0]["fields"]["indicator"] = 999_999
    message = refusal(write(tmp_path, json.dumps(document).encode()), replace=True)
    assert "henviser til en række, der ikke er i sikkerhedskopien" in message
    assert Measurement.objects.filter(period="2031").exists()


def test_it_refuses_two_rows_with_one_key_and_changes_nothing(installation, tmp_path):
    document = json.loads(dumped())
    organisations = document["models"]["plans.Organisation"]
    organisations.append({**organisations[0], "pk": organisations[1]["pk"]})
    message = refusal(write(tmp_path, json.dumps(document).encode()), replace=True)
    assert "databasen afviste en række" in message
    assert Measurement.objects.filter(period="2031").exists()


def test_it_refuses_deep_nesting_and_large_files_before_parsing(tmp_path, db, settings):
    deep = b'{"format": "pejling-dump", "models": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    with pytest.raises(ImportRefused) as exc:
        dump_read(write(tmp_path, deep))
    assert "indlejret i mere end 64 niveauer" in str(exc.value)
    settings.RESTORE_MAX_BYTES = 1000
    with pytest.raises(ImportRefused) as exc:
        dump_read(write(tmp_path, b" " * 2000))
    assert "der kan højst importeres" in str(exc.value)
    bomb = gzip.compress(b" " * 200_000, mtime=0)  # a small file that unpacks to a large one
    assert len(bomb) < 1000
    with pytest.raises(ImportRefused) as exc:
        dump_read(write(tmp_path, bomb, "bomb.json.gz"))
    assert "når den pakkes ud" in str(exc.value)


def test_every_model_of_pejling_is_in_a_dump(db):
    labels = {m._meta.label for m in dumped_models()}
    for config in apps.get_app_configs():
        if config.name.startswith("pejling."):
            assert {m._meta.label for m in config.get_models() if not m._meta.proxy} <= labels | {
                "plans.StrategyRevision"}  # what this database's workers read of its own recent writes
    assert "plans.StrategyRevision" not in labels
    assert {"auth.User", "plans.HistoricalMembership", "reports.PublishedReport"} <= labels
    assert "sessions.Session" not in labels


def test_the_verbs_are_on_the_command_line(tmp_path, installation):
    assert VERBS["dump"][0] == "dump" and VERBS["restore"][0] == "restore"
    with pytest.raises(CommandError, match="databasen indeholder allerede data"):
        path = tmp_path / "d.json"
        call_command("dump", str(path))
        call_command("restore", str(path))
