"""Production settings: `check --deploy` passes, guessing passwords locks out, weak passwords are
refused, errors and security events are logged as JSON on stderr, SQLite writers wait."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

PRODUCTION = {"PEJLING_ENV": "production", "SECRET_KEY": "x" * 20 + "a-long-random-production-key-0123456789",
              "ALLOWED_HOSTS": "pejling.example.dk", "PEJLING_PROXY_SSL_HEADER": "X-Forwarded-Proto"}


def pejling(*args, env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; a production server never has it
    dropped = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run([sys.executable, "-m", "pejling.cli", *args], capture_output=True, text=True,
                          env={**environment, **env}, timeout=120)


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = pejling("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "PEJLING_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_warns_when_tls_is_turned_off(tmp_path):
    result = pejling("check", "--deploy", "--fail-level", "WARNING",
                     env={**PRODUCTION, "PEJLING_DATA_DIR": str(tmp_path), "PEJLING_HTTPS": "false"})
    assert result.returncode != 0 and "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


def test_a_web_worker_walks_what_it_loaded_at_start_no_more_and_collects_less_often(tmp_path):
    # A full garbage collection inside a request that reads a whole strategy doubled its p95 (pejling/wsgi.py)
    dropped = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    result = subprocess.run([sys.executable, "-c", "import gc, pejling.wsgi; print(gc.get_threshold(), gc.get_freeze_count())"],
                            capture_output=True, text=True, timeout=120,
                            env={**environment, **PRODUCTION, "PEJLING_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    threshold, frozen = result.stdout.rsplit(")", 1)
    assert threshold + ")" == "(50000, 20, 20)"
    assert int(frozen) > 10_000  # Django, the apps and their models: never walked again
    # the commands too (pejling status --all at national: a third faster)
    result = pejling("shell", "-c", "import gc; print(gc.get_threshold())", env={"PEJLING_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "(50000, 20, 20)"


def test_sqlite_writers_wait_for_each_other(settings):
    from django.db import connection
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and "journal_mode=WAL" in options["init_command"]


@pytest.mark.django_db
def test_guessing_a_password_locks_the_user_name_out(client, caplog):
    get_user_model().objects.create_user("center2", password="Rigtigt-kodeord-1")
    url = reverse("web:login")
    with caplog.at_level(logging.WARNING, logger="pejling.security"):
        for _ in range(4):
            assert client.post(url, {"username": "center2", "password": "forkert"}).status_code == 200
        assert client.post(url, {"username": "center2", "password": "forkert"}).status_code == 429  # the 5th
        response = client.post(url, {"username": "center2", "password": "Rigtigt-kodeord-1"})
    assert response.status_code == 429 and "For mange forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session
    events = [r.event for r in caplog.records if hasattr(r, "event")]
    assert events.count("login_failed") == 4 and events.count("login_locked_out") == 2


@pytest.mark.django_db
def test_a_permission_denial_is_a_logged_security_event(client, caplog):
    client.force_login(get_user_model().objects.create_user("gæst", password="x"))
    with caplog.at_level(logging.WARNING, logger="pejling.security"):
        assert client.get(reverse("web:organisation-create")).status_code == 403
    denial = next(r for r in caplog.records if getattr(r, "event", "") == "permission_denied")
    assert denial.user == "gæst" and denial.path == reverse("web:organisation-create")


@pytest.mark.django_db
def test_django_logs_a_denial_as_one_line_without_a_traceback(client):
    """The log's tracebacks are the errors: a 403 is logged by django.request as its line alone."""
    from pejling.logs import JsonFormatter

    lines = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(json.loads(JsonFormatter().format(record)))
    django_request = logging.getLogger("django.request")
    django_request.addHandler(handler)
    try:
        client.force_login(get_user_model().objects.create_user("gæst", password="x"))
        assert client.get(reverse("web:organisation-create")).status_code == 403
        assert client.get("/s/findes-ikke/").status_code == 404
    finally:
        django_request.removeHandler(handler)
    [line] = [x for x in lines if x.get("status_code") == 403]
    assert line["message"].startswith("Forbidden") and "exception" not in line


def test_a_signed_in_users_pages_are_never_kept_by_a_shared_cache(demo, client):
    """A proxy that kept a consultant's overview (or a report) would hand it to the next reader."""
    from conftest import persona_client
    slug = "ringsted-uddannelse-til-alle-unge"
    consultant = persona_client("consultant")
    for url in (f"/s/{slug}/", f"/s/{slug}/rapport/", reverse("web:front")):
        response = consultant.get(url)
        assert response.status_code == 200 and "private" in response["Cache-Control"], (url, response.headers)
    assert consultant.get(f"/s/{slug}/skabelon.xlsx")["Cache-Control"] == "private, no-store"  # kept as it was
    redirect = consultant.get(f"/s/{slug}")  # CommonMiddleware's slash redirect, before any view
    assert redirect.status_code == 301 and "private" in redirect["Cache-Control"]
    public = client.get(reverse("web:front"))  # a reader without a session: no session read, no private
    assert public.status_code == 200 and "private" not in public.get("Cache-Control", "")


def test_log_lines_are_json_objects():
    from pejling.logs import JsonFormatter
    record = logging.LogRecord("pejling.security", logging.WARNING, __file__, 1, "login_failed", (), None)
    record.event, record.user = "login_failed", "center"
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "login_failed" and line["user"] == "center" and line["level"] == "WARNING"


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    for weak in ("1", "12345678901", "password123"):
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_several_app_servers_can_share_a_redis_cache(tmp_path):
    """PEJLING_CACHE_URL makes Django's default cache Redis; a value one process stores another reads."""
    import socket
    env = {**PRODUCTION, "PEJLING_DATA_DIR": str(tmp_path), "PEJLING_CACHE_URL": "redis://127.0.0.1:6379/9"}
    show = "from django.core.cache import caches; print(type(caches['default']).__name__)"
    result = pejling("shell", "--no-imports", "-c", show, env=env)
    assert result.stdout.strip() == "RedisCache", result.stderr
    sessions = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    assert pejling("shell", "--no-imports", "-c", sessions, env=env).stdout.strip() == \
        "django.contrib.sessions.backends.cached_db"  # in the shared cache, written through to the database
    assert pejling("shell", "--no-imports", "-c", sessions, env={**PRODUCTION, "PEJLING_DATA_DIR": str(tmp_path)}
                   ).stdout.strip() == "django.contrib.sessions.backends.db"  # per-process memory: never
    wrong = pejling("shell", "--no-imports", "-c", show, env={**env, "PEJLING_CACHE_URL": "memcache://x"})
    assert wrong.returncode != 0 and "PEJLING_CACHE_URL must be a redis://" in wrong.stderr
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379 to share")
    key = f"delt-{os.getpid()}"
    pejling("shell", "--no-imports", "-c", f"from django.core.cache import cache; cache.set('{key}', 'fra server 1', 60)", env=env)
    read = pejling("shell", "--no-imports", "-c", f"from django.core.cache import cache; print(cache.get('{key}'))", env=env)
    assert read.stdout.strip() == "fra server 1", read.stderr
