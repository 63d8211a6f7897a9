from django.core.management.base import BaseCommand, CommandError

from pejling.interchange.documents import ImportRefused, read_document
from pejling.interchange.importer import strategy_import


class Command(BaseCommand):
    help = "Import a strategy document (JSON or YAML). All or nothing: a refused file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .json, .yaml or .yml strategy document")
        parser.add_argument("--replace", action="store_true",
                            help="replace an existing strategy with the same slug")

    def handle(self, *args, file, replace, **options):
        try:
            strategy = strategy_import(document=read_document(file), source=file, replace=replace)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        counts = strategy.indicators.count(), strategy.initiatives.count()
        self.stdout.write(f"imported {strategy.slug}: {counts[1]} initiatives, {counts[0]} indicators")
