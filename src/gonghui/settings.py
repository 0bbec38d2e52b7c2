"""Settings, read from the environment (one module for every deployment).

Environment variables (all optional for a developer's machine):

- ``DATABASE_URL``: e.g. ``postgres://user:pw@127.0.0.1:5432/gonghui``; default a SQLite
  file ``var/gonghui.sqlite3`` under the working directory (WAL mode).
- ``SECRET_KEY``: required when ``DEBUG`` is false and ``GONGHUI_PRODUCTION`` is set.
- ``DEBUG``: ``true``/``false`` (default false).
- ``ALLOWED_HOSTS``: comma-separated host names (default ``127.0.0.1,localhost``).
- ``GONGHUI_VAR_DIR``: where the SQLite file and exports live (default ``./var``).
- ``GONGHUI_FIELD_KEY``: one or more comma-separated Fernet keys (urlsafe base64 of 32
  bytes; the first encrypts, all decrypt) for sensitive fields at rest (ID numbers, phones,
  bank cards, health). A clearly-named development key is used only when ``DEBUG`` is true
  or under pytest; otherwise reading or writing a sensitive field raises
  ``ImproperlyConfigured``. Generate one with
  ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.

Production (see docs/deploy.md):

- ``GONGHUI_PRODUCTION``: ``true`` behind HTTPS: secure cookies, HSTS, SSL redirect
  (``GONGHUI_SSL_REDIRECT``, default true; set false when the gateway already redirects).
- ``DATABASE_REPLICA_URL``: a PostgreSQL read replica; report reads go there
  (:mod:`gonghui.core.dbrouter`). Unset: everything uses ``default``.
- ``REDIS_URL``: e.g. ``redis://127.0.0.1:6379/0``; cache and cached_db sessions in Redis
  (needed when more than one app server runs). Unset: local-memory cache.
- ``CSRF_TRUSTED_ORIGINS``: comma-separated ``https://host`` origins of the gateway.
- ``LOG_FORMAT``: ``json`` (default in production) or ``text``; ``LOG_LEVEL``.
- ``GONGHUI_SESSION_IDLE_MINUTES``: idle session timeout (default 30).
- ``GONGHUI_AXES_FAILURES`` (per account), ``GONGHUI_AXES_ADDRESS_FAILURES`` (per
  address), ``GONGHUI_AXES_COOLOFF_MINUTES``: login lockout.
- ``GONGHUI_ADMIN_OTP_REQUIRED``: admins must pass a TOTP second factor.
- ``GONGHUI_LOG_RETENTION_DAYS``: operation/login log retention (minimum 180).
- ``GONGHUI_REMIND_DUE_SOON_DAYS`` (3), ``GONGHUI_SUPERVISION_DELAY_DAYS`` (5),
  ``GONGHUI_NOTIFY_BACKENDS``: the reminders of ``gonghui remind``.
- ``GONGHUI_SMS_GATEWAY_URL``, ``GONGHUI_SMS_API_KEY``, ``GONGHUI_SMS_SIGN_NAME``,
  ``GONGHUI_SMS_TEMPLATE_ID``, ``GONGHUI_SMS_TIMEOUT`` (5 s), ``GONGHUI_SMS_PAUSE`` (300 s):
  the SMS adapter of the reminders (docs/deploy.md).
- ``GONGHUI_CLOSEOUT_EVIDENCE_REQUIRED`` (true): close-out needs evidence.

A malformed value raises ``ImproperlyConfigured`` at start-up rather than being ignored.
"""

import datetime as dt
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
PRODUCTION = env.bool("GONGHUI_PRODUCTION", default=False)
VAR_DIR = Path(env.str("GONGHUI_VAR_DIR", default=str(Path.cwd() / "var")))

_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production-2f8c1e"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_KEY)
if PRODUCTION and SECRET_KEY == _DEV_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when GONGHUI_PRODUCTION is true")

# base64 of b"gonghui-DEV-ONLY-field-key-32by!": never for real data.
DEV_FIELD_KEY = "Z29uZ2h1aS1ERVYtT05MWS1maWVsZC1rZXktMzJieSE="
FIELD_KEYS = env.list("GONGHUI_FIELD_KEY", default=[])
if not FIELD_KEYS and (DEBUG or "pytest" in sys.modules):
    FIELD_KEYS = [DEV_FIELD_KEY]

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "gonghui.core.admin_apps.GonghuiAdminConfig",  # django.contrib.admin, our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.services",
    "gonghui.competitions",
    "gonghui.events",
    "gonghui.assistance",
    "gonghui.audit",
    "gonghui.pairing",
    "gonghui.recuperation",
    "gonghui.reports",
    "gonghui.ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.accounts.middleware.SessionIdleRenewMiddleware",  # its response before ^
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gonghui.core.middleware.RequestTooBigMiddleware",  # before the CSRF check reads POST
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.accounts.middleware.UserLanguageMiddleware",
    "gonghui.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gonghui.accounts.middleware.AdminOTPRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
MIDDLEWARE.insert(0, "gonghui.core.middleware.RequestIdMiddleware")
MIDDLEWARE.insert(1, "gonghui.core.middleware.DatabaseUnavailableMiddleware")
MIDDLEWARE.insert(2, "gonghui.core.middleware.RejectNulMiddleware")

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# Django's form renderer with the plain input and textarea widgets written in Python.
FORM_RENDERER = "gonghui.core.forms.FastFormRenderer"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Keep connections for a minute, and check them before use so that a restarted
    # PostgreSQL does not hand a dead connection to the next request.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["gonghui.core.dbrouter.ReportReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address first
    # Django's ModelBackend, reading the user's union with the user (one query a request).
    "gonghui.accounts.backends.UnionModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"

