"""Fixed-window rate limits in the Django cache (shared between processes when REDIS_URL is set)."""

import hashlib
import time

from django.core.cache import cache


def allow(scope, identity, limit, window):
    """Count one attempt; False once more than `limit` attempts fell into the current window."""
    digest = hashlib.sha256(str(identity).lower().encode()).hexdigest()[:32]
    key = f"fundraising:rl:{scope}:{digest}:{int(time.time() // window)}"
    if cache.add(key, 1, window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window + 5)
        count = 1
    return count <= limit


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")
