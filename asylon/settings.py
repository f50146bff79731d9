"""Asylon settings: everything that differs between installations comes from the
environment (see README, "Production set-up")."""

from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from asylon.env import envbool, envint, envlist, envstr, random_secret, secret_from_env_or_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("ASYLON_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", VAR_DIR / "secret.key", random_secret)
# Comma-separated Fernet keys, newest first: new values are encrypted with the first,
# every listed key can still decrypt, `manage.py rotate_keys` re-encrypts with the first.
FIELD_ENCRYPTION_KEYS = envlist(
    "FIELD_ENCRYPTION_KEYS",
    [secret_from_env_or_file("FIELD_ENCRYPTION_KEY", VAR_DIR / "field-encryption.key",
                             lambda: Fernet.generate_key().decode())],
)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    # Before django.forms, so Asylon's widget templates (Bootstrap markup) win.
    "asylon.core",
    "django.forms",
    "asylon.people",
    "asylon.casework",
    "asylon.grants",
    "asylon.engagement",
    "asylon.resettlement",
    "asylon.volunteers",
    "asylon.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside everything that answers for a signed-in user: no-store on all of it.
    "asylon.core.middleware.PrivatePagesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Before anything that builds a URL from the request (next= of sign-in redirects).
    "asylon.core.held_search.HeldSearchMiddleware",
    "asylon.core.middleware.AuditContextMiddleware",
    "asylon.core.middleware.UserLanguageMiddleware",
    "asylon.core.middleware.ActingMembershipMiddleware",
    "asylon.core.middleware.TwoFactorRequiredMiddleware",
    # Inside the sign-in checks, so a replayed post is still a signed-in one.
    "asylon.core.idempotency.IdempotentPostMiddleware",
    # Last, so a locked-out attempt never reaches a view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asylon.urls"
DEFAULT_EXCEPTION_REPORTER_FILTER = "asylon.core.error_reports.NoPersonalDataFilter"
FORM_RENDERER = "asylon.core.form_renderer.AsylonFormRenderer"
WSGI_APPLICATION = "asylon.wsgi.application"

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
                "asylon.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'asylon.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the job worker write while the web process reads.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The one-time form tokens (a repeated POST creates nothing twice) and the audit's count
# of refused attempts live in the cache, so every web process must share it: files under
# var/ on one machine, Redis (REDIS_CACHE_URL, e.g. redis://localhost:6379/1) across several.
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache",
     "LOCATION": envstr("REDIS_CACHE_URL", "")}
    if envstr("REDIS_CACHE_URL", "") else
    {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
     "LOCATION": str(VAR_DIR / "cache")})}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
INVITATION_MAX_AGE_DAYS = envint("INVITATION_MAX_AGE_DAYS", 7)

# Lock an account after repeated failures, and separately an address that tries many
# accounts; both unlock on their own after the cool-off.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/auth/locked_out.html"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0) or None

OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Asylon")

SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout, not a fixed lifetime
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS binds every subdomain of the organisation's domain for years, so it is
# the organisation's decision (SECURE_HSTS_PRELOAD=true), not a default to nag about.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("ar", _("Arabic"))]
LANGUAGE_COOKIE_NAME = "asylon_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = envstr("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["asylon.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/chartjs", _NODE / "chart.js" / "dist"),
    ("vendor/leaflet", _NODE / "leaflet" / "dist"),
    ("vendor/html5-qrcode", _NODE / "html5-qrcode"),
    ("vendor/sortablejs", _NODE / "sortablejs"),
    ("vendor/idb", _NODE / "idb" / "build"),
    ("vendor/tom-select", _NODE / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(VAR_DIR / "media"), "base_url": None}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Asylon <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in envlist("ADMIN_EMAILS", [])]

# Engagement mail: a provider through django-anymail (EMAIL_BACKEND=anymail.backends.<esp>.EmailBackend,
# ANYMAIL_KEYS=POSTMARK_SERVER_TOKEN, ANYMAIL_POSTMARK_SERVER_TOKEN=...), webhooks behind ANYMAIL_WEBHOOK_SECRET.
ANYMAIL = {"WEBHOOK_SECRET": envstr("ANYMAIL_WEBHOOK_SECRET"), **{k: envstr(f"ANYMAIL_{k}") for k in envlist("ANYMAIL_KEYS", [])}}
ENGAGEMENT_SEND_RATE_PER_MINUTE = envint("ENGAGEMENT_SEND_RATE_PER_MINUTE", 600)
ENGAGEMENT_BATCH_SIZE = envint("ENGAGEMENT_BATCH_SIZE", 200)
ENGAGEMENT_CONFIRM_DAYS = envint("ENGAGEMENT_CONFIRM_DAYS", 7)

TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Request lines lose their query strings: search terms are held server-side
    # (core.held_search), and an old bookmark's ?q=<name> must not reach the log either.
    "filters": {"no_query": {"()": "asylon.core.log_filters.StripQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_query"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
