import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .base import *  # noqa: F403

SECRET_KEY = "django-insecure-test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test database is SQLite in memory, shared between threads through a shared cache: WAL means
# nothing there, and its table locks fail at once rather than wait, so IMMEDIATE would only turn
# read-only transactions into conflicts. tests/home/test_sqlite_concurrency.py checks the embedded
# configuration on a database file instead.
for _option in ("transaction_mode", "init_command"):
    DATABASES["default"].get("OPTIONS", {}).pop(_option, None)  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
STORAGES["certificates"]["OPTIONS"]["location"] = BASE_DIR / "media-test" / "private"  # noqa: F405
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
    "OPTIONS": {},
}
WHITENOISE_USE_FINDERS = True
# Tests that need the anonymous page cache switch it on (tests/home/test_page_cache.py).
PAGE_CACHE_ENABLED = False
# Off, so each test sees what it just changed: inside a test's transaction the publish never
# commits, and so never moves the cache's generation on. The tests about the content cache switch
# it on (tests/home/test_content_cache.py, tests/courses/test_dashboard_outline.py,
# tests/news/test_shared_fragments.py, tests/test_query_budgets.py) and commit their publishes.
CONTENT_CACHE_ENABLED = False
LOGGING["handlers"]["console"]["formatter"] = "text"  # noqa: F405
# The two-factor middleware stays installed; tests/home/test_two_factor.py switches it on.
STAFF_REQUIRE_2FA = False
# A credential signing key made for this test run (tests/certificates/test_credentials.py makes its own too).
CERTIFICATE_SIGNING_KEY = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
CERTIFICATE_SIGNING_KEY_FILE = ""
