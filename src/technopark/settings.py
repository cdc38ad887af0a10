"""One settings module; every knob comes from the environment (12-factor).

With nothing set you get the embedded profile: SQLite (WAL, IMMEDIATE transactions) under var/,
Celery tasks run in-process, local-memory cache, e-mail printed to the console.
With DATABASE_URL=postgres://… and REDIS_URL=redis://… you get the production profile.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("TECHNOPARK_HOME", BASE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "technopark.core",
    "technopark.accounts",
    "technopark.network",
    "technopark.events",
    "technopark.contests",
    "technopark.reports",
    "technopark.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "technopark.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "technopark.core.middleware.AuditActorMiddleware",
    "technopark.core.middleware.RejectNullBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "technopark.urls"
WSGI_APPLICATION = "technopark.wsgi.application"
ASGI_APPLICATION = "technopark.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "technopark.core.context_processors.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "technopark.sqlite3")),
            # Reusing the connection skips re-running the PRAGMAs below on every request.
            "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "600")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so "check capacity, then insert"
                # inside one atomic block cannot interleave with another writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# --- cache, Celery ---------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "technopark",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL or None)
# Embedded profile: no broker, tasks run in-process at the moment they are queued.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Samara"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work for `celery beat`; each task decides itself what is due, so a missed run is
# caught up by the next one.
CELERY_BEAT_SCHEDULE = {
    "events-send-reminders": {"task": "technopark.events.tasks.send_reminders", "schedule": 3600.0},
    "events-send-due-confirmations": {
        "task": "technopark.events.tasks.send_due_confirmations",
        "schedule": 60.0,
    },
    "contests-remind-judges": {"task": "technopark.contests.remind_judges", "schedule": 3600.0},
}
# Workers log through Django's LOGGING (JSON in production), not Celery's own handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "600"))

# --- auth ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if env_bool("FAST_PASSWORD_HASHER")
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)

# --- i18n ------------------------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "technopark_language"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Samara")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS: list[Path] = []

# --- static and media files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not env_bool("STATIC_PLAIN")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
AVATAR_MAX_BYTES = 2 * 1024 * 1024

# --- e-mail ----------------------------------------------------------------------------------
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
# A region's own DOCX template for period reports (docs/guide/reports.ru.md lists its fields);
# an administrator's upload on /reports/template/ takes precedence.
REPORTS_DOCX_TEMPLATE = os.environ.get("REPORTS_DOCX_TEMPLATE", "")
# How long the dashboard's figures are fresh (seconds; 0 = always count afresh), and how long
# after that they are still shown while a Celery worker counts them again (0 = count them in
# the request). Documents, the API and the CLI never use this cache.
REPORTS_DASHBOARD_CACHE_SECONDS = int(os.environ.get("REPORTS_DASHBOARD_CACHE_SECONDS", "300"))
REPORTS_DASHBOARD_STALE_SECONDS = int(os.environ.get("REPORTS_DASHBOARD_STALE_SECONDS", "3600"))
# on: the period report's heaviest queries run side by side on connections of their own (up to
# three more database connections per report being built); off: one after another.
REPORTS_PARALLEL_QUERIES = env_bool("REPORTS_PARALLEL_QUERIES", True)
# How long a drawn month of the public calendar is kept; any change to an event redraws it.
EVENTS_CALENDAR_CACHE_SECONDS = int(os.environ.get("EVENTS_CALENDAR_CACHE_SECONDS", "300"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Технопарк <noreply@technopark.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- security --------------------------------------------------------------------------------
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", bool(DATABASE_URL) and not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Preloading is a promise to browsers that is slow to take back, so the operator opts in;
# until then Django's reminder about it (W021) is not a deployment error.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Load balancers and monitoring probe /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "technopark.core.views.csrf_failure"

# --- logging ---------------------------------------------------------------------------------
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if DATABASE_URL else "text")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "technopark.core.logging.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": os.environ.get("ACCESS_LOG_LEVEL", "INFO")},
        # WeasyPrint and fontTools narrate every step of a PDF at INFO: noise in the logs and
        # on the terminal of `technopark report --format pdf`.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- API -------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
