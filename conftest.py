import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache (rate limits, cached pages and API responses)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
