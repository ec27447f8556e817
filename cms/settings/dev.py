import os

from .base import *  # noqa: F403

# The demo answers like the real site (its own 404 and 500 pages); DJANGO_DEBUG=1 brings back
# Django's debug pages for development.
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
SERVE_MEDIA = True
SECRET_KEY = "django-insecure-dev-only-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "text")  # noqa: F405
# A throwaway credential signing key, generated on first use into the git-ignored private media.
CERTIFICATE_SIGNING_KEY_FILE = os.environ.get(
    "CERTIFICATE_SIGNING_KEY_FILE",
    str(PRIVATE_MEDIA_ROOT / "keys" / "certificate-signing-key.pem"),  # noqa: F405
)
CERTIFICATE_SIGNING_KEY_GENERATE = True
