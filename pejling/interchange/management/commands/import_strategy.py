from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pejling.commands import acting_user_or_error, permission_or_error
from pejling.interchange.documents import ImportRefused
from pejling.interchange.importer import import_summary, strategy_import, strategy_import_check
from pejling.interchange.readers import detect_kind, read_upload
from pejling.interchange.sync import plan_sync_apply, plan_sync_preview
from pejling.interchange.sync.access import upload_refusals
from pejling.interchange.tables import project_table_reading
from pejling.interchange.validation import CANDIDATES
from pejling.plans.models import Strategy


class Command(BaseCommand):
    help = ("Import a file into the database: a strategy document (JSON or YAML), a filled template (.xlsx), a "
            "project table (.tsv/.csv/.html/.docx, with --organisation and --strategy) or a measurements file. "
            "An existing strategy is merged (found by codes and keys, never deleted from); --replace rewrites it. "
            "All or nothing: a refused file changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the file")
        parser.add_argument("--organisation", default="", help="the organisation's slug (for a project table)")
        parser.add_argument("--strategy", default="", help="the strategy's slug (for a project table or measurements)")
        parser.add_argument("--accept", default="", metavar="KEYS",
                            help="a project table: the indicator candidates to write, by key (6-1,8-1) or 'all'; "
                                 "none unless given (--dry-run lists them)")
        parser.add_argument("--replace", action="store_true",
                            help="replace an existing strategy with the same slug instead of merging into it")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and print what would change; change nothing "
                                 "(exit status 0 only when the file is valid)")
        parser.add_argument("--as", dest="acting", metavar="USER",
                            help="act for this user: only what their role allows (default: the operator's rights)")

    def handle(self, *args, file, replace, dry_run=False, acting=None, organisation="", strategy="", accept="",
               **options):
        user = acting_user_or_error(acting)
        try:
            kind = detect_kind(file)
            if kind == "measurements" and strategy:  # the bulk path: its own checks, preview and loader
                self._measurements(file, strategy, dry_run, user)
                return
            if kind == "table" and organisation and strategy:  # with the notices the preview should show
                reading = project_table_reading(file, organisation=organisation, strategy=strategy, source=file)
                for notice in reading.notices:
                    self.stderr.write(f"{file}: {notice}")
                document = reading.document
            else:
                document = read_upload(file, kind=kind, organisation=organisation, strategy=strategy, source=file)
            accepted = _accepted(document, accept, file)
            if user is not None:
                for allowed, what in upload_refusals(user, document):
                    permission_or_error(allowed, what)
            if replace:
                self._replace(document, file, dry_run)
                return
            if dry_run:
                preview = plan_sync_preview(document=document, source=file, user=user, accepted_candidates=accepted)
                self.stdout.write(_("dry run: the file is valid; nothing was written. An import would write:"))
            else:
                preview = plan_sync_apply(document=document, source=file, user=user, accepted_candidates=accepted)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        for line in preview.lines():
            self.stdout.write(line)
        if preview.applied:
            self._done(Strategy.objects.get(slug=preview.strategy))

    def _measurements(self, file, strategy, dry_run, user):
        from pejling.interchange.measurements import measurements_import_command
        status = measurements_import_command(file, strategy_slug=strategy, dry_run=dry_run, user=user,
                                             stdout=self.stdout, stderr=self.stderr)
        if status:
            raise CommandError(_("%(file)s: refused, nothing was written") % {"file": file})

    def _replace(self, document, file, dry_run):
        if dry_run:
            self._summary(strategy_import_check(document=document, source=file, replace=True))
            return
        self._done(strategy_import(document=document, source=file, replace=True))

    def _done(self, strategy):
        counts = strategy.indicators.count(), strategy.initiatives.count()
        self.stdout.write(f"imported {strategy.slug}: {counts[1]} initiatives, {counts[0]} indicators")

    def _summary(self, doc):
        s = import_summary(doc)
        new, existing = _("new"), _("exists")
        self.stdout.write(_("dry run: the file is valid; nothing was written. An import would write:"))
        self.stdout.write(f"  {_('organisation')} {s['organisation']} "
                          f"({existing if s['organisation_exists'] else new}), {s['units']} {_('units')}")
        what = _("replaces the existing one") if s["strategy_exists"] else new
        self.stdout.write(f"  {_('strategy')} {s['strategy']} ({what})")
        for key, label in (("focus_areas", _("focus areas")), ("initiatives", _("initiatives")),
                           ("indicators", _("indicators")), ("targets", _("targets")),
                           ("measurements", _("measurements")), ("references", _("reference series"))):
            self.stdout.write(f"  {s[key]} {label}")


def _accepted(document, accept: str, file: str) -> set[tuple[str, str]]:
    """--accept KEY,… or all: the (initiative code, key) of the candidates to write."""
    found = [(ini.get("code", ""), c.get("key", "")) for ini in document.get("strategy", {}).get("initiatives", [])
             if isinstance(ini, dict) for c in ini.get(CANDIDATES, []) if isinstance(c, dict)]
    if accept.strip() == "all":
        return set(found)
    wanted = {k.strip() for k in accept.split(",") if k.strip()}
    unknown = sorted(wanted - {key for _code, key in found})
    if unknown:
        raise CommandError(_("%(file)s: --accept names no candidate %(keys)s") % {"file": file, "keys": ", ".join(unknown)})
    return {(code, key) for code, key in found if key in wanted}
