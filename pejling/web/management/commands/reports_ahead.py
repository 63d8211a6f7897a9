from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pejling.commands import strategy_or_error
from pejling.web.report_files import Busy, reports_ahead


class Command(BaseCommand):
    help = ("Make the committee reports people have downloaded (format and language, as of the strategy's own "
            "date) again where a change or a new day has made them old, so the next download is instant. Run it "
            "from cron every few minutes; a run that finds another under way stops at once.")

    def add_arguments(self, parser):
        parser.add_argument("strategy", nargs="*", help="only these strategies (slugs); default every strategy")
        parser.add_argument("--max-seconds", type=float, metavar="S",
                            help="start no new report after S seconds (the next run goes on)")

    def handle(self, *args, strategy, max_seconds, **options):
        if max_seconds is not None and not max_seconds > 0:
            raise CommandError(_("--max-seconds must be a positive number of seconds"))
        for slug in strategy:
            strategy_or_error(slug)  # a mistyped slug is said, not skipped

        def log(row):
            self.stdout.write(f"{row['strategy']}: {row['format']} ({row['language']}) {row['seconds']:.1f} s")
        try:
            made = reports_ahead(today=timezone.localdate(), slugs=strategy, max_seconds=max_seconds, log=log)
        except Busy:
            self.stdout.write(_("another run of reports-ahead is under way; nothing done"))
            return
        self.stdout.write(ngettext("%(count)s report made ahead", "%(count)s reports made ahead", len(made))
                          % {"count": len(made)})
