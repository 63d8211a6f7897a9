"""The concurrency test's server: Pejling's settings with a fast password hasher (50 log-ins at once
would otherwise spend the test's time hashing) and no debug pages."""

from pejling.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
