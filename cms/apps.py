from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package as an app: connects the public-cache invalidation signals (cms/caching.py)."""

    name = "cms"
    label = "cms"
    verbose_name = "Project"

    def ready(self):
        from cms.caching import connect_signals

        connect_signals()
