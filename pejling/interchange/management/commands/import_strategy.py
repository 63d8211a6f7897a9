from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pejling.commands import acting_user_or_error, permission_or_error
from pejling.interchange.documents import ImportRefused, read_document
from pejling.interchange.importer import import_summary, strategy_import, strategy_import_check
from pejling.interchange.tables import is_table, project_table_reading
from pejling.interchange.tables.accept import CANDIDATES, with_candidates
from pejling.interchange.tables.describe import describe_candidate


class Command(BaseCommand):
    help = ("Import a strategy document (JSON or YAML) or a project table (TSV/CSV, HTML, DOCX). All or nothing: "
            "a refused file changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .json, .yaml or .yml strategy document, or a project table "
                                         "(.tsv, .csv, .html, .docx)")
        parser.add_argument("--organisation", help="a project table: the organisation's slug (created if missing)")
        parser.add_argument("--strategy", help="a project table: the strategy's slug")
        parser.add_argument("--accept", default="", metavar="KEYS",
                            help="a project table: indicator candidates to write, by key (6-1,8-1) or 'all'; "
                                 "none unless given (--dry-run lists them)")
        parser.add_argument("--replace", action="store_true",
                            help="replace an existing strategy with the same slug")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and print what would be written; change nothing "
                                 "(exit status 0 only when the file is valid)")
        parser.add_argument("--as", dest="acting", metavar="USER",
                            help="act for this user: only what their role allows (default: the operator's rights)")

    def handle(self, *args, file, replace, dry_run=False, acting=None, organisation=None, strategy=None, accept="",
               **options):
        user = acting_user_or_error(acting)
        try:
            if is_table(file):
                document = self._table(file, organisation, strategy, accept, dry_run)
            else:
                document = read_document(file)
            if user is not None:
                _check(user, document)
            if dry_run:
                self._preview(strategy_import_check(document=document, source=file, replace=replace))
                return
            strategy = strategy_import(document=document, source=file, replace=replace)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        counts = strategy.indicators.count(), strategy.initiatives.count()
        self.stdout.write(f"imported {strategy.slug}: {counts[1]} initiatives, {counts[0]} indicators")

    def _table(self, file, organisation, strategy, accept, dry_run):
        if not organisation or not strategy:
            raise CommandError(_("%(file)s: a project table needs --organisation and --strategy") % {"file": file})
        reading = project_table_reading(file, organisation=organisation, strategy=strategy, source=file)
        for notice in reading.notices:
            self.stderr.write(f"{file}: {notice}")
        accepted = "all" if accept.strip() == "all" else {k.strip() for k in accept.split(",") if k.strip()}
        candidates = [c for i in reading.document["strategy"]["initiatives"] for c in i.get(CANDIDATES, [])]
        unknown = sorted(set() if accepted == "all" else accepted - {c["key"] for c in candidates})
        if unknown:
            raise CommandError(_("%(file)s: --accept names no candidate %(keys)s") % {
                "file": file, "keys": ", ".join(unknown)})
        if dry_run and candidates:
            self.stdout.write(_("indicator candidates (written only with --accept KEY,… or --accept all):"))
            for c in candidates:
                mark = "+" if accepted == "all" or c["key"] in accepted else " "
                self.stdout.write(f" {mark} {describe_candidate(c)}")
        return with_candidates(reading.document, accepted=accepted)

    def _preview(self, doc):
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


def _check(user, document):
    """The document's strategy (if it exists) or organisation must be one the user may edit plans in."""
    from pejling.assessment.limits import normalise_key
    from pejling.plans.models import Organisation, Strategy
    from pejling.plans.permissions import can_create_organisation, can_edit_plan

    org_doc = document.get("organisation") if isinstance(document, dict) else None
    strategy_doc = document.get("strategy") if isinstance(document, dict) else None
    org_slug = normalise_key(str(org_doc.get("slug", ""))) if isinstance(org_doc, dict) else ""
    slug = str(strategy_doc.get("slug", "")) if isinstance(strategy_doc, dict) else ""
    existing = Strategy.objects.filter(slug=slug).select_related("organisation").first()
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if existing is not None:
        permission_or_error(can_edit_plan(user, existing), f"change the strategy {slug}")
    if organisation is not None:
        permission_or_error(can_edit_plan(user, organisation), f"add plans to {organisation.name}")
    else:
        permission_or_error(can_create_organisation(user), "create a new organisation")
