"""The one answer for a request someone may not make: 404 where the thing's existence must not leak
(a strategy they may not read), the log-in page for anonymous users, 403 for the rest. Every refusal
is logged as a security event."""

import logging

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pejling.plans.permissions import can_read_strategy, can_see_small_counts

security = logging.getLogger("pejling.security")


def _log(request, event: str, message: str) -> None:
    security.warning("%s %s %s", event, request.method, request.path, extra={
        "event": event, "user": request.user.get_username() if request.user.is_authenticated else None,
        "path": request.path, "method": request.method, "reason": str(message)})


def refuse(request, allowed: bool, message: str, *, readable: bool = True):
    """None when `allowed`; otherwise the response (or exception) that refuses the request.
    `readable=False`: the user may not even know the thing exists, so 404."""
    if not readable:
        _log(request, "permission_denied_hidden", message)
        raise Http404(message)
    if not request.user.is_authenticated:
        if not allowed:
            return redirect_to_login(request.get_full_path())
        return None
    if not allowed:
        _log(request, "permission_denied", message)
        raise PermissionDenied(message)
    return None


def reads_as_public(request, strategy) -> bool:
    """Whether the reader sees the strategy as the public does (no count below 5, nothing computed
    from one): everyone but its organisation's own people, whether signed in elsewhere or not."""
    return not can_see_small_counts(request.user, strategy)


def require_read(request, strategy) -> None:
    """404 for a strategy the user may not read (unpublished, of another organisation)."""
    if not can_read_strategy(request.user, strategy):
        _log(request, "permission_denied_hidden", "strategy not readable")
        raise Http404
