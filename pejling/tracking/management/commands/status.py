import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from pejling.commands import as_of_or_error, strategy_or_error
from pejling.plans.models import Strategy
from pejling.tracking.status import strategy_status
from pejling.tracking.status_document import status_document, status_text


class Command(BaseCommand):
    help = "Where every goal of a strategy stands: colours, progress, forecasts and alerts."

    def add_arguments(self, parser):
        parser.add_argument("strategy", nargs="?", help="the strategy's slug (see `pejling list`)")
        parser.add_argument("--all", action="store_true",
                            help="every strategy of every organisation, each at its default date (JSON: one per line)")
        parser.add_argument("--as-of", help="assess as of this date (YYYY-MM-DD); default today, or the end of a strategy that has ended")
        parser.add_argument("--json", action="store_true", help="the stable JSON form (status.schema.json)")

    def handle(self, *args, strategy, as_of, json: bool, **options):
        if options["all"]:
            return self._all(json)
        if not strategy:
            raise CommandError(_("Name a strategy (see `pejling list`), or use --all."))
        found = strategy_or_error(strategy)
        when = as_of_or_error(as_of, found)
        status = strategy_status(strategy=found, as_of=when)
        if json:
            self.stdout.write(_dumps(status_document(status)))
        else:
            self.stdout.write(status_text(status))


    def _all(self, json: bool):
        today = timezone.localdate()
        for found in Strategy.objects.select_related("organisation").prefetch_related("focus_areas").order_by("id"):
            status = strategy_status(strategy=found, as_of=found.default_as_of(today))
            self.stdout.write(_line(status_document(status)) if json else status_text(status) + "\n")


def _line(doc):
    return json.dumps(doc, ensure_ascii=False)


def _dumps(doc):
    return json.dumps(doc, ensure_ascii=False, indent=2)
