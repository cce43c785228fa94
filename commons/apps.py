from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "commons"
    verbose_name = "Commons"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Both need the app registry: the checks register themselves, csv_admin imports Wagtail's admin views.
        import commons.checks  # noqa: F401  (registers the system checks on import)
        from commons import csv_admin

        csv_admin.install()
