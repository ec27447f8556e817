"""Production-safe base settings: every secret, host and URL comes from the environment.

dev.py and test.py layer throwaway values on top; production.py refuses to start without
the secrets it needs.
"""

import os
from email.utils import formataddr, parseaddr
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
# Uploaded media served by Django itself: the demo and development only (cms/settings/dev.py).
SERVE_MEDIA = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "courses",
    "courses.community",
    "courses.quiz",
    "courses.certificates",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "csp",
]

MIDDLEWARE = [
    # The request id first, so that every log line of the request carries it (home/request_id.py).
    "home.request_id.RequestIdMiddleware",
    # Anonymous pages from the cache, with the headers the rest of the chain gave them.
    "home.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "home.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "home.page_cache.CacheHeadersMiddleware",
    # The Wagtail site from a per-process memo, not a query per request (home/routing.py).
    "home.routing.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff with admin access pass a TOTP code before anything else (STAFF_REQUIRE_2FA).
    "django_otp.middleware.OTPMiddleware",
    "home.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Malformed admin requests Wagtail itself would answer with a 500 get a 400 (home/admin_guards.py).
    "home.admin_guards.AdminGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # X-Frame-Options SAMEORIGIN on page previews; DENY (above) everywhere else.
    "home.security.PreviewFramingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database has concurrent writers: the web server's threads and the task worker
    # (a save enqueues reference-index and search tasks the worker writes at once). WAL lets
    # readers go on while one writes; IMMEDIATE takes the write lock when a transaction begins,
    # so a second writer waits (up to `timeout` seconds) instead of failing with "database is
    # locked" when its read lock cannot be upgraded halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    # A database that does not answer fails the request within seconds (a 503 page, see
    # home/views.py's server_error) instead of holding a worker until the client gives up.
    _db_options["connect_timeout"] = int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
    if os.environ.get("DB_STATEMENT_TIMEOUT"):  # milliseconds; migrations and backups run with it too
        _db_options["options"] = f"-c statement_timeout={int(os.environ['DB_STATEMENT_TIMEOUT'])}"
    # Parameters bound on the server, and psycopg prepares a query once a connection has run it
    # DB_PREPARE_THRESHOLD times: PostgreSQL then parses and plans each of a page's queries once
    # per connection instead of on every request (docs/decisions.md). "off" behind a pooler that
    # cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
    _prepare_threshold = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    if _prepare_threshold != "off":
        _db_options["server_side_binding"] = True
        _db_options["prepare_threshold"] = int(_prepare_threshold)
    if os.environ.get("DB_POOL_MAX_SIZE"):
        # psycopg's pool in each process instead of one persistent connection per thread: for
        # threaded or async workers. Django requires CONN_MAX_AGE = 0 with it.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
        _db_options["pool"] = {
            "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "1")),
            "max_size": int(os.environ["DB_POOL_MAX_SIZE"]),
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "5")),  # waiting for a free connection
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "home.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Participants' accounts (django-allauth): e-mail login, verified e-mail before first login,
# and allauth's rate limits, which throttle failed logins per account and per client.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "3/5m/key",
}
LOGIN_REDIRECT_URL = "courses_dashboard"
LOGIN_URL = "account_login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Indonesian is the source language, English the translation.
LANGUAGE_CODE = "id"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
# The project's own strings, then the Indonesian that Wagtail's and wagtail-localize's catalogues lack
# (they ship an incomplete `id_ID`, and in other terms than ours, which these entries replace):
# the first path wins where both translate a string.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Certificate PDFs are private: outside MEDIA_ROOT, handed out only by access-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
# Media on S3-compatible storage (AWS, MinIO, Ceph, …) with MEDIA_STORAGE=s3, so that app servers
# share uploads without a shared disk. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (read by boto3 from the environment, never written here).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # A private bucket: signed URLs that expire (an hour, longer than any cache keeps a page).
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
            "default_acl": None,
            "file_overwrite": False,
        },
    }
    STORAGES["certificates"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": os.environ.get("AWS_PRIVATE_LOCATION", "private"),
            "custom_domain": None,
            "querystring_auth": True,
        },
    }
    # Documents keep going through Wagtail's view, which checks collection and page privacy.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# A certificate e-mail carries the PDF up to this size (bytes); a heavier one is linked instead.
