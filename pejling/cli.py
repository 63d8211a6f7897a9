"""The `pejling` console command: Django's management entry point plus Pejling's own verbs.

Pejling's verbs are spelled as users type them (`load-demo`, `import`, `list`);
they map onto Django management commands whose module names must be identifiers.
"""

import os
import sys

# user-facing verb -> Django management command
VERBS = {
    "load-demo": ("load_demo", "load the seed municipalities (idempotent)"),
    "list": ("list_strategies", "list organisations and strategies with their slugs"),
    "export": ("export_strategy", "write one strategy with everything under it as JSON"),
    "import": ("import_strategy", "read a strategy document (JSON or YAML); all or nothing"),
    "template": ("strategy_template", "`template STRATEGY [--empty] -o FILE.xlsx`: the strategy's Excel template"),
    "status": ("status", "where every goal stands as of a date: colours, progress, forecasts, alerts"),
    "report": ("report", "the status report for the committee as DOCX, PDF, XLSX or HTML"),
    "dump": ("dump", "write the whole installation to one file (.json or .json.gz); --with-passwords"),
    "restore": ("restore", "restore a dump, all or nothing; a database with data only with --replace"),
    "generate": ("generate", "a synthetic installation for measuring at scale (--preset national)"),
    "summaries": ("refresh_summaries", "bring the front page's stored strategy summaries up to date (cron, after midnight)"),
    "reports-ahead": ("reports_ahead", "make downloaded committee reports again after a change, before the next "
                                       "download (cron)"),
    "user": ("user", "`user add NAME --organisation ORG --role ROLE`: people and their roles"),
}

HELP = """usage: pejling <command> [options]

Pejling's commands:
{verbs}

Django's commands are available too, e.g.
  migrate, check, createsuperuser, runserver, shell, dbshell, changepassword

`pejling <command> --help` explains one command; `pejling help --django` lists all.
"""


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pejling.settings")
    os.environ.setdefault("PEJLING_AUDIT_SOURCE", "cli")  # history rows written by commands say so
    if len(argv) < 2 or argv[1] in ("-h", "--help") or argv[1:] == ["help"]:
        width = max(len(v) for v in VERBS)
        verbs = "\n".join(f"  {v.ljust(width)}  {h}" for v, (_, h) in VERBS.items())
        sys.stdout.write(HELP.format(verbs=verbs))
        return
    if argv[1:] == ["help", "--django"]:
        argv = argv[:1] + ["help"]
    if argv[1] in VERBS:
        argv[1] = VERBS[argv[1]][0]
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # The installation's folder (the SQLite database, caches, the secret key): made on first use, so
    # `PEJLING_DATA_DIR=/srv/pejling pejling migrate` works on a fresh machine, as `make demo` does
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)

    from pejling.collector import collect_less_often
    collect_less_often()  # `pejling status --all` at the national preset: 25-27 s -> 16-18
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
