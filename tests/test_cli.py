from pejling.cli import main


def test_it_lists_pejlings_own_commands(capsys):
    main(["pejling", "--help"])
    out = capsys.readouterr().out
    for verb in ["load-demo", "list", "export", "import", "user"]:
        assert f"\n  {verb}" in out


def test_a_fresh_installation_folder_is_made_on_first_use(tmp_path):
    """`PEJLING_DATA_DIR=… pejling migrate` on a fresh machine: the folder need not exist yet."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "ny" / "pejling"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["PEJLING_DATA_DIR"] = str(folder)
    bin_dir = Path(sys.executable).parent
    done = subprocess.run([str(bin_dir / "pejling"), "migrate", "--noinput", "-v0"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (folder / "pejling.sqlite3").stat().st_size > 0
