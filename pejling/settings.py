"""One environment-driven settings module (SQLite by default, DATABASE_URL switches)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PEJLING_DATA_DIR", BASE_DIR / "data"))

# PEJLING_ENV=production: no debug pages, hashed and compressed static files, a real secret key.
PRODUCTION = os.environ.get("PEJLING_ENV", "").lower() == "production"


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if not PRODUCTION:
        return "pejling-development-key-not-for-production"
    path = DATA_DIR / "secret_key"  # made once per installation, kept beside the database
    if not path.exists():
        import secrets
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DEBUG", "false" if PRODUCTION else "true").lower() in ("1", "true", "yes")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rules",
    "axes",
    "pejling.plans",
    "pejling.tracking",
    "pejling.interchange",
    "pejling.demo",
    "pejling.reports",
    "pejling.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pejling.web.middleware.PrivateWhenSignedInMiddleware",  # before CommonMiddleware's redirects
    "pejling.web.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out log-in into the lock-out page
]

if os.environ.get("PEJLING_SERVER_TIMING", "").lower() == "true":  # `make bench` only
    MIDDLEWARE.insert(0, "pejling.web.middleware.ServerTimingMiddleware")

if PRODUCTION:  # runserver and the test servers serve static files themselves
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

# Content-Security-Policy: no inline scripts or styles. The one inline <style> (a self-contained
# report page) carries the request's nonce; charts are SVG addresses of the site (pages) or data URIs (a report page).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF, NONCE], "img-src": [SELF, "data:"],
    "font-src": [SELF], "connect-src": [SELF], "object-src": [NONE], "base-uri": [SELF], "form-action": [SELF],
    "frame-ancestors": [NONE],
}}

ROOT_URLCONF = "pejling.urls"
WSGI_APPLICATION = "pejling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pejling.web.context.audience",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'pejling.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked": every transaction
    # takes the write lock when it begins (IMMEDIATE), and the WAL journal lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 20, "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"})
# A worker keeps its database connection (checked before reuse) instead of opening one per request:
# connecting (and SQLite's PRAGMAs) cost more than serving a cached page or computing an overview.
DATABASES["default"].update({"CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "pejling" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# Per-process memory cache: keys carry the strategy's revision, so no process ever serves a stale page.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
    # Rendered charts, keyed by their spec's hash: always valid, so they may outlive the process.
    "charts": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
               "LOCATION": str(DATA_DIR / "cache" / "charts"), "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 20000}},
    # Rendered report files, keyed by strategy revision, date, format and language: never stale, so a
    # repeated download of an unchanged strategy is read, not rendered. Shared by every worker.
    "reports": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(DATA_DIR / "cache" / "reports"), "TIMEOUT": 7 * 24 * 3600,
                "OPTIONS": {"MAX_ENTRIES": 500}},
}
# Several app servers share one cache (a page or status computed by one serves all): Redis, e.g.
# PEJLING_CACHE_URL=redis://127.0.0.1:6379/0. Keys are bounded and carry revisions, as in memory.
if (_cache_url := os.environ.get("PEJLING_CACHE_URL", "")).startswith(("redis://", "rediss://", "unix://")):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url,
                         "KEY_PREFIX": "pejling"}
    # A signed-in request reads its session from the shared cache, not the database; written through to
    # the database, and a log-out deletes it from both, for every worker. Never with per-process memory:
    # a log-out in one worker would not reach the copy another holds.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif _cache_url:
    raise ImproperlyConfigured("PEJLING_CACHE_URL must be a redis://, rediss:// or unix:// address")

# Processes that draw a report's missing charts side by side (reports/chart_pool.py); 1 draws them in
# the report's own process, one by one.
PEJLING_CHART_WORKERS = max(1, int(os.environ.get("PEJLING_CHART_WORKERS", str(min(4, os.cpu_count() or 1)))))
# The PDF laid out in a process of its own (reports/pdf_layout.py), so that WeasyPrint's memory is given back.
PEJLING_PDF_APART = os.environ.get("PEJLING_PDF_APART", "true").lower() in ("1", "true", "yes")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:front"
LOGOUT_REDIRECT_URL = "web:front"


# --- Who may log in, and how --------------------------------------------------------------------
# Permissions are decided by pejling.plans.permissions (rules); django-axes locks out guessing.
AUTHENTICATION_BACKENDS = [
    "pejling.web.auth.ThrottledBackend",  # django-axes: refuses a locked-out user name from an address
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# After PEJLING_LOGIN_FAILURES wrong passwords for one user name from one address, that pair is
# locked out for PEJLING_LOGIN_COOLOFF_MINUTES; a successful log-in resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("PEJLING_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("PEJLING_LOGIN_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/accounts/locked.html"
AXES_VERBOSE = False  # pejling's own structured events below say what happened
# Behind PEJLING_PROXY_COUNT reverse proxies the client's address is read from X-Forwarded-For.
PEJLING_PROXY_COUNT = int(os.environ.get("PEJLING_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "pejling.web.auth.client_ip"
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600  # a set-password link from an invitation works for a week

# --- Single sign-on (OpenID Connect), off unless OIDC_RP_CLIENT_ID is set -------------------------
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "pejling.web.oidc.PejlingOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
    LOGIN_REDIRECT_URL_FAILURE = "/konto/log-ind/"
# The claim that carries a person's roles, each "organisation:role" or "organisation:role:unit[,unit]",
# e.g. "ringsted:consultant" or "ringsted:centre-editor:Skolecenter".
PEJLING_OIDC_ROLES_CLAIM = os.environ.get("PEJLING_OIDC_ROLES_CLAIM", "pejling_roles")
PEJLING_OIDC_USERNAME_CLAIM = os.environ.get("PEJLING_OIDC_USERNAME_CLAIM", "preferred_username")

# --- Production: TLS, HSTS and secure cookies -------------------------------------------------------
# PEJLING_HTTPS=false (e.g. `make serve` on this machine) turns them off; check --deploy then warns.
HTTPS = PRODUCTION and os.environ.get("PEJLING_HTTPS", "true").lower() in ("1", "true", "yes")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("PEJLING_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("PEJLING_HSTS_INCLUDE_SUBDOMAINS", "").lower() == "true"
    SECURE_HSTS_PRELOAD = os.environ.get("PEJLING_HSTS_PRELOAD", "").lower() == "true"
    # HSTS for sub-domains and the browsers' preload list are the municipality's decision for its whole
    # domain, so they are opt-in; the checks that would ask for them are silenced until then.
    SILENCED_SYSTEM_CHECKS = [c for c, on in (("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
                                              ("security.W021", SECURE_HSTS_PRELOAD)) if not on]
# Behind a proxy that ends TLS: PEJLING_PROXY_SSL_HEADER=X-Forwarded-Proto (only if the proxy always
# sets or overwrites that header; otherwise a client could claim https).
if os.environ.get("PEJLING_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + os.environ["PEJLING_PROXY_SSL_HEADER"].upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# --- Logging: one JSON object per line on stderr; errors and security events -----------------------
LOG_LEVEL = os.environ.get("PEJLING_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pejling.logs.JsonFormatter"}},
    "filters": {"denial_without_traceback": {"()": "pejling.logs.DenialWithoutTraceback"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False,
                           "filters": ["denial_without_traceback"]},
        "django.security": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "pejling": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "mozilla_django_oidc": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# Imports: a file larger than this is refused before it is read (bytes; default 10 MB)
IMPORT_MAX_BYTES = int(os.environ.get("PEJLING_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
# Restores (`pejling restore`): a dump larger than this, packed or unpacked, is refused (bytes; default 256 MB)
RESTORE_MAX_BYTES = int(os.environ.get("PEJLING_RESTORE_MAX_BYTES", 256 * 1024 * 1024))
