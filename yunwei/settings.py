"""Django settings, read from environment variables with safe local defaults.

Variables: YUNWEI_ENV (development | production), SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS,
REDIS_URL, EMAIL_URL-style EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD /
EMAIL_USE_TLS / DEFAULT_FROM_EMAIL, YUNWEI_DATA_DIR, YUNWEI_HTTPS. See docs/deploy.md.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("YUNWEI_DATA_DIR", PROJECT_DIR / "data"))

ENV = os.environ.get("YUNWEI_ENV", "development")
PRODUCTION = ENV == "production"
TESTING = os.environ.get("YUNWEI_TESTING") == "1"
#: The pytest-xdist worker running this process ("gw0", "gw1", ...; empty outside xdist).
#: Each worker keeps its own data folder (media, outbox, SQLite test database) beside the
#: one given: data/test -> data/test-gw0 (scripts/test.sh runs the suite with -n workers).
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "") if TESTING else ""
if TEST_WORKER:
    DATA_DIR = DATA_DIR.with_name(f"{DATA_DIR.name}-{TEST_WORKER}")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _secret_key() -> tuple[str, str]:
    """The secret key, and the file it was read from ("" when it came from the environment)."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key, ""
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when YUNWEI_ENV=production")
    # Local installs keep a generated key in the git-ignored data folder. It sits beside the
    # database, so it must not key the audit chain of a real install: `yunwei serve` and
    # `yunwei worker` refuse to start with it unless YUNWEI_DEBUG=1 (core.checks).
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip(), str(path)


SECRET_KEY, SECRET_KEY_FILE = _secret_key()
DEBUG = _env_bool("YUNWEI_DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "yunwei.core",
    "yunwei.organizations",
    "yunwei.contracts",
    "yunwei.assets",
    "yunwei.calendars",
    "yunwei.workorders",
    "yunwei.operations",
    "yunwei.assessment",
    "yunwei.staffing",
    "yunwei.deliverables",
    "yunwei.inventory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yunwei.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yunwei.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "yunwei.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yunwei.core.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yunwei.urls"
WSGI_APPLICATION = "yunwei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yunwei.core.context_processors.navigation",
            ],
        },
    },
]
# Django's form renderer, with inputs and selects written out in Python (the same HTML).
FORM_RENDERER = "yunwei.core.formrenderer.FormRenderer"

# --- Database -------------------------------------------------------------------------------
# SQLite (embedded default) runs in WAL mode with a busy timeout and IMMEDIATE transactions so
# that concurrent writers queue instead of failing; PostgreSQL is the production database.
# Connections persist between requests (DB_CONN_MAX_AGE) on both: for SQLite, opening a
# connection per request and the WAL checkpoint when the last one closes cost ~5 ms a request.
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'yunwei.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, but write transactions wait for the lock in short steps (see there).
    DATABASES["default"]["ENGINE"] = "yunwei.core.db.sqlite3"
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
            # Checkpoint when the WAL holds 10,000 pages (~40 MB) instead of 1,000: a page
            # rewritten by many commits is copied once, and requests rarely pay for one. The
            # worker checkpoints every minute (core.db.checkpoint) so the WAL stays small.
            "PRAGMA wal_autocheckpoint=10000;PRAGMA journal_size_limit=67108864;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis when configured: shared rate limits across app servers) -------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": f"yunwei{TEST_WORKER}"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background jobs (core.jobs): Django's task framework, queued in the database ------------
# The queue is a table of the same database (SQLite or PostgreSQL): no other server to run,
# and a job scheduled inside a transaction commits or rolls back with it. `yunwei worker` runs
# it; any number of workers may run at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
YUNWEI_JOBS = {
    key: float(os.environ[f"YUNWEI_JOBS_{key}"])
    for key in ("RETRY_BASE_SECONDS", "RETRY_MAX_SECONDS", "MAX_ATTEMPTS", "LEASE_SECONDS",
                "KEEP_SUCCEEDED_DAYS", "KEEP_FAILED_DAYS")
    if os.environ.get(f"YUNWEI_JOBS_{key}")
}

