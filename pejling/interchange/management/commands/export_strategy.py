import json
import sys

from django.core.management.base import BaseCommand

from pejling.commands import strategy_or_error
from pejling.interchange.exporter import strategy_export


class Command(BaseCommand):
    help = "Export one strategy with everything under it as a JSON document."

    def add_arguments(self, parser):
        parser.add_argument("strategy", help="the strategy's slug (see `pejling list`)")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, strategy, output, **options):
        found = strategy_or_error(strategy)
        text = json.dumps(strategy_export(strategy=found), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"wrote {output}")
        else:
            sys.stdout.write(text)
