"""Danish first: the browser's Accept-Language does not switch the UI; the user's choice does. And a
signed-in user's pages are never kept by a shared cache."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


class DanishFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.known = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.known else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateWhenSignedInMiddleware:
    """Every response to a request with a session cookie (a signed-in user's: another centre's numbers,
    a form's values, and the redirects before them) is `Cache-Control: private`, so no proxy or CDN
    between keeps it for the next reader. It comes before CommonMiddleware, whose slash redirect would
    otherwise pass it by, and reads no session: the cookie is enough, and public pages stay public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True)
        return response


class ServerTimingMiddleware:
    """With PEJLING_SERVER_TIMING=true (benchmarks only: it tells a reader how long the server worked):
    a Server-Timing header with the server time and the number of SQL queries of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.db import connection

        count = [0]

        def counted(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - start) * 1000
        response.headers["Server-Timing"] = f'app;dur={elapsed:.2f}, db;desc="{count[0]} queries"'
        return response
