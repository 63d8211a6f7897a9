"""Log-in: django-axes locks out guessing; failed log-ins and lock-outs are logged as security events."""

import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

security = logging.getLogger("pejling.security")


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes' check before the real backends. Every log-in through a page has a request; a call
    without one (code, the test client's login()) has no address to throttle and is passed on."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind PEJLING_PROXY_COUNT proxies the address that the
    outermost trusted proxy put into X-Forwarded-For (a client can prepend anything, not append)."""
    count = settings.PEJLING_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(request is not None and getattr(request, "axes_locked_out", False))
    security.warning("login_failed", extra={
        "event": "login_locked_out" if locked else "login_failed", "user": credentials.get("username"),
        "ip": client_ip(request) if request is not None else None})


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security.info("login", extra={"event": "login", "user": user.get_username(),
                                  "ip": client_ip(request) if request is not None else None})
