"""Settings for Gonghui, read once from the environment through the strict helpers in env.py."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from gonghui.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    secret_file,
    secret_from_env_or_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("GONGHUI_DATA_DIR", "var")).resolve()

# `production` turns on everything `gonghui check --deploy` asks for and refuses to start
# without the settings a real site needs; `development` (the default) runs on a laptop.
GONGHUI_ENV = env_choice("GONGHUI_ENV", "development", ("development", "production"))
PRODUCTION = GONGHUI_ENV == "production"

DEBUG = env_bool("GONGHUI_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ConfigurationError("GONGHUI_DEBUG must be off with GONGHUI_ENV=production")
# Production takes the key from SECRET_KEY or SECRET_KEY_FILE only: every machine of a site
# must sign with the same key, and a key generated into one data directory is not shared.
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", DATA_DIR / "secret_key", generate=not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "GONGHUI_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError("GONGHUI_ALLOWED_HOSTS is required with GONGHUI_ENV=production")
# Origins (https://host) allowed to POST from another host, e.g. behind a proxy renaming it.
CSRF_TRUSTED_ORIGINS = env_list("GONGHUI_CSRF_TRUSTED_ORIGINS", [])

# Personal data (ID numbers, mobiles): the cipher suite and its keys. See core/crypto.py.
GONGHUI_CIPHER_SUITE = env_choice("GONGHUI_CIPHER_SUITE", "aes-gcm", ("aes-gcm", "sm4-gcm"))
# The data keys (see `gonghui keys`): from the environment, GONGHUI_DATA_KEY encrypts and the
# keys in GONGHUI_DATA_KEYS_RETIRED only decrypt (a change needs a restart); otherwise the key
# file, one key a line with the primary first, generated on first start and re-read by running
# processes when `gonghui keys rotate` rewrites it.
GONGHUI_DATA_KEY = env_str("GONGHUI_DATA_KEY", "")
GONGHUI_DATA_KEYS_RETIRED = env_list("GONGHUI_DATA_KEYS_RETIRED", [])
if GONGHUI_DATA_KEYS_RETIRED and not GONGHUI_DATA_KEY:
    raise ConfigurationError("GONGHUI_DATA_KEYS_RETIRED needs GONGHUI_DATA_KEY (the primary)")
GONGHUI_DATA_KEY_FILE = Path(env_str("GONGHUI_DATA_KEY_FILE", str(DATA_DIR / "data_key"))).resolve()
if not GONGHUI_DATA_KEY and GONGHUI_DATA_KEY_FILE == DATA_DIR / "data_key":
    secret_file(GONGHUI_DATA_KEY_FILE)
GONGHUI_BLIND_INDEX_KEY = secret_from_env_or_file(
    "GONGHUI_BLIND_INDEX_KEY", DATA_DIR / "blind_index_key"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.employers",
    "gonghui.members",
    "gonghui.overview",
    "gonghui.imports",
    "gonghui.kpi",
    "gonghui.cases",
    "gonghui.portal",
    "gonghui.hardship",
    "gonghui.legalaid",
    "gonghui.relocation",
    "gonghui.api",
    "gonghui.audit",
    "gonghui.demo",
]

MIDDLEWARE = [
    # First: a request that failed on an unreachable database answers 503 (core/unavailable.py).
    "gonghui.core.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "gonghui.audit.middleware.RefusedAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gonghui.accounts.middleware.SignInRateMiddleware",
    "gonghui.accounts.middleware.SessionLifetimeMiddleware",
    "gonghui.accounts.duties.AdministratorPagesMiddleware",
    "gonghui.core.security.PageMethodsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gonghui.core.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gonghui" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def _database() -> dict:
    default_url = f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"
    url = env_str("DATABASE_URL", default_url)
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("GONGHUI_DB_CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ConfigurationError(f"DATABASE_URL is not usable: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers and one writer work together; IMMEDIATE avoids lock upgrades
        # failing half-way through a write transaction.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824; "
                "PRAGMA temp_store=MEMORY;"
            ),
        }
    else:
        # A database that went away answers fast (503, core/unavailable.py) and the workers
        # reconnect by themselves once it is back: a short connect timeout, and a check of a
        # kept connection before each request reuses it.
        config["CONN_HEALTH_CHECKS"] = True
        options = config.setdefault("OPTIONS", {})
        options["connect_timeout"] = env_int("GONGHUI_DB_CONNECT_TIMEOUT", 3, minimum=1)
        # No JIT: it compiled the KPI count's grouped scan for 431 ms of its 767 ms and pays
        # back on no query of ours (docs/benchmarks.md, KPI roll-up).
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# The first backends only refuse: usernames locked after failed sign-ins, and demo accounts
# under production settings (accounts/lockout.py).
AUTHENTICATION_BACKENDS = [
    "gonghui.accounts.lockout.LockoutGuard",
    "gonghui.accounts.lockout.DemoAccountGuard",
    "django.contrib.auth.backends.ModelBackend",
]
# Password policy (等保 2.0 level 3): length, three of four character classes, no reuse of the
# last five (accounts/passwords.py).
GONGHUI_PASSWORD_MIN_LENGTH = env_int("GONGHUI_PASSWORD_MIN_LENGTH", 10, minimum=8)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": GONGHUI_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gonghui.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "gonghui.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"depth": 5}},
]
# Failed sign-ins of one username within the window lock it for the lock time (lockout.py).
GONGHUI_LOGIN_MAX_FAILURES = env_int("GONGHUI_LOGIN_MAX_FAILURES", 5, minimum=1)
GONGHUI_LOGIN_WINDOW_MINUTES = env_int("GONGHUI_LOGIN_WINDOW_MINUTES", 15, minimum=1)
GONGHUI_LOGIN_LOCK_MINUTES = env_int("GONGHUI_LOGIN_LOCK_MINUTES", 15, minimum=1)
# Sign-in POSTs per client address a minute; past it 429 (accounts/middleware.py).
GONGHUI_LOGIN_RATE = env_int("GONGHUI_LOGIN_RATE", 20, minimum=1)
# Signed out after this many minutes without a request; SESSION_COOKIE_AGE is the absolute
# lifetime from sign-in (accounts/middleware.py).
GONGHUI_IDLE_MINUTES = env_int("GONGHUI_IDLE_MINUTES", 30, minimum=1)
# Two-step sign-in (accounts/second_factor.py): after the password, a code from an
# authenticator app (TOTP) for everyone who signs in at /accounts/login/ (the portal's workers
# sign in with SMS codes instead). Required in production; a development site or the demo lets
# a newcomer in with the password alone, but asks whoever set up an app for its code.
GONGHUI_TOTP_REQUIRED = env_bool("GONGHUI_TOTP_REQUIRED", default=PRODUCTION)
# SMS code requests per client address an hour; past it 429 (portal/views.py).
GONGHUI_SMS_CODE_RATE = env_int("GONGHUI_SMS_CODE_RATE", 30, minimum=1)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gonghui" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [("vendor", BASE_DIR / "gonghui" / "static_vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded import files and the engine's spools (they hold personal data: keep them here,
# on the protected data volume, not in /tmp).
IMPORTS_DIR = DATA_DIR / "imports"
# Large uploads are spooled here while the request runs: personal data stays off /tmp.
FILE_UPLOAD_TEMP_DIR = IMPORTS_DIR / "incoming"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("GONGHUI_SESSION_SECONDS", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS only in production: cookies never travel in clear, plain HTTP is redirected, and
# browsers are told (HSTS) to use HTTPS for a year, subdomains included. Preloading is a
# promise to the browser makers that is slow to take back: a site opts in.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("GONGHUI_HSTS_PRELOAD", default=False)
# security.W021 only says that preloading is off, which is the default chosen above.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Behind a proxy that ends TLS and sets X-Forwarded-Proto (it must overwrite the client's).
if env_bool("GONGHUI_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Every response (core/security.py): scripts and styles from our own files only, no inline
# code, no plugins, no framing; images may be data: URLs (Swagger UI's icons). htmx's own
# indicator style is switched off in base.html (htmx-config), so no inline style is needed.
GONGHUI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GONGHUI_LOG_LEVEL", "INFO")},
}

# Lists are paginated by this many rows; search answers at most this many.
GONGHUI_PAGE_SIZE = env_int("GONGHUI_PAGE_SIZE", 25, minimum=5)
# The largest file an upload may import (a million-row roster in xlsx is about 60 MB).
GONGHUI_IMPORT_MAX_BYTES = env_int("GONGHUI_IMPORT_MAX_MB", 512, minimum=1) << 20
# SQLite's page cache while an import writes, in MB (0 keeps the usual 64 MB). Measured for a
# million rows into the bench city: 384 MB cut the write from 94 s to 64 s but doubled the heap
# (374 → 758 MB); see docs/benchmarks.md.
GONGHUI_IMPORT_CACHE_MB = env_int("GONGHUI_IMPORT_CACHE_MB", 0, minimum=0)

# The worker portal's SMS gateway: a class with send(mobile, text); the default writes to the log.
GONGHUI_SMS_BACKEND = env_str("GONGHUI_SMS_BACKEND", "gonghui.portal.sms.ConsoleBackend")

# The largest evidence file a case takes (PDF, JPEG, PNG or xlsx, told by its bytes).
GONGHUI_CASE_UPLOAD_MAX_BYTES = env_int("GONGHUI_CASE_UPLOAD_MAX_MB", 20, minimum=1) << 20

# 困难职工 tiers (domain.md §4), per city: the local 低保 standard in whole yuan per person a
# month, and the share of a year's household income that rigid expenses must pass for 意外致困.
GONGHUI_HARDSHIP_MINIMUM_LIVING = env_int("GONGHUI_HARDSHIP_MINIMUM_LIVING", 870, minimum=1)
GONGHUI_HARDSHIP_ACCIDENT_SHARE = Decimal(env_str("GONGHUI_HARDSHIP_ACCIDENT_SHARE", "0.8"))

# Legal aid: a labour dispute not yet at arbitration is listed as at risk this many days before
# its one-year limit (劳动争议调解仲裁法 第27条) runs out.
GONGHUI_ARBITRATION_WARNING_DAYS = env_int("GONGHUI_ARBITRATION_WARNING_DAYS", 60, minimum=1)

# KPI denominators a deployment chooses instead of the default, "metric=alternative,…"
# (e.g. membership_rate=unionised: members ÷ workers of unionised employers); checked at start.
GONGHUI_KPI_DENOMINATORS = dict(
    item.partition("=")[::2] for item in env_list("GONGHUI_KPI_DENOMINATORS", [])
)

# The partner-agency data API (gonghui/api, docs/architecture.md "API"): bearer tokens bound
# to a subtree or the session, keyset pages, a rate per token or user, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gonghui.api.auth.ApiTokenAuthentication",  # first: its 401 names the Bearer scheme
        "rest_framework.authentication.SessionAuthentication",  # CSRF checked for writes
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gonghui.api.permissions.EditorOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "gonghui.api.pagination.IdCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["gonghui.api.throttling.PrincipalRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "gonghui.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "gonghui.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gonghui data API",
    "DESCRIPTION": (
        "Read (and, with a read-write token, register) the unions, employers and members of "
        "one subtree of the union tree. Lists are pages of `limit` rows in id order; follow "
        "`next` until it is null. ID numbers and mobiles are always masked."
    ),
    "VERSION": "v1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}
# Requests per token (or signed-in user) and period: "120/min", "5000/hour", "s", "d" too.
GONGHUI_API_RATE = env_str("GONGHUI_API_RATE", "120/min")
_count, _slash, _period = GONGHUI_API_RATE.partition("/")
if not (_count.isdigit() and int(_count) > 0 and _period in {"s", "min", "h", "hour", "d", "day"}):
    raise ConfigurationError(f"GONGHUI_API_RATE={GONGHUI_API_RATE!r} is not like 120/min")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},  # Django's default
    # The API's request counts, in files: shared by every worker process of the machine.
    "api-throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "api-throttle",
    },
}

# The CJK font the PDF reports are printed in (installed by scripts/ensure-system-packages.sh).
GONGHUI_PDF_FONT = env_str("GONGHUI_PDF_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
