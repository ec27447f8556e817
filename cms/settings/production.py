"""Production: refuse to start without the secrets and hosts it needs.

Everything else comes from the environment too; README's "Configuration" lists the variables.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

for _name in ("SECRET_KEY", "ALLOWED_HOSTS", "BASE_URL"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"The environment variable {_name} must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# Load balancers probe app servers over plain HTTP: the health endpoints answer, not redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Sessions in the database (Django's default, stated here because it is a decision): they
# survive restarts of every app server and of Redis, and any app server can read them. A
# Redis-backed session store would make a Redis outage log everybody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", True)  # noqa: F405

if os.environ.get("REDIS_URL"):
    _redis_timeouts = {
        # A Redis that does not answer fails the call within a second or two instead of hanging.
        "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "2")),
        "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "2")),
    }
    CACHES = {
        "default": {
            "BACKEND": "home.redis_cache.RedisCache",  # Django's, reusing its client
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": _redis_timeouts,
        }
    }
    # The task queue in Redis (django-tasks-rq on RQ), worked by
    # `manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler`.
    # TASKS_BACKEND=database keeps the database queue (`manage.py db_worker`) instead.
    if os.environ.get("TASKS_BACKEND", "rq") == "rq":
        INSTALLED_APPS += ["django_rq", "django_tasks_rq"]  # noqa: F405
        RQ_QUEUES = {
            "default": {
                "URL": os.environ.get("TASKS_REDIS_URL", os.environ["REDIS_URL"]),
                "DEFAULT_TIMEOUT": int(os.environ.get("TASKS_TIMEOUT", "600")),  # seconds a task may run
            }
        }
        TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
