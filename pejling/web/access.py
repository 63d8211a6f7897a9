"""The one answer for a write someone may not make: the log-in page for anonymous users, 403 for the rest."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def refuse(request, allowed: bool, message: str):
    """None when `allowed`; otherwise the response (or exception) that refuses the request."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed:
        raise PermissionDenied(message)
    return None
