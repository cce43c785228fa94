from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Business directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created  # reason: ready()

        from directory import cache, signals  # reason: ready(), after models
        from directory.collation import register_sqlite_collation  # reason: ready()

        cache.connect_signals()
        signals.connect_signals()
        connection_created.connect(register_sqlite_collation, dispatch_uid="directory_german_collation")
