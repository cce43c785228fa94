import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache (rate limits, cached pages and API responses)."""
    from django.core.cache import cache

    from cms.active_locale import forget

    cache.clear()
    forget()  # the per-process Locale lookup: a rolled-back test's Locale rows must not outlive it
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request to /en/… leaves English active in the thread, and a
    later test's reverse() would then build /en/ URLs."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config, items):
    """Mark the plugin tests listed in tests/plugin_alone/host_tests.py as needing the host project."""
    from tests.plugin_alone.host_tests import HOST_TESTS

    listed = set(HOST_TESTS)
    for item in items:
        node = item.nodeid.split("[")[0]
        if item.nodeid in listed or node in listed or node.split("::")[0] in listed:
            item.add_marker(pytest.mark.host)


def pytest_ignore_collect(collection_path, config):
    """In the bare plugin project, a listed host test file that cannot even be imported there is not collected."""
    import os

    settings_module = config.getoption("ds", None) or os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if settings_module != "tests.plugin_alone.settings":
        return None
    from tests.plugin_alone.host_tests import HOST_TESTS

    path = collection_path.as_posix()
    return True if any(path.endswith("/" + entry) for entry in HOST_TESTS if "::" not in entry) else None