# Report summary tables (gonghui.reports.summary, decisions 0014 and 0018): records are
# tallied per month under their union's ancestor at each of these depths (3: a county,
# 4: a town in province → city → county → town); a roll-up of a union reads the
# shallowest level below it (a city and the province the counties', a county its
# towns'); roll-ups at or below the deepest level read the records.
REPORT_SUMMARY_DEPTHS = tuple(env.list("GONGHUI_REPORT_SUMMARY_DEPTHS", cast=int, default=[3, 4]))
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # gonghui/static is not inside an app
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gonghui",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Idle timeout: the session cookie lives this long and is renewed by activity, written
# at most once every SESSION_RENEW_SECONDS (accounts.middleware.SessionIdleRenewMiddleware,
# decision 0016), so a session ends 29-30 min after the last request.
SESSION_COOKIE_AGE = env.int("GONGHUI_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("GONGHUI_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("GONGHUI_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("GONGHUI_HSTS_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("GONGHUI_HSTS_PRELOAD", default=False)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
    # Hashed, compressed static files from collectstatic, served by WhiteNoise.
    STORAGES["staticfiles"] = {
        "BACKEND": "gonghui.core.storage.StaticStorage"
    }
    WHITENOISE_USE_FINDERS = False
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for the operator (GONGHUI_HSTS_PRELOAD), not a default.
    "security.W021",
]

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failures an account (username) is
# refused for the cool-off time, even with the right password; an address (IP) only after
# GONGHUI_AXES_ADDRESS_FAILURES failures on any accounts (an office behind one NAT address
# is not shut out by one person's typos). An admin lifts a lockout on the page
# /accounts/lockouts/ or with ``gonghui axes_reset_username NAME`` / ``axes_reset_ip``.
AXES_FAILURE_LIMIT = env.int("GONGHUI_AXES_FAILURES", default=5)
AXES_ADDRESS_FAILURE_LIMIT = max(
    AXES_FAILURE_LIMIT, env.int("GONGHUI_AXES_ADDRESS_FAILURES", default=30)
)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("GONGHUI_AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = "gonghui.accounts.security.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gonghui.accounts.security.lockout_response"
AXES_VERBOSE = False
#: Trusted reverse proxies in front of the app (nginx: 1); the client address is then
#: read from X-Forwarded-For. 0: REMOTE_ADDR.
PROXY_COUNT = env.int("GONGHUI_PROXY_COUNT", default=0)
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Second factor: with this set, admins (and superusers) must pass a TOTP code after the
# password before any page but the OTP pages and logout.
ADMIN_OTP_REQUIRED = env.bool("GONGHUI_ADMIN_OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = "Gonghui"

# Content security policy (django-csp): no inline scripts or styles, nothing from
# other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Operation and login logs: kept this many days (``gonghui prune-logs``), at least 180.
AUDIT_RETENTION_DAYS = max(180, env.int("GONGHUI_LOG_RETENTION_DAYS", default=180))

# The close-out clock (``gonghui remind``): a due-soon reminder this many working days
# before the deadline; supervision (督办) one union up the tree per this many working
# days late; delivery backends (in-app inbox by default; add
# "gonghui.services.notify.EmailBackend" for e-mail).
REMIND_DUE_SOON_DAYS = env.int("GONGHUI_REMIND_DUE_SOON_DAYS", default=3)
SUPERVISION_DELAY_DAYS = env.int("GONGHUI_SUPERVISION_DELAY_DAYS", default=5)
GONGHUI_NOTIFY_BACKENDS = env.list(
    "GONGHUI_NOTIFY_BACKENDS", default=["gonghui.services.notify.InAppBackend"]
)
# The SMS adapter (add "gonghui.services.notify.SmsBackend" above; docs/deploy.md): the
# gateway's URL, its key (sent as a Bearer token), the sign name (短信签名) and template id
# (模板 ID) the provider approved, the timeout of one request and how long to leave the
# gateway alone after a failure, in seconds.
SMS_GATEWAY_URL = env.str("GONGHUI_SMS_GATEWAY_URL", default="")
SMS_API_KEY = env.str("GONGHUI_SMS_API_KEY", default="")
SMS_SIGN_NAME = env.str("GONGHUI_SMS_SIGN_NAME", default="")
SMS_TEMPLATE_ID = env.str("GONGHUI_SMS_TEMPLATE_ID", default="")
SMS_TIMEOUT = env.float("GONGHUI_SMS_TIMEOUT", default=5.0)
SMS_PAUSE = env.float("GONGHUI_SMS_PAUSE", default=300.0)
if "gonghui.services.notify.SmsBackend" in GONGHUI_NOTIFY_BACKENDS and not SMS_GATEWAY_URL:
    raise ImproperlyConfigured(
        "GONGHUI_SMS_GATEWAY_URL must be set when GONGHUI_NOTIFY_BACKENDS lists the SMS backend"
    )
if not 0 < SMS_TIMEOUT <= 60:
    raise ImproperlyConfigured("GONGHUI_SMS_TIMEOUT must be between 0 and 60 seconds")
# Close-out (销号) needs an evidence file or a written evidence statement; false turns
# the rule off for every category (a category can also turn it off for itself).
CLOSEOUT_EVIDENCE_REQUIRED = env.bool("GONGHUI_CLOSEOUT_EVIDENCE_REQUIRED", default=True)

LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "gonghui.core.logs.RequestIdFilter"},
        "mask": {"()": "gonghui.core.logs.MaskSensitiveFilter"},
    },
    "formatters": {
        "json": {"()": "gonghui.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "mask"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
