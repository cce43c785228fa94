from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from directory.collation import register_sqlite_collation


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Business directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # views_support registers the pages' context builders (directory.page_context) when imported.
        from directory import cache, signals, views_support  # noqa: F401  reason: ready(), they import the models

        cache.connect_signals()
        signals.connect_signals()
        connection_created.connect(register_sqlite_collation, dispatch_uid="directory_german_collation")
