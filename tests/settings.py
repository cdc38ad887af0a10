"""Test settings: the real profile chosen by the environment, minus slowness and HTTPS redirects."""

import tempfile
from pathlib import Path

from technopark.settings import *  # noqa: F403
from technopark.settings import LOGGING, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
MEDIA_ROOT = tempfile.mkdtemp(prefix="technopark-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not the shared in-memory database: live-server tests (the registration
    # concurrency test) need each server thread on its own connection, as in production.
    # One directory per test run, so runs side by side never share a file.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="technopark-db-")) / "test.sqlite3")
    }
