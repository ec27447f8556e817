"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's RedisCacheClient.get_client() builds a new ``redis.Redis`` for every cache call, and
with redis-py 8 that costs about 50 µs (the client fills a table of some 170 response callbacks):
a third of a page-cache hit (home/page_cache.py). A client is thread-safe and takes a connection
from its pool for each command, so one per pool serves every call.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
