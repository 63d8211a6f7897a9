from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pejling.interchange.documents import ImportRefused, read_document
from pejling.interchange.importer import import_summary, strategy_import, strategy_import_check


class Command(BaseCommand):
    help = "Import a strategy document (JSON or YAML). All or nothing: a refused file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .json, .yaml or .yml strategy document")
        parser.add_argument("--replace", action="store_true",
                            help="replace an existing strategy with the same slug")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and print what would be written; change nothing "
                                 "(exit status 0 only when the file is valid)")

    def handle(self, *args, file, replace, dry_run=False, **options):
        try:
            document = read_document(file)
            if dry_run:
                self._preview(strategy_import_check(document=document, source=file, replace=replace))
                return
            strategy = strategy_import(document=document, source=file, replace=replace)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        counts = strategy.indicators.count(), strategy.initiatives.count()
        self.stdout.write(f"imported {strategy.slug}: {counts[1]} initiatives, {counts[0]} indicators")

    def _preview(self, doc):
        s = import_summary(doc)
        new, existing = _("new"), _("exists")
        self.stdout.write(_("dry run: the file is valid; nothing was written. An import would write:"))
        self.stdout.write(f"  {_('organisation')} {s['organisation']} "
                          f"({existing if s['organisation_exists'] else new}), {s['units']} {_('units')}")
        what = _("replaces the existing one") if s["strategy_exists"] else new
        self.stdout.write(f"  {_('strategy')} {s['strategy']} ({what})")
        for key, label in (("focus_areas", _("focus areas")), ("initiatives", _("initiatives")),
                           ("indicators", _("indicators")), ("targets", _("targets")),
                           ("measurements", _("measurements")), ("references", _("reference series"))):
            self.stdout.write(f"  {s[key]} {label}")
