import json
import sys

from django.core.management.base import BaseCommand, CommandError

from pejling.interchange.exporter import strategy_export
from pejling.plans.models import Strategy


class Command(BaseCommand):
    help = "Export one strategy with everything under it as a JSON document."

    def add_arguments(self, parser):
        parser.add_argument("strategy", help="the strategy's slug (see `pejling list`)")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, strategy, output, **options):
        found = Strategy.objects.filter(slug=strategy).first()
        if found is None:
            known = ", ".join(Strategy.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"no strategy '{strategy}' (known: {known})")
        text = json.dumps(strategy_export(strategy=found), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"wrote {output}")
        else:
            sys.stdout.write(text)
