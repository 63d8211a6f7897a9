"""The strategy's Excel template as a download: filled with the plan and its data, or empty (`?tom=1`).
The upload of a filled template is the sync page's."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from pejling.interchange.exporter import strategy_export
from pejling.interchange.template import template_write
from pejling.plans import selectors
from pejling.plans.permissions import can_download_template, can_read_strategy

from .access import refuse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_download(request, slug):
    strategy = selectors.strategy_get(slug=slug)
    denied = refuse(request, can_download_template(request.user, strategy),
                    _("Only the organisation's own people may download the strategy's template."),
                    readable=can_read_strategy(request.user, strategy))
    if denied is not None:
        return denied
    empty = request.GET.get("tom") == "1"
    data = template_write(document=strategy_export(strategy=strategy), empty=empty)
    response = HttpResponse(data, content_type=XLSX)
    name = f"{strategy.slug}-skabelon{'-tom' if empty else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # the organisation's own data: never in a shared cache
    return response
