"""What /health/ready/ checks: the database, the cache and the task queue.

A load balancer takes an app server out of rotation while one of them fails and puts it back
when it answers again; /health/ (liveness) stays constant, so a database outage does not get
every app server restarted. Each check returns None when the part works, or a short reason.
Reasons name the exception class only: the readiness answer is public.
"""

import uuid

import redis
from django_tasks import task_backends

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return type(error).__name__
    return None


def shared_cache():
    key = f"readiness:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001 - any backend's failure means not ready
        return type(error).__name__
    return None if value == "1" else "cache did not keep a value"


def task_queue():
    """The configured task backend can take work: its table answers, or its Redis does."""
    backend = type(task_backends["default"]).__module__
    try:
        if backend.startswith("django_tasks_db"):
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
        elif backend.startswith("django_tasks_rq"):
            url = settings.RQ_QUEUES["default"]["URL"]
            client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
            try:
                client.ping()
            finally:
                client.close()
    except (DatabaseError, redis.RedisError) as error:
        return type(error).__name__
    return None


CHECKS = {"database": database, "cache": shared_cache, "tasks": task_queue}


def run_checks():
    """{part: None or reason} for every part, each checked even when another has failed."""
    return {name: check() for name, check in CHECKS.items()}
