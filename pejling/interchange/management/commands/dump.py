from django.core.management.base import BaseCommand

from pejling.interchange.dump import dump_write


class Command(BaseCommand):
    help = ("Write the whole installation (organisations, users, strategies, data, reports, history) to "
            "one file; gzip when it ends .gz. Password hashes only with --with-passwords.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the dump to write, e.g. pejling-2026-12-01.json.gz")
        parser.add_argument("--with-passwords", action="store_true",
                            help="include the users' password hashes (keep the file as safe as the database); "
                                 "without, restored users must be given new passwords")

    def handle(self, *args, file, with_passwords, **options):
        document = dump_write(file, with_passwords=with_passwords)
        rows = sum(len(r) for r in document["models"].values())
        users = len(document["models"]["auth.User"])
        self.stdout.write(f"wrote {file}: {rows} rows, {users} users, "
                          f"password hashes {'included' if with_passwords else 'left out'}")
