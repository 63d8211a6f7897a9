"""One environment-driven settings module (SQLite by default, DATABASE_URL switches)."""

import os
from pathlib import Path

import dj_database_url

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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
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
    "pejling.web.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

if PRODUCTION:  # runserver and the test servers serve static files themselves
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

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
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

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
}

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

# Imports: a file larger than this is refused before it is read (bytes; default 10 MB)
IMPORT_MAX_BYTES = int(os.environ.get("PEJLING_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
