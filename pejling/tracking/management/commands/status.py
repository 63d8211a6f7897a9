import json

from django.core.management.base import BaseCommand

from pejling.commands import as_of_or_error, strategy_or_error
from pejling.tracking.status import strategy_status
from pejling.tracking.status_document import status_document, status_text


class Command(BaseCommand):
    help = "Where every goal of a strategy stands: colours, progress, forecasts and alerts."

    def add_arguments(self, parser):
        parser.add_argument("strategy", help="the strategy's slug (see `pejling list`)")
        parser.add_argument("--as-of", help="assess as of this date (YYYY-MM-DD); default today, or the end of a strategy that has ended")
        parser.add_argument("--json", action="store_true", help="the stable JSON form (status.schema.json)")

    def handle(self, *args, strategy, as_of, json: bool, **options):
        found = strategy_or_error(strategy)
        when = as_of_or_error(as_of, found)
        status = strategy_status(strategy=found, as_of=when)
        if json:
            self.stdout.write(_dumps(status_document(status)))
        else:
            self.stdout.write(status_text(status))


def _dumps(doc):
    return json.dumps(doc, ensure_ascii=False, indent=2)