# --- Authentication and security -------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login attempts: 5 failures per user name and address lock out for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the app servers (nginx: 1). The client address of the lockouts and
# of the API's rate limits is then read from X-Forwarded-For past them (core.clientip); with 0
# the header is ignored (anyone could forge it) and REMOTE_ADDR is the client.
YUNWEI_TRUSTED_PROXIES = int(os.environ.get("YUNWEI_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "yunwei.core.clientip.client_ip"

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

HTTPS = _env_bool("YUNWEI_HTTPS", PRODUCTION)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if PRODUCTION and not HTTPS:
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]

# --- Internationalisation: Chinese first, Asia/Shanghai ------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: dates as 2026-11-30 14:05 in both languages (lists drawn by django-tables2 and `|date`)
FORMAT_MODULE_PATH = ["yunwei.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "yunwei_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files: everything vendored, served by the platform (no CDN) -----------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# --- E-mail (SMTP when EMAIL_HOST is set; the console otherwise) ------------------------------
_EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost" if PRODUCTION else "")
if _EMAIL_HOST:
    _MAILER = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _EMAIL_HOST,
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _env_bool("EMAIL_USE_TLS", False),
            "use_ssl": _env_bool("EMAIL_USE_SSL", False),
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
        },
    }
else:  # development and the demo: mail goes to files under data/outbox/ (nothing is sent)
    _MAILER = {"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
               "OPTIONS": {"file_path": str(DATA_DIR / "outbox")}}
MAILERS = {"default": _MAILER}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "yunwei@localhost")
#: The address people open the platform at: links in mails (to a work order) start with it.
SITE_URL = os.environ.get("YUNWEI_SITE_URL", "http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who receives `yunwei audit checkpoint --mail` (comma-separated addresses).
ADMINS = _env_list("ADMINS", [])

# --- REST API -------------------------------------------------------------------------------------
_RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def _env_rate(name: str, default: str) -> str | None:
    """A rate such as "1200/min" from the environment; "off" (or empty, or 0) for no limit."""
    value = os.environ.get(name, default).strip().lower()
    if value in {"", "off", "none", "0"}:
        return None
    if not _RATE.match(value):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name}={value!r}: expected e.g. 1200/min, or off")
    return value


# API rate limits (core.api.throttling): per user, and per address for anonymous requests. Off
# in the test suite unless set (tests enable them where they test them); benchmarks/desk_bench.py
# turns the user limit off for its ~400 requests/s from one token.
YUNWEI_THROTTLE_RATES = {
    "user": _env_rate("YUNWEI_THROTTLE_USER", "off" if TESTING else "1200/min"),
    "anon": _env_rate("YUNWEI_THROTTLE_ANON", "off" if TESTING else "60/min"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yunwei.core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["yunwei.core.api.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "yunwei.core.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "yunwei.core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "yunwei.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "yunwei.core.api.throttling.UserRateThrottle",
        "yunwei.core.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": YUNWEI_THROTTLE_RATES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yunwei API",
    "DESCRIPTION": "运维外包合同管理平台 REST API. Token: `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "yunwei.core.api.schema.document_errors",
    ],
    # choice sets that share a field name across apps get names of their own: operations'
    # record kinds; equipment and configuration items' states (the ledger became a type)
    "ENUM_NAME_OVERRIDES": {"OperationsRecordKindEnum": "yunwei.operations.choices.RecordKind",
                            "ItemStatusEnum": "yunwei.inventory.choices.ItemStatus",
                            "CriticalityEnum": "yunwei.inventory.choices.Criticality",
                            "LeaveKindEnum": "yunwei.staffing.choices.LeaveKind",
                            "RequestStatusEnum": "yunwei.staffing.choices.RequestStatus",
                            "AttendanceKindEnum": "yunwei.staffing.choices.AttendanceKind"},
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"

# --- Audit chain ----------------------------------------------------------------------------------
# Rows are chained with HMAC-SHA256; the key defaults to one derived from SECRET_KEY.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
#: The nightly job appends the audit chain's signed end here (besides the log and ADMINS).
AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors": {"()": "yunwei.core.logfilters.NoTracebackForClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django.tasks logs every queue entry's start and end: our jobs log their own results.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "django.tasks": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}
