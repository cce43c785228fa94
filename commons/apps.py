from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "commons"
    verbose_name = "Commons"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # reason: ready(), all need the app registry: the checks register themselves on import, csv_admin imports
        # Wagtail's admin views, view_restrictions Wagtail's models.
        from commons import checks, csv_admin, view_restrictions  # noqa: F401  reason: see above

        csv_admin.install()
        view_restrictions.connect_signals()
