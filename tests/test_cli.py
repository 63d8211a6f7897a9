from pejling.cli import main


def test_it_lists_pejlings_own_commands(capsys):
    main(["pejling", "--help"])
    out = capsys.readouterr().out
    for verb in ["load-demo", "list", "export", "import", "user"]:
        assert f"\n  {verb}" in out
