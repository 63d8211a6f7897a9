from django.core.management.base import BaseCommand, CommandError

from pejling.interchange.documents import ImportRefused
from pejling.interchange.dump import dump_read
from pejling.interchange.restore import installation_restore


class Command(BaseCommand):
    help = ("Restore a dump written by `pejling dump`, all or nothing. A database that holds data is "
            "refused unless --replace.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a dump written by `pejling dump` (.json or .json.gz)")
        parser.add_argument("--replace", action="store_true",
                            help="empty Pejling's tables (users included) and restore the dump in their place")

    def handle(self, *args, file, replace, **options):
        try:
            document = dump_read(file)
            counts = installation_restore(document=document, replace=replace, source=file)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        from django.core.cache import cache

        from pejling.tracking import status_cache
        cache.clear()
        status_cache.clear()
        users = counts.get("auth.User", 0)
        self.stdout.write(f"restored {file}: {sum(counts.values())} rows, {users} users")
        if users and not document["passwords"]:
            self.stdout.write("the dump has no password hashes: every user must be given a new password "
                              "(`pejling changepassword USER`, or a set-password link from the administrator)")
