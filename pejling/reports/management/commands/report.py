from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pejling.commands import acting_user_or_error, as_of_or_error, permission_or_error, strategy_or_error
from pejling.plans.permissions import can_read_reports
from pejling.reports.content import report_build
from pejling.reports.filters import report_filter_problem
from pejling.reports.pdf import layout_warmed
from pejling.reports.render import FORMATS, report_render


class Command(BaseCommand):
    help = "Write the status report for the political committee as DOCX, PDF, XLSX or HTML."

    def add_arguments(self, parser):
        parser.add_argument("strategy", help="the strategy's slug (see `pejling list`)")
        parser.add_argument("--format", required=True, choices=list(FORMATS), help="the file format")
        parser.add_argument("--as-of", help="the report's date (YYYY-MM-DD); default today, or the end of a strategy that has ended")
        parser.add_argument("--focus-area", action="append", default=[], metavar="CODE",
                            help="only this focus area (repeat for more)")
        parser.add_argument("--unit", action="append", default=[], metavar="NAME",
                            help="only initiatives with this unit, e.g. Skolecenter (repeat for more)")
        parser.add_argument("--template", help="a .docx whose styles, headers and footers the Word report uses")
        parser.add_argument("--language", default="da", choices=["da", "en"], help="the report's language")
        parser.add_argument("--public", action="store_true", help="as the public sees it: counts below 5 hidden")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument("--as", dest="acting", metavar="USER",
                            help="act for this user: a committee report needs a role in the organisation, "
                                 "a --public one does not (default: the operator's rights)")

    def handle(self, *args, strategy, format, as_of, focus_area, unit, template, language, public, output,
               acting=None, **opts):
        found = strategy_or_error(strategy)
        user = acting_user_or_error(acting)
        if user is not None and not public:
            permission_or_error(can_read_reports(user, found), _("read the committee report of %(slug)s") % {"slug": found.slug})
        when = as_of_or_error(as_of, found)
        if problem := report_filter_problem(found, focus_area, unit):
            raise CommandError(problem)
        if template and (format != "docx" or not Path(template).is_file()):
            raise CommandError(_("--template needs --format docx and an existing .docx file"))
        with translation.override(language), layout_warmed(format):  # a PDF's layout process starts now
            doc = report_build(strategy=found, as_of=when, focus_areas=focus_area or None, units=unit or None,
                               public=public)
            data = report_render(doc, format, template=template)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {format}, {len(data):,} bytes, {len(doc['overview'])} initiatives, "
                          f"as of {when.isoformat()}")
