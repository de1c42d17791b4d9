"""Settings of the Voice CoP Portal: one module, every knob from the environment.

The defaults are safe for development: SQLite beside the code, console e-mail,
a local memory cache, DEBUG only when asked. `.env.example` lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form is explained in the person's language (Django's page is English).
CSRF_FAILURE_VIEW = "cop_portal.pages.views.csrf_failure"

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "cop_portal.apps.AdminConfig",  # django.contrib.admin, on the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, found by the renderer below
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # two-step sign-in: an authenticator app (TOTP) and recovery codes
    "simple_history",
    "cop_portal.apps.AxesConfig",  # django-axes, its admin section named in Khmer
    "csp",
    "django_tasks",
    "django_tasks_db",  # the jobs, kept in the database (TASKS below)
    "cop_portal",
    "members",
    "communities",
    "activities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files answer here, as whitenoise compressed them at collectstatic (.gz, .br),
    # before anything below them runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML, CSV, iCal and JSON gzip-compressed for slow connections (a list of activities
    # travels at 15 % of its size): Django's GZipMiddleware, for text only
    # (TextGZipMiddleware). Placed as Django's docs order it: before every middleware that
    # may change or use the response body (all those below it see the uncompressed answer;
    # none above needs it), and below whitenoise, whose files are compressed already.
    # BREACH: since Django 4.2 the middleware adds up to 100 random bytes to every
    # compressed answer (max_random_bytes, "Heal The Breach"), and CSRF tokens are masked
    # anew in every page, which makes guessing a secret from the length far less effective.
    "cop_portal.core.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cop_portal.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Numbers and dates in the digits the person chose (after the person is known).
    "cop_portal.core.middleware.ReaderDigitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A body too large for the portal is refused (413) before anything reads it.
    "cop_portal.core.middleware.RefuseLargeRequestsMiddleware",
    # A sign-out's answer tells the browser to forget the drafts it keeps.
    "cop_portal.core.middleware.ForgetAtSignOutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Admins and facilitators set up two-step sign-in before anything else.
    "members.middleware.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "cop_portal.urls"
WSGI_APPLICATION = "cop_portal.wsgi.application"

# Form widgets: inputs, text areas, selects and groups of radios or checkboxes written in
# Python as Django's templates write them (cop_portal/core/renderers.py), the others with
# Django's templates. The site replaces none of them.
FORM_RENDERER = "cop_portal.core.renderers.FastWidgetRenderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cop_portal.core.context_processors.languages",
                "cop_portal.core.context_processors.draft_owner",
                "cop_portal.pages.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite beside the code unless DATABASE_URL names another database,
# e.g. postgres://user:password@host:5432/cop_portal
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # The development server and its worker write to the same file: a writer waits for the
    # other (up to 20 s) rather than failing, and takes the lock when its transaction starts.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The reports' covering index (activities.Activity) includes columns only PostgreSQL can
# keep in an index; SQLite builds the same index without them, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache, sessions ---------------------------------------------------------
# The cache holds the sign-in rate limits, so every server process must share it:
# Redis when REDIS_URL is set, otherwise a table in the database; never process memory.
REDIS_URL = env.str("REDIS_URL", default="")


def redis_cache(url: str) -> dict:
    """The cache in Redis at `url`. Redis may die: every cache error reads as a miss (and is
    logged), so the pages keep answering from the database; a Redis that hangs costs at
    most a second a call. The sign-in limits then let people in (cop_portal/core/redis.py).
    It is used again as soon as it answers."""
    return {
        "BACKEND": "cop_portal.core.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cop_portal_cache",
            # Django's default (300) would cull the kept reports' versions (one per
            # community and organisation) long before the table is large.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Short-lived counts shown on every page (what is new, in the navigation): in Redis where
# there is one, shared by every process; otherwise in each process's memory (a count seen
# by another process is at most a minute old). Never in the database: a count kept there
# would cost more queries than it saves.
CACHES["counts"] = (
    {**redis_cache(REDIS_URL), "KEY_PREFIX": "counts"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counts"}
)
# Sessions in the database only: a Redis outage signs nobody out, and a sign-out made
# while Redis was unreachable cannot be undone by a stale copy in the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # django-axes keeps the record of sign-in attempts (see below); allauth limits them.
    "members.axes.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Every address is proven before it is used: an invitation's link reached it, or an admin
# set it (members/admin.py), and nobody can add one (cop_portal/urls.py). allauth sends no
# confirmation e-mail: its confirmation pages answer 404.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address without an account sends nothing (allauth would send an
# English "unknown account" e-mail to any address anybody types).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Sign-in limits, counted in the shared cache above, whichever server process answers
# (members/adapters.py): 5 wrong passwords for one account from one address within
# 5 minutes, then that account is refused from that address only (never from another:
# nobody can lock a person out from elsewhere); 30 wrong passwords from one address within
# 10 minutes, whatever the accounts (password spraying), then that address is refused.
# The same 5 in 5 minutes bound wrong two-step codes per person. "login" bounds every
# sign-in request from one address (an office signing in at 9 a.m. stays well below).
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "5/5m/key",
    "login_failed_address": "30/10m/ip",
}
# The client's address: behind PROXY_COUNT proxies of ours (the TLS proxy: 1), the one
# they saw, from X-Forwarded-For; with 0, the connection's own. Set it only when the
# portal cannot be reached except through them, or anyone can choose their address.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT  # django-axes asks allauth (members/axes.py)

# Two-step sign-in (allauth.mfa): an authenticator app's 6-digit codes, and recovery codes.
# Required for admins and facilitators (members/middleware.py), optional for others.
MFA_ADAPTER = "members.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Voice CoP Portal"
MFA_TOTP_TOLERANCE = 1  # the code before and after the current one: phones' clocks drift

# django-axes keeps the record of every sign-in (who, from which address, when) and of
# every failure, in the admin's "Sign-in attempts" section; it locks nobody out: the
# limits above do, per address and account. The admin's own sign-in page is the portal's
# (cop_portal/urls.py), so the same limits and the second step apply there.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCK_OUT_AT_FAILURE = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(days=1)  # how long a person's failures from one address are kept
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_CALLABLE = "members.axes.signed_in_with"
AXES_CLIENT_IP_CALLABLE = "members.axes.client_address"  # the address allauth counts
AXES_VERBOSE = False

# --- Languages ------------------------------------------------------------
LANGUAGE_CODE = "km"
LANGUAGES = [
    ("km", _("Khmer")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cop_portal.core.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Phnom_Penh"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "km"
MODELTRANSLATION_LANGUAGES = ("km", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("km", "en"), "km": ("en",), "en": ("km",)}

# --- Files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Uploaded files live on this host's disk under MEDIA_ROOT (a shared mount when several
# hosts serve), or, when S3_BUCKET is set, in a private bucket of any S3-compatible store
# (django-storages; credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto3
# reads them). Either way the portal serves them itself, after its permission check: no
# file has a public address.
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_STORAGE = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "location": env.str("S3_PREFIX", default=""),
        "default_acl": "private",
        "file_overwrite": False,
    },
}
STORAGES = {
    "default": (
        S3_STORAGE if S3_BUCKET else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "cop_portal.core.static_files.MinifiedCompressedManifestStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------
# No request talks to the mail server: every message is kept in the database and sent by a
# worker (cop_portal/core/mail.py), through the backend EMAIL_URL names (MAIL_TRANSPORT).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
MAIL_TRANSPORT = EMAIL_CONFIG.pop("EMAIL_BACKEND")
vars().update(EMAIL_CONFIG)
EMAIL_BACKEND = "cop_portal.core.mail.QueuedEmailBackend"
# Seconds the worker waits for the mail server before trying again later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Seconds before each new attempt when the mail server refused or did not answer: about
# 10 hours in all, then the e-mail is marked not sent and an admin can send it again.
MAIL_RETRY_DELAYS = env.list(
    "MAIL_RETRY_DELAYS", cast=int, default=[60, 300, 900, 3600, 10800, 21600]
)

# --- Background work -----------------------------------------------------------
# Django's tasks API with its database backend: jobs are rows in the portal's database, so
# any number of workers (`manage.py db_worker`) on any host that reaches it share them.
# Another backend (RQ, say) is a change of TASKS_BACKEND.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# The portal's address, for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Voice CoP Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notifications ---------------------------------------------------------------
# The channels people can hear of news on (members/channels/): one module each.
NOTIFICATION_CHANNELS = ["members.channels.email", "members.channels.telegram"]
# Telegram: the bot an admin made with @BotFather. Without a token, the portal offers no
# Telegram. TELEGRAM_API_URL is Telegram's own unless a test points it at a local server.
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_API_URL = env.str("TELEGRAM_API_URL", default="https://api.telegram.org")
# Set it to receive updates on /telegram/webhook/ (`manage.py telegram_bot --set-webhook`)
# instead of long polling: Telegram sends it back in a header of every update.
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")

# --- Security -------------------------------------------------------------------
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README).
if env.bool("BEHIND_TLS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything comes from the portal itself: no inline script or style, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Logging: errors to the console, never to a user ------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "cop_portal.core.redis.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes logs every sign-in at INFO; its warnings (lockouts) are what matters.
        "axes": {"level": "WARNING"},
        # httpx logs each request's URL at INFO, and a Bot API URL holds the bot's token.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # One line for each cache error ignored while Redis is down.
        "django_redis.cache": {"filters": ["without_traceback"]},
    },
}
