"""Whole-page cache for anonymous readers (politicians, the public): a page is stored per strategy
revision (an organisation's page: its strategies' revisions), language, day and address, so any saved
change shows at once. Signed-in users always get a fresh page: theirs carry forms and CSRF tokens."""

import hashlib
import zlib
from functools import wraps

from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from pejling.plans import selectors
from pejling.plans.models import Strategy
from pejling.tracking.status_cache import strategy_read

TIMEOUT = 24 * 3600
# The query parameters the cached pages read. A page asked for with any other is made, not kept: a
# reader cannot fill the cache with "?x=1", "?x=2" … (the cache holds MAX_ENTRIES pages per process).
PARAMS = frozenset({"as_of", "unit", "focus_area", "colour", "state", "q", "alle"})
PAGE_MAX = 512 * 1024  # a larger page (all rows of a long series) is made each time, not kept


def _revisions(request, slug: str | None, org: str | None = None) -> str | None:
    """The revisions a page depends on: its strategy's, its organisation's strategies' or (the front
    page) every strategy's. None for a strategy or organisation without any: the view answers itself.
    A strategy's page: its id and revision are kept on the request for the view (page_strategy)."""
    if slug:
        found = selectors.strategy_revision(slug=slug)
        if found is None:
            return None
        request.strategy_revision = (slug, *found)
        return "{}.{}".format(*found)
    rows = Strategy.objects.filter(organisation__slug=org) if org else Strategy.objects.all()
    pairs = sorted(rows.order_by().values_list("id", "revision"))  # sorted here: no join to sort by name
    if org and not pairs:
        return None
    return ",".join(f"{i}.{r}" for i, r in pairs)


def anonymous_page_cache(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if not PARAMS.issuperset(request.GET):
            return view(request, *args, **kwargs)
        revisions = _revisions(request, kwargs.get("slug"), kwargs.get("org"))
        if revisions is None:  # unknown strategy or organisation: let the view answer 404
            return view(request, *args, **kwargs)
        # Hashed: the parts grow with the installation and the address, a cache key must not (memcached: 250)
        parts = f"{get_language()}:{timezone.localdate()}:{revisions}:{request.get_full_path()}"
        key = "page.z:" + hashlib.sha256(parts.encode()).hexdigest()  # .z: compressed (no older entry is read)
        content = cache.get(key)
        if content is not None:
            return HttpResponse(zlib.decompress(content))
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and len(response.content) <= PAGE_MAX:
            # Kept compressed: a page's HTML is a tenth of itself so, and the cache is in every process's memory
            cache.set(key, zlib.compress(response.content, 6), TIMEOUT)
        return response
    return wrapper


def page_strategy(request, slug: str) -> Strategy:
    """The strategy a page only reads (status_cache.strategy_read), at the revision the page cache read
    for this request when it did (an anonymous reader's page): its revision is asked once, not twice."""
    known = getattr(request, "strategy_revision", None)
    return strategy_read(slug=slug, revision=known[1:] if known and known[0] == slug else None)


def report_file_cached(*, strategy: Strategy, fmt: str, parts: tuple, make) -> bytes:
    """A rendered report file from the reports cache, or `make()` stored there. The key holds the
    strategy's id and revision (every change bumps it), the format, language and the caller's `parts`
    (date, filters), hashed to a bounded length."""
    return _file_cached(report_key(strategy=strategy, fmt=fmt, parts=parts), make)


def report_key(*, strategy: Strategy, fmt: str, parts: tuple) -> str:
    """The reports cache's key of a live report file (bounded length, whatever the filters)."""
    return _hashed(f"{strategy.id}:{strategy.revision}:{fmt}:{get_language()}:{parts!r}")


def published_file_cached(*, report, fmt: str, make) -> bytes:
    """A published report's file: its content never changes, so one rendering per report, format and
    language serves every later download."""
    return _file_cached(_hashed(f"published:{report.pk}:{report.published_at.isoformat()}:{fmt}:{get_language()}"),
                        make)


def _hashed(raw: str) -> str:
    return "report:" + hashlib.sha256(raw.encode()).hexdigest()


def _file_cached(key: str, make) -> bytes:
    store = caches["reports"]
    data = store.get(key)
    if data is None:
        data = make()
        store.set(key, data)
    return data
