from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pejling.commands import acting_user_or_error, permission_or_error, strategy_or_error
from pejling.interchange.exporter import strategy_export
from pejling.interchange.template import template_write
from pejling.plans.permissions import can_download_template


class Command(BaseCommand):
    help = "Write a strategy's Excel template (.xlsx): filled with the plan and its data, or --empty."

    def add_arguments(self, parser):
        parser.add_argument("strategy", help="the strategy's slug (see `pejling list`)")
        parser.add_argument("--empty", action="store_true",
                            help="headers, lists and instructions only (the strategy's name and units kept)")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--as", dest="acting", metavar="USER",
                            help="act for this user: the template needs a role in the strategy's organisation "
                                 "(default: the operator's rights)")

    def handle(self, *args, strategy, empty, output, acting=None, **options):
        found = strategy_or_error(strategy)
        user = acting_user_or_error(acting)
        if user is not None:
            permission_or_error(can_download_template(user, found), _("download the template of %(slug)s") % {"slug": found.slug})
        data = template_write(document=strategy_export(strategy=found), empty=empty)
        Path(output).write_bytes(data)
        said = _("%(file)s: empty template of %(strategy)s, %(size)s bytes") if empty else _(
            "%(file)s: filled template of %(strategy)s, %(size)s bytes")
        self.stdout.write(said % {"file": output, "strategy": found.slug, "size": f"{len(data):,}".replace(",", ".")})
