from django.core.management.base import BaseCommand

from pejling.plans.models import Organisation


class Command(BaseCommand):
    help = "List organisations and their strategies with the slugs other commands take."

    def handle(self, *args, **options):
        orgs = Organisation.objects.prefetch_related("strategies").order_by("name")
        if not orgs:
            self.stdout.write("no organisations yet (try `pejling load-demo`)")
        for org in orgs:
            self.stdout.write(f"{org.name} ({org.slug})")
            for s in org.strategies.all():
                # Stevns' title says its period already: "… ungepolitik 2021-2024", not "2021-2024 2021-2024"
                period = f" {s.period_label}" if s.period_label and s.period_label not in s.title else ""
                self.stdout.write(f"  {s.slug}  {s.title}{period}")
