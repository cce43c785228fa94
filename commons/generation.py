"""The one cache-generation counter: a number that is part of every key of a family of cached values, so one bump
drops the whole family without knowing its keys (locmem, file and Redis caches alike).

    PUBLIC = Generation("public-cache:generation", alias=lambda: settings.PUBLIC_CACHE_ALIAS)
    key = f"public-cache:{PUBLIC.current()}:{digest}"
    post_save.connect(PUBLIC.invalidate, sender=Category)

A counter lost from the cache (evicted, restarted) starts again from the clock, so it never revives old entries.
`invalidate()` bumps now and once more after the current transaction commits: a request that reads the old rows
between the two bumps stores its value under the intermediate number, which the second bump discards. A cache
outage never breaks the caller (a publish, a payment): the failure is logged.
"""

import logging
import time

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)


class Generation:
    def __init__(self, key, alias="default", cache=None):
        """`alias`: a cache alias, or a callable returning one; `cache`: instead, a callable returning the cache."""
        self.key = key
        self._alias = alias
        self._cache = cache

    @property
    def cache(self):
        if self._cache is not None:
            return self._cache()
        alias = self._alias() if callable(self._alias) else self._alias
        return caches[alias]

    def current(self):
        cache = self.cache
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, time.time_ns(), timeout=None)
            value = cache.get(self.key)
        return value

    def bump(self):
        cache = self.cache
        try:
            try:
                cache.incr(self.key)
            except ValueError:  # the key is missing (evicted or never set)
                cache.set(self.key, time.time_ns(), timeout=None)
        except Exception:  # the cache being down must never break a publish or a payment
            logger.exception("Could not bump the cache generation %s", self.key)

    def invalidate(self, **_signal_kwargs):
        """Drop every value keyed with this generation. Safe to connect to any signal."""
        self.bump()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self.bump)

    def read(self, key):
        """(current generation, the value stored under `key` for it or None) in ONE cache round trip.

        For entries stored with :meth:`write`: the key itself holds no generation, the value carries the one it
        was built under (a hit on Redis is one MGET instead of GET counter + GET entry)."""
        cache = self.cache
        values = cache.get_many([self.key, key])
        generation = values.get(self.key)
        if generation is None:  # first use, or the counter was evicted: start a new one
            generation = self.current()
        entry = values.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
            return generation, entry[1]
        return generation, None

    def write(self, key, generation, value, timeout):
        """Store `value` for `generation` (the one :meth:`read` returned before the value was built)."""
        self.cache.set(key, (generation, value), timeout=timeout)

    def get_or_build(self, key, build, timeout):
        """The value stored under `key` for the current generation, else `build()` — stored for the generation read
        before building (so a value built from data older than an invalidation is never served after it). Fails
        open: with the cache down, `build()` answers and nothing is stored. A `None` from `build()` is not stored."""
        try:
            generation, value = self.read(key)
        except Exception:
            logger.warning("Cache unavailable for %s; building uncached", key, exc_info=True)
            generation, value = None, None
        if value is None:
            value = build()
            if generation is not None and value is not None:
                try:
                    self.write(key, generation, value, timeout=timeout)
                except Exception:
                    logger.warning("Could not cache %s", key, exc_info=True)
        return value

    def write_many(self, entries, generation, timeout):
        self.cache.set_many({key: (generation, value) for key, value in entries.items()}, timeout=timeout)
