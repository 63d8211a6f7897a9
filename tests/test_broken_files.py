"""Every bad input of issue 11, as a file in tests/broken/: refused through `pejling import` with
its place and a Danish reason, a non-zero exit status, and nothing in the database changed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pejling.interchange.documents import read_document
from pejling.interchange.exporter import strategy_export
from pejling.interchange.importer import strategy_import
from pejling.plans.models import Indicator, Initiative, Organisation, Strategy, Target, Unit
from pejling.tracking.models import Measurement, ReferenceValue, StatusNote

BROKEN = Path(__file__).with_name("broken")
VALID = Path(__file__).with_name("fixtures") / "valid-strategy.yaml"
R1 = "strategy.initiatives[0](#1).indicators[0](r1-neet)"
R1P = "strategy.initiatives[0](#1).indicators[1](r1-position)"
NAN = "er ikke et tal (NaN eller uendelig)"

# file -> every problem the consultant must see, each as "place: reason" (or the start of it)
EXPECTED = {
    "percent-140.yaml": [f"{R1}.measurements[0].value: »140« ligger ikke mellem 0 og 100, som en procentsats skal"],
    "negative-count.yaml": [f"{R1P}.measurements[0].values.roed: »-3« er negativ; et antal kan ikke være negativt"],
    "fractional-count.yaml": [f"{R1P}.measurements[0].values.gul: »2.5« er ikke et helt tal"],
    "long-title.json": ["strategy.initiatives[0](#1).title: er 9994 tegn lang; højst 200 tegn kan stå i alle rapporter"],
    "nul-in-title.json": ["strategy.initiatives[0](#1).title: indeholder et NUL-tegn"],
    "vertical-tab-in-title.json": [
        "strategy.initiatives[0](#1).title: indeholder et kontroltegn (lodret tabulator), som ikke må stå i et felt "
        "på én linje"],
    "own-parent.yaml": [
        "organisation.units[0].parent: en enhed kan ikke være en del af sig selv (Børnecenter → Børnecenter)"],
    "ancestor-of-itself.yaml": [
        "organisation.units[0].parent: en enhed kan ikke være en del af sig selv "
        "(Børnecenter → Skolecenter → Børnecenter)",
        "organisation.units[1].parent: en enhed kan ikke være en del af sig selv "
        "(Skolecenter → Børnecenter → Skolecenter)"],
    "duplicate-keys.yaml": [
        "linje 13, kolonne 3: nøglen »title« står to gange i samme objekt (første gang i linje 12); behold én"],
    "fullwidth-period.yaml": [f"{R1}.measurements[1]: en måling mere for perioden »2019« og gruppen »«"],
    "arabic-indic-period.yaml": [f"{R1}.measurements[1]: en måling mere for perioden »2019« og gruppen »«"],
    "fullwidth-number.yaml": [f"{R1}.targets[0].value: »６.５« er ikke et tal (skriv tallet uden anførselstegn"],
    "arabic-indic-number.yaml": [f"{R1P}.measurements[0].values.groen: »٣٣٠« er ikke et tal"],
    "billion-laughs.yaml": ["linje 15, kolonne 7: aliasserne (*navn) bliver til mere end 1.000.000 værdier"],
    "deep.json": ["linje 1, kolonne 100: indlejret i mere end 64 niveauer"],
    "nan.json": [f"{R1}.measurements[1].value: »NaN« {NAN}", f"{R1}.measurements[2].value: »Infinity« {NAN}",
                 f"{R1}.measurements[3].value: »-Infinity« {NAN}", f"{R1}.measurements[4].value: »Infinity« {NAN}"],
    "nan.yaml": [f"{R1}.measurements[0].value: »NaN« {NAN}", f"{R1P}.references[0].values[0].value: »NaN« {NAN}",
                 f"{R1P}.references[0].values[1].value: »-Infinity« {NAN}",
                 f"{R1P}.references[0].values[2].value: »NaN« er ikke et tal"],
    "decimals-99999.yaml": [f"{R1}.decimals: »99999« er større end 6, det højst tilladte"],
    "change-1e20.json": [f"{R1}.targets[0].change: »1e+20« er for stort: et tal skal være mindre end 10.000.000.000"],
    "key-not-a-key.yaml": [
        "strategy.initiatives[0](#1).indicators[0](uu afklaring!).key: »uu afklaring!« er ikke en gyldig nøgle: "
        "brug små bogstaver a–z, tal, - og _, fx »uu-afklaring«"],
    "four-problems.yaml": [
        "strategy.initiatives[0](#1): ukendt felt: »colour«",
        f"{R1}.decimals: »1« er ikke et helt tal",
        "strategy.initiatives[0](#1).units[0].unit: »Kulturcenter« er ikke en enhed i organisationen",
        f"{R1}.targets[0].period: »2021-13«: den måned findes ikke"],
}


def state():
    """Everything an import could change: counts of every table it writes, and the strategy itself."""
    counts = tuple(m.objects.count() for m in (Organisation, Unit, Strategy, Initiative, Indicator, Target,
                                                 Measurement, ReferenceValue, StatusNote))
    return counts, strategy_export(strategy=Strategy.objects.get(slug="proeve-politik"))


def test_the_corpus_is_complete():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_refuses_every_broken_file_naming_place_and_reason_and_changes_nothing(db, name):
    strategy_import(document=read_document(VALID))
    before = state()
    for options in (["--dry-run"], ["--replace"], ["--dry-run", "--replace"]):
        with pytest.raises(CommandError) as refused:
            call_command("import_strategy", str(BROKEN / name), *options)
        message = str(refused.value)
        assert refused.value.returncode == 1
        lines = message.splitlines()
        assert lines[0].startswith(f"{BROKEN / name}: afvist, intet er skrevet ("), lines[0]
        problems = [line.removeprefix("  - ") for line in lines[1:]]
        assert len(problems) == len(EXPECTED[name]), problems
        for expected, shown in zip(EXPECTED[name], problems, strict=True):
            assert shown.startswith(expected), (shown, expected)
        assert len(message) < 2000
        assert state() == before


def test_a_dry_run_of_a_valid_file_prints_what_would_be_written_and_writes_nothing(db, capsys):
    call_command("import_strategy", str(VALID), "--dry-run")
    out = capsys.readouterr().out
    assert "prøvekørsel: filen er gyldig; intet er skrevet" in out
    assert "strategi proeve-politik »" in out and "(ny)" in out
    assert sum(line.startswith("+ ny indsats ") for line in out.splitlines()) == 1
    assert sum(line.startswith("+ ny indikator ") for line in out.splitlines()) == 2
    assert not Organisation.objects.filter(slug="proeve").exists() and not Strategy.objects.filter(slug="proeve-politik").exists()
    call_command("import_strategy", str(VALID))
    call_command("import_strategy", str(VALID), "--dry-run", "--replace")
    assert "erstatter den eksisterende" in capsys.readouterr().out
    call_command("import_strategy", str(VALID), "--dry-run")  # an existing strategy: merged, here unchanged
    out = capsys.readouterr().out
    assert "Intet at ændre." in out and "+ ny" not in out


@pytest.mark.parametrize("name", ["billion-laughs.yaml", "deep.json"])
def test_the_command_line_refuses_hostile_files_fast_with_a_short_message(tmp_path, name):
    env = dict(os.environ, PEJLING_DATA_DIR=str(tmp_path))
    pejling = Path(sys.executable).with_name("pejling")
    done = subprocess.run([str(pejling), "import", str(BROKEN / name), "--dry-run"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "afvist, intet er skrevet (1 problem)" in done.stderr and EXPECTED[name][0] in done.stderr
    assert len(done.stderr) < 500 and "Traceback" not in done.stderr


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 1000
    big = tmp_path / "big.json"
    big.write_text("[" + " " * 2000 + "]", encoding="utf-8")
    with pytest.raises(CommandError, match="filen fylder .* MB; der kan højst importeres"):
        call_command("import_strategy", str(big), "--dry-run")