CERTIFICATE_EMAIL_ATTACHMENT_LIMIT = int(os.environ.get("CERTIFICATE_EMAIL_ATTACHMENT_LIMIT", "250000"))

# Background work (scheduled publishing, image renditions, later bulk certificates) goes
# through Django's task framework. The database backend needs nothing but the database;
# `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "latuharhary",
    }
}

# Anonymous page cache and caching headers (home/page_cache.py). On by default only with a
# shared cache (REDIS_URL): with a per-process cache, another process's publish would not
# reach it. Headers (Cache-Control, ETag) are set either way.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_URL")))
# What every participant's pages share (courses' outlines, quiz listings), kept until the next
# publish (home/content_cache.py). Like the page cache, only in a cache every process shares: with
# a per-process one, a publish in another process (publish_scheduled) could not reach it.
CONTENT_CACHE_ENABLED = env_bool("CONTENT_CACHE", bool(os.environ.get("REDIS_URL")))
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))  # seconds in the app cache
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))  # seconds in browsers
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", "300"))  # seconds in proxies, purged on change
# Query parameters the public pages read; a request with any other is rendered, not cached.
PAGE_CACHE_QUERY_PARAMETERS = ["page", "category", "tag", "year", "month", "untranslated", "lang"]
# Paths outside the language prefixes whose opted-in views are cached per reader's language
# (the certificate verification page /v/<code>/, printed and put in QR codes).
PAGE_CACHE_UNPREFIXED_PATHS = ["/v/"]

# Reverse-proxy caches (deploy/varnish/default.vcl), purged through Wagtail's frontend-cache
# backends when pages change: VARNISH_URL=http://127.0.0.1:6081, comma-separated for several.
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    for number, url in enumerate(env_list("VARNISH_URL"), start=1)
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Every e-mail (Wagtail's moderation notifications and ours) comes from the institution by name, so
# inboxes show "Komnas HAM Latuharhary" rather than a bare address; an address set without a
# name gets EMAIL_FROM_NAME.
EMAIL_FROM_NAME = os.environ.get("EMAIL_FROM_NAME", "Komnas HAM Latuharhary")
_from_name, _from_address = parseaddr(os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost"))
if "@" not in _from_address:
    raise ImproperlyConfigured(f"DEFAULT_FROM_EMAIL is not an e-mail address: {os.environ['DEFAULT_FROM_EMAIL']!r}")
DEFAULT_FROM_EMAIL = formataddr((_from_name or EMAIL_FROM_NAME, _from_address))
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Latuharhary"
# One base URL for every absolute link: sitemap, robots, canonical links, e-mails, QR codes and
# credentials (home/base_url.py). `make run PORT=…` sets it; production refuses to start without it.
BASE_URL = (os.environ.get("BASE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000").rstrip(
    "/"
)
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "home.search_backend",  # Wagtail's database backend, its SQLite query escaped
        # Pages index their own Snowball stems (home/search.py), so "simple" on both databases.
        "SEARCH_CONFIG": "simple",
    }
}
# Or OpenSearch/Elasticsearch: SEARCH_BACKEND=opensearch3 (opensearch2, elasticsearch7/8/9) and
# SEARCH_URL; the server's client library is installed separately (README, "Configuration").
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
if SEARCH_BACKEND != "database":
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
        "URLS": env_list("SEARCH_URL", "http://127.0.0.1:9200"),
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "latuharhary_"),
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: they would tell a third party who uses the admin (and need a CSP hole).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# wagtail-localize: machine translation is off unless a deployment names a translator,
# e.g. LOCALIZE_MACHINE_TRANSLATOR=deepl with LOCALIZE_MACHINE_TRANSLATOR_KEY set.
_machine_translators = {
    "deepl": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
    "google": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
    "dummy": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
# "Translate this page" creates a draft: the untranslated copy never goes live on the English side
# until an editor has translated and published it (wagtail-localize would copy the source's live state).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
if os.environ.get("LOCALIZE_MACHINE_TRANSLATOR") in _machine_translators:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": _machine_translators[os.environ["LOCALIZE_MACHINE_TRANSLATOR"]],
        "OPTIONS": {"AUTH_KEY": os.environ.get("LOCALIZE_MACHINE_TRANSLATOR_KEY", "")},
    }

