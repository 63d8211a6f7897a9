"""`pejling import FILE`: which reader a file needs, merging into an existing strategy, --dry-run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pejling.interchange.exporter import strategy_export
from pejling.interchange.readers import detect_kind
from pejling.plans.models import Indicator, Initiative, Strategy

RINGSTED = "ringsted-uddannelse-til-alle-unge"
SEEDS = Path(__file__).resolve().parent.parent.parent.parent / "shared" / "seeds"


def _xlsx(path, header):
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(header)
    book.save(path)
    return path


def test_detect_kind_by_name_and_header(tmp_path):
    for name in ("a.json", "a.YAML", "a.yml"):
        assert detect_kind(tmp_path / name) == "document"
    (tmp_path / "p.tsv").write_text("Projekt\tStatus\tMålemetode\n#1\tI gang\tx\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("Indikator;Periode;Værdi\nr6-neet;2020;7,1\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text("Projekt,Status\n", encoding="utf-8")
    assert detect_kind(tmp_path / "p.tsv") == "table"
    assert detect_kind(tmp_path / "m.csv") == "measurements"
    assert detect_kind(tmp_path / "p.csv") == "table"
    for name in ("p.html", "p.htm", "p.DOCX"):
        assert detect_kind(tmp_path / name) == "table"
    assert detect_kind(_xlsx(tmp_path / "m.xlsx", ["Indikator", "Periode", "Værdi", "Kommentar"])) == "measurements"
    assert detect_kind(_xlsx(tmp_path / "t.xlsx", ["Vejledning"])) == "template"
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    assert detect_kind(tmp_path / "broken.xlsx") == "template"  # the template reader says what is wrong
    assert detect_kind(tmp_path / "a.pdf") == "unknown"


def test_a_file_kind_without_a_reader_is_refused_in_danish(db, tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="dette filformat understøttes ikke"):
        call_command("import_strategy", str(tmp_path / "a.pdf"))
    table = tmp_path / "p.tsv"
    table.write_text("Projekt\tStatus\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kræver --organisation og --strategy"):
        call_command("import_strategy", str(table))


def test_importing_into_an_existing_strategy_merges_and_dry_run_changes_nothing(demo, tmp_path, capsys):
    from pejling.demo.loader import demo_accounts
    demo_accounts()
    doc = strategy_export(strategy=Strategy.objects.get(slug=RINGSTED))
    doc["strategy"]["initiatives"][5]["title"] = "Styrket UU-indsats (ny titel)"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("import_strategy", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "~ ændret indsats #6 »Styrket UU-indsats (ny titel)«: titel: »Styrket UU-indsats« → »Styrket UU-indsats" \
        " (ny titel)«" in out
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats"
    call_command("import_strategy", str(path), "--as", "ringsted-konsulent")
    assert Initiative.objects.get(strategy__slug=RINGSTED, code="#6").title == "Styrket UU-indsats (ny titel)"
    assert Indicator.objects.filter(strategy__slug=RINGSTED).count() == 26  # nothing deleted, nothing doubled
    with pytest.raises(CommandError, match="må ikke|may not"):
        call_command("import_strategy", str(path), "--as", "holstebro-konsulent")


def _pejling(*args, env):
    return subprocess.run([str(Path(sys.executable).with_name("pejling")), *args], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.mark.concurrency
def test_two_imports_of_the_same_file_at_once_do_not_duplicate_rows(tmp_path):
    """Two processes apply the same new strategy on one SQLite file (and PostgreSQL if DATABASE_URL is one)."""
    doc = {"format": "pejling-strategy", "version": 1,
           "organisation": {"slug": "sync-samtidig", "name": "Samtidig Kommune", "units": [{"name": "Et center"}]},
           "strategy": {"slug": "sync-samtidig", "title": "Samtidig", "initiatives": [
               {"code": "1", "title": "En", "units": [{"unit": "Et center"}], "indicators": [
                   {"key": "s-1", "name": "Et tal", "targets": [{"value": 3}],
                    "measurements": [{"period": "2020", "value": 1}, {"period": "2021", "value": 2}]}]}]}}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    url = os.environ.get("DATABASE_URL", "")
    env = dict(os.environ, PEJLING_DATA_DIR=str(tmp_path),
               DATABASE_URL=url if url.startswith("postgres") else f"sqlite:///{tmp_path / 'db.sqlite3'}",
               PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent.parent),
                                           os.environ.get("PYTHONPATH", "")]))
    if url.startswith("postgres"):
        pytest.skip("runs on a throwaway SQLite file; PostgreSQL needs its own database")
    assert _pejling("migrate", "-v0", env=env).returncode == 0
    exe = [str(Path(sys.executable).with_name("pejling")), "import", str(path)]
    runs = [subprocess.Popen(exe, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in runs]
    assert [code for code, _err in results] == [0, 0], results
    counts = _pejling("shell", "-c", "from pejling.plans.models import *; from pejling.tracking.models import *; "
                      "print(Initiative.objects.count(), Indicator.objects.count(), Target.objects.count(), "
                      "Measurement.objects.count(), InitiativeUnit.objects.count(), Unit.objects.count())", env=env)
    assert counts.stdout.splitlines()[-1].split() == ["1", "1", "1", "2", "1", "1"], counts


def test_a_zip_bomb_is_not_unpacked_to_tell_its_kind(db, tmp_path, settings):
    """Telling a workbook's kind goes through the same safe opening as reading it: a measurements
    workbook carrying a bomb is refused with the reason, not opened to look at its header."""
    import zipfile
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    path = _xlsx(tmp_path / "bomb.xlsx", ["Indikator", "Periode", "Værdi"])
    assert detect_kind(path) == "measurements"
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/image1.bin", b"\0" * (50 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert detect_kind(path) == "template"
    with pytest.raises(CommandError, match="projektmappen fylder 50,0 MB udpakket"):
        call_command("import_strategy", str(path))
