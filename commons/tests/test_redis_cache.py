"""commons.redis_cache: Django's Redis cache with one client object per connection pool."""

import os
import threading

import pytest
import redis

from commons.redis_cache import RedisCache


def test_the_client_is_built_once_per_pool():
    cache = RedisCache("redis://127.0.0.1:1/0", {})  # never connects: building a client opens no socket
    client = cache._cache.get_client("a")
    assert isinstance(client, redis.Redis)
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: reads and writes share its pool


def test_replicas_get_a_client_each():
    cache = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 1
    assert reader.connection_pool.connection_kwargs["port"] == 2
    assert cache._cache.get_client() is reader


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (the PostgreSQL + Redis CI run sets it)")
def test_round_trips_through_one_shared_client_from_many_threads():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "wshd-test-redis-cache"})
    errors = []

    def work(n):
        try:
            for i in range(20):
                cache.set(f"k{n}-{i}", {"n": n, "i": i}, 30)
                assert cache.get(f"k{n}-{i}") == {"n": n, "i": i}
            assert cache.get_many([f"k{n}-0", f"k{n}-19"]) == {
                f"k{n}-0": {"n": n, "i": 0},
                f"k{n}-19": {"n": n, "i": 19},
            }
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    cache.delete_many([f"k{n}-{i}" for n in range(8) for i in range(20)])