# Logs go to stderr, one JSON object a line (LOG_FORMAT=json, the default; dev.py uses text),
# each with the request id (home/request_id.py), for a log shipper to collect.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "home.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT if LOG_FORMAT in {"json", "text"} else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's request logger would print every 4xx; keep warnings for 5xx only.
        "django.request": {"level": os.environ.get("LOG_LEVEL", "ERROR")},
    },
}
# The client's address for rate limits (allauth's and the admin login's) behind N proxies that
# append to X-Forwarded-For; 0 means the direct peer (REMOTE_ADDR).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Security headers (production.py adds HSTS and secure cookies). Content-Security-Policy
# (django-csp) with no inline script on public pages; the Wagtail admin gets its own policy
# (home/security.py), since its editors need inline scripts and styles.
_media_origin = [f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"] if os.environ.get("AWS_S3_CUSTOM_DOMAIN") else []
if MEDIA_STORAGE == "s3" and not _media_origin:
    _media_origin = [os.environ.get("AWS_S3_ENDPOINT_URL") or "https://*.amazonaws.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_media_origin],
        "media-src": ["'self'", *_media_origin],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https:"],  # embedded videos (YouTube, Vimeo, …)
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],  # Wagtail 8's admin still has inline scripts
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],  # editors' image previews and embeds' thumbnails
    "frame-src": ["'self'", "https:"],  # the page preview panel
    "frame-ancestors": ["'self'"],
}
# Page previews ("view draft", the editor's preview panel) are the public page framed by the admin.
PREVIEW_CONTENT_SECURITY_POLICY = {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": ["'self'"]}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Two-factor authentication (TOTP, django-otp; home/two_factor.py) for everyone with access to
# the Wagtail admin: required in production (STAFF_REQUIRE_2FA=0 turns it off), off in dev and tests.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Latuharhary")
# Failed logins at /admin/login/ per username and per client address in a window (seconds).
ADMIN_LOGIN_RATE_LIMITS = {"per_username": 5, "per_address": 20, "window": 300}

# Participants' attempts per user and per client address in a window (seconds), home.security.RateLimit:
# forum posts (replies and new threads), wrong enrolment keys, wrong session check-in codes.
FORUM_POST_RATE_LIMIT = {"per_user": 10, "per_address": 60, "window": 60}
ENROLMENT_KEY_RATE_LIMIT = {"per_user": 10, "per_address": 50, "window": 600}
CHECK_IN_CODE_RATE_LIMIT = {"per_user": 10, "per_address": 50, "window": 600}

# Certificate verification (courses/certificates/verification/throttling.py): lookups per client address
# and window (seconds); answers served from a cache are not lookups.
CERTIFICATE_VERIFICATION_RATE_LIMIT = {
    "per_address": int(os.environ.get("CERTIFICATE_VERIFICATION_RATE_LIMIT", "30")),
    "window": 60,
}
# The institution's Ed25519 key for signed Open Badges credentials (courses/certificates/credentials.py):
# a PKCS#8 PEM or the raw 32 bytes in base64, or a file holding it. Without one, credentials are off.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_SIGNING_KEY_FILE = os.environ.get("CERTIFICATE_SIGNING_KEY_FILE", "")
CERTIFICATE_SIGNING_KEY_ID = os.environ.get("CERTIFICATE_SIGNING_KEY_ID", "")  # default: the key's thumbprint
CERTIFICATE_SIGNING_KEY_GENERATE = False  # dev.py: write a throwaway key to the file on first use
# Earlier keys' public halves (Multikeys, z6Mk…, separated by spaces or commas): still listed in the DID
# document so credentials signed before a key change keep verifying (docs/certificates.md).
CERTIFICATE_RETIRED_PUBLIC_KEYS = os.environ.get("CERTIFICATE_RETIRED_PUBLIC_KEYS", "")

# Error reporting to Sentry (or a Sentry-compatible service) only when SENTRY_DSN is set.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,  # participants' data stays here
    )
