"""An indicator's chart as its own SVG address, which the initiative and goal pages show with <img>.

Drawing a chart (vega, 0.1–0.7 s for ten years of quarters) happens here, not while the page is
made: the page, with the chart's text alternative and its numbers as a table, is ready at once, and
the browser fetches the charts beside each other. The chart is the same function's as the page's
table (`indicator_chart`), for the same reader, date and language, so picture and table agree."""

import hashlib

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pejling.reports.charts import indicator_chart
from pejling.tracking.selectors import indicator_get
from pejling.tracking.status_cache import strategy_read, strategy_status_cached

from .access import reads_as_public, require_read
from .pages import as_of_asked


def indicator_result(status, key: str):
    """The indicator's assessment in a strategy status: an initiative's indicator or an effect goal."""
    results = [r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators] + status.effect_goals
    return next((r for r in results if r.key == key), None)


@require_safe  # GET and HEAD
def indicator_chart_svg(request, slug, key):
    strategy = strategy_read(slug=slug)
    require_read(request, strategy)
    as_of, _raw, error = as_of_asked(request, strategy)
    if error:  # a picture of another day than asked would pass for the asked one
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    indicator = indicator_get(strategy=strategy, key=key)
    result = indicator_result(strategy_status_cached(strategy=strategy, as_of=as_of), key)
    chart = indicator_chart(indicator, result, public=reads_as_public(request, strategy))
    if chart is None:
        raise Http404(_("This indicator has no chart."))
    svg = chart.svg
    etag = '"' + hashlib.sha256(svg.encode()).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    # The reader's own (signed in: their organisation's unpublished data), asked again after every change
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie, Accept-Language"
    return response
