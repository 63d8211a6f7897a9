from django.core.management.base import BaseCommand
from django.utils import timezone

from pejling.tracking.summaries import summaries_refresh


class Command(BaseCommand):
    help = ("Recompute the front page's stored strategy summaries that are not current (a changed strategy, "
            "or a new day). Run it from cron after midnight so no reader waits for a whole country's summaries.")

    def handle(self, *args, **options):
        n = summaries_refresh(today=timezone.localdate())
        self.stdout.write(f"{n} summaries recomputed")
