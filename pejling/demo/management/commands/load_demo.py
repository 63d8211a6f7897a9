from django.core.management.base import BaseCommand, CommandError

from pejling.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts, demo_load
from pejling.interchange.documents import ImportRefused


class Command(BaseCommand):
    help = "Load the seed municipalities (Ringsted, Holstebro, Stevns). Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="replace the demo strategies (discards changes made to them)")

    def handle(self, *args, reset, **options):
        try:
            for slug, loaded in demo_load(reset=reset):
                self.stdout.write(f"{slug}: {'loaded' if loaded else 'already loaded'}")
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        demo_accounts()
        self.stdout.write("demo log-ins: " + ", ".join(f"{u} ({org}: {role})" for u, (org, role) in
                                                         DEMO_ACCOUNTS.items()) + f", password '{DEMO_PASSWORD}'")
