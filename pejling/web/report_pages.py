"""Reports in the web app: the live report (signed-in users) in four formats, publishing, and the
published reports, which the public may read when they were published for the public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pejling.assessment.periods import parse_day
from pejling.plans import selectors
from pejling.plans.permissions import can_download_template, can_publish, can_read_reports, can_read_strategy
from pejling.reports.filters import report_filter_problem
from pejling.reports.html import report_html
from pejling.reports.models import Audience, PublishedReport
from pejling.reports.render import FORMATS, report_render
from pejling.reports.selectors import changes_since, published_list
from pejling.reports.services import report_publish
from pejling.texts.formatting import day_problem

from .access import refuse, require_read
from .caching import published_file_cached
from .pages import as_of_asked
from .report_files import LABELS, NONCE_SLOT, PAGE, download_links, live_file, live_page, wanted_note


def _params(request, strategy):
    """The report's date (as the pages read it: pages.as_of_asked), its error text, and its filters."""
    as_of, _shown, error = as_of_asked(request, strategy)
    return as_of, error, request.GET.getlist("focus_area"), request.GET.getlist("unit")


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    content_type, ext = FORMATS[fmt]
    response = HttpResponse(data, content_type=content_type)
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


@login_required
def live_report(request, slug, fmt="html"):
    if fmt not in FORMATS:
        raise Http404
    strategy = selectors.strategy_get(slug=slug)
    refuse(request, can_read_reports(request.user, strategy), _("Only the organisation's own people may read the "
           "committee report."), readable=can_read_strategy(request.user, strategy))
    as_of, error, focus_areas, units = _params(request, strategy)
    error = error or report_filter_problem(strategy, focus_areas, units)
    if error:  # a download link with a bad date or filter: say why, in the reader's language
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    focus_areas, units = sorted(set(focus_areas)), sorted(set(units))
    name = f"{slugify(strategy.slug)}-{as_of.isoformat()}"
    if not focus_areas and not units and as_of == strategy.default_as_of(timezone.localdate()):
        wanted_note(strategy=strategy, fmt=PAGE if fmt == "html" else fmt, today=timezone.localdate())
    if fmt != "html":
        return _download(live_file(strategy=strategy, fmt=fmt, as_of=as_of, focus_areas=focus_areas, units=units),
                         fmt, name)
    page = live_page(strategy=strategy, as_of=as_of, focus_areas=focus_areas, units=units)
    return HttpResponse(page.replace(NONCE_SLOT.encode(), str(request.csp_nonce).encode()))


@require_POST
def publish(request, slug):
    strategy = selectors.strategy_get(slug=slug)
    if (denied := refuse(request, can_publish(request.user, strategy), _("You may not publish reports for this "
                         "strategy."), readable=can_read_strategy(request.user, strategy))) is not None:
        return denied
    as_of, error, focus_areas, units = _params(request, strategy)
    audience = request.POST.get("audience", "")
    if audience not in Audience.values:
        messages.error(request, _("Choose who the report is for."))
        return redirect("web:reports", slug=slug)
    if "as_of" in request.POST:  # the form's date, else the address's; a frozen report's date is never guessed
        try:
            as_of, error = parse_day(request.POST["as_of"]), ""
        except ValueError as exc:
            error = day_problem(request.POST["as_of"], exc) if request.POST["as_of"].strip() else _(
                "Give the report's date (Status as of).")
    if error:
        messages.error(request, error)
        return redirect("web:reports", slug=slug)
    report = report_publish(strategy=strategy, as_of=as_of, audience=audience, note=request.POST.get("note", ""),
                            user=request.user)
    messages.success(request, _("The report is published and frozen: later corrections do not change it."))
    return redirect("web:published", pk=report.pk)


def reports(request, slug):
    strategy = selectors.strategy_get(slug=slug)
    require_read(request, strategy)
    signed_in = can_read_reports(request.user, strategy)
    items = list(published_list(strategy_slug=slug, public_only=not signed_in))
    return render(request, "web/reports.html", {
        "strategy": strategy, "items": items, "signed_in": signed_in,
        "may_publish": can_publish(request.user, strategy), "audiences": Audience.choices,
        "may_download_template": can_download_template(request.user, strategy),
        "default_as_of": strategy.default_as_of(timezone.localdate()),
        "ended": strategy.has_ended(timezone.localdate()), "formats": [(f, LABELS[f]) for f in FORMATS],
    })


def published(request, pk, fmt="html"):
    if fmt not in FORMATS:
        raise Http404
    report = get_object_or_404(PublishedReport, pk=pk)
    internal = report.audience != Audience.PUBLIC
    if internal and not can_read_reports(request.user, report.strategy):
        raise Http404  # the public, and other organisations, see only what was published for the public
    doc = report.content
    if fmt != "html":
        data = published_file_cached(report=report, fmt=fmt, make=lambda: report_render(doc, fmt))
        return _download(data, fmt, f"{report.strategy_slug}-{report.as_of.isoformat()}")
    back = reverse("web:reports", args=[report.strategy_slug])
    flashed = " ".join(str(m) for m in messages.get_messages(request))
    notice = " ".join(x for x in (flashed, changes_since(report) if can_read_reports(request.user, report.strategy) else "") if x)
    return HttpResponse(report_html(doc, back=back, notice=notice, nonce=str(request.csp_nonce),
                                    downloads=download_links(reverse("web:published", args=[pk]).rstrip("/"), "")))
