from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    """The project package as an app: connects the public-cache invalidation signals (cms/caching.py)."""

    name = "cms"
    label = "cms"
    verbose_name = "Project"

    def ready(self):
        from cms import active_locale, caching, locales  # reason: ready(), these modules import Wagtail's models
        from commons import page_language  # reason: ready(), imports Wagtail's models

        caching.connect_signals()
        page_language.keep_visitor_language_in_page_urls()
        active_locale.cache_active_locale()
        # Sent per app with models (cms has none): after Wagtail's own migrations, whose Locale table this fills.
        post_migrate.connect(
            locales.sync_locales, sender=apps.get_app_config("wagtailcore"), dispatch_uid="cms.sync_locales"
        )
