"""The Redis cache backend production uses (home/redis_cache.py), against the Redis on loopback."""

import socket

import pytest

from home.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/9"


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-redis-cache"})
    yield backend
    backend.delete_many(["generation", "page"])


def test_one_client_serves_every_call(cache):
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client()


def test_it_still_caches(cache):
    cache.set("generation", 1.5, None)
    cache.set("page", (1.5, b"<html>"), 60)
    assert cache.get_many(["generation", "page"]) == {"generation": 1.5, "page": (1.5, b"<html>")}
    assert cache.add("generation", 2.0) is False
