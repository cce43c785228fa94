from django.apps import AppConfig, apps


class CmsConfig(AppConfig):
    """The project package as an app: connects the public-cache invalidation signals (cms/caching.py)."""

    name = "cms"
    label = "cms"
    verbose_name = "Project"

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms.active_locale import cache_active_locale
        from cms.caching import connect_signals
        from cms.locales import sync_locales
        from commons.page_language import keep_visitor_language_in_page_urls

        connect_signals()
        keep_visitor_language_in_page_urls()
        cache_active_locale()
        # Sent per app with models (cms has none): after Wagtail's own migrations, whose Locale table this fills.
        post_migrate.connect(sync_locales, sender=apps.get_app_config("wagtailcore"), dispatch_uid="cms.sync_locales")
